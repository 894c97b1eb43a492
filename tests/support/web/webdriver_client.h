// WebDriverClient: W3C WebDriver commands over HTTP to one chromedriver on
// 127.0.0.1 (cpp-httplib's client, JSON bodies). Each call returns the
// answer's "value"; an error answer becomes a WebDriverError that names the
// command, the WebDriver error and its message.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "tests/support/web/json.h"

namespace httplib {
class Client;
}

namespace xinbao::testing {

// A WebDriver error answer, e.g. error() "no such element".
class WebDriverError : public std::runtime_error {
 public:
  WebDriverError(const std::string& what, std::string error,
                 std::string message)
      : std::runtime_error(what),
        error_(std::move(error)),
        message_(std::move(message)) {}

  // The W3C error code ("no such element", "stale element reference", …).
  const std::string& error() const { return error_; }
  // chromedriver's message for it.
  const std::string& message() const { return message_; }

 private:
  std::string error_;
  std::string message_;
};

class WebDriverClient {
 public:
  // `timeout`: how long one command may take to answer (a navigation waits
  // for the page to load).
  explicit WebDriverClient(
      int port, std::chrono::milliseconds timeout = std::chrono::seconds(90));
  ~WebDriverClient();
  WebDriverClient(const WebDriverClient&) = delete;
  WebDriverClient& operator=(const WebDriverClient&) = delete;

  // `path` is the command's URL path ("/session/…/url"); `command` names
  // the call in errors, e.g. FindCss("#go"). Throws WebDriverError for an
  // error answer, std::runtime_error when there is no answer or it is not
  // WebDriver's JSON.
  Json Get(const std::string& path, const std::string& command);
  Json Post(const std::string& path, const Json& body,
            const std::string& command);
  Json Delete(const std::string& path, const std::string& command);

  int port() const { return port_; }

 private:
  Json Send(const char* method, const std::string& path, const Json* body,
            const std::string& command);

  int port_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace xinbao::testing
