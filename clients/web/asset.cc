#include "clients/web/asset.h"

namespace xinbao::web {

const Asset* FindAsset(std::span<const std::span<const Asset>> sets,
                       std::string_view path) {
  for (std::span<const Asset> set : sets) {
    for (const Asset& asset : set) {
      if (asset.path == path) return &asset;
    }
  }
  return nullptr;
}

}  // namespace xinbao::web
