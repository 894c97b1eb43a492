// How many terminal columns UTF-8 text takes, and fitting text into a
// number of columns without cutting a character in half.
//
// Widths follow Unicode's East Asian Width property as terminals use it:
// Wide and Fullwidth characters (汉字, 全角 forms such as "，（）", kana,
// hangul, most emoji) take 2 columns; combining marks, variation selectors
// and zero-width format characters take 0; C0/C1 control characters take
// 0; everything else, including the "ambiguous" characters (…, ·, Ⅲ, ✓),
// takes 1. A byte that is not part of a valid UTF-8 sequence counts as one
// column and is kept as it is.
//
// Threads: pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace xinbao::client {

// Columns one code point takes: 0, 1 or 2.
int CodePointWidth(char32_t code_point);

// Columns `text` takes.
std::size_t DisplayWidth(std::string_view text);

// `text` if it fits in `width` columns; otherwise its longest prefix of
// whole characters that fits in `width - 1` columns followed by "…".
// Never longer than `width` columns (may be one shorter when a wide
// character would straddle the edge).
std::string TruncateToWidth(std::string_view text, std::size_t width);

// `text` followed by spaces up to `width` columns (unchanged if wider).
std::string PadRight(std::string_view text, std::size_t width);
// Spaces, then `text`, to `width` columns (unchanged if wider).
std::string PadLeft(std::string_view text, std::size_t width);

// Exactly `width` columns: truncated as TruncateToWidth, then padded.
std::string FitToWidth(std::string_view text, std::size_t width);

}  // namespace xinbao::client
