#include "clients/web/json_mapping.h"

#include <google/protobuf/util/json_util.h>

#include "proto/utf8.h"

namespace xinbao::web {

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

Status FromJson(std::string_view json, google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) {
    return Status(v1::ERROR_CODE_MALFORMED,
                  "请求内容不是有效的 JSON 或字段不符: " +
                      ValidUtf8(std::string(status.message())));
  }
  return Status::Ok();
}

}  // namespace xinbao::web
