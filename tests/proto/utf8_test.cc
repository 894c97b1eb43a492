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

// The fast paths (ASCII eight bytes at a time, three-byte sequences
// inline) keep the rules: every three-byte form is judged by decoding it,
// at every offset against an ASCII run, and a bad byte anywhere in a long
// ASCII run is found.
TEST(Utf8, EveryThreeByteFormIsJudgedByTheRulesWhereverItStands) {
  for (int lead = 0xE0; lead <= 0xEF; ++lead) {
    for (int second = 0; second <= 0xFF; ++second) {
      for (int third : {0x00, 0x41, 0x80, 0xBF, 0xC0}) {
        const bool continuations = (second & 0xC0) == 0x80 && (third & 0xC0) == 0x80;
        const int code = ((lead & 0x0F) << 12) | ((second & 0x3F) << 6) | (third & 0x3F);
        const bool valid = continuations && code >= 0x800 && !(code >= 0xD800 && code <= 0xDFFF);
        const std::string form = {static_cast<char>(lead), static_cast<char>(second),
                                  static_cast<char>(third)};
        for (std::size_t before : {0u, 1u, 7u, 8u, 9u}) {
          const std::string text = std::string(before, 'a') + form + "报z";
          const std::optional<std::size_t> counted = CountCodePoints(text);
          ASSERT_EQ(counted.has_value(), valid) << lead << " " << second << " " << third;
          if (valid) {
            EXPECT_EQ(*counted, before + 3);
          }
        }
      }
    }
  }
  for (std::size_t at = 0; at < 24; ++at) {
    std::string run(24, 'a');
    run[at] = '\x80';
    EXPECT_FALSE(IsValidUtf8(run)) << at;
    run[at] = 'b';
    EXPECT_EQ(CountCodePoints(run), 24u);
  }
  EXPECT_FALSE(IsValidUtf8(std::string(9, 'a') + "\xE4\xBA"));  // truncated at the end
}

// The count that trusts its text agrees with the checking count on every
// valid text: one to four bytes a character, at every offset of the
// eight-byte words it counts by, and past the last whole word.
TEST(Utf8, CountingValidTextAgreesWithTheCheckingCount) {
  const std::string characters[] = {"a", "é", "事", "\U0001F692", "\u07FF",
                                    "\uFFFD", "\U0010FFFF", "\u0800"};
  for (std::size_t before = 0; before < 9; ++before) {
    for (const std::string& first : characters) {
      for (const std::string& second : characters) {
        std::string text(before, 'x');
        for (int i = 0; i < 3; ++i) text += first + second;
        ASSERT_EQ(CountCodePointsOfValid(text), CountCodePoints(text).value()) << text;
        EXPECT_EQ(CountCodePointsOfValid(text), before + 6);
      }
    }
  }
  EXPECT_EQ(CountCodePointsOfValid(""), 0u);
  EXPECT_EQ(CountCodePointsOfValid("事情因果，报送单位：城关镇"), 13u);
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
