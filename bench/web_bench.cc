// Web bench (issue 12, §5): the centre's duty dashboard under load. The
// real broker (CURVE, its embedded defaults and demo keys) takes reports
// at a fixed offered rate (or as fast as it can) from client threads as
// in ingest_bench; in the rows "with dashboards" the real `xinbao centre`
// process follows the broker's live feed and streams it (/api/stream,
// Server-Sent Events) to `--light-clients` light clients (cpp-httplib, in
// this process, each signed in as the duty officer) and to one real page
// of headless Chromium signed in on the board, which records when each
// report arrives on its stream and when its row is in the DOM. Rows with
// and without dashboards alternate run by run in one invocation; medians
// of `--runs` runs are printed, and ingest with dashboards as a share of
// ingest without.
//
//   build/bench/web_bench --modes 2000 --seconds 10 --runs 3
//
// Submit-to-screen latency: page time (performance.timeOrigin + now()) −
// the request's scheduled send time in this process, both on this
// machine's wall clock. The browser part needs the tests' WebDriver
// harness (built with the tests) and /usr/bin/chromedriver; without them
// it is skipped with a message and the rest runs.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "bench/load_flags.h"
#include "bench/proc_cpu.h"
#include "bench/sse_reader.h"
#include "bench/submit_load.h"
#include "proto/curve_keys.h"
#include "tests/integration/broker_process.h"
#include "tests/support/temp_dir.h"
#include "tests/web/demo_logins.h"
#include "tests/web/web_face_process.h"
#ifdef XINBAO_WEB_BENCH_BROWSER
#include "bench/page_probe.h"
#endif

