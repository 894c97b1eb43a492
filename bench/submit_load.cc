#include "bench/submit_load.h"

#include <poll.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <thread>
#include <zmq_addon.hpp>

#include "xinbao/v1/wire.pb.h"

namespace xinbao::bench {

using namespace std::chrono_literals;

std::string FairnessTable(const std::vector<std::string>& keys) {
  if (keys.empty()) return {};
  std::string table = "\n[fairness]\n";
  for (const std::string& line : keys) table += line + "\n";
  return table;
}

CurveSetup CurveSetup::Make(const std::filesystem::path& dir,
                            const std::string& extra_toml) {
  CurveSetup setup;
  const CurveKeyPair server = GenerateCurveKeyPair().value();
  setup.keys.server_public_key = server.public_key;
  (void)WriteKeyFiles(dir / "broker", server);
  std::ofstream users(dir / "users.toml");
  for (const char* unit : kUnits) {
    setup.keys.units.push_back(GenerateCurveKeyPair().value());
    users << "[[user]]\nname = \"" << unit << "\"\nunit = \"" << unit
          << "\"\nrole = \"reporter\"\npublic_key = \""
          << setup.keys.units.back().public_key << "\"\n\n";
  }
  setup.keys.monitor = GenerateCurveKeyPair().value();
  users << "[[user]]\nname = \"bench-duty\"\nunit = \"county-office\"\n"
           "role = \"monitor\"\npublic_key = \""
        << setup.keys.monitor.public_key << "\"\n\n";
  setup.config = dir / "broker.toml";
  std::ofstream(setup.config)
      << "[security]\nmode = \"curve\"\nsecret_key_file = \""
      << (dir / "broker.key").string() << "\"\nregistry_file = \""
      << (dir / "users.toml").string() << "\"\n"
      << extra_toml;
  return setup;
}

int64_t Nanos(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             t.time_since_epoch())
      .count();
}

// Requests a client pre-encodes for a run (each has its own idempotency
// key, so none can be sent twice). At max rate: enough for 250,000/s over
// the whole run — above the fastest server measured here (the bare loop,
// insecure, about 200,000/s), so the pool never caps a row. (It was a fixed
// 400,000, which capped every 3-second row at 133,333/s.)
int64_t Budget(const LoadOptions& o, double offered_per_client) {
  constexpr double kMaxRate = 250000;
  return offered_per_client > 0
             ? static_cast<int64_t>(offered_per_client * o.seconds) + 1
             : static_cast<int64_t>(kMaxRate * o.seconds / o.clients) + 1;
}

bool SendsUrgent(const LoadOptions& o, int client) {
  return o.urgent_per_event > 0 &&
         (!o.urgent_clients || client < *o.urgent_clients);
}

std::string EncodeSubmit(int client, int64_t n, const LoadOptions& o) {
  const std::size_t bytes = o.report_bytes;
  xinbao::v1::Envelope envelope;
  envelope.set_protocol_version(1);
  envelope.set_request_id(std::to_string(client) + "-" + std::to_string(n));
  xinbao::v1::Report* r = envelope.mutable_submit()->mutable_report();
  r->set_idempotency_key("bench-" + envelope.request_id());
  r->set_unit_id(kUnits[client % 8]);
  r->set_kind(xinbao::v1::KIND_GENERAL_DYNAMIC);
  // Receivers find the send time by this tag (TitleTag).
  r->set_title("基准测试工作动态 #" + envelope.request_id());
  r->set_written_at_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count());
  r->set_classification(xinbao::v1::CLASSIFICATION_INTERNAL);
  if (SendsUrgent(o, client)) {
    r->set_kind(xinbao::v1::KIND_URGENT);
    r->set_event_id("bench-" + std::to_string(client) + "-" +
                    std::to_string(n / o.urgent_per_event));
    r->set_stage(n % o.urgent_per_event == 0 ? xinbao::v1::STAGE_SHI
                                             : xinbao::v1::STAGE_QING);
    r->set_severity(xinbao::v1::SEVERITY_III);
    r->set_occurred_at_ms(r->written_at_ms() - 10 * 60 * 1000);
    r->set_place("河口镇");
    r->set_source("基准测试");
    r->set_measures("已处置");
    r->mutable_casualties()->set_injured(1);
  }
  // The filler that brings a request to `bytes`, computed once (from the
  // first request encoded).
  static const std::string body = [&] {
    std::string text;
    while (envelope.ByteSizeLong() + text.size() < bytes) text += "报";
    return text;
  }();
  r->set_body(body);
  return envelope.SerializeAsString();
}

