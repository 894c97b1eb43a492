// One line of output per report, for information officers (plain Chinese)
// and for scripts (one JSON object per line, UTF-8, no trailing newline).
//
// Threads: pure functions. Times are shown in the broker's zone: the one
// its reply named (Delivery.time_zone), else the zone given.
#pragma once

#include <google/protobuf/message.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "clients/lib/outbox.h"
#include "clients/lib/submit_client.h"
#include "clients/text/local_time.h"

namespace xinbao::client {

// "已送达 序号 42 存储时间 2026-11-22 10:31:05 单位 chengguan 《标题》",
// followed for an urgent report by EventNoteText ("事件 <id> 续报二（情）
// 注意：…") when the ack carries the EventBook's note,
// "重复提交，按原确认返回: 序号 42 …", or
// "被拒绝 [ERROR_CODE_UNKNOWN_UNIT] <message> (字段 report.unit_id) 《标题》".
// A report that names a commission (--commission) ends with
// CommissionNoteText of the ack's note.
std::string DeliveryText(const Delivery& delivery, const TimeZone& fallback);
// What the broker made of a report naming a commission: "约稿 <id>：已作为
// 本单位的回复登记（按时）", "…（逾期）", or "约稿 <id>：未登记为回复，
// <the broker's message>" (the report is stored either way).
std::string CommissionNoteText(const v1::CommissionNote& note);
// {"key":…,"title":…,"ack":{…}} or {"key":…,"title":…,"error":{…}}, the
// ack or error in protobuf's JSON mapping with proto field names.
std::string DeliveryJson(const Delivery& delivery);

// "待发 序号 3 键 <key> 单位 <unit> 紧急信息 阶段 事 《标题》 成文 <time>".
std::string PendingText(const OutboxEntry& entry, const TimeZone& zone);
// {"state":"pending","ordinal":"3","key":…,"unit_id":…,"kind":"KIND_URGENT",
//  "stage":"STAGE_SHI","title":…,"written_at_ms":"1795314665000",
//  "written_at":…}: 64-bit integers as strings, as protobuf's JSON mapping.
std::string PendingJson(const OutboxEntry& entry, const TimeZone& zone);

// "已拒绝 序号 3 键 <key> 单位 <unit> 《标题》 [CODE] <message> (字段 f)".
std::string RejectedText(const RejectedEntry& entry);
// As PendingJson with "state":"rejected" and "error":{…}.
std::string RejectedJson(const RejectedEntry& entry, const TimeZone& zone);

// "未送达 N 份，已保存在发件箱 <dir>，下次运行 xinbao flush 或 submit
// 时会自动重发".
std::string StillPendingText(std::size_t count,
                             const std::filesystem::path& outbox_dir);

// "[ERROR_CODE_UNKNOWN_EVENT] <message> (字段 <field>)": a broker refusal.
std::string ErrorText(const v1::Error& error);

// `message` in protobuf's JSON mapping, proto field names, default values
// printed, on one line; "null" if it cannot be printed.
std::string MessageJson(const google::protobuf::Message& message);

// `text` as a JSON string literal, quotes included; UTF-8 passes through.
std::string JsonQuote(std::string_view text);

}  // namespace xinbao::client
