// Archive chain benchmark: how long `xinbao verify` (ReportStore::
// VerifyChain) and an export's read (ReadChain, page by page) take over a
// store of N reports, against a baseline measured in the same run over the
// same store: the store's own scan of every report (RocksDB iterator plus
// protobuf parse, ScanSequence). Also the store's bytes per report, with
// the chain's share.
//
//   build/bench/chain_bench --reports 1000000 --runs 3
//
// The dataset is built once (unsynced appends of ~1 KiB general reports
// from 10 units, batches of 1000, each linked as the broker links them).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/submit_load.h"
#include "storage/report_store.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using xinbao::bench::Median;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"archive chain: verify and export read against a store scan"};
  uint64_t reports = 200000;
  int runs = 3;
  app.add_option("--reports", reports, "reports in the store");
  app.add_option("--runs", runs, "runs; medians are printed");
  CLI11_PARSE(app, argc, argv);

  xinbao::testing::TempDir dir;
  xinbao::storage::StoreOptions options;
  options.sync = false;
  auto store = xinbao::storage::ReportStore::Open(dir.path(), options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  const char* const units[] = {"chengguan", "hekou", "dongzhuang", "xishan",
                               "nanhu",     "gongan", "yingji",    "weijian",
                               "jiaotong",  "shuili"};
  const std::string body(900, 'x');
  std::vector<xinbao::v1::Report> batch(1000);
  std::vector<xinbao::v1::Report*> pointers;
  int64_t now = 1'764'000'000'000;
  const auto fill_start = Clock::now();
  for (uint64_t n = 0; n < reports;) {
    pointers.clear();
    for (auto& report : batch) {
      if (n >= reports) break;
      report.Clear();
      report.set_unit_id(units[n % 10]);
      report.set_idempotency_key("k" + std::to_string(n));
      report.set_kind(xinbao::v1::KIND_GENERAL_DYNAMIC);
      report.set_title("城关镇开展冬季消防安全大检查");
      report.set_body(body);
      report.set_written_at_ms(now);
      pointers.push_back(&report);
      ++n;
    }
    (*store)->Append(pointers, now++);
  }
  const double fill_s = Seconds(fill_start);
  auto size = (*store)->Size();

  std::vector<double> scan_s, verify_s, export_s;
  uint64_t links = 0;
  for (int run = 0; run < runs; ++run) {
    auto start = Clock::now();
    uint64_t seen = 0;
    (void)(*store)->ScanSequence(1, UINT64_MAX, [&](const xinbao::v1::Report&) {
      ++seen;
      return true;
    });
    scan_s.push_back(Seconds(start));

    start = Clock::now();
    auto check = (*store)->VerifyChain();
    verify_s.push_back(Seconds(start));
    if (!check.ok() || !check->intact()) {
      std::fprintf(stderr, "chain not intact\n");
      return 1;
    }
    links = check->links_checked();

    start = Clock::now();
    xinbao::v1::ExportChainRequest request;
    request.set_limit(10000);
    uint64_t read = 0;
    while (true) {
      auto page = (*store)->ReadChain(request);
      if (!page.ok()) return 1;
      read += page->entries_size();
      if (!page->more()) break;
      request.set_after_index(
          page->entries(page->entries_size() - 1).link().index());
    }
    export_s.push_back(Seconds(start));
    if (read != links || seen != reports) {
      std::fprintf(stderr, "counts differ: %lu %lu %lu\n", (unsigned long)read,
                   (unsigned long)links, (unsigned long)seen);
      return 1;
    }
  }
  const double scan = Median(scan_s), verify = Median(verify_s),
               exported = Median(export_s);
  std::printf("%lu reports (~1 KiB), %lu links; filled in %.1f s (unsynced); "
              "store %.0f bytes/report\n\n",
              (unsigned long)reports, (unsigned long)links, fill_s,
              size.ok() ? double(size->total()) / reports : 0.0);
  std::printf("| what                                  | seconds | records/s | vs scan |\n");
  std::printf("|---------------------------------------|---------|-----------|---------|\n");
  std::printf("| store scan of every report (base)     | %7.2f | %9.0f |  100.0%% |\n",
              scan, reports / scan);
  std::printf("| VerifyChain (xinbao verify)           | %7.2f | %9.0f | %6.1f%% |\n",
              verify, links / verify, 100 * scan / verify);
  std::printf("| ReadChain, 10,000 a page (export)     | %7.2f | %9.0f | %6.1f%% |\n",
              exported, links / exported, 100 * scan / exported);
  std::printf("\nmedians of %d runs; \"vs scan\": the scan's time over the row's "
              "(100%% = as fast as the scan).\n", runs);
  return 0;
}