bool TitleTag(std::string_view title, int* client, int64_t* n) {
  const std::size_t hash = title.rfind('#');
  if (hash == std::string_view::npos) return false;
  const char* p = title.data() + hash + 1;
  const char* end = title.data() + title.size();
  auto [dash, e1] = std::from_chars(p, end, *client);
  if (e1 != std::errc() || dash == end || *dash != '-') return false;
  auto [rest, e2] = std::from_chars(dash + 1, end, *n);
  return e2 == std::errc() && rest == end;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t at =
      std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()));
  std::nth_element(v.begin(), v.begin() + at, v.end());
  return v[at];
}

SentTimes MakeSentTimes(const LoadOptions& o, double offered_total) {
  SentTimes sent;
  for (int c = 0; c < o.clients; ++c) {
    const int64_t budget = Budget(o, offered_total / o.clients);
    sent.emplace_back(new std::atomic<int64_t>[budget]);
    for (int64_t n = 0; n < budget; ++n) sent[c][n].store(0);
  }
  return sent;
}

void RunClient(zmq::context_t& context, const std::string& endpoint,
               const LoadOptions& o, int id, double offered_per_client,
               Clock::time_point start, Clock::time_point stop,
               std::atomic<int64_t>* sent_ns, ClientRun* out,
               const SubmitKeys* keys) {
  zmq::socket_t dealer(context, zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::linger, 0);
  if (keys != nullptr) {
    const CurveKeyPair& mine = keys->units[id % 8];
    dealer.set(zmq::sockopt::curve_serverkey, keys->server_public_key);
    dealer.set(zmq::sockopt::curve_publickey, mine.public_key);
    dealer.set(zmq::sockopt::curve_secretkey, mine.secret_key);
  }
  dealer.set(zmq::sockopt::sndhwm, 0);
  dealer.set(zmq::sockopt::rcvhwm, 0);
  dealer.connect(endpoint);
  // Pre-encode enough requests for the run so encoding is not measured.
  const int64_t budget = Budget(o, offered_per_client);
  std::vector<std::string> requests;
  requests.reserve(static_cast<std::size_t>(budget));
  for (int64_t n = 0; n < budget; ++n) {
    requests.push_back(EncodeSubmit(id, n, o));
  }
  std::vector<Clock::time_point> sent_at(requests.size());
  const auto interval = offered_per_client > 0
      ? std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / offered_per_client))
      : Clock::duration::zero();
  std::this_thread::sleep_until(start);

  int64_t next = 0, acked = 0, in_flight = 0;
  auto send = [&](Clock::time_point when) {
    sent_at[next] = when;
    sent_ns[next].store(Nanos(when), std::memory_order_relaxed);
    dealer.send(zmq::message_t(), zmq::send_flags::sndmore);
    dealer.send(zmq::buffer(requests[next]), zmq::send_flags::none);
    ++next;
    ++in_flight;
  };
  while (true) {
    const auto now = Clock::now();
    const bool sending = now < stop && next < budget;
    if (!sending && in_flight == 0) break;
    if (now > stop + 10s) break;  // a broker that stopped answering
    if (sending && offered_per_client == 0) {
      while (in_flight < o.window && next < budget) send(Clock::now());
    } else if (sending) {
      while (next < budget && start + next * interval <= now) {
        send(start + next * interval);  // latency from the scheduled time
      }
    }
    // Wait for a reply or the next scheduled send, to the microsecond and
    // without spinning (zmq::poll only takes whole milliseconds). The
    // socket's fd is edge-triggered: check ZMQ_EVENTS before blocking.
    if (!(dealer.get(zmq::sockopt::events) & ZMQ_POLLIN)) {
      auto wait = std::chrono::duration_cast<std::chrono::nanoseconds>(100ms);
      if (sending && offered_per_client > 0) {
        wait = std::clamp(std::chrono::duration_cast<std::chrono::nanoseconds>(
                              start + next * interval - Clock::now()),
                          std::chrono::nanoseconds(0), wait);
      }
      pollfd item{dealer.get(zmq::sockopt::fd), POLLIN, 0};
      timespec timeout{static_cast<time_t>(wait.count() / 1'000'000'000),
                       static_cast<long>(wait.count() % 1'000'000'000)};
      ::ppoll(&item, 1, &timeout, nullptr);
      continue;
    }
    std::vector<zmq::message_t> frames;
    while (zmq::recv_multipart(dealer, std::back_inserter(frames),
                               zmq::recv_flags::dontwait)) {
      const auto got = Clock::now();
      xinbao::v1::Reply reply;
      if (frames.size() == 2 &&
          reply.ParseFromArray(frames[1].data(),
                               static_cast<int>(frames[1].size())) &&
          reply.has_ack()) {
        const auto dash = reply.request_id().find('-');
        const int64_t n = std::stoll(reply.request_id().substr(dash + 1));
        out->latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(got - sent_at[n]).count());
        if (got <= stop) ++acked;
      } else {
        ++out->refused;
      }
      --in_flight;
      frames.clear();
    }
  }
  out->acked_in_window = acked;
}

}  // namespace xinbao::bench