namespace {

namespace fs = std::filesystem;
using namespace xinbao::bench;
using namespace std::chrono_literals;

struct Options : LoadOptions {
  Options() { seconds = 10; }
  int runs = 3;
  std::vector<std::string> modes = {"2000"};
  // One row with dashboards per count (the browser page in each).
  std::vector<int> light_counts = {50};
  bool browser = true;
  // All light clients on one session instead of one sign-in each.
  bool shared_session = false;
  // After the last send: how long at most to wait for the dashboards to
  // catch up (the page can lag by many seconds; what has not arrived by
  // then is missing from its figures: "got" below 100%).
  double drain_seconds = 60;
  std::string login = "zhiban";  // the demo's duty officer (a monitor)
};

// Whether this build and machine can run the browser page, and if not why.
std::string BrowserMissing(const Options& o) {
  if (!o.browser) return "--no-browser";
#ifdef XINBAO_WEB_BENCH_BROWSER
  if (!PageProbe::Available()) return "no /usr/bin/chromedriver";
  return "";
#else
  return "built without the tests (XINBAO_BUILD_TESTS=OFF): no WebDriver harness";
#endif
}

struct Sample {
  double rate = 0;  // acks/s within the window
  double ack_p50 = 0, ack_p99 = 0, ack_max = 0;
  double acked = 0;  // every report acknowledged (window and after)
  // The browser page: submit to its stream, to the DOM, to the next frame.
  double page_p50 = 0, page_p99 = 0, dom_p50 = 0, dom_p99 = 0;
  double frame_p50 = 0, frame_p99 = 0;
  double page_got = 0, dom_got = 0;  // % of the acknowledged reports
  double page_reconnects = 0;
  // The light clients.
  double light_p50 = 0, light_p99 = 0;
  double light_min_got = 0, light_median_got = 0;  // % of acknowledged
  double light_complete = 0;  // clients that got every report
  double light_cuts = 0;      // streams cut, all clients together
  double batches_per_s = 0;   // "batch" events a stream carried (median client)
  double fresh_boards = 0;    // "board" events after the first (median
                              // client): the relay re-synced after a gap
  double stream_kib_per_s = 0;  // bytes a stream carried (median client)
  // CPU during the window, % of one core; machine: % of all cores.
  double cpu_broker = 0, cpu_centre = 0, cpu_browser = 0, cpu_bench = 0;
  double cpu_machine = 0;
  double cpu_others = 0;  // the rest of the machine (other sessions, kernel)
  // The page's own work (kPageWork): ms per call, and the % of the time
  // from its first call to its last spent in it.
  double work_ms[4] = {}, work_share[4] = {};
  // 1 when a new stream did not open after the run: the centre stopped
  // serving pages (summed over runs, not a median).
  double centre_stuck = 0;
  // 1 when a max-rate run sent every request it had pre-encoded: its rate
  // is the bench's ceiling, not the broker's (summed over runs).
  double capped = 0;
};

// The page's functions whose time the probe adds up.
constexpr const char* kPageWork[] = {"JSON.parse", "applyBatch", "renderBoard",
                                     "renderStrip"};

constexpr double Sample::*kFields[] = {
    &Sample::rate,           &Sample::ack_p50,        &Sample::ack_p99,
    &Sample::ack_max,        &Sample::acked,          &Sample::page_p50,
    &Sample::page_p99,       &Sample::dom_p50,        &Sample::dom_p99,
    &Sample::frame_p50,      &Sample::frame_p99,      &Sample::page_got,
    &Sample::dom_got,        &Sample::page_reconnects, &Sample::light_p50,
    &Sample::light_p99,      &Sample::light_min_got,  &Sample::light_median_got,
    &Sample::light_complete, &Sample::light_cuts,     &Sample::batches_per_s,
    &Sample::fresh_boards,
    &Sample::stream_kib_per_s, &Sample::cpu_broker,
    &Sample::cpu_centre,     &Sample::cpu_browser,    &Sample::cpu_bench,
    &Sample::cpu_machine,    &Sample::cpu_others};

Sample Median(const std::vector<Sample>& runs) {
  Sample median;
  for (double Sample::*field : kFields) {
    std::vector<double> v;
    for (const Sample& s : runs) v.push_back(s.*field);
    std::sort(v.begin(), v.end());
    median.*field = v.empty() ? 0 : v[v.size() / 2];
  }
  for (int w = 0; w < 4; ++w) {
    std::vector<double> ms, share;
    for (const Sample& s : runs) {
      ms.push_back(s.work_ms[w]);
      share.push_back(s.work_share[w]);
    }
    median.work_ms[w] = Percentile(ms, 0.5);
    median.work_share[w] = Percentile(share, 0.5);
  }
  return median;
}

SubmitKeys DemoKeys(const fs::path& keys_dir) {
  SubmitKeys keys;
  keys.server_public_key =
      xinbao::ReadKeyFile(keys_dir / "broker.key").value().public_key;
  for (const char* unit : kUnits) {
    keys.units.push_back(
        xinbao::ReadKeyFile(keys_dir / (std::string(unit) + ".key")).value());
  }
  return keys;
}


// CPU counters read at the start and at the end of the window.
struct CpuMark {
  int64_t broker = 0, centre = 0, browser = 0, bench = 0;
  MachineCpu machine;
};

// One run of one row. `light`: light clients (with dashboards).
Sample RunOnce(const Options& o, double offered_total, bool dashboards,
               int light, const std::string& browser_missing) {
  xinbao::testing::TempDir dir;
  const fs::path data = dir / "data";
  // The embedded defaults: CURVE, demo keys under <data>/keys.
  xinbao::testing::BrokerProcess broker(data);
  const fs::path keys_dir = data / "keys";
  const SubmitKeys keys = DemoKeys(keys_dir);
  SentTimes sent = MakeSentTimes(o, offered_total);

  std::unique_ptr<xinbao::testing::WebFaceProcess> centre;
  int port = 0;
  std::vector<std::string> cookies(light);
  std::vector<std::unique_ptr<SseReader>> readers;
#ifdef XINBAO_WEB_BENCH_BROWSER
  std::unique_ptr<PageProbe> page;
#endif
  if (dashboards) {
    const fs::path state = dir / "centre";
    centre = std::make_unique<xinbao::testing::WebFaceProcess>(
        std::vector<std::string>{
            xinbao::testing::CliBinary(), "--key-file",
            (keys_dir / "centre-web.key").string(), "--server-key",
            (keys_dir / "broker.pub").string(), "--endpoint", broker.endpoint(),
            "--query-endpoint", broker.query_endpoint(), "--feed-endpoint",
            broker.feed_endpoint(), "centre", "--listen", "127.0.0.1:0",
            "--state", state.string()});
    port = std::stoi(centre->url().substr(centre->url().rfind(':') + 1));
    // Let the relay take its first snapshot and publish its first board
    // and link before any page attaches: a page attaching while the relay
    // publishes can deadlock the centre (FeedRelay::Run publishes holding
    // its lock; EventStream::Serve asks the relay for the board holding the
    // stream's lock). Once it is quiet nothing is published until reports
    // come.
    std::this_thread::sleep_for(2s);
    const std::string password = xinbao::testing::DemoPassword(state, o.login);
    // Each light client signs in (a password check each), or all share
    // one session. A few at a time, and a stream at a time: the web
    // server's listen backlog is 5 (cpp-httplib's default), and a burst of
    // 50 connections loses some in the kernel's accept queue.
    std::vector<std::string> errors(light);
    constexpr int kAtOnce = 4;
    for (int first = 0; first < light; first += kAtOnce) {
      std::vector<std::thread> signing;
      for (int i = first; i < std::min(light, first + kAtOnce); ++i) {
        if (o.shared_session && i > 0) break;
        signing.emplace_back([&, i] {
          for (int attempt = 0; attempt < 3 && cookies[i].empty(); ++attempt) {
            std::optional<std::string> cookie =
                SignInToWebFace(port, o.login, password, &errors[i]);
            if (cookie) cookies[i] = *cookie;
          }
        });
      }
      for (auto& t : signing) t.join();
    }
    for (int i = 0; i < light; ++i) {
      if (o.shared_session) cookies[i] = cookies[0];
      if (cookies[i].empty()) {
        throw std::runtime_error("light client " + std::to_string(i) + ": " +
                                 errors[o.shared_session ? 0 : i]);
      }
      readers.push_back(std::make_unique<SseReader>(port, cookies[i], &sent));
      const auto deadline = Clock::now() + 30s;
      while (!readers.back()->attached()) {
        if (Clock::now() > deadline) {
          throw std::runtime_error("light client " + std::to_string(i) +
                                   ": its stream did not open");
        }
        std::this_thread::sleep_for(5ms);
      }
    }
#ifdef XINBAO_WEB_BENCH_BROWSER
    if (browser_missing.empty()) {
      page = std::make_unique<PageProbe>(centre->url(), o.login, password);
    }
#else
    (void)browser_missing;
#endif
  }

  zmq::context_t context(2);
  const auto start = Clock::now() + 3s;  // time to pre-encode
  const auto stop = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(o.seconds));
  // The wall clock of a steady-clock instant: the page's times are wall.
  const double wall_ref_ms =
      std::chrono::duration<double, std::milli>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  const int64_t steady_ref_ns = Nanos(Clock::now());
  auto sent_wall_ms = [&](int64_t ns) {
    return wall_ref_ms + (ns - steady_ref_ns) / 1e6;
  };
  (void)sent_wall_ms;  // used by the browser part only

