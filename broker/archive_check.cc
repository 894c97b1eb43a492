#include "broker/archive_check.h"

#include <string>

#include "proto/chain_hash.h"
#include "storage/report_store.h"

namespace xinbao::broker {

int VerifyArchive(const std::filesystem::path& store_dir,
                  std::string_view anchor, const TimeZone& zone,
                  std::ostream& out, std::ostream& err) {
  uint64_t anchor_index = 0;
  ChainHash anchor_hash{};
  if (!anchor.empty()) {
    const Status parsed =
        ParseChainAnchor(anchor, "--expect", &anchor_index, &anchor_hash);
    if (!parsed.ok()) {
      err << "xinbao-broker verify: " << parsed.message() << "\n";
      return 2;
    }
  }
  storage::StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  auto store = storage::ReportStore::Open(store_dir, options);
  if (!store.ok()) {
    err << "xinbao-broker verify: " << store.status().message() << "\n";
    return 3;
  }
  Result<v1::ChainCheck> check = (*store)->VerifyChain();
  if (!check.ok()) {
    err << "xinbao-broker verify: " << check.status().message() << "\n";
    return 3;
  }
  out << "报告库 " << store_dir.string() << "\n" << ChainCheckText(*check, zone);
  if (anchor_index == 0) return check->intact() ? 0 : 1;

  bool on_chain = false;
  if (anchor_index <= check->head().index()) {
    v1::ExportChainRequest request;
    request.set_after_index(anchor_index - 1);
    request.set_limit(1);
    Result<v1::ChainPage> page = (*store)->ReadChain(request);
    if (!page.ok()) {
      err << "xinbao-broker verify: " << page.status().message() << "\n";
      return 3;
    }
    on_chain = page->entries_size() == 1 &&
               page->entries(0).link().index() == anchor_index &&
               page->entries(0).link().hash() == ChainBytes(anchor_hash);
  }
  if (on_chain) {
    out << "早先记下的链头（第 " << anchor_index
        << " 个链节）仍在链上：此前的历史未被改写\n";
    return check->intact() ? 0 : 1;
  }
  out << "早先记下的链头（第 " << anchor_index << " 个链节 "
      << ChainHex(ChainBytes(anchor_hash)) << "）不在这条链上："
      << (anchor_index > check->head().index()
              ? "链比记下时短，链尾被截掉了"
              : "那个链节的哈希变了，历史被整体改写过")
      << "\n";
  return 1;
}

}  // namespace xinbao::broker
