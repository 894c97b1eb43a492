// Browser: one W3C WebDriver session on a ChromeDriverProcess, driving a
// fresh headless Chromium (Debian's /usr/bin/chromium) with its own
// temporary profile, in Chinese (zh-CN), on this closed network (no
// background traffic, no QUIC, no sandbox). The destructor ends the
// session, which closes Chromium, and removes the profile.
//
// Every command throws on failure: a WebDriverError (webdriver_client.h)
// naming the command, the WebDriver error and its message, or a
// std::runtime_error when a wait runs out.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"
#include "tests/support/web/json.h"
#include "tests/support/web/webdriver_client.h"

namespace xinbao::testing {

class ChromeDriverProcess;

struct BrowserOptions {
  // The page area, which is also what Screenshot() captures.
  int width = 1920;
  int height = 1080;
  // navigator.language and the Accept-Language header.
  std::string language = "zh-CN";
  // More Chromium command-line switches.
  std::vector<std::string> extra_args = {};
};

// A WebDriver element reference, as FindCss and WaitForCss return it.
struct Element {
  std::string id;
};

// A cookie the browser holds for the current page's site.
struct Cookie {
  std::string name;
  std::string value;
  std::string domain;
  std::string path;
  bool secure = false;
  bool http_only = false;
  std::string same_site;  // "Strict", "Lax", "None" or ""
};

class Browser {
 public:
  static constexpr const char* kBinary = "/usr/bin/chromium";
  // How long WaitForCss and WaitForText wait unless told.
  static constexpr std::chrono::milliseconds kWait = std::chrono::seconds(5);

  explicit Browser(const ChromeDriverProcess& driver,
                   BrowserOptions options = {});
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  // Loads `url` and waits for the page to load (at most 30 s).
  void Navigate(const std::string& url);
  std::string CurrentUrl();
  std::string Title();
  // The current DOM as HTML.
  std::string PageSource();

  // The first element matching the CSS selector now; throws WebDriverError
  // "no such element" if none does.
  Element FindCss(const std::string& selector);
  // Every element matching now (maybe none).
  std::vector<Element> FindAllCss(const std::string& selector);
  // The first element matching, polling every 50 ms for at most `timeout`.
  Element WaitForCss(const std::string& selector,
                     std::chrono::milliseconds timeout = kWait);
  // Polls every 50 ms, for at most `timeout`, until the first element
  // matching `selector` has rendered text containing `text`; returns that
  // element's whole text. The error on timeout shows the text last seen.
  std::string WaitForText(const std::string& selector, const std::string& text,
                          std::chrono::milliseconds timeout = kWait);

  void Click(const Element& element);
  void Clear(const Element& element);
  // Types UTF-8 `text` (Chinese too) into the element.
  void SendKeys(const Element& element, const std::string& text);
  // The element's rendered text (innerText).
  std::string Text(const Element& element);
  // The HTML attribute, or nullopt when the element has none.
  std::optional<std::string> Attribute(const Element& element,
                                       const std::string& name);
  // The DOM property (e.g. "value", "checked"), any JSON value.
  Json Property(const Element& element, const std::string& name);

  // Runs `script` as a function body with `args` as arguments[...] and
  // returns what it returns. ElementArg passes an element.
  Json ExecuteScript(const std::string& script, std::vector<Json> args = {});
  static Json ElementArg(const Element& element);

  // The outer window, as W3C's Set Window Rect.
  void SetWindowSize(int width, int height);
  // The page area (window.innerWidth × innerHeight): sizes the window so
  // that the viewport, and so each screenshot, is `width` × `height`.
  void SetViewportSize(int width, int height);

  // The viewport as PNG bytes.
  std::string ScreenshotPng();
  // Writes ScreenshotPng() to `path`, creating its directories.
  void Screenshot(const std::filesystem::path& path);

  std::vector<Cookie> GetCookies();

  const std::string& session_id() const { return session_; }

 private:
  // "/session/<id>" + `tail`.
  std::string Path(const std::string& tail) const;
  // "/session/<id>/element/<element id>" + `tail`.
  std::string ElementPath(const Element& element,
                          const std::string& tail) const;
  void EndSession() noexcept;

  TempDir profile_;
  WebDriverClient client_;
  std::string session_;
};

}  // namespace xinbao::testing
