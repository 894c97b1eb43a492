#include "proto/utf8.h"

#include <gtest/gtest.h>

namespace xinbao {
namespace {

TEST(Utf8, CountsCodePointsOfValidText) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("事情因果"), 4u);
  EXPECT_EQ(CountCodePoints("\xF0\x9F\x9A\x92"), 1u);  // U+1F692 fire engine
}

TEST(Utf8, RefusesMalformedSequences) {
  const char* bad[] = {
      "\x80",              // lone continuation byte
      "\xC3\x28",          // bad continuation
      "\xE4\xBA",          // truncated 3-byte form
      "\xC0\xAF",          // overlong '/'
      "\xED\xA0\x80",      // surrogate U+D800
      "\xF4\x90\x80\x80",  // past U+10FFFF
      "\xFF",
  };
  for (const char* text : bad) EXPECT_FALSE(IsValidUtf8(text)) << text;
}

}  // namespace
}  // namespace xinbao
