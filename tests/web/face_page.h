// What the browser tests of the web faces do to a page beyond the WebDriver
// harness: read text and follow a link of a view the page redraws at any
// moment (the desk's outbox on every change, the centre's board with every
// batch of the feed) in one step inside the page, so an element found a
// moment ago cannot have gone stale; and save a screenshot at both screen
// sizes the issue asks for (1920×1080, 1366×768) under ScreenshotDir().
#pragma once

#include <string>

#include "tests/support/web/browser.h"
#include "tests/support/web/screenshots.h"

namespace xinbao::testing {

inline std::string TextOf(Browser& browser, const std::string& selector) {
  return AsString(browser.ExecuteScript(
      "const node = document.querySelector(arguments[0]);"
      "return node ? node.textContent : '';",
      {JsonString(selector)}));
}

inline void Follow(Browser& browser, const std::string& selector) {
  browser.ExecuteScript("location.href = document.querySelector(arguments[0]).href;",
                        {JsonString(selector)});
}

inline void Snap(Browser& browser, const std::string& name) {
  browser.SetViewportSize(1920, 1080);
  browser.Screenshot(ScreenshotDir() / (name + "-1920x1080.png"));
  browser.SetViewportSize(1366, 768);
  browser.Screenshot(ScreenshotDir() / (name + "-1366x768.png"));
  browser.SetViewportSize(1920, 1080);
}

}  // namespace xinbao::testing
