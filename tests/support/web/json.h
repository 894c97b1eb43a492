// JSON for the WebDriver harness: protobuf's google.protobuf.Value and its
// JSON mapping (the project's one JSON reader and writer), with a few
// builders and checked accessors so that a surprising answer from
// chromedriver becomes an exception that says what was expected.
#pragma once

#include <google/protobuf/struct.pb.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xinbao::testing {

using Json = google::protobuf::Value;

// Parses JSON text; throws std::runtime_error with protobuf's reason.
Json ParseJson(std::string_view text);
// Compact JSON text of `value` (a default-constructed Value is written as
// null).
std::string ToJsonText(const Json& value);

Json JsonNull();
Json JsonBool(bool value);
Json JsonNumber(double value);
Json JsonString(std::string value);
Json JsonArray(std::vector<Json> items);
Json JsonObject(std::initializer_list<std::pair<std::string, Json>> members);

// The member `key` of the object `value`; throws std::runtime_error if
// `value` is not an object or has no such member.
const Json& Member(const Json& value, const std::string& key);
// The string in `value`; throws std::runtime_error if it is not a string.
const std::string& AsString(const Json& value);
// The number in `value`; throws std::runtime_error if it is not a number.
double AsNumber(const Json& value);
// The boolean in `value`; throws std::runtime_error if it is not one.
bool AsBool(const Json& value);
// The items of the array `value`; throws std::runtime_error if it is not
// an array.
const google::protobuf::RepeatedPtrField<Json>& AsList(const Json& value);

}  // namespace xinbao::testing
