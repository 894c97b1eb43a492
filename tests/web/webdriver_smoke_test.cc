// Proves the WebDriver harness (tests/support/web/) against the real
// headless Chromium: a small Chinese page served by cpp-httplib on
// 127.0.0.1, typed into and clicked, its Chinese drawn with real glyphs,
// and screenshots at two screen sizes.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/web/browser.h"
#include "tests/support/web/chromedriver_process.h"
#include "tests/support/web/screenshots.h"

namespace xinbao::testing {
namespace {

constexpr const char* kPage = R"(<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>信报 · 浏览器冒烟测试</title>
<script src="/app.js" defer></script>
</head>
<body>
<h1>信息报送</h1>
<form id="report">
  <label for="place">事发地点</label>
  <input id="place" name="place" autocomplete="off">
  <button id="send" type="submit">提交</button>
</form>
<p id="echo"></p>
<p id="sample">城关镇山体滑坡，道路中断。</p>
</body>
</html>
)";

constexpr const char* kScript = R"(document.getElementById('report')
  .addEventListener('submit', (event) => {
    event.preventDefault();
    document.getElementById('echo').textContent =
        '已收到：' + document.getElementById('place').value;
  });
)";

// Draws each character of arguments[1] alone in the font of arguments[0]
// and compares the pictures: real glyphs are all different, and none is the
// missing-glyph box (that of U+10FFFD, which no font has) or blank.
constexpr const char* kGlyphCheck = R"(
const font = '32px ' + getComputedStyle(arguments[0]).fontFamily;
const draw = (text) => {
  const canvas = document.createElement('canvas');
  canvas.width = 48;
  canvas.height = 48;
  const context = canvas.getContext('2d');
  context.font = font;
  context.textBaseline = 'top';
  context.fillText(text, 8, 8);
  return canvas.toDataURL();
};
const missing = draw('\u{10FFFD}');
const blank = draw(' ');
const drawn = Array.from(arguments[1]).map(draw);
return {
  characters: drawn.length,
  distinct: new Set(drawn).size,
  missing: drawn.filter((picture) => picture === missing).length,
  blank: drawn.filter((picture) => picture === blank).length,
};
)";

// The page and its script from cpp-httplib on 127.0.0.1, any free port,
// with a policy that refuses inline scripts; set up per test, stopped after.
class WebDriverSmoke : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!ChromeDriverProcess::Available()) {
      GTEST_SKIP() << ChromeDriverProcess::kBinary
                   << " is missing: install Debian's chromium-driver "
                      "(deploy/install-deps.sh)";
    }
    server_.set_default_headers(
        {{"Content-Security-Policy", "default-src 'self'"}});
    server_.Get("/", [this](const httplib::Request& request,
                            httplib::Response& response) {
      {
        std::lock_guard lock(mutex_);
        accept_language_ = request.get_header_value("Accept-Language");
      }
      response.set_header("Set-Cookie",
                          "xinbao_smoke=1; Path=/; HttpOnly; SameSite=Strict");
      response.set_content(kPage, "text/html; charset=utf-8");
    });
    server_.Get(
        "/app.js", [](const httplib::Request&, httplib::Response& response) {
          response.set_content(kScript, "text/javascript; charset=utf-8");
        });
    const int port = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port, 0);
    base_url_ = "http://127.0.0.1:" + std::to_string(port);
    serving_ = std::thread([this] { server_.listen_after_bind(); });
  }

  void TearDown() override {
    server_.stop();
    if (serving_.joinable()) serving_.join();
  }

  // The Accept-Language header of the last request for the page.
  std::string AcceptLanguage() {
    std::lock_guard lock(mutex_);
    return accept_language_;
  }

  httplib::Server server_;
  std::thread serving_;
  std::string base_url_;
  std::mutex mutex_;
  std::string accept_language_;
};

// The size of the PNG file at `path`.
std::optional<std::pair<int, int>> PngFileSize(
    const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return PngSize(std::string(std::istreambuf_iterator<char>(in), {}));
}

