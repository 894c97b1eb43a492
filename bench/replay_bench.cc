// Replay benchmark: reports/s of a replay end to end — the real
// xinbao-broker process reading its store, chunks over the query socket
// under credit, the client library decoding every report — against a
// baseline measured in the same run over the same data: the store's own
// iteration in this process (RocksDB iterator plus protobuf parse, no
// broker, no network). Also the resident memory of the broker and of this
// process (the client) sampled through the replay, which must stay flat.
//
//   build/bench/replay_bench --reports 1000000 --runs 3
//
// The dataset is built once per invocation (unsynced appends straight into
// a ReportStore): general reports of ~400 bytes from 10 units, in batches
// of 1000. Rows: the whole range, and one unit's reports (a tenth, read
// through the by_unit index) — each against the matching store scan.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/proc_memory.h"
#include "clients/lib/replay_client.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kUnits = 10;
const char* const kUnitIds[kUnits] = {
    "chengguan", "hekou",  "dongzhuang", "xishan",  "nanhu",
    "gongan",    "yingji", "weijian",    "jiaotong", "shuili"};

using xinbao::bench::ResidentMiB;

bool BuildDataset(const std::filesystem::path& dir, uint64_t count) {
  xinbao::storage::StoreOptions options;
  options.sync = false;
  auto store = xinbao::storage::ReportStore::Open(dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return false;
  }
  const std::string body(400, 'x');
  std::vector<xinbao::v1::Report> batch(1000);
  std::vector<xinbao::v1::Report*> pointers;
  int64_t now = 1'764'000'000'000;
  for (uint64_t done = 0; done < count;) {
    pointers.clear();
    const uint64_t n = std::min<uint64_t>(batch.size(), count - done);
    for (uint64_t i = 0; i < n; ++i) {
      xinbao::v1::Report& r = batch[i];
      r.Clear();
      r.set_unit_id(kUnitIds[(done + i) % kUnits]);
      r.set_idempotency_key("k-" + std::to_string(done + i));
      r.set_kind(xinbao::v1::KIND_GENERAL_DYNAMIC);
      r.set_title("城关镇开展冬季消防安全大检查");
      r.set_body(body);
      r.set_written_at_ms(now);
      pointers.push_back(&r);
    }
    for (const auto& outcome : (*store)->Append(pointers, now)) {
      if (!outcome.status.ok()) {
        std::fprintf(stderr, "%s\n", outcome.status.ToString().c_str());
        return false;
      }
    }
    done += n;
    now += 1000;
  }
  return true;
}

struct Sample {
  double rate = 0;          // reports/s
  uint64_t reports = 0;
  // RSS in MiB: before the replay, once a tenth of it is done (caches
  // warm), and the most seen after that.
  double broker_start = 0;
  double broker_tenth = 0;
  double broker_max = 0;
  double client_start = 0;
  double client_tenth = 0;
  double client_max = 0;
};

// The store's own iteration, in this process.
Sample ScanStore(const std::filesystem::path& dir, const char* unit) {
  auto store = xinbao::storage::ReportStore::Open(dir);
  Sample sample;
  if (!store.ok()) return sample;
  const auto begin = Clock::now();
  auto count = [&](const xinbao::v1::Report&) {
    ++sample.reports;
    return true;
  };
  const xinbao::Status status =
      unit == nullptr ? (*store)->ScanSequence(1, UINT64_MAX, count)
                      : (*store)->ScanUnit(unit, 0, count);
  if (!status.ok()) std::fprintf(stderr, "%s\n", status.ToString().c_str());
  sample.rate = sample.reports /
                std::chrono::duration<double>(Clock::now() - begin).count();
  return sample;
}

