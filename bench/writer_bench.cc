// The single writer alone (issue 17): what ReportStore::Append costs the
// committer's thread per report, against raw RocksDB writing the same
// bytes (one key per report, one synced WriteBatch per batch) in the same
// run. No sockets and no clients: the figure is the writer's own work —
// the dedupe read, the index entries, the archive chain, the WAL — which
// perf put at the top of the broker's time under load.
//
//   build/bench/writer_bench --batch 1000 --batches 100 --runs 5
//
// Each run writes into a fresh store. The reports come with their wire
// encoding and the archive chain's digest begun on it, as the frontend
// hands them to the committer; building them is not timed. "CPU" is the writing thread's own CPU time (the fsync's wait
// is not in it); "wall" includes the wait.
#include <CLI/CLI.hpp>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/submit_load.h"
#include "bench/varied_report.h"
#include "proto/chain_hash.h"
#include "storage/report_store.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using xinbao::bench::Median;

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct Timing {
  double wall = 0;  // seconds
  double cpu = 0;   // seconds of this thread
};

// One batch as the committer gets it: the reports and their encodings.
struct Batch {
  std::vector<xinbao::v1::Report> reports;
  std::vector<std::string> encoded;
  std::vector<xinbao::PartialDigest> digests;
};

// `batches` batches of `size` ~`bytes`-byte general reports of the demo
// units (bench/varied_report.h), every idempotency key new.
std::vector<Batch> MakeBatches(int batches, int size, int bytes) {
  std::vector<Batch> out(batches);
  uint64_t n = 0;
  for (Batch& batch : out) {
    batch.reports.resize(size);
    batch.encoded.resize(size);
    batch.digests.resize(size);
    for (int i = 0; i < size; ++i, ++n) {
      xinbao::bench::MakeVariedReport(n, bytes, &batch.reports[i]);
      batch.encoded[i] = batch.reports[i].SerializeAsString();
      batch.digests[i].Add(batch.encoded[i]);
    }
  }
  return out;
}

Timing TimeStore(std::vector<Batch>& batches) {
  xinbao::testing::TempDir dir;
  auto store = xinbao::storage::ReportStore::Open(dir.path());
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::exit(1);
  }
  std::vector<xinbao::storage::NewReport> items;
  int64_t now = 1'764'000'000'000;
  const auto start = Clock::now();
  const double cpu = ThreadCpuSeconds();
  for (Batch& batch : batches) {
    items.clear();
    for (size_t i = 0; i < batch.reports.size(); ++i) {
      items.push_back({&batch.reports[i], batch.encoded[i], &batch.digests[i]});
    }
    for (const auto& outcome : (*store)->Append(items, now++)) {
      if (!outcome.status.ok() || outcome.ack.duplicate) {
        std::fprintf(stderr, "append: %s\n", outcome.status.ToString().c_str());
        std::exit(1);
      }
    }
  }
  Timing timing{std::chrono::duration<double>(Clock::now() - start).count(),
                ThreadCpuSeconds() - cpu};
  for (Batch& batch : batches) {
    for (auto& report : batch.reports) {
      report.clear_sequence();
      report.clear_stored_at_ms();
    }
  }
  return timing;
}

Timing TimeRaw(const std::vector<Batch>& batches) {
  xinbao::testing::TempDir dir;
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, dir.path().string(), &raw).ok()) {
    std::fprintf(stderr, "raw open failed\n");
    std::exit(1);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  rocksdb::WriteBatch write;
  uint64_t key = 0;
  const auto start = Clock::now();
  const double cpu = ThreadCpuSeconds();
  for (const Batch& batch : batches) {
    write.Clear();
    for (const std::string& encoded : batch.encoded) {
      ++key;
      write.Put(rocksdb::Slice(reinterpret_cast<const char*>(&key), sizeof key),
                encoded);
    }
    if (!db->Write(sync, &write).ok()) {
      std::fprintf(stderr, "raw write failed\n");
      std::exit(1);
    }
  }
  return {std::chrono::duration<double>(Clock::now() - start).count(),
          ThreadCpuSeconds() - cpu};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the committer's write path alone against raw RocksDB"};
  int batch = 1000, batches = 100, runs = 5, bytes = 1024;
  app.add_option("--batch", batch, "reports per Append (the group commit)");
  app.add_option("--batches", batches, "batches per run");
  app.add_option("--runs", runs, "runs; medians are printed");
  app.add_option("--report-bytes", bytes, "encoded size of one report");
  bool store_only = false;
  app.add_flag("--store-only", store_only,
               "skip the raw baseline (to profile the store alone)");
  CLI11_PARSE(app, argc, argv);

  std::vector<Batch> data = MakeBatches(batches, batch, bytes);
  std::vector<double> raw_wall, raw_cpu, store_wall, store_cpu;
  for (int run = 0; run < runs; ++run) {
    const Timing raw = store_only ? Timing{1, 1} : TimeRaw(data);
    const Timing store = TimeStore(data);
    raw_wall.push_back(raw.wall);
    raw_cpu.push_back(raw.cpu);
    store_wall.push_back(store.wall);
    store_cpu.push_back(store.cpu);
  }
  const double n = static_cast<double>(batch) * batches;
  const double rw = Median(raw_wall), rc = Median(raw_cpu),
               sw = Median(store_wall), sc = Median(store_cpu);
  std::printf("writer alone: %d batches of %d reports (%zu bytes encoded), "
              "synced, median of %d runs\n\n",
              batches, batch, data[0].encoded[0].size(), runs);
  std::printf("| what                                   | reports/s | wall µs/report | CPU µs/report | vs raw |\n");
  std::printf("|----------------------------------------|-----------|----------------|---------------|--------|\n");
  std::printf("| raw RocksDB, same bytes, 1 key (base)  | %9.0f | %14.2f | %13.2f | 100.0%% |\n",
              n / rw, 1e6 * rw / n, 1e6 * rc / n);
  std::printf("| ReportStore::Append (the committer)    | %9.0f | %14.2f | %13.2f | %5.1f%% |\n",
              n / sw, 1e6 * sw / n, 1e6 * sc / n, 100 * rw / sw);
  std::printf("\n\"vs raw\": raw's wall time over the store's (100%% = as fast "
              "as raw).\n");
  return 0;
}
