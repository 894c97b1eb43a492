// What the benches share to load the real broker: pre-encoded submit
// requests (general or urgent reports, titled with the client and request
// number so a receiver can find when it was sent), client threads that
// keep a window in flight or offer a fixed rate, and percentiles.
//
// Used by ingest_bench.cc, web_bench.cc, fairness_bench.cc, tree_bench.cc
// province_bench.cc and restart_bench.cc.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <zmq.hpp>

#include "proto/curve_keys.h"

namespace xinbao::bench {

using Clock = std::chrono::steady_clock;

struct LoadOptions {
  int clients = 16;
  int window = 64;
  std::size_t report_bytes = 1024;
  double seconds = 5;
  // 0: general reports. N > 0: urgent reports, each client opening a new
  // event every N reports (a 事, then N-1 情), so the EventBook files every
  // report and writes its event state in the same batch.
  int urgent_per_event = 0;
  // With urgent_per_event > 0: how many clients (the first ones) send
  // urgent reports; the others send general ones. Unset: all of them.
  std::optional<int> urgent_clients;
};

// The units the clients report for: client i is kUnits[i % 8].
inline const char* const kUnits[] = {"chengguan", "hekou",  "qingshan",
                                     "donghu",    "gongan", "yingji",
                                     "weijian",   "jiaotong"};

// CURVE keys for the clients: the broker's public key and one key pair
// per unit, as kUnits.
struct SubmitKeys {
  std::string server_public_key;
  std::vector<CurveKeyPair> units;
  // A monitor of the county office (role monitor): the live feed's reader.
  CurveKeyPair monitor;
};

// The broker config's [fairness] table from --set "key=value" lines
// ("" when there are none: the embedded shares).
std::string FairnessTable(const std::vector<std::string>& keys);

// A broker with [security] mode = "curve" in a folder: its keys, one
// reporter's keys per unit of kUnits, the registry and the config file
// that names them (with `extra_toml` appended, e.g. a [fairness] table).
struct CurveSetup {
  std::filesystem::path config;
  SubmitKeys keys;  // the clients'

  static CurveSetup Make(const std::filesystem::path& dir,
                         const std::string& extra_toml = "");
};

int64_t Nanos(Clock::time_point t);

// Requests each client may send in a run (pre-encoded beforehand).
// offered_per_client == 0: the closed loop's ceiling.
int64_t Budget(const LoadOptions& o, double offered_per_client);

// Whether `client` sends urgent reports.
bool SendsUrgent(const LoadOptions& o, int client);

// Request number `n` of `client`: one report of about o.report_bytes
// serialized bytes, inside a submit Envelope whose request id is
// "<client>-<n>"; the report's title ends "#<client>-<n>" (TitleTag).
std::string EncodeSubmit(int client, int64_t n, const LoadOptions& o);

// The "<client>-<n>" tag at the end of a bench report's title (after the
// last '#'), parsed; false if `title` has none.
bool TitleTag(std::string_view title, int* client, int64_t* n);

// The p-quantile (0..1) of `v` (reordered); 0 when empty.
double Percentile(std::vector<double>& v, double p);

// The median of the runs' figures (the upper one of an even count); 0
// when there are none.
double Median(std::vector<double> v);

// When each request was sent, per client and request number, as
// steady-clock nanoseconds (0: not sent): written by the client thread,
// read by whoever receives the reports.
using SentTimes = std::vector<std::unique_ptr<std::atomic<int64_t>[]>>;
// Zeroed slots for every client's budget at `offered_total` per second.
SentTimes MakeSentTimes(const LoadOptions& o, double offered_total);

// One client's part of a run.
struct ClientRun {
  std::vector<double> latencies_ms;  // per ack, from the (scheduled) send
  int64_t acked_in_window = 0;       // acks that came by `stop`
  int64_t refused = 0;               // error replies (not resent)
};

// One client thread against the broker's submit endpoint. offered_per_client
// == 0: closed loop with o.window in flight; else open loop at that rate,
// latency from each request's scheduled send time. Pre-encodes its requests
// before `start`; sends until `stop`, then waits (at most 10 s) for the
// acks in flight. `keys`: CURVE (client i speaks as kUnits[i % 8]), or
// nullptr for an insecure broker.
void RunClient(zmq::context_t& context, const std::string& endpoint,
               const LoadOptions& o, int id, double offered_per_client,
               Clock::time_point start, Clock::time_point stop,
               std::atomic<int64_t>* sent_ns, ClientRun* out,
               const SubmitKeys* keys);

}  // namespace xinbao::bench