TEST_F(WebDriverSmoke, TypesChineseClicksAndScreenshots) {
  ChromeDriverProcess driver;
  Browser browser(driver);  // 1920×1080
  browser.Navigate(base_url_ + "/");
  EXPECT_EQ(browser.Title(), "信报 · 浏览器冒烟测试");
  EXPECT_EQ(browser.CurrentUrl(), base_url_ + "/");
  EXPECT_EQ(AsString(browser.ExecuteScript("return navigator.language;")),
            "zh-CN");
  EXPECT_TRUE(AcceptLanguage().starts_with("zh-CN")) << AcceptLanguage();

  const Element place = browser.WaitForCss("#place");
  browser.SendKeys(place, "城关镇 山体滑坡");
  EXPECT_EQ(AsString(browser.Property(place, "value")), "城关镇 山体滑坡");
  browser.Click(browser.FindCss("#send"));
  EXPECT_EQ(browser.WaitForText("#echo", "城关镇 山体滑坡"),
            "已收到：城关镇 山体滑坡");
  EXPECT_EQ(browser.Attribute(place, "name"), "place");
  EXPECT_EQ(browser.Attribute(place, "placeholder"), std::nullopt);

  const Json glyphs = browser.ExecuteScript(
      kGlyphCheck, {Browser::ElementArg(browser.FindCss("#sample")),
                    JsonString("城关镇山体滑坡道路中断")});
  EXPECT_EQ(AsNumber(Member(glyphs, "characters")), 11);
  EXPECT_EQ(AsNumber(Member(glyphs, "distinct")), 11)
      << "some Chinese characters look alike: tofu? " << ToJsonText(glyphs);
  EXPECT_EQ(AsNumber(Member(glyphs, "missing")), 0) << ToJsonText(glyphs);
  EXPECT_EQ(AsNumber(Member(glyphs, "blank")), 0) << ToJsonText(glyphs);

  const std::vector<Cookie> cookies = browser.GetCookies();
  ASSERT_EQ(cookies.size(), 1u);
  EXPECT_EQ(cookies[0].name, "xinbao_smoke");
  EXPECT_EQ(cookies[0].value, "1");
  EXPECT_TRUE(cookies[0].http_only);
  EXPECT_EQ(cookies[0].same_site, "Strict");
  EXPECT_NE(browser.PageSource().find("已收到：城关镇 山体滑坡"),
            std::string::npos);

  const std::filesystem::path dir = ScreenshotDir();
  browser.Screenshot(dir / "1920x1080.png");
  EXPECT_EQ(PngFileSize(dir / "1920x1080.png"), std::make_pair(1920, 1080));
  browser.SetViewportSize(1366, 768);
  browser.Screenshot(dir / "1366x768.png");
  EXPECT_EQ(PngFileSize(dir / "1366x768.png"), std::make_pair(1366, 768));
}

TEST_F(WebDriverSmoke, ErrorsNameTheCommandAndTheWebDriverError) {
  ChromeDriverProcess driver;
  Browser browser(driver, {.width = 800, .height = 600});
  browser.Navigate(base_url_ + "/");
  try {
    browser.FindCss("#nothing-here");
    FAIL() << "FindCss found an element that is not there";
  } catch (const WebDriverError& error) {
    EXPECT_EQ(error.error(), "no such element");
    EXPECT_NE(error.message().find("#nothing-here"), std::string::npos)
        << error.message();
    const std::string what = error.what();
    EXPECT_NE(what.find("FindCss(\"#nothing-here\")"), std::string::npos)
        << what;
    EXPECT_NE(what.find("no such element"), std::string::npos) << what;
    EXPECT_NE(what.find(error.message()), std::string::npos) << what;
  }
  EXPECT_THROW(
      browser.WaitForCss("#nothing-here", std::chrono::milliseconds(200)),
      std::runtime_error);
  try {
    browser.WaitForText("#echo", "从未出现", std::chrono::milliseconds(200));
    FAIL() << "WaitForText saw text that was never there";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("the text was \"\""),
              std::string::npos)
        << error.what();
  }
  try {
    browser.ExecuteScript("throw new Error('故意的');");
    FAIL() << "a script that throws returned";
  } catch (const WebDriverError& error) {
    EXPECT_EQ(error.error(), "javascript error");
    EXPECT_NE(std::string(error.what()).find("故意的"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace xinbao::testing
