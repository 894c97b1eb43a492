// ReportFlags: a report as given on the `xinbao submit` command line, and
// its conversion into a v1::Report. Kept apart from the CLI so it can be
// tested without parsing argv.
//
// Threads: pure functions apart from reading attachment files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::client {

// Every field is optional: a flag that was not given leaves the report (from
// --file, or empty) as it was.
struct ReportFlags {
  std::optional<std::string> unit;
  std::optional<std::string> kind;      // see ParseKind (proto/names.h)
  std::optional<std::string> event_id;  // an id, or "new" to mint a UUID
  std::optional<std::string> stage;
  std::optional<std::string> severity;
  std::optional<std::string> title;
  std::optional<std::string> body;
  std::optional<std::string> place;
  std::optional<std::string> occurred;  // see ParseTime (local_time.h)
  std::optional<uint32_t> dead;
  std::optional<uint32_t> injured;
  std::optional<uint32_t> missing;
  std::optional<std::string> measures;
  std::optional<std::string> approver;  // 签发人
  std::optional<std::string> contact;
  std::optional<std::string> phone;
  std::optional<std::string> classification;
  std::optional<std::string> source;
  std::optional<std::string> losses;
  std::optional<std::string> scope;
  std::optional<std::string> trend;
  std::optional<std::string> key;               // explicit idempotency key
  std::optional<std::string> responsible_unit;  // 属地单位
  std::optional<std::string> corrects;  // the idempotency key it corrects
  std::optional<std::string> commission;  // the 约稿 it answers
  // The central office duty officer's log of a report taken by phone; any
  // of these makes the report one (sets Report.phone_call).
  std::optional<std::string> phone_caller_unit;    // the calling unit's id
  std::optional<std::string> phone_caller;         // name, position, phone
  std::optional<std::string> called_at;            // see ParseTime
  std::optional<std::string> taken_by;             // the duty officer
  std::vector<std::filesystem::path> attachments;  // appended, in order
  // The zone --occurred and --called-at are read in (the broker's).
  TimeZone zone;
};

// Largest attachment file read from disk; the broker may allow less.
inline constexpr std::size_t kMaxAttachmentFileBytes = 64u << 20;

// The file as an attachment: its name, a media type from its extension,
// its bytes. Fails (field "--attach") when it cannot be read.
Result<v1::Attachment> ReadAttachment(const std::filesystem::path& file);

// Applies `flags` over `report`: given text fields replace, any of
// dead/injured/missing sets Casualties (the others keep their value or 0),
// attachments are read and appended, event id "new" mints a UUID, any phone
// flag sets PhoneCall (its other fields keep their value or stay empty),
// and an unspecified classification becomes CLASSIFICATION_INTERNAL. A bad
// value gives ERROR_CODE_INVALID_FIELD naming the flag ("--kind",
// "--called-at"; an empty --responsible-unit or --corrects, or --corrects
// naming the report's own key); an unreadable attachment gives
// ERROR_CODE_STORAGE_FAILURE naming the file.
Result<v1::Report> ApplyReportFlags(v1::Report report,
                                    const ReportFlags& flags);

// Reads a report written in protobuf's JSON mapping of xinbao.v1.Report
// (camelCase or proto field names). Its kind, stage, severity and
// classification take every spelling the flags take ("general", "一般动态",
// "事", "Ⅲ", "内部"; proto/names.h) and the proto enum names
// ("KIND_URGENT"); an unknown spelling gives ERROR_CODE_INVALID_FIELD
// naming the file, the member and the choices.
// An unreadable file or bad JSON gives ERROR_CODE_INVALID_FIELD naming the
// file and the parser's complaint.
Result<v1::Report> LoadReportFile(const std::filesystem::path& path);

// The media type for a file name's extension ("photo.JPG" → "image/jpeg");
// "application/octet-stream" when unknown.
std::string_view MediaTypeFor(const std::filesystem::path& file);

}  // namespace xinbao::client
