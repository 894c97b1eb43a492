#include "broker/ingest/request_decoder.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>

#include <optional>
#include <string>

#include "proto/report_rules.h"
#include "proto/utf8.h"

namespace xinbao::broker {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr uint32_t kProtocolVersion = 1;
constexpr int kWireVarint = 0, kWireFixed64 = 1, kWireBytes = 2,
              kWireFixed32 = 5;

bool ReadVarint(std::string_view& in, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    *value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// Calls visit(number, bytes) for each length-delimited field of one
// message's raw wire format. Returns false if the wire format is broken.
// (protobuf's own UnknownFieldSet also refuses text that is not UTF-8, so
// it cannot be used to find it.)
template <class Visit>
bool WalkBytesFields(std::string_view in, Visit visit) {
  while (!in.empty()) {
    uint64_t tag, value;
    if (!ReadVarint(in, &tag)) return false;
    const auto number = static_cast<uint32_t>(tag >> 3);
    switch (static_cast<int>(tag & 7)) {
      case kWireVarint:
        if (!ReadVarint(in, &value)) return false;
        break;
      case kWireFixed64:
        if (in.size() < 8) return false;
        in.remove_prefix(8);
        break;
      case kWireFixed32:
        if (in.size() < 4) return false;
        in.remove_prefix(4);
        break;
      case kWireBytes:
        if (!ReadVarint(in, &value) || value > in.size()) return false;
        if (!visit(number, in.substr(0, value))) return true;
        in.remove_prefix(value);
        break;
      default:
        return false;  // groups: not in xinbao's schema
    }
  }
  return true;
}

// Walks `bytes` as raw wire format against `type` and returns the dotted
// path of the first string field that is not valid UTF-8, if any.
std::optional<std::string> FindInvalidUtf8(std::string_view bytes,
                                           const Descriptor* type,
                                           const std::string& prefix,
                                           int depth) {
  std::optional<std::string> found;
  if (depth > 8) return found;
  WalkBytesFields(bytes, [&](uint32_t number, std::string_view value) {
    const FieldDescriptor* field = type->FindFieldByNumber(number);
    if (field == nullptr) return true;
    const std::string path = prefix + field->name();
    if (field->type() == FieldDescriptor::TYPE_STRING && !IsValidUtf8(value)) {
      found = path;
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      found = FindInvalidUtf8(value, field->message_type(), path + ".",
                              depth + 1);
    }
    return !found.has_value();
  });
  return found;
}

// The request id of an envelope protobuf refused, if it can be read.
std::string SalvageRequestId(std::string_view payload) {
  std::string request_id;
  WalkBytesFields(payload, [&](uint32_t number, std::string_view value) {
    if (number == v1::Envelope::kRequestIdFieldNumber && IsValidUtf8(value)) {
      request_id = value;
      return false;
    }
    return true;
  });
  return request_id;
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
                  "收到的数据不是有效的请求（无法解析），请使用正式客户端");
  }
  if (envelope->protocol_version() != kProtocolVersion) {
    return Status(v1::ERROR_CODE_UNSUPPORTED_VERSION,
                  "协议版本 " + std::to_string(envelope->protocol_version()) +
                      " 不受支持，本服务只支持版本 1，请升级客户端",
                  "protocol_version");
  }
  if (envelope->body_case() == v1::Envelope::BODY_NOT_SET) {
    return Status(v1::ERROR_CODE_UNKNOWN_REQUEST,
                  "请求中没有本服务能识别的内容，请升级客户端");
  }
  return CheckOnBehalf(*envelope);
}

Status CheckOnBehalf(const v1::Envelope& envelope) {
  const std::string& acting = envelope.acting_user();
  if (acting.size() > kMaxUserNameChars) {
    return Status(v1::ERROR_CODE_FIELD_TOO_LONG,
                  "代为操作的用户名太长：最多 " +
                      std::to_string(kMaxUserNameChars) + " 个字符",
                  "acting_user");
  }
  if (!acting.empty() && !IsWellFormedId(acting, kMaxUserNameChars)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "代为操作的用户名只能由英文字母、数字和 . _ - : 组成",
                  "acting_user");
  }
  const std::string& person = envelope.person();
  const std::optional<std::size_t> chars = CountCodePoints(person);
  if (!chars) {
    return Status(v1::ERROR_CODE_INVALID_UTF8,
                  "操作人姓名不是有效的 UTF-8 文字", "person");
  }
  if (*chars > kMaxPersonChars) {
    return Status(v1::ERROR_CODE_FIELD_TOO_LONG,
                  "操作人姓名太长：" + std::to_string(*chars) + " 个字，最多 " +
                      std::to_string(kMaxPersonChars) + " 个字",
                  "person");
  }
  for (unsigned char c : person) {
    // ASCII control characters (a line break would split a log line); in
    // UTF-8 no byte of a multi-byte character is below 0x80.
    if (c < 0x20 || c == 0x7F) {
      return Status(v1::ERROR_CODE_INVALID_FIELD,
                    "操作人姓名里不能有换行、制表符等控制字符", "person");
    }
  }
  return Status::Ok();
}

namespace {

// The one length-delimited field `number` of `message`, or empty if it
// occurs other than exactly once.
std::string_view SoleBytesField(std::string_view message, uint32_t number) {
  std::string_view found;
  int occurrences = 0;
  const bool sound = WalkBytesFields(message, [&](uint32_t n, std::string_view v) {
    if (n == number) {
      found = v;
      ++occurrences;
    }
    return true;
  });
  return sound && occurrences == 1 ? found : std::string_view();
}

}  // namespace

std::string_view LocateEncodedReport(std::string_view payload) {
  const std::string_view submit =
      SoleBytesField(payload, v1::Envelope::kSubmitFieldNumber);
  if (submit.empty()) return {};
  return SoleBytesField(submit, v1::SubmitRequest::kReportFieldNumber);
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
