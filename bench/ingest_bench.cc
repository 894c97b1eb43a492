// Ingest benchmark: acknowledged reports/s and ack latency of the real
// xinbao-broker process, against two baselines measured in the same run:
// raw RocksDB synced WriteBatches of the same encoded records (no network,
// no validation, no indexes), and the bare loop (bench/bare_loop.h) — the
// same clients over the same transport to a ROUTER that writes each group
// as one synced batch and acks it, nothing more (with --curve also as a
// CURVE server). Prints a table of medians over several runs and the
// broker's rate as a share of the bare loop's.
//
//   build/bench/ingest_bench --clients 16 --report-bytes 1024 --runs 3
//
// Modes: "max" keeps `window` requests in flight per client (closed loop);
// a number is an offered total rate (open loop, paced per client); latency
// is measured from the scheduled send time, so a stall is not hidden.
#include <CLI/CLI.hpp>
#include <unistd.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench/bare_loop.h"
#include "bench/load_flags.h"
#include "bench/nats_peer.h"
#include "bench/proc_cpu.h"
#include "bench/submit_load.h"
#include "proto/curve_keys.h"
#include "tests/integration/broker_process.h"
#include "tests/support/temp_dir.h"
#include "xinbao/v1/feed.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace {

using xinbao::bench::Clock;
using xinbao::bench::CurveSetup;
using xinbao::bench::Nanos;
using xinbao::bench::Percentile;
using xinbao::bench::SentTimes;
using xinbao::bench::kUnits;
using namespace std::chrono_literals;

// clients, window, report_bytes, seconds, urgent_per_event: LoadOptions.
struct Options : xinbao::bench::LoadOptions {
  int runs = 3;
  std::vector<std::string> modes = {"max", "10000"};
  // Live-feed subscribers (each a SUB reading every report item), run in
  // turn for each count; 0 = none.
  std::vector<int> subscriber_counts = {0};
  // The subscribers connect and subscribe to everything, then never read:
  // a stalled monitor. The broker must drop for them, not slow down.
  bool stalled = false;
  // What the (reading) subscribers subscribe to: "b." the bundles, as
  // xinbao's own monitors do, or "r." one message per report item.
  std::string feed_topic = "b.";
  // Also run every row without subscribers with CURVE on (and compare).
  bool curve = false;
  // "key=value" lines for the broker's [fairness] table (all rows); none:
  // the embedded defaults.
  std::vector<std::string> fairness;
  // The insecure rows' config file when `fairness` is set.
  std::filesystem::path insecure_config;
  // Another xinbao-broker binary: every broker row is run with it too, the
  // two interleaved run by run, and compared (two builds, one sitting).
  std::string against;
  // Only the broker's rows: no raw RocksDB, bare loop or NATS rows.
  bool broker_only = false;
};

struct Sample {
  double rate = 0;  // acknowledged (or written) records per second
  double p50_ms = 0, p99_ms = 0, max_ms = 0, p999_ms = 0;
  // Submit-to-subscriber latency of report items (with subscribers).
  double feed_p50_ms = 0, feed_p99_ms = 0;
  // CPU the broker process used in the measured window (all its threads:
  // CURVE, parsing, the writer, the feed), in µs per acknowledged report;
  // 0 where there is no separate process (the bare loop, NATS). Steadier
  // than the rate between runs, so the column to compare two builds by.
  double server_us_per_ack = 0;
  // CPU both processes used in the window — this one (the clients; the
  // bare loop too, which runs here) and the broker's — in µs per report
  // acknowledged. Beside server_us_per_ack it splits a row's cost into the
  // server's and the clients', which is the same for every server. (Taken
  // from the processes' own times, not /proc/stat's busy ticks: those are
  // sampled at the timer tick and miss most of a paced run's short bursts.)
  double total_us_per_ack = 0;
  // server_us_per_ack by the broker's threads (grouped: "ZMQ I/O" for
  // libzmq's, "RocksDB" for its flushes and compactions).
  std::map<std::string, double> thread_us_per_ack;
};

// The group a broker thread's CPU is shown under.
std::string ThreadGroup(const std::string& name) {
  if (name.starts_with("ZMQbg")) return "ZMQ I/O";
  if (name.starts_with("rocksdb")) return "RocksDB";
  return name;
}

