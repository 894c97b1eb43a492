// What the export tests of clients/centre share: November 2026 in the
// broker's zone (Asia/Shanghai) and an export made by 张伟 an hour into
// December.
#pragma once

#include <cstdint>

#include "clients/centre/analysis_export.h"

namespace xinbao::testing {

// 2026-11-01 00:00 and 2026-12-01 00:00 in Shanghai.
inline constexpr int64_t kNov = 1'793'462'400'000;
inline constexpr int64_t kDec = 1'796'054'400'000;

inline centre::ExportContext NovemberContext() {
  return centre::ExportContext{TimeZone::Load("Asia/Shanghai").value(), "张伟", kDec + 3'600'000};
}

}  // namespace xinbao::testing
