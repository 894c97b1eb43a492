// BrokerConfig: everything an operator can set, with embedded defaults.
//
// With no config file the broker runs on DefaultConfig(): a local data
// directory, loopback endpoints and a demo unit registry. A TOML file
// (documented in deploy/xinbao-broker.toml) overrides any part of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "broker/base/log_level.h"
#include "broker/deadlines/work_calendar.h"
#include "broker/caibian/caibian_policy.h"
#include "broker/duban/duban_policy.h"
#include "broker/events/deadline_policy.h"
#include "broker/config/metrics_policy.h"
#include "broker/config/tree_policy.h"
#include "broker/units/unit_registry.h"
#include "proto/report_rules.h"
#include "proto/status.h"
#include "xinbao/v1/history.pb.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// Limits on what a client may send. Anything over a limit is refused with
// a typed error; nothing is truncated.
struct Limits {
  std::size_t max_message_bytes = 1 << 20;      // one whole request
  std::size_t max_attachment_bytes = 256 << 10;  // one attachment's data
  std::size_t max_attachments = 8;
  // How far in the future a report's times may lie (clients' clocks drift).
  int64_t max_clock_skew_ms = kDefaultMaxClockSkewMs;
  // Below this much free space on the data directory's filesystem the
  // broker's status answer says it is unhealthy (`xinbao health`).
  int64_t min_free_disk_mb = 512;
};

// Group commit: how the committer batches submissions into one synced write.
struct CommitPolicy {
  // Most reports in one synced write.
  std::size_t max_batch = 2048;
  // After the first report of a batch arrives, wait at most this long for
  // more before writing. 0: write what is already waiting, at once (the
  // fsync in progress is what lets the next batch fill up).
  int64_t max_delay_us = 0;
  // Most reports accepted but not yet acknowledged; past this the broker
  // stops reading new requests until acks go out (back-pressure, no drops).
  std::size_t max_in_flight = 16384;
};

// [fairness]: each unit's share of the submit socket, so that one unit's
// flood cannot delay another unit's acknowledgements (broker/ingest/
// unit_shares.h). Past its share a request is refused with the retryable
// RATE_LIMITED and a retry_after_ms hint; nothing is stored.
// The defaults are measured (BENCHMARKS.md, "Fairness under a flood"):
// room for a unit's several clients (the ingest bench keeps 128 a unit in
// flight) at no cost to throughput, and a flood's part of any one synced
// write small enough that another unit's report is not held up behind it.
struct FairnessPolicy {
  // Most requests of one unit accepted but not yet answered (the unit of
  // the key under CURVE; the report's or command's unit_id without).
  // 0: no share (only commit.max_in_flight bounds a unit).
  std::size_t unit_in_flight = 256;
  // Most requests of one unit accepted per second, on average (a token
  // bucket holding one second's worth). 0: no rate limit.
  int64_t unit_rate = 0;
  // Most requests of one unit in one synced write — or as many as the
  // unit with the second most waiting has in it, if more, so that units
  // all busy at once keep whole batches; the unit's others open the next
  // one. 0: no cap.
  std::size_t unit_per_batch = 32;
};

// What the broker may carry and, later, who may talk to it ([security]).
struct Security {
  // The highest classification (密级) a report may carry on this broker's
  // network; a report above it is refused and not stored. Default 内部:
  // an ordinary government network carries no state secrets (秘密, 机密,
  // 绝密), which go through classified channels instead.
  v1::Classification max_classification = v1::CLASSIFICATION_INTERNAL;
  // CurveZMQ on every socket, clients authenticated by their public key
  // against the user registry (ZAP). Off ("insecure") only for local
  // development: the broker then says so loudly on start.
  bool curve = false;
  // The broker's key pair (`xinbao keygen`), and the user registry
  // (broker/user_registry.h). Both required with curve.
  std::filesystem::path secret_key_file;
  std::filesystem::path registry_file;
};

// [log]: what the broker writes to its log (stderr; journald under
// systemd). xinbao-broker's main() applies it to the process's logger;
// `--log-level` wins over `level`.
struct LogPolicy {
  // The least a line must matter to be written (RocksDB's own chatter
  // shows from debug on).
  LogLevel level = LogLevel::kInfo;
  // Most lines per second for refused requests of one kind (one source,
  // one error code); the rest are summed up once a second
  // (broker/base/refusal_log.h). 1 to 10000.
  int refusals_per_second = 5;
};

