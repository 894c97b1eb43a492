#include "clients/text/display_width.h"

#include <gtest/gtest.h>

#include <string>

namespace xinbao::client {
namespace {

TEST(DisplayWidth, CountsWideCharactersAsTwo) {
  const std::pair<std::string, std::size_t> cases[] = {
      {"", 0},
      {"hekou", 5},
      {"河口镇", 6},
      {"S235线", 6},
      {"（全角）", 8},          // full-width parentheses
      {"ＡＢ１", 6},            // full-width Latin and digits
      {"かなカナ", 8},          // kana
      {"한국", 4},              // hangul
      {"𠀀", 2},                // CJK Extension B, four bytes
      {"事✓ 情2 因· 果·", 15},  // ✓ and · are narrow
      {"Ⅲ级…", 4},              // ambiguous-width characters count one
      {"e\xCC\x81", 1},         // e + combining acute accent
      {"a\xE2\x80\x8B"
       "b",
       2},          // zero-width space
      {"\t\n", 0},  // control characters
  };
  for (const auto& [text, width] : cases) {
    EXPECT_EQ(DisplayWidth(text), width) << text;
  }
}

TEST(DisplayWidth, InvalidBytesCountOneEach) {
  EXPECT_EQ(DisplayWidth("\xFF\xFE"), 2u);
  EXPECT_EQ(DisplayWidth("\xE6\xB2"), 2u);      // 河 cut short
  EXPECT_EQ(DisplayWidth("\xC0\xAF"), 2u);      // overlong '/'
  EXPECT_EQ(DisplayWidth("\xED\xA0\x80"), 3u);  // a surrogate
  EXPECT_EQ(DisplayWidth("a\xE6\xB2"
                         "b"),
            4u);
}

TEST(DisplayWidth, CodePointWidths) {
  EXPECT_EQ(CodePointWidth(U'a'), 1);
  EXPECT_EQ(CodePointWidth(U'中'), 2);
  EXPECT_EQ(CodePointWidth(U'\u3000'), 2);  // ideographic space
  EXPECT_EQ(CodePointWidth(U'\u302A'), 0);  // ideographic tone mark
  EXPECT_EQ(CodePointWidth(U'\uFE0F'), 0);  // variation selector
  EXPECT_EQ(CodePointWidth(U'\uFF61'), 1);  // half-width katakana stop
  EXPECT_EQ(CodePointWidth(U'\U0001F600'), 2);
}

TEST(DisplayWidth, PadsToColumns) {
  EXPECT_EQ(PadRight("ab", 4), "ab  ");
  EXPECT_EQ(PadRight("河口", 6), "河口  ");
  EXPECT_EQ(PadRight("河口镇", 4), "河口镇");  // never cut by padding
  EXPECT_EQ(PadLeft("12", 4), "  12");
  EXPECT_EQ(PadLeft("二", 3), " 二");
}

TEST(DisplayWidth, TruncatesAtCharacterBoundaries) {
  EXPECT_EQ(TruncateToWidth("hekou", 5), "hekou");
  EXPECT_EQ(TruncateToWidth("hekou-town", 5), "heko…");
  EXPECT_EQ(TruncateToWidth("河口镇发生", 10), "河口镇发生");
  EXPECT_EQ(TruncateToWidth("河口镇发生事故", 7), "河口镇…");
  // A wide character may not straddle the edge: one column short.
  EXPECT_EQ(TruncateToWidth("河口镇发生事故", 8), "河口镇…");
  EXPECT_EQ(TruncateToWidth("S235线K12", 6), "S235…");
  EXPECT_EQ(TruncateToWidth("河口", 1), "…");
  EXPECT_EQ(TruncateToWidth("河口", 0), "");
  // A combining mark stays with its letter when the letter fits.
  EXPECT_EQ(TruncateToWidth("e\xCC\x81tude", 3), "e\xCC\x81t…");
  // Invalid bytes are kept whole, one column each.
  EXPECT_EQ(TruncateToWidth("\xFF\xFE\xFD", 2), "\xFF…");
}

TEST(DisplayWidth, FitsExactly) {
  for (const std::string text :
       {"", "ab", "河口镇发生事故", "S235线K12+300处", "事✓ 情2 因· 果·"}) {
    for (std::size_t width = 0; width < 20; ++width) {
      const std::string fitted = FitToWidth(text, width);
      EXPECT_EQ(DisplayWidth(fitted), width) << text << " @" << width;
    }
  }
  EXPECT_EQ(FitToWidth("河口镇发生事故", 8), "河口镇… ");
}

}  // namespace
}  // namespace xinbao::client
