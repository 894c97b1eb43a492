// CentreAndDeskTest: the setting of the browser tests that follow the
// office and a unit together — a real broker (CURVE, the demo keys; its
// config `sections` given by the test), the real centre (值班台, through
// its gateway key) and the real desk of 河口镇 (报送台, with the unit's
// key), each on free loopback ports in the test's temporary folder; and
// signing a browser in to either with its demo login.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/support/temp_dir.h"
#include "tests/support/web/browser.h"
#include "tests/web/face_lines.h"
#include "tests/web/web_face_process.h"

namespace xinbao::testing {

class CentreAndDeskTest : public ::testing::Test {
 protected:
  // Starts the broker with `sections` (TOML, no [security]), the centre and
  // 河口镇's desk.
  void StartFaces(const std::string& sections) {
    const auto data = dir_.path() / "broker";
    const auto config = CurveConfig(dir_.path(), data, sections);
    broker_ = std::make_unique<BrokerProcess>(
        data, "tcp://127.0.0.1:*", std::vector<std::string>{"--config", config.string()});
    centre_dir_ = dir_.path() / "centre";
    centre_ = std::make_unique<WebFaceProcess>(CentreLine(*broker_, centre_dir_));
    desk_dir_ = dir_.path() / "desk-hekou";
    desk_ = std::make_unique<WebFaceProcess>(DeskLine(*broker_, "hekou", desk_dir_));
  }

  // The county office's duty officer (a monitor), the live feed up.
  void SignInCentre(Browser& browser) {
    SignInAs(browser, centre_->url(), centre_dir_, "zhiban", "header .who #person");
    browser.WaitForText("#link-state", "实时", std::chrono::seconds(10));
  }

  void SignInDesk(Browser& browser) {
    SignInAs(browser, desk_->url(), desk_dir_, "xinxiyuan", "#report-form");
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  std::filesystem::path centre_dir_;
  std::unique_ptr<WebFaceProcess> centre_;
  std::filesystem::path desk_dir_;
  std::unique_ptr<WebFaceProcess> desk_;
};

}  // namespace xinbao::testing
