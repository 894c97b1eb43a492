#include "tests/support/web/webdriver_client.h"

#include <httplib.h>

#include <algorithm>
#include <string_view>

namespace xinbao::testing {

WebDriverClient::WebDriverClient(int port, std::chrono::milliseconds timeout)
    : port_(port), http_(std::make_unique<httplib::Client>("127.0.0.1", port)) {
  // Nothing but chromedriver on loopback: a refused connection is
  // immediate, and one that is accepted answers when the command is done.
  http_->set_connection_timeout(
      std::min<std::chrono::milliseconds>(timeout, std::chrono::seconds(2)));
  http_->set_read_timeout(timeout);
  http_->set_write_timeout(timeout);
  http_->set_keep_alive(true);
  // Without it each POST waits ~40 ms: its body is a second small write
  // (Nagle's algorithm against delayed ACKs).
  http_->set_tcp_nodelay(true);
}

WebDriverClient::~WebDriverClient() = default;

Json WebDriverClient::Get(const std::string& path, const std::string& command) {
  return Send("GET", path, nullptr, command);
}

Json WebDriverClient::Post(const std::string& path, const Json& body,
                           const std::string& command) {
  return Send("POST", path, &body, command);
}

Json WebDriverClient::Delete(const std::string& path,
                             const std::string& command) {
  return Send("DELETE", path, nullptr, command);
}

Json WebDriverClient::Send(const char* method, const std::string& path,
                           const Json* body, const std::string& command) {
  const std::string call =
      "WebDriver " + command + " [" + method + " " + path + "]";
  const std::string_view verb = method;
  httplib::Result result = verb == "GET" ? http_->Get(path)
                           : verb == "POST"
                               ? http_->Post(path, ToJsonText(*body),
                                             "application/json; charset=utf-8")
                               : http_->Delete(path);
  if (!result) {
    throw std::runtime_error(call + ": no answer from chromedriver on port " +
                             std::to_string(port_) + " (" +
                             httplib::to_string(result.error()) + ")");
  }
  Json value;
  try {
    value = Member(ParseJson(result->body), "value");
  } catch (const std::exception& error) {
    throw std::runtime_error(call + ": HTTP " + std::to_string(result->status) +
                             ", " + error.what());
  }
  const bool failed = result->status >= 400;
  if (failed || (value.kind_case() == Json::kStructValue &&
                 value.struct_value().fields().contains("error"))) {
    const auto& fields = value.struct_value().fields();
    const auto text = [&](const char* key) -> std::string {
      const auto found = fields.find(key);
      return found != fields.end() &&
                     found->second.kind_case() == Json::kStringValue
                 ? found->second.string_value()
                 : std::string();
    };
    std::string error = text("error");
    std::string message = text("message");
    if (error.empty()) error = "HTTP " + std::to_string(result->status);
    // chromedriver's message mostly starts with the error already.
    std::string what =
        call + ": " +
        (message.starts_with(error) ? message : error + ": " + message);
    throw WebDriverError(what, std::move(error), std::move(message));
  }
  return value;
}

}  // namespace xinbao::testing