  std::vector<ClientRun> clients(o.clients);
  std::vector<std::thread> threads;
  for (int c = 0; c < o.clients; ++c) {
    threads.emplace_back(RunClient, std::ref(context), broker.endpoint(),
                         std::cref<LoadOptions>(o), c, offered_total / o.clients,
                         start, stop, sent[c].get(), &clients[c], &keys);
  }
  auto mark = [&] {
    CpuMark m;
    m.broker = ProcessCpuTicks(broker.pid());
    if (centre) m.centre = ProcessCpuTicks(centre->pid());
#ifdef XINBAO_WEB_BENCH_BROWSER
    if (page) m.browser = TreeCpuTicks(page->driver_pid());
#endif
    m.bench = ProcessCpuTicks(::getpid());
    m.machine = MachineCpuTicks();
    return m;
  };
  std::this_thread::sleep_until(start);
  const CpuMark before = mark();
  std::this_thread::sleep_until(stop);
  const CpuMark after = mark();
  for (auto& t : threads) t.join();

  Sample s;
  std::vector<double> acks;
  int64_t in_window = 0;
  for (const ClientRun& client : clients) {
    acks.insert(acks.end(), client.latencies_ms.begin(), client.latencies_ms.end());
    in_window += client.acked_in_window;
  }
  const int64_t acked = static_cast<int64_t>(acks.size());
  if (offered_total == 0 && acked >= Budget(o, 0) * o.clients) {
    s.capped = 1;  // every pre-encoded request went: the rate is the bench's
  }
  s.rate = in_window / o.seconds;
  s.acked = static_cast<double>(acked);
  s.ack_max = acks.empty() ? 0 : *std::max_element(acks.begin(), acks.end());
  s.ack_p50 = Percentile(acks, 0.50);
  s.ack_p99 = Percentile(acks, 0.99);
  const double window_ticks = TicksPerSecond() * o.seconds / 100.0;  // 1%
  s.cpu_broker = (after.broker - before.broker) / window_ticks;
  s.cpu_centre = (after.centre - before.centre) / window_ticks;
  s.cpu_browser = (after.browser - before.browser) / window_ticks;
  s.cpu_bench = (after.bench - before.bench) / window_ticks;
  s.cpu_machine = 100.0 * (after.machine.busy - before.machine.busy) /
                  std::max<int64_t>(1, after.machine.total - before.machine.total);
  s.cpu_others = std::max(0.0, s.cpu_machine * std::thread::hardware_concurrency() -
                                   s.cpu_broker - s.cpu_centre - s.cpu_browser -
                                   s.cpu_bench);
  if (!dashboards) return s;

