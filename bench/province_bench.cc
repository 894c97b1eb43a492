// The province in miniature (issue 16, item 7): a reporting tree of real
// broker processes on this machine, all with CURVE — 1 province, C cities
// and K counties under each city (by default 4 and 4: 21 brokers). At
// every county, clients of its units send at an offered rate: a share of
// them urgent reports (a 事 and 19 情 to an event, which go up at once, two
// hops to the province), the others general ones (which stay at the
// county). The bench then waits until the province holds every urgent
// report the counties stored and measures, from the province's store:
//   - forwarded reports/s at the province, end to end (from the first
//     county store to the province's last);
//   - lag: each report's time stored at the province minus its time
//     stored at its county (Hop 0; one machine, one clock; ms);
// against the baseline of the same run, the counties' own acks/s (all
// kinds) and their urgent share. It checks at the top: every urgent
// report once (origin broker, unit, key), and per county in the county's
// order. Medians of the runs.
//
//   build/bench/province_bench --runs 3 --seconds 10 --rates 10,50
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include <zmq.hpp>

#include "bench/live_store.h"
#include "bench/submit_load.h"
#include "proto/curve_keys.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using xinbao::bench::Clock;
using xinbao::bench::CurveSetup;
using xinbao::bench::kUnits;
using xinbao::bench::Median;
using xinbao::bench::StoredCount;
using xinbao::bench::Percentile;
using xinbao::testing::BrokerProcess;
using namespace std::chrono_literals;

struct Options {
  int runs = 3;
  double seconds = 10;
  int cities = 4;
  int counties_per_city = 4;
  int clients_per_county = 2;  // the first of them sends urgent reports
  int urgent_clients_per_county = 1;
  std::vector<double> rates = {10, 50};  // reports/s offered at each county
};

// One broker of the tree.
struct Node {
  Node(std::string id_, std::string name_, fs::path dir_, int parent_ = -1)
      : id(std::move(id_)), name(std::move(name_)), dir(std::move(dir_)), parent(parent_) {}

  std::string id;
  std::string name;
  fs::path dir;
  int parent = -1;                // index in the tree; -1: the province
  std::vector<int> children;
  xinbao::CurveKeyPair link_key;  // its key at its parent
  CurveSetup setup;
  std::unique_ptr<BrokerProcess> process;
};

std::string UnitsToml(const std::vector<Node>& tree, const Node& node) {
  std::string text;
  for (const char* unit : kUnits) {
    text += "[[units]]\nid = \"" + std::string(unit) + "\"\nname = \"" + unit +
            "\"\nkind = \"township\"\n";
  }
  for (int child : node.children) {
    text += "[[units]]\nid = \"" + tree[child].id + "\"\nname = \"" +
            tree[child].name + "\"\nkind = \"" +
            (node.parent < 0 ? "city" : "county") + "\"\n";
  }
  return text;
}

// Builds and starts the tree top down: [0] the province, then the cities,
// then the counties (children registered at their parent as role broker
// before it starts).
std::vector<Node> StartTree(const Options& o, const fs::path& dir) {
  std::vector<Node> tree;
  tree.emplace_back("province", "省", dir / "province");
  for (int c = 0; c < o.cities; ++c) {
    const int city = static_cast<int>(tree.size());
    tree.emplace_back("city" + std::to_string(c), "市" + std::to_string(c),
                    dir / ("city" + std::to_string(c)), 0);
    tree[0].children.push_back(city);
    for (int k = 0; k < o.counties_per_city; ++k) {
      const std::string id = "county" + std::to_string(c) + "-" + std::to_string(k);
      tree.emplace_back(id, "县" + std::to_string(c) + "-" + std::to_string(k),
                      dir / id, city);
      tree[city].children.push_back(static_cast<int>(tree.size()) - 1);
    }
  }
  for (Node& node : tree) {
    fs::create_directories(node.dir);
    node.link_key = xinbao::GenerateCurveKeyPair().value();
    (void)xinbao::WriteKeyFiles(node.dir / "link", node.link_key);
  }
  for (Node& node : tree) {
    std::string extra = "[tree]\nid = \"" + node.id + "\"\nname = \"" + node.name +
                        "\"\n" + UnitsToml(tree, node);
    if (node.parent >= 0) {
      const Node& parent = tree[node.parent];
      extra += "[upstream]\nendpoint = \"" + parent.process->endpoint() +
               "\"\nunit = \"" + node.id + "\"\nserver_key_file = \"" +
               (parent.dir / "broker.pub").string() + "\"\nsecret_key_file = \"" +
               (node.dir / "link.key").string() + "\"\n";
    }
    node.setup = CurveSetup::Make(node.dir, extra);
    std::ofstream users(node.dir / "users.toml", std::ios::app);
    for (int child : node.children) {
      users << "[[user]]\nname = \"" << tree[child].id << "-broker\"\nunit = \""
            << tree[child].id << "\"\nrole = \"broker\"\npublic_key = \""
            << tree[child].link_key.public_key << "\"\n";
    }
    users.close();
    node.process = std::make_unique<BrokerProcess>(
        node.dir / "data", "tcp://127.0.0.1:*",
        std::vector<std::string>{"--config", node.setup.config.string()});
  }
  return tree;
}

