#include "storage/chain_links.h"

#include <algorithm>
#include <mutex>

#include "storage/layout.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

v1::ChainHead ChainState::Head() const {
  v1::ChainHead head;
  head.set_index(index);
  if (index != 0) head.set_hash(ChainBytes(hash));
  head.set_linked_at_ms(linked_at_ms);
  return head;
}

v1::ChainLink NextLink(const ChainState& head, const PendingLink& pending) {
  v1::ChainLink link;
  link.set_index(head.index + 1);
  link.set_kind(pending.kind);
  link.set_record_key(pending.key);
  link.set_record_digest(ChainBytes(pending.digest));
  const int64_t at_ms =
      head.index == 0 ? pending.at_ms : std::max(head.linked_at_ms, pending.at_ms);
  link.set_linked_at_ms(at_ms);
  link.set_hash(ChainBytes(ChainLinkHash(link.index(), head.hash, pending.kind,
                                         pending.key, pending.digest, at_ms)));
  return link;
}

void AddPendingLink(std::vector<PendingLink>* links, v1::ChainRecordKind kind,
                    std::string_view key, std::string_view bytes,
                    int64_t at_ms) {
  AddPendingLink(links, kind, key, ChainDigest(bytes), at_ms);
}

void AddPendingLink(std::vector<PendingLink>* links, v1::ChainRecordKind kind,
                    std::string_view key, const ChainHash& digest,
                    int64_t at_ms) {
  PendingLink& link = links->emplace_back();
  link.kind = kind;
  link.key.assign(key);
  link.digest = digest;
  link.at_ms = at_ms;
}

rocksdb::Status ReportStore::Impl::WriteLinked(rocksdb::WriteBatch* batch,
                                               std::vector<PendingLink>* links) {
  if (read_only) return rocksdb::Status::NotSupported("store opened read-only");
  std::lock_guard lock(chain_mutex);
  ChainState head = chain;
  std::string key, value;
  rocksdb::Status status;
  for (const PendingLink& pending : *links) {
    const v1::ChainLink link = NextLink(head, pending);
    key.clear();
    layout::PutFixed64(&key, link.index());
    link.SerializeToString(&value);
    status = batch->Put(family(Family::kChain), key, value);
    if (!status.ok()) break;
    head.index = link.index();
    ChainHashOf(link.hash(), &head.hash);
    head.linked_at_ms = link.linked_at_ms();
  }
  links->clear();
  if (status.ok()) status = db->Write(write_options, batch);
  if (status.ok()) chain = head;
  return status;
}

}  // namespace xinbao::storage
