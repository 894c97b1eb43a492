// Asset: a file of a web face's pages (HTML, CSS, JavaScript, fonts,
// images), embedded in the program when it is built — offices run on
// closed networks, and a page never fetches anything from elsewhere.
//
// cmake/EmbedAssets.cmake turns a folder into a generated .cc that defines
// a function returning the folder's files as a span of Assets; the path is
// relative to the folder ("desk.js", "vendor/echarts.min.js").
#pragma once

#include <span>
#include <string_view>

namespace xinbao::web {

struct Asset {
  std::string_view path;
  std::string_view media_type;  // from the file's suffix
  std::string_view bytes;
};

// The asset at `path` in any of `sets`, earlier sets first; nullptr if none.
const Asset* FindAsset(std::span<const std::span<const Asset>> sets,
                       std::string_view path);

}  // namespace xinbao::web
