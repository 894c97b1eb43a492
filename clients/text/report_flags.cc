#include "clients/text/report_flags.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <array>
#include <utility>

#include "proto/durable_file.h"
#include "clients/text/local_time.h"
#include "clients/lib/submit_client.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

Status BadValue(std::string_view flag, const std::string& value,
                std::string_view accepted) {
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                std::string(flag) + " 的值 \"" + value +
                    "\" 无法识别；可用: " + std::string(accepted),
                std::string(flag));
}

// What each enum of a report accepts (proto/names.h), as the flags' and the
// report file's errors list it.
constexpr std::string_view kKindChoices =
    "urgent important general research experience "
    "(紧急信息 重要动态 一般动态 调研信息 经验做法)";
constexpr std::string_view kStageChoices = "shi qing yin guo (事 情 因 果)";
constexpr std::string_view kSeverityChoices =
    "I II III IV, 1-4 (特别重大 重大 较大 一般)";
constexpr std::string_view kClassificationChoices =
    "public internal secret confidential top-secret "
    "(公开 内部 秘密 机密 绝密)";

// The proto enum name ("KIND_URGENT") of what `text` spells, or nullopt.
template <class E, std::optional<E> (*Parse)(std::string_view)>
std::optional<std::string> ProtoName(std::string_view text) {
  const std::optional<E> value = Parse(text);
  if (!value) return std::nullopt;
  return google::protobuf::GetEnumDescriptor<E>()
      ->FindValueByNumber(*value)
      ->name();
}

// An enum member of a report file: its name (the same in camelCase), what
// it accepts, and how a spelling becomes the proto name.
struct EnumMember {
  std::string_view name;
  std::string_view choices;
  std::optional<std::string> (*proto_name)(std::string_view);
};

constexpr EnumMember kEnumMembers[] = {
    {"kind", kKindChoices, &ProtoName<v1::Kind, ParseKind>},
    {"stage", kStageChoices, &ProtoName<v1::Stage, ParseStage>},
    {"severity", kSeverityChoices, &ProtoName<v1::Severity, ParseSeverity>},
    {"classification", kClassificationChoices,
     &ProtoName<v1::Classification, ParseClassification>},
};

// Rewrites the enum members of a report file's `json` from any spelling
// the flags accept ("一般动态", "事", "Ⅲ") to the proto names protobuf's
// parser takes. `json` is left as it is when nothing needs rewriting (and
// when it is no JSON object: the parser then says what is wrong). An
// unknown spelling gives ERROR_CODE_INVALID_FIELD naming the member.
Status SpellEnumsAsProtoNames(const std::filesystem::path& path,
                              std::string* json) {
  google::protobuf::Value root;
  if (!google::protobuf::util::JsonStringToMessage(*json, &root).ok() ||
      !root.has_struct_value()) {
    return Status::Ok();
  }
  auto& members = *root.mutable_struct_value()->mutable_fields();
  bool rewritten = false;
  for (const EnumMember& member : kEnumMembers) {
    const auto found = members.find(std::string(member.name));
    if (found == members.end() || !found->second.has_string_value()) continue;
    const std::string& spelling = found->second.string_value();
    const std::optional<std::string> name = member.proto_name(spelling);
    if (!name) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "报告文件 " + path.string() + " 中 " +
                        std::string(member.name) + " 的值 \"" + spelling +
                        "\" 无法识别；可用: " + std::string(member.choices),
                    "--file");
    }
    if (*name == spelling) continue;
    found->second.set_string_value(*name);
    rewritten = true;
  }
  if (!rewritten) return Status::Ok();
  json->clear();
  if (!google::protobuf::util::MessageToJsonString(root, json).ok()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "报告文件 " + path.string() + " 无法读取", "--file");
  }
  return Status::Ok();
}

// Parses `text` with `parse` into `*out`, or says which flag was wrong.
template <class E, class Parser>
Status ApplyEnum(const std::optional<std::string>& text, Parser parse,
                 std::string_view flag, std::string_view accepted,
                 void (v1::Report::*set)(E), v1::Report* report) {
  if (!text) return Status::Ok();
  const std::optional<E> value = parse(*text);
  if (!value) return BadValue(flag, *text, accepted);
  (report->*set)(*value);
  return Status::Ok();
}

}  // namespace

