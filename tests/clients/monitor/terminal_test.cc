// When the monitor may draw in place with colour, and when it must write
// plain lines (a pipe, NO_COLOR, TERM=dumb).
#include "clients/monitor/terminal.h"

#include <gtest/gtest.h>

namespace xinbao::client {
namespace {

TEST(Terminal, PlainLinesForPipesNoColorAndDumbTerminals) {
  EXPECT_TRUE(FullScreenAllowed(true, nullptr, "xterm-256color"));
  EXPECT_TRUE(FullScreenAllowed(true, nullptr, nullptr));
  EXPECT_FALSE(FullScreenAllowed(false, nullptr, "xterm"));
  EXPECT_FALSE(FullScreenAllowed(true, "1", "xterm"));
  EXPECT_TRUE(FullScreenAllowed(true, "", "xterm"));  // empty: as unset
  EXPECT_FALSE(FullScreenAllowed(true, nullptr, "dumb"));
}

}  // namespace
}  // namespace xinbao::client