Sample Summarize(std::vector<double> latencies_ms, double rate) {
  Sample s;
  s.rate = rate;
  s.p50_ms = Percentile(latencies_ms, 0.50);
  s.p99_ms = Percentile(latencies_ms, 0.99);
  s.p999_ms = Percentile(latencies_ms, 0.999);
  s.max_ms = latencies_ms.empty()
                 ? 0
                 : *std::max_element(latencies_ms.begin(), latencies_ms.end());
  return s;
}

// One live-feed subscriber: until `stop` (+ drain), records for every
// report item the time since its request was sent.
// With `keys`, as the CURVE monitor of keys->monitor.
void RunSubscriber(zmq::context_t& context, const std::string& endpoint,
                   const std::string& topic, const SentTimes& sent_ns,
                   Clock::time_point stop, const xinbao::bench::SubmitKeys* keys,
                   std::vector<double>* latencies) {
  zmq::socket_t sub(context, zmq::socket_type::sub);
  if (keys != nullptr) {
    sub.set(zmq::sockopt::curve_serverkey, keys->server_public_key);
    sub.set(zmq::sockopt::curve_publickey, keys->monitor.public_key);
    sub.set(zmq::sockopt::curve_secretkey, keys->monitor.secret_key);
  }
  sub.set(zmq::sockopt::linger, 0);
  sub.set(zmq::sockopt::rcvhwm, 0);
  sub.set(zmq::sockopt::subscribe, topic);
  sub.connect(endpoint);
  xinbao::v1::FeedItem item;
  xinbao::v1::FeedItems bundle;
  // Parse one message in kSampleEvery for its latency: ten subscribers
  // parsing every item would measure this process's CPU, on the same two
  // cores as the broker, more than the broker's.
  constexpr int kSampleEvery = 8;
  int64_t received = 0;
  auto record = [&](const xinbao::v1::FeedItem& got_item, int64_t got) {
    if (!got_item.has_report()) return;
    int client = 0;
    int64_t n = 0;
    if (xinbao::bench::TitleTag(got_item.report().title(), &client, &n)) {
      const int64_t sent = sent_ns[client][n].load(std::memory_order_relaxed);
      if (sent != 0) latencies->push_back((got - sent) / 1e6);
    }
  };
  while (Clock::now() < stop + 2s) {
    zmq::pollitem_t poll_item{sub.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&poll_item, 1, 100ms) == 0) continue;
    std::vector<zmq::message_t> frames;
    while (zmq::recv_multipart(sub, std::back_inserter(frames),
                               zmq::recv_flags::dontwait)) {
      const auto got = Nanos(Clock::now());
      if (frames.size() == 2 && received++ % kSampleEvery == 0) {
        const int size = static_cast<int>(frames[1].size());
        if (frames[0].to_string_view() == "b.") {
          if (bundle.ParseFromArray(frames[1].data(), size)) {
            for (const auto& one : bundle.items()) record(one, got);
          }
        } else if (item.ParseFromArray(frames[1].data(), size)) {
          record(item, got);
        }
      }
      frames.clear();
    }
  }
}

