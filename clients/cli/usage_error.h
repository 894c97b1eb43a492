// What `xinbao` says when its command line cannot be parsed: in Chinese,
// naming the token it did not understand and, for a mistyped command or
// option, the nearest one that exists ("您要的是不是 xinbao submit？").
// CLI11's own messages (a required option missing, an unknown option, a
// bad value, extra arguments …) are translated.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xinbao::client::cli {

// The name in `names` nearest to `typed` by edit distance, if it is near
// enough to be a likely typo (at most 2 edits, 1 for names of 3 letters or
// fewer, and fewer edits than `typed` has letters); nullopt otherwise.
std::optional<std::string> NearestName(std::string_view typed,
                                       const std::vector<std::string>& names);

// The text to print on stderr for `error` raised while `app` (the
// top-level `xinbao`) parsed its command line; it ends with a newline and
// a pointer to --help. Fit for CLI::App::failure_message.
std::string UsageErrorText(const CLI::App* app, const CLI::Error& error);

}  // namespace xinbao::client::cli