// [backup]: online backups of the store (broker/backup). Backups are made
// while the broker serves; `xinbao backup` asks for one, and `every`
// schedules them.
struct BackupPolicy {
  // The folder they go to, on the broker's machine; a relative path is
  // taken from the data folder. Put it on another disk than the store.
  std::filesystem::path dir = "backups";
  // One every this long after the newest in `dir` (at start too, when the
  // newest is older or there is none); 0: only when an admin asks.
  // "none" or at least 1 minute ("1d", "12h", "30m").
  int64_t every_ms = 0;
  // The newest this many are kept; older ones are deleted after each new
  // backup. 1 to 1000.
  int keep = 7;
};

struct BrokerConfig {
  std::filesystem::path data_dir = "xinbao-data";
  std::string submit_endpoint = "tcp://127.0.0.1:7601";
  // Queries (events, alarms; later replay) are answered on their own
  // ROUTER socket, so a long query never delays a submission.
  std::string query_endpoint = "tcp://127.0.0.1:7602";
  // The live feed (XPUB) for the central office's monitors.
  std::string feed_endpoint = "tcp://127.0.0.1:7603";
  // Most feed messages queued for one subscriber; past it that subscriber
  // loses messages (and resyncs) rather than slowing ingest or growing
  // the broker's memory.
  int feed_high_water_mark = 10000;
  // [broker] store_cache_mb: the store's one block cache (data, index and
  // filter blocks of every family; storage::StoreOptions::block_cache_bytes).
  std::size_t store_cache_bytes = std::size_t{64} << 20;
  Limits limits;
  CommitPolicy commit;
  UnitRegistry units;
  // Deadlines and required elements of urgent events ([events]); its
  // `zone` is the broker's time zone ([broker] time_zone).
  DeadlinePolicy events;
  // 督办: how long units have for each duty ([duban]; broker/duban).
  DubanPolicy duban;
  // 采编: the bulletin series and commission terms ([caibian];
  // broker/caibian).
  CaibianPolicy caibian;
  // The weights of the monthly accountability score ([assessment]; see
  // broker/assessment.h). Defaults in default_config.cc.
  v1::AssessmentWeights assessment;
  // [security]: the classification ceiling.
  Security security;
  // [calendar]: the working days and office hours that deadlines in
  // working days count (broker/deadlines/work_calendar.h). Default: the
  // built-in calendar (deploy/calendar/cn-workdays.toml) and
  // 08:30-12:00, 14:00-17:30.
  WorkCalendar calendar;
  // [log]: the log level and how many refusal lines a second.
  LogPolicy log;
  // [backup]: where backups go, how often, how many are kept.
  BackupPolicy backup;
  // Where the store is: <data_dir>/reports.
  std::filesystem::path store_dir() const { return data_dir / "reports"; }
  // The backup folder as the broker uses it (backup.dir, taken from
  // data_dir when relative).
  std::filesystem::path backup_dir() const {
    return backup.dir.is_absolute() ? backup.dir : data_dir / backup.dir;
  }
  // [metrics]: the Prometheus endpoint (off unless `listen` is set).
  MetricsPolicy metrics;
  // [fairness]: each unit's share of the submit socket.
  FairnessPolicy fairness;
  // [tree] and [upstream]: this broker's place in the reporting tree and
  // its link to the parent (tree_policy.h; docs/HIERARCHY.md).
  TreePolicy tree;

  // The one zone the broker runs in ([broker] time_zone, default
  // Asia/Shanghai): local months, follow-up times of day, the words in
  // alarms; carried in every reply so clients show times the same way.
  const TimeZone& zone() const { return events.zone; }
};

// The embedded defaults, with the demo county's unit registry.
BrokerConfig DefaultConfig();

// DefaultConfig() overridden by the TOML file at `path`. Unknown keys are
// refused (a typo must not silently fall back to a default).
Result<BrokerConfig> LoadConfig(const std::filesystem::path& path);

// LoadConfig() of TOML `text` as if read from the file at `path` (named in
// refusals; a relative [calendar] file is read from its folder). Nothing
// else is read from disk.
Result<BrokerConfig> ParseConfig(std::string_view text,
                                 const std::filesystem::path& path);

}  // namespace xinbao::broker
