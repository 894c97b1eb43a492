#include "broker/request_decoder.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/unknown_field_set.h>

#include <optional>
#include <string>

#include "broker/utf8.h"

namespace xinbao::broker {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

constexpr uint32_t kProtocolVersion = 1;

// Walks `bytes` as raw wire format against `type` and returns the dotted
// path of the first string field that is not valid UTF-8, if the wire
// format is otherwise sound. protobuf refuses such a message without saying
// which field; this says it.
std::optional<std::string> FindInvalidUtf8(std::string_view bytes,
                                           const Descriptor* type,
                                           const std::string& prefix,
                                           int depth) {
  if (depth > 8) return std::nullopt;
  UnknownFieldSet fields;
  if (!fields.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return std::nullopt;
  }
  for (int i = 0; i < fields.field_count(); ++i) {
    const UnknownField& field = fields.field(i);
    if (field.type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
    const FieldDescriptor* descriptor = type->FindFieldByNumber(field.number());
    if (descriptor == nullptr) continue;
    const std::string path = prefix + descriptor->name();
    if (descriptor->type() == FieldDescriptor::TYPE_STRING &&
        !IsValidUtf8(field.length_delimited())) {
      return path;
    }
    if (descriptor->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (auto found = FindInvalidUtf8(field.length_delimited(),
                                        descriptor->message_type(),
                                        path + ".", depth + 1)) {
        return found;
      }
    }
  }
  return std::nullopt;
}

// The request id of an envelope protobuf refused, if it can be read.
std::string SalvageRequestId(std::string_view payload) {
  UnknownFieldSet fields;
  if (!fields.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return {};
  }
  for (int i = 0; i < fields.field_count(); ++i) {
    const UnknownField& field = fields.field(i);
    if (field.number() == v1::Envelope::kRequestIdFieldNumber &&
        field.type() == UnknownField::TYPE_LENGTH_DELIMITED &&
        IsValidUtf8(field.length_delimited())) {
      return field.length_delimited();
    }
  }
  return {};
}

// "submit.report.title" -> "report.title": paths are named from the report.
std::string FieldPathForPeople(std::string path) {
  constexpr std::string_view kSubmit = "submit.";
  if (path.starts_with(kSubmit)) path.erase(0, kSubmit.size());
  return path;
}

}  // namespace

Status DecodeEnvelope(std::string_view payload, const Limits& limits,
                      v1::Envelope* envelope) {
  envelope->Clear();
  if (payload.size() > limits.max_message_bytes) {
    envelope->set_request_id(SalvageRequestId(payload));
    return Status(v1::ERROR_CODE_MESSAGE_TOO_LARGE,
                  "报告太大：" + std::to_string(payload.size()) +
                      " 字节，上限 " + std::to_string(limits.max_message_bytes) +
                      " 字节。请压缩或减少附件后重新报送");
  }
  if (!envelope->ParseFromArray(payload.data(),
                                static_cast<int>(payload.size()))) {
    envelope->Clear();
    envelope->set_request_id(SalvageRequestId(payload));
    if (auto field = FindInvalidUtf8(payload, v1::Envelope::descriptor(), "", 0)) {
      return Status(v1::ERROR_CODE_INVALID_UTF8,
                    "文字内容不是有效的 UTF-8 编码，请用 UTF-8 保存后重新报送",
                    FieldPathForPeople(*field));
    }
    return Status(v1::ERROR_CODE_MALFORMED,
                  "收到的数据不是有效的报送请求（无法解析），请使用正式客户端");
  }
  if (envelope->protocol_version() != kProtocolVersion) {
    return Status(v1::ERROR_CODE_UNSUPPORTED_VERSION,
                  "协议版本 " + std::to_string(envelope->protocol_version()) +
                      " 不受支持，本服务只支持版本 1，请升级客户端",
                  "protocol_version");
  }
  if (envelope->body_case() == v1::Envelope::BODY_NOT_SET) {
    return Status(v1::ERROR_CODE_UNKNOWN_REQUEST,
                  "请求中没有可识别的内容（本服务只受理报告提交）");
  }
  return Status::Ok();
}

void QuietProtobufParseLogs() {
  google::protobuf::SetLogHandler(
      [](google::protobuf::LogLevel level, const char* filename, int line,
         const std::string& message) {
        // Parse complaints about untrusted input are answered as typed
        // errors; anything worse than an ERROR is still shown.
        if (level <= google::protobuf::LOGLEVEL_ERROR) return;
        fprintf(stderr, "[protobuf] %s:%d %s\n", filename, line,
                message.c_str());
      });
}

}  // namespace xinbao::broker
