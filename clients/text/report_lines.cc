#include "clients/text/report_lines.h"

#include <google/protobuf/util/json_util.h>

#include <cstdio>

#include "clients/text/event_words.h"
#include "clients/text/local_time.h"
#include "proto/names.h"

namespace xinbao::client {
namespace {

// Builds one JSON object, member by member.
class JsonObject {
 public:
  JsonObject& Text(std::string_view name, std::string_view value) {
    return Raw(name, JsonQuote(value));
  }
  // A 64-bit integer as a JSON string ("42"), as protobuf's JSON mapping
  // writes int64 and uint64 and so as every --json line does.
  JsonObject& Integer64(std::string_view name, std::string_view digits) {
    return Text(name, digits);
  }
  JsonObject& Raw(std::string_view name, std::string_view json) {
    out_ += out_.size() == 1 ? "" : ",";
    out_ += JsonQuote(name);
    out_ += ':';
    out_ += json;
    return *this;
  }
  std::string Close() { return out_ + "}"; }

 private:
  std::string out_ = "{";
};

// The enum's proto name, or its number if this version does not know it.
template <class E>
std::string EnumName(E value) {
  const auto* found =
      google::protobuf::GetEnumDescriptor<E>()->FindValueByNumber(value);
  return found ? found->name() : std::to_string(static_cast<int>(value));
}

std::string Title(const v1::Report& report) {
  return "《" + report.title() + "》";
}

// The fields both outbox listings share.
JsonObject EntryJson(std::string_view state, uint64_t ordinal,
                     const v1::Report& report, const TimeZone& zone) {
  JsonObject json;
  json.Text("state", state)
      .Integer64("ordinal", std::to_string(ordinal))
      .Text("key", report.idempotency_key())
      .Text("unit_id", report.unit_id())
      .Text("kind", EnumName(report.kind()))
      .Text("stage", EnumName(report.stage()))
      .Text("title", report.title())
      .Integer64("written_at_ms", std::to_string(report.written_at_ms()))
      .Text("written_at", FormatLocalTime(report.written_at_ms(), zone));
  return json;
}

std::string EntryText(std::string_view state, uint64_t ordinal,
                      const v1::Report& report) {
  return std::string(state) + " 发件箱第 " + std::to_string(ordinal) + " 份 键 " +
         report.idempotency_key() + " 单位 " + report.unit_id();
}

}  // namespace

std::string MessageJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    return "null";
  }
  return json;
}

std::string ErrorText(const v1::Error& error) {
  std::string text = "[" + EnumName(error.code()) + "] " + error.message();
  if (!error.field().empty()) text += " (字段 " + error.field() + ")";
  return text;
}

std::string DeliveryText(const Delivery& delivery, const TimeZone& fallback) {
  if (!delivery.acknowledged) {
    return "被拒绝 " + ErrorText(delivery.error) + " " + Title(delivery.report);
  }
  const v1::Ack& ack = delivery.ack;
  const TimeZone zone = ZoneNamed(delivery.time_zone, fallback);
  const std::string& unit =
      ack.unit_id().empty() ? delivery.report.unit_id() : ack.unit_id();
  std::string text =
      std::string(ack.duplicate() ? "重复提交，按原确认返回: " : "已送达 ") +
      "序号 " + std::to_string(ack.sequence()) + " 存储时间 " +
      FormatLocalTime(ack.stored_at_ms(), zone) + " 单位 " + unit + " " +
      Title(delivery.report);
  if (ack.has_event()) {
    const std::string note =
        EventNoteText(ack.event(), delivery.report.stage());
    if (!note.empty()) text += " " + note;
  }
  if (ack.has_commission()) text += " " + CommissionNoteText(ack.commission());
  return text;
}

std::string CommissionNoteText(const v1::CommissionNote& note) {
  // The broker's message says it all when it is there ("已作为约稿“…”的报送，
  // 按时"); these words stand in when it is not.
  std::string text = "约稿 " + note.commission_id() + "：";
  if (note.linked()) {
    if (!note.message().empty()) return text + note.message();
    return text + (note.late() ? "已作为本单位的回复登记（逾期）"
                               : "已作为本单位的回复登记（按时）");
  }
  text += "未登记为回复";
  if (!note.message().empty()) text += "，" + note.message();
  return text;
}

std::string DeliveryJson(const Delivery& delivery) {
  JsonObject json;
  json.Text("key", delivery.report.idempotency_key())
      .Text("title", delivery.report.title());
  if (delivery.acknowledged) {
    json.Raw("ack", MessageJson(delivery.ack));
  } else {
    json.Raw("error", MessageJson(delivery.error));
  }
  return json.Close();
}

std::string PendingText(const OutboxEntry& entry, const TimeZone& zone) {
  const v1::Report& report = entry.report;
  std::string text = EntryText("待发", entry.ordinal, report) + " " +
                     std::string(KindName(report.kind()));
  if (report.stage() != v1::STAGE_UNSPECIFIED) {
    text += " 阶段 " + std::string(StageName(report.stage()));
  }
  return text + " " + Title(report) + " 成文 " +
         FormatLocalTime(report.written_at_ms(), zone);
}

std::string PendingJson(const OutboxEntry& entry, const TimeZone& zone) {
  return EntryJson("pending", entry.ordinal, entry.report, zone).Close();
}

std::string RejectedText(const RejectedEntry& entry) {
  return EntryText("已拒绝", entry.ordinal, entry.report) + " " +
         Title(entry.report) + " " + ErrorText(entry.error);
}

std::string RejectedJson(const RejectedEntry& entry, const TimeZone& zone) {
  return EntryJson("rejected", entry.ordinal, entry.report, zone)
      .Raw("error", MessageJson(entry.error))
      .Close();
}

std::string StillPendingText(std::size_t count,
                             const std::filesystem::path& outbox_dir) {
  return "未送达 " + std::to_string(count) + " 份，已保存在发件箱 " +
         outbox_dir.string() + "，下次运行 xinbao flush 或 submit 时会自动重发";
}

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace xinbao::client