// The clients (and `subscribers` readers of `feed_endpoint`) against
// `endpoint` for one run.
Sample Load(const Options& o, const std::string& endpoint,
            const std::string& feed_endpoint, double offered_total, int subscribers,
            const xinbao::bench::SubmitKeys* keys, pid_t server_pid = 0) {
  zmq::context_t context(2);
  // Time to pre-encode: up to 750,000 requests at max rate (Budget), about
  // 2 s of both cores.
  const auto start = Clock::now() + 3s;
  const auto stop = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(o.seconds));
  SentTimes sent_ns = xinbao::bench::MakeSentTimes(o, offered_total);
  std::vector<std::vector<double>> feed_latencies(subscribers);
  std::vector<std::thread> readers;
  std::vector<zmq::socket_t> stalled;
  for (int s = 0; s < subscribers; ++s) {
    if (o.stalled) {
      zmq::socket_t& sub = stalled.emplace_back(context, zmq::socket_type::sub);
      sub.set(zmq::sockopt::linger, 0);
      sub.set(zmq::sockopt::rcvhwm, 100);
      sub.set(zmq::sockopt::subscribe, "");
      sub.connect(feed_endpoint);
      continue;
    }
    readers.emplace_back(RunSubscriber, std::ref(context), feed_endpoint,
                         std::cref(o.feed_topic), std::cref(sent_ns), stop,
                         keys, &feed_latencies[s]);
  }
  std::vector<xinbao::bench::ClientRun> clients(o.clients);
  std::vector<std::thread> threads;
  for (int c = 0; c < o.clients; ++c) {
    threads.emplace_back(xinbao::bench::RunClient, std::ref(context), endpoint,
                         std::cref<xinbao::bench::LoadOptions>(o), c,
                         offered_total / o.clients, start, stop,
                         sent_ns[c].get(), &clients[c], keys);
  }
  int64_t server_ticks = 0, total_ticks = 0;
  std::map<std::string, int64_t> thread_ticks;
  std::thread cpu_watch([&] {
    std::this_thread::sleep_until(start);
    const int64_t server_before =
        server_pid != 0 ? xinbao::bench::ProcessCpuTicks(server_pid) : 0;
    std::map<std::string, int64_t> threads_before;
    if (server_pid != 0) threads_before = xinbao::bench::ThreadCpuTicks(server_pid);
    const int64_t own_before = xinbao::bench::ProcessCpuTicks(::getpid());
    std::this_thread::sleep_until(stop);
    total_ticks = xinbao::bench::ProcessCpuTicks(::getpid()) - own_before;
    if (server_pid != 0) {
      server_ticks = xinbao::bench::ProcessCpuTicks(server_pid) - server_before;
      total_ticks += server_ticks;
      for (const auto& [name, ticks] : xinbao::bench::ThreadCpuTicks(server_pid)) {
        thread_ticks[ThreadGroup(name)] += ticks - threads_before[name];
      }
    }
  });
  for (auto& t : threads) t.join();
  cpu_watch.join();
  for (auto& t : readers) t.join();
  std::vector<double> all;
  int64_t total = 0;
  for (const xinbao::bench::ClientRun& client : clients) {
    all.insert(all.end(), client.latencies_ms.begin(), client.latencies_ms.end());
    total += client.acked_in_window;
  }
  Sample sample = Summarize(std::move(all), total / o.seconds);
  if (total > 0) {
    const double us_per_tick = 1e6 / xinbao::bench::TicksPerSecond();
    sample.server_us_per_ack = server_ticks * us_per_tick / static_cast<double>(total);
    sample.total_us_per_ack = total_ticks * us_per_tick / static_cast<double>(total);
    for (const auto& [group, ticks] : thread_ticks) {
      sample.thread_us_per_ack[group] = ticks * us_per_tick / static_cast<double>(total);
    }
  }
  std::vector<double> feed;
  for (const auto& one : feed_latencies) {
    feed.insert(feed.end(), one.begin(), one.end());
  }
  sample.feed_p50_ms = Percentile(feed, 0.50);
  sample.feed_p99_ms = Percentile(feed, 0.99);
  return sample;
}

Sample RunBroker(const Options& o, double offered_total, int subscribers,
                 const CurveSetup* curve) {
  xinbao::testing::TempDir dir;
  xinbao::testing::BrokerProcess broker(
      dir / "data", "tcp://127.0.0.1:*",
      curve != nullptr
          ? std::vector<std::string>{"--config", curve->config.string()}
      : o.insecure_config.empty()
          ? std::vector<std::string>{"--insecure"}
          : std::vector<std::string>{"--config", o.insecure_config.string()});
  return Load(o, broker.endpoint(), broker.feed_endpoint(), offered_total, subscribers,
              curve != nullptr ? &curve->keys : nullptr, broker.pid());
}

// The same clients against the bare loop (bench/bare_loop.h); with
// `curve`, as CURVE clients of a bare CURVE server.
Sample RunBareLoop(const Options& o, double offered_total, const CurveSetup* curve) {
  xinbao::testing::TempDir dir;
  xinbao::bench::SubmitKeys keys;
  std::string secret;
  if (curve != nullptr) {
    xinbao::Result<xinbao::CurveKeyPair> server = xinbao::GenerateCurveKeyPair();
    if (!server.ok()) return {};
    keys = curve->keys;
    keys.server_public_key = server->public_key;
    secret = server->secret_key;
  }
  xinbao::bench::BareLoop bare(dir / "bare", secret);
  return Load(o, bare.endpoint(), "", offered_total, 0, curve != nullptr ? &keys : nullptr);
}

