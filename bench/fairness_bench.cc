// Fairness benchmark (issue 15): does one unit's flood delay another unit's
// acknowledgements? A victim client of unit A (chengguan) offers a low
// steady rate (open loop, latency from each scheduled send); first alone,
// then while several clients of unit B (hekou) flood at full rate with big
// windows — once as raw DEALERs that ignore the broker's RATE_LIMITED hint
// (a refusal frees a slot and the next request goes at once), once as
// clients that honour it (the refused request is sent again after
// retry_after_ms, nothing sooner). CURVE on, the embedded defaults
// otherwise (or [fairness] keys given with --set). The flooding clients
// run at nice 19 (--flood-nice): they stand for machines elsewhere, not
// for programs taking the broker's own two cores. Each phase runs on a
// fresh broker; phases are interleaved run by run; medians are printed,
// ratios taken against the same run's victim alone.
//
//   build/bench/fairness_bench --runs 3 --seconds 3
//   build/bench/fairness_bench --set unit_in_flight=0   # no shares
#include <CLI/CLI.hpp>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench/submit_load.h"
#include "tests/integration/broker_process.h"
#include "tests/support/temp_dir.h"
#include "xinbao/v1/wire.pb.h"

namespace {

using xinbao::bench::Clock;
using xinbao::bench::CurveSetup;
using xinbao::bench::Median;
using xinbao::bench::Percentile;
using xinbao::bench::kUnits;
using namespace std::chrono_literals;

struct Options {
  int runs = 3;
  double seconds = 3;
  double victim_rate = 200;  // requests/s of the victim
  int flooders = 4;          // clients of unit B
  int flood_window = 1024;   // in flight per flooder
  std::size_t report_bytes = 1024;
  // The flooding clients' nice value: 19 stands for clients on other
  // machines (the flood's encryption does not take the broker's CPU on
  // this two-core bench machine); 0 lets them compete for it.
  int flood_nice = 19;
  std::vector<std::string> fairness;  // "key=value" lines for [fairness]
};

enum class Phase { kAlone, kRawFlood, kPoliteFlood };
const char* PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kAlone:
      return "victim alone";
    case Phase::kRawFlood:
      return "B floods, ignores the hint";
    case Phase::kPoliteFlood:
      return "B floods, honours the hint";
  }
  return "";
}

struct Sample {
  double victim_p50_ms = 0, victim_p99_ms = 0;
  double victim_refused = 0;  // victim requests refused (should be 0)
  double flood_acked_per_s = 0, flood_refused_per_s = 0;
};

struct FloodRun {
  int64_t acked = 0;    // acks that came by `stop`
  int64_t refused = 0;  // RATE_LIMITED replies by `stop`
};

// Requests of one flooder: one encoded envelope whose request id
// "f<id>-<9 digits>" and idempotency key "flood-<id>-<9 digits>" are
// rewritten in place for request n.
class FloodRequests {
 public:
  FloodRequests(int id, const char* unit, std::size_t bytes) {
    const std::string zeros(kDigits, '0');
    xinbao::v1::Envelope envelope;
    envelope.set_protocol_version(1);
    const std::string request_prefix = "f" + std::to_string(id) + "-";
    const std::string key_prefix = "flood-" + std::to_string(id) + "-";
    envelope.set_request_id(request_prefix + zeros);
    xinbao::v1::Report* r = envelope.mutable_submit()->mutable_report();
    r->set_idempotency_key(key_prefix + zeros);
    r->set_unit_id(unit);
    r->set_kind(xinbao::v1::KIND_GENERAL_DYNAMIC);
    r->set_title("基准测试：洪峰报送");
    r->set_written_at_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count());
    r->set_classification(xinbao::v1::CLASSIFICATION_INTERNAL);
    std::string body;
    while (envelope.ByteSizeLong() + body.size() < bytes) body += "报";
    r->set_body(body);
    bytes_ = envelope.SerializeAsString();
    offsets_[0] = bytes_.find(request_prefix + zeros) + request_prefix.size();
    offsets_[1] = bytes_.find(key_prefix + zeros) + key_prefix.size();
  }

  // Request n (< 10^9), valid until the next call.
  const std::string& Get(int64_t n) {
    for (std::size_t offset : offsets_) {
      int64_t rest = n;
      for (int d = kDigits - 1; d >= 0; --d) {
        bytes_[offset + d] = static_cast<char>('0' + rest % 10);
        rest /= 10;
      }
    }
    return bytes_;
  }

 private:
  static constexpr int kDigits = 9;
  std::string bytes_;
  std::size_t offsets_[2];
};