std::vector<xinbao::v1::Report> Stored(const fs::path& store_dir) {
  std::vector<xinbao::v1::Report> reports;
  xinbao::storage::StoreOptions options;
  options.read_only = true;
  auto store = xinbao::storage::ReportStore::Open(store_dir, options);
  if (!store.ok()) return reports;
  (void)(*store)->ScanSequence(1, UINT64_MAX, [&](const xinbao::v1::Report& r) {
    reports.push_back(r);
    return true;
  });
  return reports;
}

struct Sample {
  double acked_per_s = 0;    // all counties, all kinds (the baseline)
  double urgent_per_s = 0;   // the urgent share of it
  double at_top_per_s = 0;   // at the province, end to end
  double lag_p50 = 0, lag_p99 = 0, lag_max = 0;
  bool exact = true;         // every urgent report once, in county order
};

Sample RunOnce(const Options& o, double rate_per_county) {
  xinbao::testing::TempDir dir;
  std::vector<Node> tree = StartTree(o, dir.path());
  std::vector<int> counties;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    if (tree[i].children.empty() && tree[i].parent > 0) counties.push_back(static_cast<int>(i));
  }
  const int total_clients = static_cast<int>(counties.size()) * o.clients_per_county;
  xinbao::bench::LoadOptions load;
  load.clients = total_clients;
  load.seconds = o.seconds;
  load.urgent_per_event = 20;
  const xinbao::bench::SentTimes sent =
      xinbao::bench::MakeSentTimes(load, rate_per_county * counties.size());

  zmq::context_t context(1);
  std::vector<xinbao::bench::ClientRun> runs(total_clients);
  std::vector<xinbao::bench::LoadOptions> per_county(counties.size(), load);
  std::vector<std::thread> threads;
  const Clock::time_point start = Clock::now() + 2s;
  const Clock::time_point stop =
      start + std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(o.seconds));
  for (std::size_t c = 0; c < counties.size(); ++c) {
    // Client ids are global (event ids and keys differ across counties);
    // the county's first urgent_clients_per_county send urgent reports.
    const int first = static_cast<int>(c) * o.clients_per_county;
    per_county[c].urgent_clients = first + o.urgent_clients_per_county;
    for (int j = 0; j < o.clients_per_county; ++j) {
      const int id = first + j;
      threads.emplace_back([&, c, id] {
        const Node& county = tree[counties[c]];
        xinbao::bench::RunClient(context, county.process->endpoint(), per_county[c], id,
                                 rate_per_county / o.clients_per_county, start, stop,
                                 sent[id].get(), &runs[id], &county.setup.keys);
      });
    }
  }
  for (std::thread& t : threads) t.join();

  // Every urgent report stored at a county goes up: wait for the province.
  uint64_t urgent = 0, acked = 0;
  for (int county : counties) {
    for (const auto& r : Stored(tree[county].dir / "data" / "reports")) {
      ++acked;
      if (r.kind() == xinbao::v1::KIND_URGENT) ++urgent;
    }
  }
  const Clock::time_point deadline = Clock::now() + 180s;
  while (Clock::now() < deadline && StoredCount(tree[0].dir / "data" / "reports") < urgent) {
    std::this_thread::sleep_for(200ms);
  }
  for (auto it = tree.rbegin(); it != tree.rend(); ++it) it->process->Terminate();

  Sample sample;
  sample.acked_per_s = acked / o.seconds;
  sample.urgent_per_s = urgent / o.seconds;
  std::vector<double> lags;
  std::set<std::string> seen;
  std::map<std::string, uint64_t> last_below;
  int64_t first_county = INT64_MAX, last_top = 0;
  for (const auto& r : Stored(tree[0].dir / "data" / "reports")) {
    const auto& way = r.forwarded();
    if (way.hops_size() != 2) sample.exact = false;
    if (way.hops_size() == 0) continue;
    const int64_t county_at = way.hops(0).stored_at_ms();
    lags.push_back(static_cast<double>(r.stored_at_ms() - county_at));
    first_county = std::min(first_county, county_at);
    last_top = std::max(last_top, r.stored_at_ms());
    if (!seen.insert(way.origin_broker() + '/' + way.origin_unit_id() + '/' +
                     r.idempotency_key()).second) {
      sample.exact = false;
    }
    uint64_t& last = last_below[way.origin_broker()];
    if (way.hops(0).sequence() <= last) sample.exact = false;
    last = way.hops(0).sequence();
  }
  if (lags.size() != urgent) {
    std::fprintf(stderr, "the province holds %zu reports of the counties' %llu urgent\n",
                 lags.size(), static_cast<unsigned long long>(urgent));
    sample.exact = false;
  }
  if (!lags.empty() && last_top > first_county) {
    sample.at_top_per_s = lags.size() / ((last_top - first_county) / 1000.0);
  }
  sample.lag_max = lags.empty() ? 0 : *std::max_element(lags.begin(), lags.end());
  sample.lag_p50 = Percentile(lags, 0.50);
  sample.lag_p99 = Percentile(lags, 0.99);
  return sample;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the province in miniature: a reporting tree of real brokers"};
  Options o;
  app.add_option("--runs", o.runs, "runs; medians are printed");
  app.add_option("--seconds", o.seconds, "seconds of load a run");
  app.add_option("--cities", o.cities, "cities under the province");
  app.add_option("--counties", o.counties_per_city, "counties under each city");
  app.add_option("--clients", o.clients_per_county, "clients at each county");
  app.add_option("--urgent-clients", o.urgent_clients_per_county,
                 "of them, how many send urgent reports");
  app.add_option("--rates", o.rates, "reports/s offered at each county")->delimiter(',');
  CLI11_PARSE(app, argc, argv);

  const int counties = o.cities * o.counties_per_city;
  std::printf("| %-22s | %14s | %10s | %14s | %8s | %8s | %8s | %7s |\n",
              "offered at each county", "counties acks/s", "urgent/s",
              "at province/s", "lag p50", "lag p99", "lag max", "exact");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(24, '-').c_str(),
              std::string(16, '-').c_str(), std::string(12, '-').c_str(),
              std::string(16, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(9, '-').c_str());
  for (double rate : o.rates) {
    std::vector<double> acked, urgent, top, p50, p99, worst;
    bool exact = true;
    for (int run = 0; run < o.runs; ++run) {
      ::sync();
      const Sample s = RunOnce(o, rate);
      acked.push_back(s.acked_per_s);
      urgent.push_back(s.urgent_per_s);
      top.push_back(s.at_top_per_s);
      p50.push_back(s.lag_p50);
      p99.push_back(s.lag_p99);
      worst.push_back(s.lag_max);
      exact = exact && s.exact;
    }
    const std::string what = std::to_string(static_cast<int>(rate)) + "/s";
    std::printf("| %-22s | %15.0f | %10.0f | %14.0f | %5.0f ms | %5.0f ms | %5.0f ms | %7s |\n",
                what.c_str(), Median(acked), Median(urgent), Median(top), Median(p50),
                Median(p99), Median(worst), exact ? "yes" : "NO");
  }
  std::printf("\n1 province, %d cities, %d counties (%d brokers), CURVE everywhere; "
              "%d clients a county (%d of them urgent, 20 to an event), 8 units a "
              "county; %.0f s a run, medians of %d; lag = stored at the province - "
              "stored at the county (ms); exact: every urgent report once at the "
              "top, in its county's order, in every run.\n",
              o.cities, counties, 1 + o.cities + counties, o.clients_per_county,
              o.urgent_clients_per_county, o.seconds, o.runs);
  return 0;
}
