// What the browser tests of the web faces share beyond a page: the command
// lines that start `xinbao centre` (with the demo gateway key) and `xinbao
// desk` (with a unit's key) against a test broker on free loopback ports,
// signing a browser in with a demo login, and reading a face's journal.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/web/browser.h"
#include "tests/web/demo_logins.h"

namespace xinbao::testing {

inline std::vector<std::string> CentreLine(const BrokerProcess& broker,
                                           const std::filesystem::path& state_dir) {
  return CliAs(broker, kGateway,
               {"--endpoint", broker.endpoint(), "--query-endpoint", broker.query_endpoint(),
                "--feed-endpoint", broker.feed_endpoint(), "centre", "--listen", "127.0.0.1:0",
                "--state", state_dir.string()});
}

inline std::vector<std::string> DeskLine(const BrokerProcess& broker, const std::string& unit,
                                         const std::filesystem::path& state_dir) {
  return CliAs(broker, unit,
               {"--endpoint", broker.endpoint(), "--query-endpoint", broker.query_endpoint(),
                "desk", "--unit", unit, "--listen", "127.0.0.1:0", "--state",
                state_dir.string()});
}

// Signs `browser` in at the face `url` with the demo login `login` it made
// in `state_dir`, and waits (10 s) for `ready` to appear.
inline void SignInAs(Browser& browser, const std::string& url,
                     const std::filesystem::path& state_dir, const std::string& login,
                     const std::string& ready) {
  browser.Navigate(url + "/login.html");
  browser.SendKeys(browser.WaitForCss("#name"), login);
  browser.SendKeys(browser.FindCss("#password"), DemoPassword(state_dir, login));
  browser.Click(browser.FindCss("#sign-in button"));
  browser.WaitForCss(ready, std::chrono::seconds(10));
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace xinbao::testing