// One client of the flooding unit: `window` requests in flight from
// `start` to `stop`, as fast as the broker answers. `honour`: a refused
// request is sent again after the hint, and nothing is sent before then;
// otherwise a refusal frees its slot for the next new request at once.
// Honouring, it also does what the client library does: a refusal halves
// how many it keeps in flight, each ack adds one back up to `window`.
void RunFlooder(zmq::context_t& context, const std::string& endpoint,
                const xinbao::bench::SubmitKeys& keys, int id,
                const Options& o, bool honour, Clock::time_point start,
                Clock::time_point stop, FloodRun* out) {
  constexpr int kUnitB = 1;  // hekou
  zmq::socket_t dealer(context, zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::linger, 0);
  dealer.set(zmq::sockopt::curve_serverkey, keys.server_public_key);
  dealer.set(zmq::sockopt::curve_publickey, keys.units[kUnitB].public_key);
  dealer.set(zmq::sockopt::curve_secretkey, keys.units[kUnitB].secret_key);
  dealer.set(zmq::sockopt::sndhwm, 0);
  dealer.set(zmq::sockopt::rcvhwm, 0);
  dealer.connect(endpoint);
  FloodRequests requests(id, kUnits[kUnitB], o.report_bytes);
  std::this_thread::sleep_until(start);

  int64_t next = 0, in_flight = 0, allowed = o.flood_window;
  std::vector<int64_t> resend;  // refused, to be sent again (honour)
  Clock::time_point hold_until = start;
  auto send = [&](int64_t n) {
    dealer.send(zmq::message_t(), zmq::send_flags::sndmore);
    dealer.send(zmq::buffer(requests.Get(n)), zmq::send_flags::none);
    ++in_flight;
  };
  xinbao::v1::Reply reply;
  std::vector<zmq::message_t> frames;
  while (true) {
    const auto now = Clock::now();
    if (now >= stop) break;
    if (now >= hold_until) {
      while (in_flight < allowed && !resend.empty()) {
        send(resend.back());
        resend.pop_back();
      }
      while (in_flight < allowed) send(next++);
    }
    zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
    const auto wait = now < hold_until
                          ? std::chrono::ceil<std::chrono::milliseconds>(
                                hold_until - now)
                          : 100ms;
    if (zmq::poll(&item, 1, std::min<std::chrono::milliseconds>(wait, 100ms)) ==
        0) {
      continue;
    }
    frames.clear();
    while (zmq::recv_multipart(dealer, std::back_inserter(frames),
                               zmq::recv_flags::dontwait)) {
      --in_flight;
      if (frames.size() == 2 &&
          reply.ParseFromArray(frames[1].data(),
                               static_cast<int>(frames[1].size()))) {
        const bool in_time = Clock::now() <= stop;
        if (reply.has_ack()) {
          out->acked += in_time;
          if (allowed < o.flood_window) ++allowed;
        } else if (reply.error().code() ==
                   xinbao::v1::ERROR_CODE_RATE_LIMITED) {
          out->refused += in_time;
          if (honour) {
            const auto dash = reply.request_id().find('-');
            resend.push_back(std::stoll(reply.request_id().substr(dash + 1)));
            allowed = std::max<int64_t>(allowed / 2, 1);
            hold_until = std::max(
                hold_until,
                Clock::now() + std::chrono::milliseconds(
                                   reply.error().retry_after_ms()));
          }
        }
      }
      frames.clear();
    }
  }
}

