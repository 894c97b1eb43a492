// The archive chain inside the store: the head a writer extends and the
// links it collects while it fills a batch. Private to storage/ (and its
// tests). The hash itself is proto/chain_hash.h, shared with the offline
// check of an export.
//
// How a record gets linked: whoever adds a history record to a batch
// (Append, AddStateToBatch, the adoptions, AppendAudit) adds a
// PendingLink with the record's key and digest; ReportStore::Impl::
// WriteLinked then gives the pending links their indexes and hashes after
// the head, puts them in the same batch and writes it. One batch, one
// fsync: a record and its link are stored together or not at all.
//
// Threads: plain values; the head lives in Impl under chain_mutex.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "proto/chain_hash.h"
#include "xinbao/v1/chain.pb.h"

namespace xinbao::storage {

// Where the chain ends: the last link's index, hash and time.
struct ChainState {
  uint64_t index = 0;  // 0: nothing linked yet
  ChainHash hash{};    // zeros while index is 0 (link 1's prev_hash)
  int64_t linked_at_ms = 0;

  v1::ChainHead Head() const;
};

// A record put in a batch, waiting for its link.
struct PendingLink {
  v1::ChainRecordKind kind = v1::CHAIN_RECORD_KIND_UNSPECIFIED;
  std::string key;   // the record's key in its family
  ChainHash digest;  // ChainDigest(the record's stored bytes)
  int64_t at_ms = 0; // the record's own time
};

// The link that follows `head` for `pending`, hash included. Its time is
// the record's, or the head's if that is later: link times never step
// back, so a time range is an index range.
v1::ChainLink NextLink(const ChainState& head, const PendingLink& pending);

// Adds a pending link for the record `bytes` stored under `key`.
void AddPendingLink(std::vector<PendingLink>* links, v1::ChainRecordKind kind,
                    std::string_view key, std::string_view bytes,
                    int64_t at_ms);
// The same, for a record whose digest is known already.
void AddPendingLink(std::vector<PendingLink>* links, v1::ChainRecordKind kind,
                    std::string_view key, const ChainHash& digest,
                    int64_t at_ms);

}  // namespace xinbao::storage
