// Reporting tree benchmark (issue 16, item 7, first part): one county's
// broker forwarding to its city's, both real processes with CURVE on this
// machine. Clients of the county's units send urgent reports (a 事 and 19
// 情 per event, all of which go up at once) at an offered rate or as fast
// as the county acknowledges; the bench then waits until the city holds
// every one and measures, from the city's store:
//   - forwarded reports/s end to end: reports at the city over the time
//     from the county's first store to the city's last;
//   - lag: each report's time stored at the city minus its time stored at
//     the county (Hop 0's stored_at_ms: one machine, one clock; ms);
// against the baseline of the same run, the county's own ingest (acks/s).
// Medians of the runs are printed.
//
//   build/bench/tree_bench --runs 3 --seconds 5 --modes 500,2000,max
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "bench/live_store.h"
#include "bench/submit_load.h"
#include "proto/curve_keys.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/support/temp_dir.h"

namespace {

using xinbao::bench::Clock;
using xinbao::bench::CurveSetup;
using xinbao::bench::Median;
using xinbao::bench::StoredCount;
using xinbao::bench::Percentile;
using xinbao::bench::kUnits;
using xinbao::testing::BrokerProcess;
using namespace std::chrono_literals;

struct Options : xinbao::bench::LoadOptions {
  int runs = 3;
  std::vector<std::string> modes = {"500", "2000", "max"};
};

struct Sample {
  double ingest_per_s = 0;     // the county's acks/s (the baseline)
  double forwarded_per_s = 0;  // end to end, at the city
  double lag_p50_ms = 0, lag_p99_ms = 0, lag_max_ms = 0;
  double reports = 0;          // at the city
};

// The demo units (the clients') and the county, for the city's registry.
std::string CityUnits() {
  std::string text;
  for (const char* unit : kUnits) {
    text += "[[units]]\nid = \"" + std::string(unit) + "\"\nname = \"" + unit +
            "\"\nkind = \"township\"\n";
  }
  return text + "[[units]]\nid = \"qingshui\"\nname = \"清水县\"\nkind = \"county\"\n";
}

Sample RunOnce(const Options& o, double offered) {
  xinbao::testing::TempDir dir;
  std::filesystem::create_directories(dir / "city");
  std::filesystem::create_directories(dir / "county");
  const CurveSetup city_keys = CurveSetup::Make(
      dir / "city", "[tree]\nid = \"jiangzhou\"\nname = \"江州市\"\n" + CityUnits());
  // The county's key pair, registered at the city as role broker.
  const xinbao::CurveKeyPair county_key = xinbao::GenerateCurveKeyPair().value();
  std::filesystem::create_directories(dir / "county-key");
  (void)xinbao::WriteKeyFiles(dir / "county-key" / "broker", county_key);
  std::ofstream(dir / "city" / "users.toml", std::ios::app)
      << "[[user]]\nname = \"qingshui-broker\"\nunit = \"qingshui\"\n"
         "role = \"broker\"\npublic_key = \""
      << county_key.public_key << "\"\n";
  BrokerProcess city(dir / "city-data", "tcp://127.0.0.1:*",
                     {"--config", city_keys.config.string()});
  const CurveSetup county_keys = CurveSetup::Make(
      dir / "county",
      "[tree]\nid = \"qingshui\"\nname = \"清水县\"\n[upstream]\nendpoint = \"" +
          city.endpoint() + "\"\nunit = \"qingshui\"\nserver_key_file = \"" +
          (dir / "city" / "broker.pub").string() + "\"\nsecret_key_file = \"" +
          (dir / "county-key" / "broker.key").string() + "\"\n");
  BrokerProcess county(dir / "county-data", "tcp://127.0.0.1:*",
                       {"--config", county_keys.config.string()});

  zmq::context_t context(1);
  xinbao::bench::SentTimes sent = xinbao::bench::MakeSentTimes(o, offered);
  std::vector<xinbao::bench::ClientRun> runs(o.clients);
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now() + 1s;  // time to pre-encode
  const Clock::time_point stop =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(o.seconds));
  for (int i = 0; i < o.clients; ++i) {
    threads.emplace_back([&, i] {
      xinbao::bench::RunClient(context, county.endpoint(), o, i,
                               offered / o.clients, start, stop, sent[i].get(),
                               &runs[i], &county_keys.keys);
    });
  }
  for (std::thread& t : threads) t.join();
  int64_t acked = 0;
  for (const auto& run : runs) acked += run.acked_in_window;
  // Every report the county stored is urgent and goes up: wait until the
  // city holds as many as the county (acks that came after the window are
  // stored too, so the county's store is the count, not acked_in_window).
  const Clock::time_point deadline = Clock::now() + 120s;
  uint64_t at_county = 0;
  while (Clock::now() < deadline) {
    at_county = StoredCount(county.data_dir() / "reports");
    if (StoredCount(city.data_dir() / "reports") >= at_county) break;
    std::this_thread::sleep_for(100ms);
  }
  county.Terminate();
  city.Terminate();