Sample RunPhase(const Options& o, const CurveSetup& curve, Phase phase) {
  xinbao::testing::TempDir dir;
  xinbao::testing::BrokerProcess broker(
      dir / "data", "tcp://127.0.0.1:*",
      std::vector<std::string>{"--config", curve.config.string()});
  zmq::context_t context(2);
  // The flood is in full swing before the victim's first request.
  const auto flood_start = Clock::now() + 1s;
  const auto start = flood_start + 500ms;
  const auto stop = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(o.seconds));
  std::vector<FloodRun> floods(phase == Phase::kAlone ? 0 : o.flooders);
  // The flood runs in its own threads and ZeroMQ context at o.flood_nice:
  // Linux threads inherit the nice value of the thread that starts them,
  // libzmq's I/O thread included (started with the first socket).
  std::thread flood([&] {
    if (floods.empty()) return;
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), o.flood_nice);
    zmq::context_t flood_context(1);
    zmq::socket_t(flood_context, zmq::socket_type::dealer);
    std::vector<std::thread> threads;
    for (std::size_t f = 0; f < floods.size(); ++f) {
      threads.emplace_back(RunFlooder, std::ref(flood_context),
                           broker.endpoint(), std::cref(curve.keys),
                           static_cast<int>(f), std::cref(o),
                           phase == Phase::kPoliteFlood, flood_start, stop,
                           &floods[f]);
    }
    for (auto& t : threads) t.join();
  });
  xinbao::bench::LoadOptions victim;
  victim.clients = 1;
  victim.seconds = o.seconds;
  victim.report_bytes = o.report_bytes;
  const int64_t budget = xinbao::bench::Budget(victim, o.victim_rate);
  std::unique_ptr<std::atomic<int64_t>[]> sent(
      new std::atomic<int64_t>[budget]);
  xinbao::bench::ClientRun run;
  // Client 0 speaks as kUnits[0] (chengguan).
  xinbao::bench::RunClient(context, broker.endpoint(), victim, 0,
                           o.victim_rate, start, stop, sent.get(), &run,
                           &curve.keys);
  flood.join();
  Sample s;
  s.victim_p50_ms = Percentile(run.latencies_ms, 0.50);
  s.victim_p99_ms = Percentile(run.latencies_ms, 0.99);
  s.victim_refused = static_cast<double>(run.refused);
  for (const FloodRun& f : floods) {
    s.flood_acked_per_s += f.acked / o.seconds;
    s.flood_refused_per_s += f.refused / o.seconds;
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xinbao fairness benchmark: one unit's flood against another's acks"};
  Options o;
  app.add_option("--runs", o.runs, "runs per phase; medians are printed");
  app.add_option("--seconds", o.seconds, "measured time per phase");
  app.add_option("--victim-rate", o.victim_rate, "the victim's requests per second");
  app.add_option("--flooders", o.flooders, "clients of the flooding unit");
  app.add_option("--flood-window", o.flood_window, "requests in flight per flooder");
  app.add_option("--report-bytes", o.report_bytes, "encoded size of one request");
  app.add_option("--flood-nice", o.flood_nice,
                 "nice value of the flooding clients' threads (0 to 19)");
  app.add_option("--set", o.fairness,
                 "a [fairness] key for the broker, e.g. unit_in_flight=256");
  CLI11_PARSE(app, argc, argv);

  xinbao::testing::TempDir keys_dir;
  const CurveSetup curve = CurveSetup::Make(
      keys_dir.path(), xinbao::bench::FairnessTable(o.fairness));

  const Phase phases[] = {Phase::kAlone, Phase::kRawFlood, Phase::kPoliteFlood};
  std::map<Phase, std::vector<Sample>> samples;
  for (int run = 0; run < o.runs; ++run) {
    for (Phase phase : phases) {
      ::sync();
      samples[phase].push_back(RunPhase(o, curve, phase));
    }
  }

  std::string settings;
  for (const std::string& line : o.fairness) settings += " " + line;
  std::printf(
      "xinbao fairness: victim (chengguan) %.0f/s open loop; %d flooders "
      "(hekou), window %d each, nice %d; %zu-byte requests; CURVE; "
      "[fairness]%s; %.0f s per phase, median of %d runs\n\n",
      o.victim_rate, o.flooders, o.flood_window, o.flood_nice, o.report_bytes,
      settings.empty() ? " embedded defaults" : settings.c_str(), o.seconds,
      o.runs);
  std::printf("| %-28s | %8s | %8s | %9s | %9s | %9s | %11s | %7s |\n", "phase",
              "p50 ms", "p99 ms", "p50 ×alone", "p99 ×alone", "B acks/s",
              "B refused/s", "victim refused");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(30, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(12, '-').c_str(), std::string(12, '-').c_str(),
              std::string(11, '-').c_str(), std::string(13, '-').c_str(),
              std::string(16, '-').c_str());
  const std::vector<Sample>& alone = samples[Phase::kAlone];
  for (Phase phase : phases) {
    const std::vector<Sample>& runs = samples[phase];
    std::vector<double> p50, p99, r50, r99, acked, refused, victim_refused;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      p50.push_back(runs[i].victim_p50_ms);
      p99.push_back(runs[i].victim_p99_ms);
      r50.push_back(runs[i].victim_p50_ms / alone[i].victim_p50_ms);
      r99.push_back(runs[i].victim_p99_ms / alone[i].victim_p99_ms);
      acked.push_back(runs[i].flood_acked_per_s);
      refused.push_back(runs[i].flood_refused_per_s);
      victim_refused.push_back(runs[i].victim_refused);
    }
    std::printf("| %-28s | %8.2f | %8.2f | %10.2f | %10.2f | %9.0f | %11.0f | %14.0f |\n",
                PhaseName(phase), Median(p50), Median(p99), Median(r50),
                Median(r99), Median(acked), Median(refused),
                Median(victim_refused));
  }
  std::printf("\nratios: each run's loaded figure over the same run's victim "
              "alone, then the median.\n");
  return 0;
}