// A replay through the real broker process and client library.
Sample ReplayThroughBroker(const std::filesystem::path& dir, const char* unit,
                           uint32_t window, uint32_t chunk) {
  // Without CURVE: what is measured is the replay itself (ingest_bench
  // --curve measures what encryption costs).
  xinbao::testing::BrokerProcess broker(dir, "tcp://127.0.0.1:*",
                                        {"--insecure"});
  Sample sample;
  xinbao::client::ReplayOptions options;
  options.query_endpoint = broker.query_endpoint();
  options.window = window;
  options.chunk_reports = chunk;
  auto client = xinbao::client::ReplayClient::Open(options);
  if (!client.ok()) return sample;
  xinbao::v1::ReplayRequest request;
  if (unit != nullptr) request.add_unit_ids(unit);
  sample.broker_start = sample.broker_max = ResidentMiB(broker.pid());
  sample.client_start = sample.client_max = ResidentMiB(getpid());
  uint64_t chunks = 0;
  xinbao::client::ReplaySink sink;
  sink.on_report = [&](const xinbao::client::ReplayedReport& r) {
    sample.reports += r.report.body().empty() ? 0 : 1;
    return true;
  };
  sink.on_progress = [&](const xinbao::client::ReplayProgress& p) {
    if (++chunks % 16 != 0) return;
    const double broker_rss = ResidentMiB(broker.pid());
    const double client_rss = ResidentMiB(getpid());
    if (sample.broker_tenth == 0 &&
        (p.scanned_to_sequence - p.first_sequence) * 10 >=
            (p.last_sequence - p.first_sequence)) {
      sample.broker_tenth = broker_rss;
      sample.client_tenth = client_rss;
    }
    sample.broker_max = std::max(sample.broker_max, broker_rss);
    sample.client_max = std::max(sample.client_max, client_rss);
  };
  const auto begin = Clock::now();
  auto outcome = (*client)->Replay(request, sink);
  const double seconds =
      std::chrono::duration<double>(Clock::now() - begin).count();
  if (!outcome.ok()) {
    std::fprintf(stderr, "replay failed: %s\n",
                 outcome.status().ToString().c_str());
    return sample;
  }
  sample.rate = sample.reports / seconds;
  return sample;
}

double MedianOf(std::vector<Sample> runs, double Sample::*field) {
  std::sort(runs.begin(), runs.end(), [&](const Sample& a, const Sample& b) {
    return a.*field < b.*field;
  });
  return runs[runs.size() / 2].*field;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xinbao replay benchmark"};
  uint64_t reports = 1'000'000;
  int runs = 3;
  uint32_t window = 8;
  uint32_t chunk = 256;
  app.add_option("--reports", reports, "reports in the dataset");
  app.add_option("--runs", runs, "runs per row (medians are printed)");
  app.add_option("--window", window, "chunks of credit outstanding");
  app.add_option("--chunk", chunk, "reports per chunk");
  CLI11_PARSE(app, argc, argv);

  xinbao::testing::TempDir tmp;
  // The broker keeps its store in <data dir>/reports.
  const std::filesystem::path dir = tmp.path() / "data";
  const std::filesystem::path store = dir / "reports";
  const auto built = Clock::now();
  std::filesystem::create_directories(dir);
  if (!BuildDataset(store, reports)) return 1;
  std::printf("dataset: %llu reports built in %.1f s; window %u chunks of %u\n\n",
              static_cast<unsigned long long>(reports),
              std::chrono::duration<double>(Clock::now() - built).count(),
              window, chunk);
  std::printf("| %-26s | %12s | %12s | %6s | %-20s | %-20s |\n", "replay",
              "store scan/s", "replay/s", "ratio", "broker MiB 0/10%/max",
              "client MiB 0/10%/max");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(28, '-').c_str(),
              std::string(14, '-').c_str(), std::string(14, '-').c_str(),
              std::string(8, '-').c_str(), std::string(22, '-').c_str(),
              std::string(22, '-').c_str());
  for (const char* unit : {static_cast<const char*>(nullptr), "hekou"}) {
    std::vector<Sample> scans, replays;
    for (int run = 0; run < runs; ++run) {
      scans.push_back(ScanStore(store, unit));
      replays.push_back(ReplayThroughBroker(dir, unit, window, chunk));
    }
    const double scan = MedianOf(scans, &Sample::rate);
    const double replay = MedianOf(replays, &Sample::rate);
    const std::string name =
        unit == nullptr ? "all reports"
                        : std::string("one unit (") + unit + ", by_unit)";
    std::printf(
        "| %-26s | %12.0f | %12.0f | %5.1f%% | %5.1f / %5.1f / %5.1f  | "
        "%5.1f / %5.1f / %5.1f  |\n",
        name.c_str(), scan, replay, 100 * replay / scan,
        MedianOf(replays, &Sample::broker_start),
        MedianOf(replays, &Sample::broker_tenth),
        MedianOf(replays, &Sample::broker_max),
        MedianOf(replays, &Sample::client_start),
        MedianOf(replays, &Sample::client_tenth),
        MedianOf(replays, &Sample::client_max));
    std::fflush(stdout);
  }
  std::printf(
      "\nreports per row: %llu (all) / about a tenth (one unit); medians of %d "
      "runs, scan and replay alternating.\n",
      static_cast<unsigned long long>(reports), runs);
  return 0;
}
