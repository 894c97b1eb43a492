// The type of xinbao's printed documents, after GB/T 9704: 3号 (16 pt)
// text 28 pt from line to line (22 lines in the text block), 2号 (22 pt)
// bold titles, 黑体 and 楷体 headings. Internal to clients/print.
#pragma once

#include "clients/print/typeface.h"

namespace xinbao::print {

inline constexpr double kBodySize = 16;
inline constexpr double kBodyLine = 28;

// A paragraph: first line indented two characters, both edges straight.
inline constexpr TextStyle kParagraph{.face = Face::kSerif, .size = kBodySize,
                                      .line_height = kBodyLine, .justify = true,
                                      .indent = 2 * kBodySize};
// The same in 楷体 (an 编者按).
inline constexpr TextStyle kKaiParagraph{.face = Face::kKai, .size = kBodySize,
                                         .line_height = kBodyLine, .justify = true,
                                         .indent = 2 * kBodySize};
// A line of text on the left (or, changing align, centred or right).
inline constexpr TextStyle kPlainLine{.face = Face::kSerif, .size = kBodySize,
                                      .line_height = kBodyLine};
inline constexpr TextStyle kTitle{.face = Face::kSerifBold, .size = 22, .line_height = 34,
                                  .align = Align::kCentre};
// 一、 headings in 黑体, （一） headings in 楷体, indented two characters.
inline constexpr TextStyle kFirstHeading{.face = Face::kSansBold, .size = kBodySize,
                                         .line_height = kBodyLine, .indent = 2 * kBodySize};
inline constexpr TextStyle kSecondHeading{.face = Face::kKai, .size = kBodySize,
                                          .line_height = kBodyLine, .indent = 2 * kBodySize};

}  // namespace xinbao::print