Result<v1::Attachment> ReadAttachment(const std::filesystem::path& file) {
  Result<std::string> data = ReadWholeFile(file, kMaxAttachmentFileBytes);
  if (!data.ok()) {
    return Status(data.status().code(),
                  "附件无法读取: " + data.status().message(), "--attach");
  }
  v1::Attachment attachment;
  attachment.set_name(file.filename().string());
  attachment.set_media_type(std::string(MediaTypeFor(file)));
  attachment.set_data(std::move(data).value());
  return attachment;
}

namespace {

bool IsNew(std::string_view text) {
  return text.size() == 3 && (text[0] | 0x20) == 'n' &&
         (text[1] | 0x20) == 'e' && (text[2] | 0x20) == 'w';
}

Status AppendAttachment(const std::filesystem::path& file, v1::Report* report) {
  Result<v1::Attachment> attachment = ReadAttachment(file);
  if (!attachment.ok()) return attachment.status();
  *report->add_attachments() = std::move(attachment).value();
  return Status::Ok();
}

// A text flag and the setter of the field of an `M` it fills.
template <class M>
struct TextFlag {
  const std::optional<std::string>* value;
  void (M::*set)(const std::string&);
};

// Sets the field of each flag given on the message `target()` returns
// (called only when a flag is given, so that it may create the message).
template <class M, std::size_t N, class Target>
void ApplyTexts(const TextFlag<M> (&flags)[N], Target target) {
  for (const auto& [value, set] : flags) {
    if (*value) (target()->*set)(**value);
  }
}

// Parses the time flag `text` (if given) and passes it to `set`.
template <class Setter>
Status ApplyTime(const std::optional<std::string>& text, std::string flag,
                 const TimeZone& zone, Setter set) {
  if (!text) return Status::Ok();
  Result<int64_t> at = ParseTime(*text, std::move(flag), zone);
  if (!at.ok()) return at.status();
  set(*at);
  return Status::Ok();
}

Status ApplyPhoneCall(const ReportFlags& flags, v1::Report* report) {
  using P = v1::PhoneCall;
  const TextFlag<P> texts[] = {
      {&flags.phone_caller_unit, &P::set_caller_unit_id},
      {&flags.phone_caller, &P::set_caller},
      {&flags.taken_by, &P::set_taken_by},
  };
  ApplyTexts(texts, [report] { return report->mutable_phone_call(); });
  return ApplyTime(flags.called_at, "--called-at", flags.zone, [report](int64_t at) {
    report->mutable_phone_call()->set_called_at_ms(at);
  });
}

// The flags that name another unit or report must name something.
Status CheckReferences(const ReportFlags& flags, const v1::Report& report) {
  if (flags.responsible_unit && flags.responsible_unit->empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "--responsible-unit 需要属地单位的编号",
                  "--responsible-unit");
  }
  if (flags.corrects && flags.corrects->empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "--corrects 需要被更正报告的幂等键（本单位先前那份报告的 "
                  "--key）",
                  "--corrects");
  }
  if (flags.corrects && *flags.corrects == report.idempotency_key()) {
    return Status(
        v1::ERROR_CODE_INVALID_FIELD,
        "--corrects 写的是本报告自己的幂等键；应写被更正的那份报告的键",
        "--corrects");
  }
  return Status::Ok();
}

}  // namespace

