// `xinbao-broker verify`: checks the archive chain of a store on disk
// (docs/ARCHIVE.md), opened read-only — no LOCK is taken, so it may be the
// store of a running broker, or a backup restored into a folder of its own
// — and prints what it found. `anchor` ("INDEX:HEX", empty: none) is a head
// written down earlier (from `xinbao verify`, a backup, an export's
// manifest, the log): the check also says whether the chain still holds
// that link with that hash, which is what finds history rewritten
// wholesale, links and all.
#pragma once

#include <filesystem>
#include <ostream>
#include <string_view>

#include "proto/time_zone.h"

namespace xinbao::broker {

// Exit codes: 0 intact (and the anchor on it), 1 broken or the anchor not
// on it, 2 a bad anchor, 3 the store cannot be opened or read.
int VerifyArchive(const std::filesystem::path& store_dir,
                  std::string_view anchor, const TimeZone& zone,
                  std::ostream& out, std::ostream& err);

}  // namespace xinbao::broker