  Sample sample;
  sample.ingest_per_s = acked / o.seconds;
  auto store = xinbao::storage::ReportStore::Open(city.data_dir() / "reports");
  if (!store.ok()) {
    std::fprintf(stderr, "city store: %s\n", store.status().ToString().c_str());
    return sample;
  }
  std::vector<double> lags;
  std::set<std::string> keys;
  int64_t first_county = INT64_MAX, last_city = 0;
  (void)(*store)->ScanSequence(1, UINT64_MAX, [&](const xinbao::v1::Report& r) {
    keys.insert(r.forwarded().origin_unit_id() + '\0' + r.idempotency_key());
    const int64_t county_at = r.forwarded().hops(0).stored_at_ms();
    lags.push_back(static_cast<double>(r.stored_at_ms() - county_at));
    first_county = std::min(first_county, county_at);
    last_city = std::max(last_city, r.stored_at_ms());
    return true;
  });
  sample.reports = static_cast<double>(lags.size());
  if (lags.size() != at_county || keys.size() != lags.size()) {
    std::fprintf(stderr,
                 "the city holds %zu reports (%zu distinct) of the county's %llu\n",
                 lags.size(), keys.size(), static_cast<unsigned long long>(at_county));
  }
  if (!lags.empty() && last_city > first_county) {
    sample.forwarded_per_s = lags.size() / ((last_city - first_county) / 1000.0);
  }
  sample.lag_max_ms = lags.empty() ? 0 : *std::max_element(lags.begin(), lags.end());
  sample.lag_p50_ms = Percentile(lags, 0.50);
  sample.lag_p99_ms = Percentile(lags, 0.99);
  return sample;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reporting tree: a county forwarding to its city, end to end"};
  Options o;
  o.clients = 8;
  o.urgent_per_event = 20;
  app.add_option("--runs", o.runs, "runs; medians are printed");
  app.add_option("--seconds", o.seconds, "seconds of load a run");
  app.add_option("--clients", o.clients, "clients at the county");
  app.add_option("--window", o.window, "in flight per client (max mode)");
  app.add_option("--report-bytes", o.report_bytes, "bytes a report");
  app.add_option("--modes", o.modes, "offered reports/s, or max")->delimiter(',');
  CLI11_PARSE(app, argc, argv);

  std::printf("| %-26s | %10s | %12s | %8s | %8s | %8s | %9s |\n", "county load",
              "ingest/s", "forwarded/s", "lag p50", "lag p99", "lag max",
              "fwd/ingest");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(28, '-').c_str(),
              std::string(12, '-').c_str(), std::string(14, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(11, '-').c_str());
  for (const std::string& mode : o.modes) {
    const double offered = mode == "max" ? 0 : std::stod(mode);
    std::vector<double> ingest, forwarded, p50, p99, worst;
    for (int run = 0; run < o.runs; ++run) {
      ::sync();
      const Sample s = RunOnce(o, offered);
      ingest.push_back(s.ingest_per_s);
      forwarded.push_back(s.forwarded_per_s);
      p50.push_back(s.lag_p50_ms);
      p99.push_back(s.lag_p99_ms);
      worst.push_back(s.lag_max_ms);
    }
    const std::string what =
        mode == "max" ? "max rate" : mode + "/s offered";
    std::printf("| %-26s | %10.0f | %12.0f | %5.0f ms | %5.0f ms | %5.0f ms | %8.1f%% |\n",
                what.c_str(), Median(ingest), Median(forwarded), Median(p50),
                Median(p99), Median(worst),
                100.0 * Median(forwarded) / std::max(Median(ingest), 1.0));
  }
  std::printf("\n%d clients, urgent reports (20 to an event), %zu bytes, "
              "%.0f s a run, CURVE at both brokers; lag = stored at the city "
              "- stored at the county (ms).\n",
              o.clients, o.report_bytes, o.seconds);
  return 0;
}