Result<v1::Report> ApplyReportFlags(v1::Report report,
                                    const ReportFlags& flags) {
  using R = v1::Report;
  const TextFlag<R> texts[] = {
      {&flags.unit, &R::set_unit_id},
      {&flags.title, &R::set_title},
      {&flags.body, &R::set_body},
      {&flags.place, &R::set_place},
      {&flags.measures, &R::set_measures},
      {&flags.approver, &R::set_approver},
      {&flags.contact, &R::set_contact_name},
      {&flags.phone, &R::set_contact_phone},
      {&flags.source, &R::set_source},
      {&flags.losses, &R::set_losses},
      {&flags.scope, &R::set_scope},
      {&flags.trend, &R::set_trend},
      {&flags.key, &R::set_idempotency_key},
      {&flags.responsible_unit, &R::set_responsible_unit_id},
      {&flags.corrects, &R::set_corrects_key},
      {&flags.commission, &R::set_commission_id},
  };
  ApplyTexts(texts, [&report] { return &report; });

  for (Status s : {
           ApplyEnum<v1::Kind>(flags.kind, ParseKind, "--kind", kKindChoices,
                               &R::set_kind, &report),
           ApplyEnum<v1::Stage>(flags.stage, ParseStage, "--stage",
                                kStageChoices, &R::set_stage, &report),
           ApplyEnum<v1::Severity>(flags.severity, ParseSeverity, "--severity",
                                   kSeverityChoices, &R::set_severity, &report),
           ApplyEnum<v1::Classification>(
               flags.classification, ParseClassification, "--classification",
               kClassificationChoices, &R::set_classification, &report),
       }) {
    if (!s.ok()) return s;
  }

  if (flags.event_id) {
    report.set_event_id(IsNew(*flags.event_id) ? NewUuid() : *flags.event_id);
  }
  XINBAO_RETURN_IF_ERROR(
      ApplyTime(flags.occurred, "--occurred", flags.zone,
                [&report](int64_t at) { report.set_occurred_at_ms(at); }));
  XINBAO_RETURN_IF_ERROR(ApplyPhoneCall(flags, &report));
  struct CountFlag {
    const std::optional<uint32_t>* value;
    void (v1::Casualties::*set)(uint32_t);
  };
  const CountFlag counts[] = {{&flags.dead, &v1::Casualties::set_dead},
                              {&flags.injured, &v1::Casualties::set_injured},
                              {&flags.missing, &v1::Casualties::set_missing}};
  for (const auto& [value, set] : counts) {
    if (*value) (report.mutable_casualties()->*set)(**value);
  }
  for (const auto& file : flags.attachments) {
    if (Status s = AppendAttachment(file, &report); !s.ok()) return s;
  }
  if (report.classification() == v1::CLASSIFICATION_UNSPECIFIED) {
    report.set_classification(v1::CLASSIFICATION_INTERNAL);
  }
  XINBAO_RETURN_IF_ERROR(CheckReferences(flags, report));
  return report;
}

Result<v1::Report> LoadReportFile(const std::filesystem::path& path) {
  Result<std::string> text = ReadWholeFile(path, 1u << 30);
  if (!text.ok()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "报告文件无法读取: " + text.status().message(), "--file");
  }
  XINBAO_RETURN_IF_ERROR(SpellEnumsAsProtoNames(path, &*text));
  v1::Report report;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(*text, &report, options);
  if (!parsed.ok()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "报告文件 " + path.string() +
                      " 不是有效的报告 JSON: " + std::string(parsed.message()),
                  "--file");
  }
  return report;
}

std::string_view MediaTypeFor(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19>
      kTypes = {{
          {".jpg", "image/jpeg"},
          {".jpeg", "image/jpeg"},
          {".png", "image/png"},
          {".gif", "image/gif"},
          {".webp", "image/webp"},
          {".bmp", "image/bmp"},
          {".tif", "image/tiff"},
          {".tiff", "image/tiff"},
          {".pdf", "application/pdf"},
          {".txt", "text/plain"},
          {".ofd", "application/ofd"},
          {".zip", "application/zip"},
          {".doc", "application/msword"},
          {".docx",
           "application/vnd.openxmlformats-officedocument.wordprocessingml."
           "document"},
          {".xls", "application/vnd.ms-excel"},
          {".xlsx",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
          {".wps", "application/vnd.ms-works"},
          {".mp4", "video/mp4"},
          {".mp3", "audio/mpeg"},
      }};
  std::string extension = file.extension().string();
  for (char& c : extension) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const auto& [suffix, type] : kTypes) {
    if (suffix == extension) return type;
  }
  return "application/octet-stream";
}

}  // namespace xinbao::client