  // Let the dashboards catch up with every acknowledged report.
  const auto drain_until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(o.drain_seconds));
  while (Clock::now() < drain_until) {
    bool done = std::all_of(readers.begin(), readers.end(),
                            [&](const auto& r) { return r->reports() >= acked; });
#ifdef XINBAO_WEB_BENCH_BROWSER
    if (done && page) done = page->StreamCount() >= acked;
#endif
    if (done) break;
    std::this_thread::sleep_for(100ms);
  }
  auto got = [&](double count) { return acked > 0 ? 100.0 * count / acked : 0; };
#ifdef XINBAO_WEB_BENCH_BROWSER
  if (page) {
    const PageRecord record = page->Collect();
    auto latencies = [&](const std::vector<PageArrival>& arrivals) {
      std::vector<double> v;
      for (const PageArrival& a : arrivals) {
        if (a.client < 0 || a.client >= o.clients) continue;
        const int64_t ns = sent[a.client][a.n].load();
        if (ns != 0) v.push_back(a.wall_ms - sent_wall_ms(ns));
      }
      return v;
    };
    std::vector<double> stream = latencies(record.stream);
    std::vector<double> dom = latencies(record.dom);
    std::vector<double> frame = latencies(record.frame);
    s.page_p50 = Percentile(stream, 0.50);
    s.page_p99 = Percentile(stream, 0.99);
    s.dom_p50 = Percentile(dom, 0.50);
    s.dom_p99 = Percentile(dom, 0.99);
    s.frame_p50 = Percentile(frame, 0.50);
    s.frame_p99 = Percentile(frame, 0.99);
    s.page_got = got(static_cast<double>(record.stream.size()));
    s.dom_got = got(static_cast<double>(record.dom.size()));
    s.page_reconnects = static_cast<double>(record.boards - 1);
    for (const PageWork& work : record.work) {
      for (int w = 0; w < 4; ++w) {
        if (work.name != kPageWork[w] || work.calls == 0) continue;
        s.work_ms[w] = work.ms / work.calls;
        // Busy share from its first call to its last (the page works
        // through its backlog after the window too).
        s.work_share[w] = work.span_ms > 0 ? 100.0 * work.ms / work.span_ms : 0;
      }
    }
    page.reset();  // Chromium and chromedriver go now
  }
#endif
  std::vector<double> light_latencies, light_got, batches, kib, boards;
  for (auto& reader : readers) {
    reader->Stop();
    const StreamTally& tally = reader->tally();
    // Over the window: every batch comes within it or the drain after.
    batches.push_back(tally.batches / o.seconds);
    kib.push_back(tally.bytes / 1024.0 / o.seconds);
    boards.push_back(static_cast<double>(tally.boards - 1 - tally.cuts));
    light_latencies.insert(light_latencies.end(), tally.latencies_ms.begin(),
                           tally.latencies_ms.end());
    light_got.push_back(got(static_cast<double>(tally.reports)));
    if (tally.reports >= acked) ++s.light_complete;
    s.light_cuts += static_cast<double>(tally.cuts);
  }
  s.light_p50 = Percentile(light_latencies, 0.50);
  s.light_p99 = Percentile(light_latencies, 0.99);
  if (!light_got.empty()) {
    std::sort(light_got.begin(), light_got.end());
    s.light_min_got = light_got.front();
    s.light_median_got = light_got[light_got.size() / 2];
    s.batches_per_s = Percentile(batches, 0.5);
    s.stream_kib_per_s = Percentile(kib, 0.5);
    s.fresh_boards = Percentile(boards, 0.5);
  }
  readers.clear();
  if (!cookies.empty() && !StreamOpens(port, cookies[0], 5s)) {
    s.centre_stuck = 1;
    std::fprintf(stderr, "the centre no longer opens a stream (stuck)\n");
  }
  centre.reset();
  return s;
}

