#include "tests/support/web/screenshots.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace xinbao::testing {

std::filesystem::path ScreenshotDir() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  if (test == nullptr) {
    throw std::runtime_error("ScreenshotDir() outside a GoogleTest test");
  }
  std::string name = std::string(test->test_suite_name()) + "." + test->name();
  std::replace(name.begin(), name.end(), '/', '_');
  const std::filesystem::path dir =
      std::filesystem::path(XINBAO_SCREENSHOT_DIR) / name;
  std::filesystem::create_directories(dir);
  return dir;
}

std::optional<std::pair<int, int>> PngSize(const std::string& bytes) {
  // The 8-byte signature, then the IHDR chunk: length, "IHDR", width and
  // height as big-endian 32-bit numbers.
  static const std::string kSignature = "\x89PNG\r\n\x1a\n";
  if (bytes.size() < 24 || bytes.compare(0, 8, kSignature) != 0 ||
      bytes.compare(12, 4, "IHDR") != 0) {
    return std::nullopt;
  }
  const auto number = [&](std::size_t at) {
    int value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    }
    return value;
  };
  return std::make_pair(number(16), number(20));
}

}  // namespace xinbao::testing