// The baseline: synced WriteBatches of clients*window records (the most
// the clients can have in flight), back to back, one thread.
Sample RunRawRocksDb(const Options& o) {
  xinbao::testing::TempDir dir;
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, (dir / "raw").string(), &raw).ok()) return {};
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions write;
  write.sync = true;
  const int batch_size = o.clients * o.window;
  std::vector<std::string> records;
  for (int n = 0; n < batch_size; ++n) {
    records.push_back(
        xinbao::bench::EncodeSubmit(static_cast<int>(n % o.clients), n, o));
  }
  std::vector<double> latencies;
  uint64_t sequence = 0;
  int64_t written = 0;
  const auto start = Clock::now();
  const auto stop = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(o.seconds));
  while (Clock::now() < stop) {
    const auto begin = Clock::now();
    rocksdb::WriteBatch batch;
    for (const std::string& record : records) {
      char key[8];
      const uint64_t s = ++sequence;
      for (int i = 0; i < 8; ++i) key[i] = static_cast<char>(s >> (56 - 8 * i));
      batch.Put(rocksdb::Slice(key, 8), record);
    }
    if (!db->Write(write, &batch).ok()) break;
    written += batch_size;
    latencies.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
  }
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();
  return Summarize(std::move(latencies), written / elapsed);
}