struct Row {
  std::string mode;
  bool dashboards = false;
  int light = 0;
  std::vector<Sample> runs;

  std::string Name(bool browser) const {
    std::string name = mode == "max" ? "max rate" : mode + "/s";
    if (!dashboards) return name + ", no centre";
    return name + ", centre + " + std::to_string(light) + " streams" +
           (browser ? " + 1 page" : "");
  }
};

std::string Dashes(const std::vector<int>& widths) {
  std::string line = "|";
  for (int w : widths) line += std::string(w + 2, '-') + "|";
  return line + "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xinbao web bench: the centre's dashboard streams under load"};
  Options o;
  AddLoadFlags(app, o);
  app.add_option("--runs", o.runs, "runs per row; medians are printed");
  app.add_option("--modes", o.modes, "\"max\" or an offered total rate per second");
  app.add_option("--light-clients", o.light_counts,
                 "light stream clients, one row with dashboards per count");
  app.add_flag("!--no-browser", o.browser, "leave out the browser page");
  app.add_flag("--shared-session", o.shared_session,
               "light clients share one session (default: each signs in)");
  app.add_option("--drain-seconds", o.drain_seconds,
                 "how long the dashboards may take to catch up after the window");
  app.add_option("--urgent-clients", o.urgent_clients,
                 "with --urgent-per-event: how many clients send urgent reports "
                 "(default: all)");
  CLI11_PARSE(app, argc, argv);

  const std::string browser_missing = BrowserMissing(o);
  const bool browser = browser_missing.empty();
  const int urgent = o.urgent_per_event > 0
                         ? o.urgent_clients.value_or(o.clients)
                         : 0;
  std::printf(
      "xinbao web: CURVE (broker's embedded defaults, demo keys), %d clients, "
      "%zu-byte requests, %s, %.0f s per run, median of %d runs; light "
      "clients %s\n",
      o.clients, o.report_bytes,
      urgent == 0 ? "general reports"
                  : (std::to_string(urgent) + " of the clients urgent (a new event every " +
                     std::to_string(o.urgent_per_event) + ")")
                        .c_str(),
      o.seconds, o.runs,
      o.shared_session ? "share one session" : "each signed in (own session)");
  if (!browser) {
    std::printf("browser page skipped: %s\n", browser_missing.c_str());
  }
  std::printf("\n");
  std::fflush(stdout);

  std::vector<Row> rows;
  for (const std::string& mode : o.modes) {
    rows.push_back({mode, false, 0, {}});
    for (int light : o.light_counts) rows.push_back({mode, true, light, {}});
  }
  try {
    for (int run = 0; run < o.runs; ++run) {
      // Alternate the order run by run, so drift hits both alike.
      std::vector<Row*> order;
      for (Row& row : rows) order.push_back(&row);
      if (run % 2 == 1) std::reverse(order.begin(), order.end());
      for (Row* row : order) {
        ::sync();
        const double offered = row->mode == "max" ? 0 : std::stod(row->mode);
        row->runs.push_back(
            RunOnce(o, offered, row->dashboards, row->light, browser_missing));
        const Sample& s = row->runs.back();
        std::fprintf(stderr,
                     "run %d, %s: %.0f acks/s, ack p99 %.2f ms, page p50/p99 "
                     "%.1f/%.1f ms, DOM p50/p99 %.1f/%.1f ms, light min %.1f%%\n",
                     run + 1, row->Name(browser).c_str(), s.rate, s.ack_p99,
                     s.page_p50, s.page_p99, s.dom_p50, s.dom_p99, s.light_min_got);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "web_bench: %s\n", e.what());
    return 1;
  }

  // Ingest.
  std::printf("| %-44s | %8s | %7s | %7s | %7s | %10s |\n", "what", "acks/s",
              "ack p50", "ack p99", "ack max", "vs without");
  std::printf("%s", Dashes({44, 8, 7, 7, 7, 10}).c_str());
  for (const Row& row : rows) {
    const Sample m = Median(row.runs);
    double base = 0;
    for (const Row& other : rows) {
      if (other.mode == row.mode && !other.dashboards) base = Median(other.runs).rate;
    }
    std::printf("| %-44s | %8.0f | %7.2f | %7.2f | %7.2f | %9.1f%% |\n",
                row.Name(browser).c_str(), m.rate, m.ack_p50, m.ack_p99,
                m.ack_max, base > 0 ? 100.0 * m.rate / base : 0);
  }
  // The dashboards.
  std::printf("\nsubmit to screen (ms; page: its stream / row in the DOM / next frame; "
              "got: %% of acknowledged reports)\n");
  std::printf("| %-44s | %15s | %15s | %15s | %14s | %13s | %17s | %9s | %9s | %6s |\n", "what",
              "page p50/p99", "DOM p50/p99", "frame p50/p99", "page got s/DOM",
              "light p50/p99", "light got min/med", "batches/s", "cuts l/p", "boards");
  std::printf("%s", Dashes({44, 15, 15, 15, 14, 13, 17, 9, 9, 6}).c_str());
  auto pair = [](double a, double b, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f / %.*f", decimals, a, decimals, b);
    return std::string(text);
  };
  for (const Row& row : rows) {
    if (!row.dashboards) continue;
    const Sample m = Median(row.runs);
    std::printf("| %-44s | %15s | %15s | %15s | %14s | %13s | %17s | %9.0f | %9s | %6.0f |\n",
                row.Name(browser).c_str(),
                browser ? pair(m.page_p50, m.page_p99, 1).c_str() : "-",
                browser ? pair(m.dom_p50, m.dom_p99, 1).c_str() : "-",
                browser ? pair(m.frame_p50, m.frame_p99, 1).c_str() : "-",
                browser ? pair(m.page_got, m.dom_got, 0).c_str() : "-",
                pair(m.light_p50, m.light_p99, 1).c_str(),
                pair(m.light_min_got, m.light_median_got, 1).c_str(),
                m.batches_per_s, pair(m.light_cuts, m.page_reconnects, 0).c_str(),
                m.fresh_boards);
  }
  // Where the CPU went.
  std::printf("\nCPU during the window (%% of one core; machine: busy %% of both "
              "cores, every process on it)\n");
  std::printf("| %-44s | %6s | %6s | %8s | %6s | %6s | %7s |\n", "what", "broker",
              "centre", "chromium", "bench", "others", "machine");
  std::printf("%s", Dashes({44, 6, 6, 8, 6, 6, 7}).c_str());
  for (const Row& row : rows) {
    const Sample m = Median(row.runs);
    std::printf("| %-44s | %6.1f | %6.1f | %8.1f | %6.1f | %6.1f | %7.1f |\n",
                row.Name(browser).c_str(), m.cpu_broker, m.cpu_centre,
                m.cpu_browser, m.cpu_bench, m.cpu_others, m.cpu_machine);
  }
  if (browser) {
    std::printf("\nthe page's own script (ms per call / %% of the time from its "
                "first call to its last; style, layout and paint not included)\n");
    std::printf("| %-44s |", "what");
    for (const char* name : kPageWork) std::printf(" %-18s |", name);
    std::printf("\n%s", Dashes({44, 18, 18, 18, 18}).c_str());
    for (const Row& row : rows) {
      if (!row.dashboards) continue;
      const Sample m = Median(row.runs);
      std::printf("| %-44s |", row.Name(browser).c_str());
      for (int w = 0; w < 4; ++w) {
        std::printf(" %18s |", pair(m.work_ms[w], m.work_share[w], 2).c_str());
      }
      std::printf("\n");
    }
  }
  // Runs whose figures do not mean what the table says.
  for (const Row& row : rows) {
    double capped = 0, stuck = 0;
    for (const Sample& run : row.runs) {
      capped += run.capped;
      stuck += run.centre_stuck;
    }
    if (capped > 0) {
      std::printf("\n%s: in %.0f of %zu runs every pre-encoded request (%lld) "
                  "went: the rate is the bench's ceiling; use a shorter --seconds\n",
                  row.Name(browser).c_str(), capped, row.runs.size(),
                  static_cast<long long>(Budget(o, 0) * o.clients));
    }
    if (stuck > 0) {
      std::printf("\n%s: in %.0f of %zu runs the centre no longer opened a "
                  "new stream after the run (stuck)\n",
                  row.Name(browser).c_str(), stuck, row.runs.size());
    }
  }
  std::printf(
      "\nlight got: reports each light client received of those acknowledged "
      "(min / median over clients); batches/s: \"batch\" events per second on a "
      "stream; cuts l/p: light clients' streams cut / the page's probe "
      "reconnects; boards: fresh boards a light client got besides its first "
      "(the centre re-synced after a gap in the feed). The page lists the latest 60 reports only: DOM "
      "got is below 100%% when a batch brings more.\n");
  return 0;
}
