// The archive chain's hash, as docs/ARCHIVE.md defines it for any
// language: a record's digest and a link's hash, and the check of one link
// against the one before. The broker's store links records with these
// (storage/chain_links.h); `xinbao verify-export` checks an export with
// the same functions, offline.
//
//   digest = BLAKE2b-256(record's stored bytes)
//   hash   = BLAKE2b-256("xinbao-chain-1" ‖ index (8, big-endian)
//              ‖ prev_hash (32) ‖ kind (4, big-endian)
//              ‖ len(record_key) (4, big-endian) ‖ record_key
//              ‖ digest (32) ‖ linked_at_ms (8, big-endian))
//   prev_hash of link 1: 32 zero bytes.
//
// BLAKE2b (libsodium's crypto_generichash, unkeyed): 1.8 to 3.7 times
// libsodium's SHA-256 on 1 KiB here, and in every language's standard library
// (Python's hashlib.blake2b(digest_size=32), Go's x/crypto/blake2b).
// Thread-safe: all functions are pure.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/chain.pb.h"

namespace xinbao {

inline constexpr std::size_t kChainHashSize = 32;
using ChainHash = std::array<uint8_t, kChainHashSize>;

// BLAKE2b-256 of `bytes`.
ChainHash ChainDigest(std::string_view bytes);

// A digest begun on the first bytes of a record and finished with the
// rest: after Add(a), Finish(b) == ChainDigest(a ‖ b). The broker's
// frontend begins a report's digest on its wire bytes, so that the one
// writer hashes only the few bytes the store appends to them (its
// sequence and stored time). A plain value: copy it, move it, hand it to
// another thread.
class PartialDigest {
 public:
  PartialDigest();  // nothing absorbed yet
  void Add(std::string_view bytes);
  ChainHash Finish(std::string_view rest) const;

 private:
  alignas(64) unsigned char state_[384];  // libsodium's BLAKE2b state
};

// The hash of a link with these fields after a link whose hash is `prev`.
ChainHash ChainLinkHash(uint64_t index, const ChainHash& prev,
                        v1::ChainRecordKind kind, std::string_view record_key,
                        const ChainHash& digest, int64_t linked_at_ms);

// A ChainHash as the bytes a proto field holds, and back (false unless
// exactly 32 bytes).
std::string ChainBytes(const ChainHash& hash);
bool ChainHashOf(std::string_view bytes, ChainHash* out);

// Lower-case hex of a hash (64 characters), as people and files show it.
std::string ChainHex(std::string_view hash_bytes);
// Parses 64 hex characters; false otherwise.
bool ChainHashFromHex(std::string_view hex, ChainHash* out);

// Checks `link` as the one after a link hashed `prev` (index `prev_index`):
// its index follows, its hash is what its fields and `prev` give, and, when
// `record` is given, its digest is the record's. OK, or INVALID_FIELD with
// what does not hold, in plain Chinese (链节缺失, 链节被改动, 记录被改动).
Status CheckChainLink(const v1::ChainLink& link, uint64_t prev_index,
                      const ChainHash& prev, const std::string* record);

// The kind's name for people: "报告", "事件", "督办事项", …
std::string_view ChainKindName(v1::ChainRecordKind kind);

// A head for people, times in `zone`: "第 8 个链节（2025-11-24 21:20:00）
// 3f2a…" with the whole hash in hex; "尚无链节" when index is 0.
std::string ChainHeadText(const v1::ChainHead& head, const TimeZone& zone);
// What a check found, for people (`xinbao verify`, `xinbao-broker
// verify`): intact or the first break, the head, the counts.
std::string ChainCheckText(const v1::ChainCheck& check, const TimeZone& zone);
// "INDEX:HEX" (an earlier head written down) read into *index and *hash;
// INVALID_FIELD naming `flag` otherwise.
Status ParseChainAnchor(std::string_view text, std::string_view flag,
                        uint64_t* index, ChainHash* hash);

}  // namespace xinbao
