// Where web tests put their screenshots, and a check of what they hold.
//
// Convention: <build dir>/screenshots/<Suite>.<Test>/<name>.png, e.g.
// build/screenshots/WebDriverSmoke.TypesChinese/1920x1080.png. The folder
// is kept after the run (build/screenshots is not cleaned by ctest), so a
// person can look at what the browser showed.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>

namespace xinbao::testing {

// The screenshot folder of the GoogleTest test now running (created);
// '/' in parameterized names becomes '_'.
std::filesystem::path ScreenshotDir();

// Width and height from a PNG's header, or nullopt if `bytes` is no PNG.
std::optional<std::pair<int, int>> PngSize(const std::string& bytes);

}  // namespace xinbao::testing