// The middle value (the upper one of an even count); 0 for none.
double MedianOf(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

Sample Median(std::vector<Sample> runs) {
  auto med = [&](double Sample::*field) {
    std::vector<double> v;
    for (const Sample& s : runs) v.push_back(s.*field);
    return MedianOf(std::move(v));
  };
  Sample median;
  for (double Sample::*field :
       {&Sample::rate, &Sample::p50_ms, &Sample::p99_ms, &Sample::max_ms,
        &Sample::p999_ms, &Sample::feed_p50_ms, &Sample::feed_p99_ms,
        &Sample::server_us_per_ack, &Sample::total_us_per_ack}) {
    median.*field = med(field);
  }
  std::map<std::string, std::vector<double>> by_thread;
  for (const Sample& s : runs) {
    for (const auto& [group, us] : s.thread_us_per_ack) by_thread[group].push_back(us);
  }
  for (auto& [group, values] : by_thread) {
    values.resize(runs.size());  // a thread missing from a run: 0 there
    median.thread_us_per_ack[group] = MedianOf(std::move(values));
  }
  return median;
}

// "xb-committer 5.2, xb-frontend 4.1, …": a row's broker CPU by thread,
// most first; threads under 0.05 µs left out.
std::string ThreadFigures(const Sample& s) {
  std::vector<std::pair<double, std::string>> sorted;
  for (const auto& [group, us] : s.thread_us_per_ack) {
    if (us >= 0.05) sorted.emplace_back(us, group);
  }
  std::sort(sorted.rbegin(), sorted.rend());
  std::string text;
  for (const auto& [us, group] : sorted) {
    char figure[64];
    std::snprintf(figure, sizeof figure, "%s%s %.1f", text.empty() ? "" : ", ",
                  group.c_str(), us);
    text += figure;
  }
  return text;
}

// A CPU figure (µs a report), or a dash where it was not measured.
std::string CpuFigure(double us) {
  char text[32] = "—";
  if (us > 0) std::snprintf(text, sizeof text, "%.1f", us);
  return text;
}

void PrintRow(const std::string& name, const Sample& s, const Sample& raw) {
  char vs_raw[32] = "—";
  if (raw.rate > 0) std::snprintf(vs_raw, sizeof vs_raw, "%.1f%%", 100.0 * s.rate / raw.rate);
  std::printf("| %-40s | %10.0f | %8.2f | %8.2f | %8.2f | %7s | %8.2f | %8.2f | %9s | %10s |\n",
              name.c_str(), s.rate, s.p50_ms, s.p99_ms, s.max_ms,
              vs_raw, s.feed_p50_ms, s.feed_p99_ms,
              CpuFigure(s.server_us_per_ack).c_str(),
              CpuFigure(s.total_us_per_ack).c_str());
}

// One run of NATS JetStream at max rate (bench/nats_peer.h): its rate only.
Sample RunNats(const Options& o) {
  ::sync();
  const xinbao::bench::NatsRun peer = xinbao::bench::RunNatsJetStream(o);
  if (!peer.problem.empty()) std::fprintf(stderr, "NATS: %s\n", peer.problem.c_str());
  Sample sample;
  sample.rate = peer.rate;
  return sample;
}

// Issue 17's goals, all from one run (--goals): every row with CURVE and
// the embedded defaults, interleaved run by run, then each goal as a ratio
// of two rows of the same runs (or a latency), said met or missed.
int RunGoals(const Options& o, const std::string& command) {
  std::printf("%s\n\n", command.c_str());
  xinbao::testing::TempDir keys_dir;
  const CurveSetup curve = CurveSetup::Make(keys_dir.path());
  Options urgent = o;
  urgent.urgent_per_event = 20;
  struct GoalRow {
    const char* name;
    const Options* load;
    double offered;  // 0: max rate
    int subscribers;
    bool bare;
    std::vector<Sample> runs;
  };
  std::vector<GoalRow> rows = {
      {"bare loop, max rate", &o, 0, 0, true, {}},
      {"xinbao, max rate", &o, 0, 0, false, {}},
      {"xinbao, max rate, urgent, 20 per event", &urgent, 0, 0, false, {}},
      {"xinbao, max rate, 10 feed subscribers", &o, 0, 10, false, {}},
      {"xinbao, 10,000/s offered", &o, 10000, 0, false, {}},
      {"bare loop, 10,000/s offered", &o, 10000, 0, true, {}},
      {"xinbao, 2,000/s offered, 10 subscribers", &o, 2000, 10, false, {}},
  };
  const bool nats = xinbao::bench::NatsAvailable();
  std::vector<Sample> nats_runs;
  for (int run = 0; run < o.runs; ++run) {
    if (nats) nats_runs.push_back(RunNats(o));
    for (GoalRow& row : rows) {
      ::sync();
      row.runs.push_back(row.bare ? RunBareLoop(*row.load, row.offered, &curve)
                                  : RunBroker(*row.load, row.offered,
                                              row.subscribers, &curve));
    }
  }
  std::printf("| %-42s | %9s | %7s | %7s | %8s | %8s | %8s | %9s | %10s |\n",
              "what (CURVE on)", "acks/s", "p50 ms", "p99 ms", "p99.9 ms", "feed p50",
              "feed p99", "broker µs", "total µs");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(44, '-').c_str(),
              std::string(11, '-').c_str(), std::string(9, '-').c_str(),
              std::string(9, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(11, '-').c_str(), std::string(12, '-').c_str());
  std::vector<Sample> medians;
  for (const GoalRow& row : rows) {
    const Sample m = Median(row.runs);
    medians.push_back(m);
    auto feed = [&](double v) {
      char text[32] = "—";
      if (row.subscribers > 0) std::snprintf(text, sizeof text, "%.2f", v);
      return std::string(text);
    };
    std::printf("| %-42s | %9.0f | %7.2f | %7.2f | %8.2f | %8s | %8s | %9s | %10s |\n",
                row.name, m.rate, m.p50_ms, m.p99_ms, m.p999_ms,
                feed(m.feed_p50_ms).c_str(), feed(m.feed_p99_ms).c_str(),
                CpuFigure(m.server_us_per_ack).c_str(),
                CpuFigure(m.total_us_per_ack).c_str());
  }
  if (nats) {
    std::printf("| %-42s | %9.0f | %7s | %7s | %8s | %8s | %8s | %9s | %10s |\n",
                "NATS JetStream 2.9, async, acks before fsync", Median(nats_runs).rate,
                "—", "—", "—", "—", "—", "—", "—");
  }
  std::printf("\nthe broker's CPU by thread, µs a report:\n");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].bare) {
      std::printf("  %s: %s\n", rows[r].name, ThreadFigures(medians[r]).c_str());
    }
  }
  const Sample &bare = medians[0], &general = medians[1], &urgent_max = medians[2],
               &fed = medians[3], &paced = medians[4], &bare_paced = medians[5],
               &feed_paced = medians[6];
  std::printf("\n| goal | figure | |\n|---|---|---|\n");
  auto goal = [](const char* what, const std::string& figure, bool met) {
    std::printf("| %s | %s | %s |\n", what, figure.c_str(), met ? "met" : "**missed**");
  };
  char figure[128];
  std::snprintf(figure, sizeof figure, "%.1f%%", 100 * general.rate / bare.rate);
  goal("max-rate durable acks ≥ 80% of the bare loop", figure,
       general.rate >= 0.8 * bare.rate);
  if (nats) {
    // A peer that gave no rate (it did not start, or answered nothing)
    // is no baseline: the goal is not met against it.
    const double peer = Median(nats_runs).rate;
    if (peer > 0) {
      std::snprintf(figure, sizeof figure, "%.2f×", general.rate / peer);
    } else {
      std::snprintf(figure, sizeof figure, "JetStream gave no rate (see above)");
    }
    goal("max-rate durable acks ≥ 1.2× NATS JetStream async", figure,
         peer > 0 && general.rate >= 1.2 * peer);
  }
  std::snprintf(figure, sizeof figure,
                "p99 %.2f ms (p99.9 %.2f ms), %.0f acks/s; the bare loop's p99 %.2f ms",
                paced.p99_ms, paced.p999_ms, paced.rate, bare_paced.p99_ms);
  goal("ack p99 < 5 ms at 10,000/s offered", figure, paced.p99_ms < 5);
  std::snprintf(figure, sizeof figure, "%.1f%%", 100 * urgent_max.rate / general.rate);
  goal("urgent (20 per event) ≥ 80% of general", figure,
       urgent_max.rate >= 0.8 * general.rate);
  std::snprintf(figure, sizeof figure, "%.1f%%", 100 * fed.rate / general.rate);
  goal("ingest with 10 feed subscribers ≥ 90% of without", figure,
       fed.feed_p50_ms > 0 && fed.rate >= 0.9 * general.rate);
  // No latency at all means the subscribers received nothing: not met.
  std::snprintf(figure, sizeof figure, "p99 %.2f ms (p50 %.2f ms)",
                feed_paced.feed_p99_ms, feed_paced.feed_p50_ms);
  goal("feed p99 < 5 ms at 2,000/s (10 subscribers)", figure,
       feed_paced.feed_p50_ms > 0 && feed_paced.feed_p99_ms < 5);
  if (!nats) {
    std::printf("\nNATS JetStream: not run (needs libnats-dev at build time and "
                "nats-server at run time)\n");
  }
  std::printf("\nmedians of %d runs, rows interleaved run by run; %d clients, "
              "%zu-byte reports, %.0f s a run; max rate: %d requests in flight a "
              "client; xinbao and the bare loop fsync every batch before its acks, "
              "JetStream (file store, one replica, %d publishers with %d async "
              "publishes in flight each) acks before any fsync; broker µs: the "
              "broker process's CPU (every thread) in the measured window per "
              "report acknowledged; total µs: the CPU of this process (the "
              "clients; the bare loop runs in it too) and the broker's per report "
              "acknowledged.\n",
              o.runs, o.clients, o.report_bytes, o.seconds, o.window, o.clients,
              o.window);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xinbao ingest benchmark"};
  Options o;
  xinbao::bench::AddLoadFlags(app, o);
  app.add_option("--runs", o.runs, "runs per mode; medians are printed");
  app.add_option("--modes", o.modes, "\"max\" or an offered total rate per second");
  app.add_option("--subscribers", o.subscriber_counts,
                 "live-feed subscriber counts to run each mode with, e.g. 0 10");
  app.add_option("--feed-topic", o.feed_topic,
                 "what reading subscribers subscribe to: b. (bundles, as xinbao "
                 "watch and the centre) or r. (one message per report)")
      ->check(CLI::IsMember({"b.", "r."}));
  app.add_flag("--stalled", o.stalled,
               "subscribers connect but never read (a stalled monitor)");
  app.add_flag("--curve", o.curve,
               "also run each row without subscribers with CURVE on");
  app.add_option("--against", o.against,
                 "another xinbao-broker binary: each broker row also runs with it, "
                 "interleaved, and the two are compared");
  app.add_flag("--broker-only", o.broker_only,
               "only the broker's rows (no raw RocksDB, bare loop or NATS)");
  app.add_option("--set", o.fairness,
                 "a [fairness] key for the broker, e.g. unit_per_batch=64");
  bool goals = false;
  app.add_flag("--goals", goals,
               "issue 17's goals from one run: CURVE rows (bare loop, general, "
               "urgent, 10 subscribers, 10,000/s, 2,000/s with subscribers) and "
               "NATS; ignores --modes, --subscribers and --curve");
  CLI11_PARSE(app, argc, argv);
  if (goals) {
    std::string command = "build/bench/ingest_bench";
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    return RunGoals(o, command);
  }

  std::printf("xinbao ingest: %d clients, %zu-byte requests, %.0f s per run, "
              "median of %d runs, %s\n\n",
              o.clients, o.report_bytes, o.seconds, o.runs,
              o.urgent_per_event > 0
                  ? ("urgent reports, a new event every " +
                     std::to_string(o.urgent_per_event))
                        .c_str()
                  : "general reports");
  std::vector<Sample> raw_runs;
  // One row per (mode, subscriber count).
  struct Row {
    std::string mode;
    int subscribers;
    std::vector<Sample> runs;
    bool curve = false;
    bool bare = false;  // the bare loop (bench/bare_loop.h), not the broker
    bool against = false;  // run with the --against binary
  };
  std::vector<Row> rows;
  auto add_broker_row = [&](const std::string& mode, int subscribers, bool curve) {
    rows.push_back({mode, subscribers, {}, curve});
    if (!o.against.empty()) rows.push_back({mode, subscribers, {}, curve, false, true});
  };
  for (const std::string& mode : o.modes) {
    if (!o.broker_only) {
      rows.push_back({mode, 0, {}, false, true});
      if (o.curve) rows.push_back({mode, 0, {}, true, true});
    }
    for (int subscribers : o.subscriber_counts) add_broker_row(mode, subscribers, false);
    if (o.curve) add_broker_row(mode, 0, true);
  }
  // The build's own broker, and the one to compare it with.
  const char* own_binary = std::getenv("XINBAO_BROKER_BINARY");
  const std::string own = own_binary != nullptr ? own_binary : "";
  auto use_binary = [&](bool against) {
    const std::string& binary = against ? o.against : own;
    if (binary.empty()) {
      ::unsetenv("XINBAO_BROKER_BINARY");
    } else {
      ::setenv("XINBAO_BROKER_BINARY", binary.c_str(), 1);
    }
  };
  xinbao::testing::TempDir keys_dir;
  const std::string fairness = xinbao::bench::FairnessTable(o.fairness);
  if (!fairness.empty()) {
    o.insecure_config = keys_dir / "insecure.toml";
    std::ofstream(o.insecure_config)
        << "[security]\nmode = \"insecure\"\n" << fairness;
  }
  const CurveSetup curve = o.curve ? CurveSetup::Make(keys_dir.path(), fairness)
                                   : CurveSetup();
  // Interleave the rows run by run, so drift in the machine hits all alike.
  // Each phase starts with the page cache written back (::sync), so one
  // phase's gigabyte of dirty pages does not slow the next one's fsyncs.
  // NATS JetStream at max rate, when it is here (bench/nats_peer.h).
  const bool nats = !o.broker_only && xinbao::bench::NatsAvailable() &&
                    std::find(o.modes.begin(), o.modes.end(), "max") != o.modes.end();
  std::vector<Sample> nats_runs;
  for (int run = 0; run < o.runs; ++run) {
    ::sync();
    if (!o.broker_only) raw_runs.push_back(RunRawRocksDb(o));
    if (nats) nats_runs.push_back(RunNats(o));
    for (Row& row : rows) {
      const double offered = row.mode == "max" ? 0 : std::stod(row.mode);
      ::sync();
      if (!row.bare) use_binary(row.against);
      row.runs.push_back(row.bare ? RunBareLoop(o, offered, row.curve ? &curve : nullptr)
                                  : RunBroker(o, offered, row.subscribers,
                                              row.curve ? &curve : nullptr));
    }
  }
  use_binary(false);
  const Sample raw = o.broker_only ? Sample() : Median(raw_runs);
  std::printf("| %-40s | %10s | %8s | %8s | %8s | %7s | %8s | %8s | %9s | %10s |\n",
              "what", "acks/s", "p50 ms", "p99 ms", "max ms", "vs raw",
              "feed p50", "feed p99", "broker µs", "total µs");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(42, '-').c_str(),
              std::string(12, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(9, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(11, '-').c_str(),
              std::string(12, '-').c_str());
  if (!o.broker_only) PrintRow("raw RocksDB synced batches (base)", raw, raw);
  auto row_name = [&](const Row& row) {
    const std::string mode =
        row.mode == "max" ? std::string("max rate") : row.mode + "/s offered";
    if (row.bare) return "bare loop, " + mode + (row.curve ? ", CURVE" : "");
    return std::string(row.against ? "against, " : "broker, ") + mode +
           (row.curve ? ", CURVE"
                      : ", " + std::to_string(row.subscribers) +
                            (o.stalled ? " stalled subscribers" : " subscribers"));
  };
  for (const Row& row : rows) PrintRow(row_name(row), Median(row.runs), raw);
  if (nats) PrintRow("NATS JetStream 2.9, async, no fsync", Median(nats_runs), raw);
  std::printf("\nthe broker's CPU by thread, µs a report:\n");
  for (const Row& row : rows) {
    if (!row.bare) {
      std::printf("  %s: %s\n", row_name(row).c_str(),
                  ThreadFigures(Median(row.runs)).c_str());
    }
  }
  // This build against the other binary, row by row, same runs: the
  // medians of the pairs' ratios (each pair ran back to back).
  if (!o.against.empty()) {
    std::printf("\nthis build against %s, medians of %d paired runs:\n",
                o.against.c_str(), o.runs);
    for (std::size_t r = 0; r + 1 < rows.size(); ++r) {
      if (rows[r].bare || rows[r].against || !rows[r + 1].against) continue;
      std::vector<double> rate, cpu;
      for (int run = 0; run < o.runs; ++run) {
        const Sample &a = rows[r].runs[run], &b = rows[r + 1].runs[run];
        if (b.rate > 0) rate.push_back(a.rate / b.rate);
        if (b.server_us_per_ack > 0) {
          cpu.push_back(a.server_us_per_ack / b.server_us_per_ack);
        }
      }
      auto each = [](const std::vector<double>& v) {
        std::string text;
        for (double x : v) {
          char one[16];
          std::snprintf(one, sizeof one, "%s%.2f", text.empty() ? "" : " ", x);
          text += one;
        }
        return text;
      };
      std::printf("  %s: acks/s %.3f× (pairs %s), broker µs a report %.3f× (%s)\n",
                  row_name(rows[r]).c_str(), MedianOf(rate), each(rate).c_str(),
                  MedianOf(cpu), each(cpu).c_str());
    }
  }
  // xinbao against the bare loop of the same mode and security, same runs.
  std::printf("\n");
  for (const Row& row : rows) {
    if (row.bare || row.against || row.subscribers != 0) continue;
    for (const Row& bare : rows) {
      if (!bare.bare || bare.mode != row.mode || bare.curve != row.curve) continue;
      std::printf("%s%s: broker %.1f%% of the bare loop\n", row.mode.c_str(),
                  row.curve ? ", CURVE" : "",
                  100.0 * Median(row.runs).rate / Median(bare.runs).rate);
    }
  }
  if (o.curve) {
    std::printf("\n");
    for (const Row& row : rows) {
      if (!row.curve || row.bare || row.against) continue;
      for (const Row& plain : rows) {
        if (plain.curve || plain.bare || plain.against || plain.mode != row.mode ||
            plain.subscribers != 0) {
          continue;
        }
        std::printf("%s: ingest with CURVE %.1f%% of without\n",
                    row.mode.c_str(),
                    100.0 * Median(row.runs).rate / Median(plain.runs).rate);
      }
    }
  }
  // With several subscriber counts: each row's rate against the same mode
  // without subscribers (the first count), from the same runs.
  if (o.subscriber_counts.size() > 1) {
    std::printf("\n");
    for (const Row& row : rows) {
      if (row.curve || row.bare || row.against ||
          row.subscribers == o.subscriber_counts.front()) {
        continue;
      }
      for (const Row& base : rows) {
        if (base.curve || base.bare || base.against || base.mode != row.mode ||
            base.subscribers != o.subscriber_counts.front()) {
          continue;
        }
        std::printf("%s, %d subscribers: ingest %.1f%% of %d subscribers\n",
                    row.mode.c_str(), row.subscribers,
                    100.0 * Median(row.runs).rate / Median(base.runs).rate,
                    base.subscribers);
      }
    }
  }

  if (nats && Median(nats_runs).rate <= 0) {
    std::printf("NATS JetStream: no rate (see its error above)\n");
  } else if (nats) {
    for (const Row& row : rows) {
      if (row.bare || row.against || row.subscribers != 0 || row.mode != "max") continue;
      std::printf("max%s: broker %.2f× NATS JetStream async\n", row.curve ? ", CURVE" : "",
                  Median(row.runs).rate / Median(nats_runs).rate);
    }
  } else if (!o.broker_only) {
    std::printf("NATS JetStream: not run (needs libnats-dev at build time and "
                "nats-server at run time, and the max mode)\n");
  }
  std::printf("\nraw rows: latency is per synced batch of %d records. NATS: "
              "JetStream file store, one replica, %d publishers with %d async "
              "publishes in flight each; it acks before any fsync (its default), "
              "so its rate is not a durable one; latency not measured. broker µs: "
              "the broker process's CPU (every thread) in the measured window per "
              "report acknowledged; total µs: the CPU of this process (the "
              "clients; the bare loop runs in it too) and the broker's per report "
              "acknowledged.\n",
              o.clients * o.window, o.clients, o.window);
  return 0;
}
