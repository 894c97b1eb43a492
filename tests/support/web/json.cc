#include "tests/support/web/json.h"

#include <google/protobuf/util/json_util.h>

#include <stdexcept>

namespace xinbao::testing {

namespace {

// At most about 200 bytes of `text` for an error message, cut between
// UTF-8 characters.
std::string Shorten(std::string_view text) {
  if (text.size() <= 200) return std::string(text);
  std::size_t end = 200;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(text.substr(0, end)) + "…";
}

// A short view of `value` for error messages.
std::string Excerpt(const Json& value) { return Shorten(ToJsonText(value)); }

}  // namespace

Json ParseJson(std::string_view text) {
  Json value;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), &value);
  if (!status.ok()) {
    throw std::runtime_error("not JSON (" + status.ToString() +
                             "): " + Shorten(text));
  }
  return value;
}

std::string ToJsonText(const Json& value) {
  if (value.kind_case() == Json::KIND_NOT_SET) return "null";
  std::string text;
  const auto status = google::protobuf::util::MessageToJsonString(value, &text);
  if (!status.ok()) {
    throw std::runtime_error("cannot write JSON: " + status.ToString());
  }
  return text;
}

Json JsonNull() {
  Json value;
  value.set_null_value(google::protobuf::NULL_VALUE);
  return value;
}

Json JsonBool(bool flag) {
  Json value;
  value.set_bool_value(flag);
  return value;
}

Json JsonNumber(double number) {
  Json value;
  value.set_number_value(number);
  return value;
}

Json JsonString(std::string text) {
  Json value;
  value.set_string_value(std::move(text));
  return value;
}

Json JsonArray(std::vector<Json> items) {
  Json value;
  auto* list = value.mutable_list_value();
  for (Json& item : items) *list->add_values() = std::move(item);
  return value;
}

Json JsonObject(std::initializer_list<std::pair<std::string, Json>> members) {
  Json value;
  auto& fields = *value.mutable_struct_value()->mutable_fields();
  for (const auto& [key, member] : members) fields[key] = member;
  return value;
}

const Json& Member(const Json& value, const std::string& key) {
  if (value.kind_case() != Json::kStructValue) {
    throw std::runtime_error("expected an object with \"" + key + "\", got " +
                             Excerpt(value));
  }
  const auto& fields = value.struct_value().fields();
  const auto found = fields.find(key);
  if (found == fields.end()) {
    throw std::runtime_error("no \"" + key + "\" in " + Excerpt(value));
  }
  return found->second;
}

const std::string& AsString(const Json& value) {
  if (value.kind_case() != Json::kStringValue) {
    throw std::runtime_error("expected a string, got " + Excerpt(value));
  }
  return value.string_value();
}

double AsNumber(const Json& value) {
  if (value.kind_case() != Json::kNumberValue) {
    throw std::runtime_error("expected a number, got " + Excerpt(value));
  }
  return value.number_value();
}

bool AsBool(const Json& value) {
  if (value.kind_case() != Json::kBoolValue) {
    throw std::runtime_error("expected true or false, got " + Excerpt(value));
  }
  return value.bool_value();
}

const google::protobuf::RepeatedPtrField<Json>& AsList(const Json& value) {
  if (value.kind_case() != Json::kListValue) {
    throw std::runtime_error("expected an array, got " + Excerpt(value));
  }
  return value.list_value().values();
}

}  // namespace xinbao::testing
