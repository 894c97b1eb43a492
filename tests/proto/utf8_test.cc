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

TEST(Utf8, ValidUtf8KeepsTextAndMarksEachBadByte) {
  EXPECT_EQ(ValidUtf8("事件-1"), "事件-1");
  EXPECT_EQ(ValidUtf8("seed-e\xF6" "ent"), "seed-e\uFFFDent");
  EXPECT_EQ(ValidUtf8("\xE4\xBA"), "\uFFFD\uFFFD");  // truncated 事
  EXPECT_EQ(ValidUtf8("\xC0\xAF/"), "\uFFFD\uFFFD/");
  EXPECT_TRUE(IsValidUtf8(ValidUtf8("\xFF\xED\xA0\x80\xF4\x90\x80\x80")));
}

}  // namespace
}  // namespace xinbao
