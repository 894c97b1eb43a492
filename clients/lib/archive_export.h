// An export of the archive chain (`xinbao export`, docs/ARCHIVE.md): a
// folder holding
//   records.jsonl  one line per link, in index order: the ChainEntry as
//                  protobuf JSON (proto field names; bytes in base64:
//                  link.record_key, link.record_digest, link.hash, record)
//                  plus "content", the record itself as JSON for people;
//   manifest.json  the range (from_ms, until_ms, time_zone), first_index,
//                  last_index, links, prev_hash and last_hash (hex), the
//                  BLAKE2b-256 of records.jsonl (records_blake2b), the
//                  broker's head when exported (broker_head) and when.
// VerifyExport() checks such a folder offline with the chain's own hash
// (proto/chain_hash.h): any other program can, from docs/ARCHIVE.md.
//
// Threads: plain objects; one writer per folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "proto/chain_hash.h"
#include "proto/status.h"
#include "xinbao/v1/chain.pb.h"

namespace xinbao::client {

inline constexpr char kExportRecordsFile[] = "records.jsonl";
inline constexpr char kExportManifestFile[] = "manifest.json";
inline constexpr char kExportFormat[] = "xinbao-archive-export-1";

// One line of records.jsonl (without its newline): `entry` as JSON plus
// "content". A reader regenerates it to check the content.
std::string ExportLine(const v1::ChainEntry& entry);

// What the manifest says besides the links.
struct ExportRange {
  int64_t from_ms = 0;
  int64_t until_ms = 0;  // 0: up to the head
  std::string time_zone;
  std::string label;     // "2026-11", or the range as written
};

class ExportWriter {
 public:
  // Creates `dir` (it must not hold an export yet: INVALID_FIELD) and its
  // records file.
  static Result<ExportWriter> Create(const std::filesystem::path& dir);

  // Adds one page's entries (pages in order).
  Status Add(const v1::ChainPage& page);
  // Writes the manifest; `head` is the broker's head as last seen.
  Status Finish(const ExportRange& range, const v1::ChainHead& head,
                int64_t exported_at_ms);

  uint64_t links() const { return links_; }

 private:
  std::filesystem::path dir_;
  std::ofstream records_;
  uint64_t links_ = 0;
  uint64_t first_index_ = 0, last_index_ = 0;
  std::string prev_hash_, last_hash_;  // raw bytes
  std::string line_;
};

// What VerifyExport() found.
struct ExportCheck {
  bool intact = false;
  std::string problem;  // plain Chinese, when not intact
  uint64_t links = 0;
  uint64_t first_index = 0, last_index = 0;
  std::string last_hash_hex;
  std::string label;
  // With an anchor: whether the export holds it (or it is the link just
  // before its first, prev_hash), and if so whether it matched.
  bool anchor_in_range = false;
  bool anchor_matches = false;
};

// Checks the export in `dir`: the records file against the manifest's
// digest, each line's link against the one before (from prev_hash) and its
// record against the link's digest (a record the broker rewrote later in
// the same millisecond is checked by that later link), and the last hash.
// `anchor` (INDEX:HEX, empty: none) is a head written down elsewhere.
// INVALID_FIELD for an anchor that does not parse; a folder that is not an
// export (no manifest, bad JSON) is an answer (intact false) too.
Result<ExportCheck> VerifyExport(const std::filesystem::path& dir,
                                 std::string_view anchor);

}  // namespace xinbao::client
