// xinbao-broker: the broker daemon.
//
// With no arguments it runs on the embedded defaults (./xinbao-data,
// submissions on tcp://127.0.0.1:7601, queries on :7602, the live feed on
// :7603, the demo unit registry), with CURVE on every socket and demo keys
// made under <data_dir>/keys (broker/demo_keys.h). --insecure turns CURVE
// off for local development, and the broker says so loudly. Once serving it prints one line on
// stdout, "READY submit=<endpoint> query=<endpoint> feed=<endpoint>"
// (and " metrics=<url>" when [metrics] listen is set), for scripts and
// tests. --check-config checks what a start needs (the key
// file, the user registry, the data folder: broker/start_check.h) and
// exits, 1 when something is wrong, 0 with notes on what start would
// warn about (a provisional calendar year); --version prints "xinbao-broker
// <version>"; a flag it does not know exits 2. SIGINT or SIGTERM stop it
// cleanly: everything accepted is written and acked. SIGHUP reloads the
// user registry ([security] registry_file) without a restart. Logs go to
// stderr (broker/log_format.h: with journald's priorities under systemd)
// at --log-level, else [log] level, else info; a level it does not know
// exits 2. --restore <backup folder> [--backup-id N] restores a backup
// (`xinbao backup`, [backup] every) as the store of the data folder, which
// must hold none, and exits: 0 restored, 1 not (docs/OPERATIONS.md).
// `verify [--store DIR] [--expect INDEX:HASH]` checks the archive chain of
// the data folder's store (or DIR: a restored backup) read-only, also
// while the broker runs, and exits 0 intact, 1 broken
// (broker/archive_check.h, docs/ARCHIVE.md).
// Under systemd (NOTIFY_SOCKET) it also tells systemd when it is
// ready, reloading and stopping, and feeds the watchdog while its write
// path turns (broker/service_notify.h).
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <ctime>
#include <iostream>
#include <optional>
#include <vector>

#include "broker/archive_check.h"
#include "broker/broker.h"
#include "broker/config/config.h"
#include "broker/log_format.h"
#include "broker/security/demo_keys.h"
#include "broker/service_notify.h"
#include "broker/start_check.h"
#include "proto/chain_hash.h"
#include "proto/time_zone.h"
#include "storage/report_store.h"

namespace {

// --restore: the backup `id` (0: the newest) of `from` as the store of
// config's data folder.
int Restore(const xinbao::broker::BrokerConfig& config,
            const std::string& from, uint32_t id) {
  auto restored =
      xinbao::storage::ReportStore::Restore(from, id, config.store_dir());
  if (!restored.ok()) {
    std::cerr << "xinbao-broker 无法恢复备份: " << restored.status().message()
              << "\n";
    return 1;
  }
  std::cout << "已把 " << from << " 里的第 " << restored->id << " 号备份（"
            << config.zone().Format(restored->created_at_ms, "%Y-%m-%d %H:%M:%S")
            << "，报告到第 " << restored->last_sequence << " 号）恢复到 "
            << config.store_dir().string()
            << "。现在可以启动 xinbao-broker；备份之后收到的报告，由各单位"
               "客户端的发件箱重新报送，或由各单位补报。\n";
  if (restored->chain_head.index() != 0) {
    std::cout << "备份时的存证链头："
              << xinbao::ChainHeadText(restored->chain_head, config.zone())
              << "\n核对恢复的库：xinbao-broker verify --expect "
              << restored->chain_head.index() << ":"
              << xinbao::ChainHex(restored->chain_head.hash()) << "\n";
  }
  return 0;
}

// Waits for one of `signals`; 0 when `beat` passes first (nullopt: wait
// as long as it takes).
int WaitForSignal(const sigset_t& signals,
                  std::optional<std::chrono::milliseconds> beat) {
  if (!beat) {
    int received = 0;
    return sigwait(&signals, &received) == 0 ? received : SIGTERM;
  }
  const timespec wait{static_cast<time_t>(beat->count() / 1000),
                      static_cast<long>(beat->count() % 1000) * 1'000'000};
  const int received = sigtimedwait(&signals, nullptr, &wait);
  if (received < 0) return (errno == EAGAIN || errno == EINTR) ? 0 : SIGTERM;
  return received;
}

int Serve(xinbao::broker::BrokerConfig config) {
  // Block the stop signals in every thread; main() waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const std::chrono::milliseconds check_interval(
      config.events.check_interval_ms);
  auto broker = xinbao::broker::Broker::Start(std::move(config));
  if (!broker.ok()) {
    std::cerr << "xinbao-broker 无法启动: " << broker.status().message()
              << "\n";
    return 1;
  }
  std::cout << "READY submit=" << (*broker)->submit_endpoint()
            << " query=" << (*broker)->query_endpoint()
            << " feed=" << (*broker)->feed_endpoint()
            << ((*broker)->metrics_url().empty() ? "" : " metrics=")
            << (*broker)->metrics_url() << std::endl;
  // systemd (Type=notify): readiness, status, watchdog; nothing without
  // NOTIFY_SOCKET.
  const auto notifier = xinbao::broker::ServiceNotifier::FromEnvironment();
  const xinbao::broker::Clock now = xinbao::broker::SystemClock();
  notifier.Ready(
      xinbao::broker::ServiceStatusLine((*broker)->vitals(), true, now()));

  int received = 0;
  while ((received = WaitForSignal(signals, notifier.beat_interval())) == 0 ||
         received == SIGHUP) {
    if (received == 0) {
      notifier.Beat((*broker)->vitals(), check_interval, now());
      continue;
    }
    notifier.Reloading();
    const xinbao::Status reloaded = (*broker)->ReloadRegistry();
    if (reloaded.ok()) {
      spdlog::info("SIGHUP: user registry reloaded");
    } else {
      spdlog::error("SIGHUP: registry not reloaded: {}", reloaded.ToString());
    }
    notifier.Ready(
      xinbao::broker::ServiceStatusLine((*broker)->vitals(), true, now()));
  }
  spdlog::info("received signal {}, stopping", received);
  notifier.Stopping();
  (*broker)->Stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"xinbao-broker: 信报 信息报送服务"};
  std::string config_path;
  std::string data_dir;
  std::string submit_endpoint;
  std::string query_endpoint;
  std::string feed_endpoint;
  bool check_only = false;
  bool insecure = false;
  std::string log_level;
  std::string restore_from;
  uint32_t backup_id = 0;
  app.add_option("-c,--config", config_path,
                 "TOML config file (default: embedded defaults)");
  app.add_option("--data-dir", data_dir, "data directory (overrides config)");
  app.add_option("--submit-endpoint", submit_endpoint,
                 "ZeroMQ endpoint for submissions, e.g. tcp://127.0.0.1:7601 "
                 "(port * picks a free one)");
  app.add_option("--query-endpoint", query_endpoint,
                 "ZeroMQ endpoint for queries (events, alarms), e.g. "
                 "tcp://127.0.0.1:7602 (port * picks a free one)");
  app.add_option("--feed-endpoint", feed_endpoint,
                 "ZeroMQ endpoint of the live feed (XPUB), e.g. "
                 "tcp://127.0.0.1:7603 (port * picks a free one)");
  app.add_flag("--check-config", check_only,
               "validate the configuration and exit");
  app.add_flag("--insecure", insecure,
               "no CURVE: no encryption, no authentication (local development "
               "and old tests only; says so loudly)");
  app.add_option("--log-level", log_level,
                 "least a log line must matter to be written: trace, debug, "
                 "info (default), warn or error; wins over [log] level");
  app.add_option("--restore", restore_from,
                 "restore a backup from this backup folder into the data "
                 "folder (which must hold no store yet), then exit");
  app.add_option("--backup-id", backup_id,
                 "with --restore: which backup (default: the newest)");
  app.set_version_flag("--version", "xinbao-broker " XINBAO_VERSION);
  CLI::App* verify = app.add_subcommand(
      "verify",
      "check the archive's hash chain of the store (read-only: also while "
      "the broker runs) and exit: 0 intact, 1 broken (docs/ARCHIVE.md)");
  verify->fallthrough();
  std::string verify_store;
  std::string verify_expect;
  verify->add_option("--store", verify_store,
                     "the store folder to check (default: the data folder's "
                     "store; e.g. a backup restored elsewhere)");
  verify->add_option("--expect", verify_expect,
                     "INDEX:HASH, a chain head written down earlier: also "
                     "check that the chain still holds it");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version end here with 0; a bad flag with 2, as every
    // xinbao program (not CLI11's own codes).
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }

  std::optional<xinbao::broker::LogLevel> flag_level;
  if (!log_level.empty()) {
    auto parsed = xinbao::broker::ParseLogLevel(log_level, "--log-level");
    if (!parsed.ok()) {
      std::cerr << "xinbao-broker: --log-level: " << parsed.status().message()
                << "\n";
      return 2;
    }
    flag_level = *parsed;
  }

  // stdout carries only the READY line; logs go to stderr.
  xinbao::broker::StartBrokerLog();
  if (flag_level) xinbao::broker::ApplyLogLevel(*flag_level);
  xinbao::broker::BrokerConfig config;
  if (config_path.empty()) {
    spdlog::info("no config file given: using the embedded defaults (demo units)");
    config = xinbao::broker::DefaultConfig();
  } else {
    auto loaded = xinbao::broker::LoadConfig(config_path);
    if (!loaded.ok()) {
      std::cerr << "xinbao-broker 配置错误: " << loaded.status().message()
                << "\n";
      return 1;
    }
    config = std::move(loaded).value();
  }
  if (flag_level) config.log.level = *flag_level;
  xinbao::broker::ApplyLogLevel(config.log.level);
  if (!data_dir.empty()) config.data_dir = data_dir;
  if (!submit_endpoint.empty()) config.submit_endpoint = submit_endpoint;
  if (!query_endpoint.empty()) config.query_endpoint = query_endpoint;
  if (!feed_endpoint.empty()) config.feed_endpoint = feed_endpoint;
  if (!restore_from.empty()) return Restore(config, restore_from, backup_id);
  if (verify->parsed()) {
    return xinbao::broker::VerifyArchive(
        verify_store.empty() ? config.store_dir()
                             : std::filesystem::path(verify_store),
        verify_expect, config.zone(), std::cout, std::cerr);
  }
  if (insecure) {
    config.security.curve = false;
  } else if (config_path.empty()) {
    // Secure by default, also without a config file: demo keys.
    const xinbao::Status keys =
        xinbao::broker::UseDemoKeys(config.data_dir / "keys", &config);
    if (!keys.ok()) {
      std::cerr << "xinbao-broker 无法准备演示密钥: " << keys.message() << "\n";
      return 1;
    }
  }
  if (check_only) {
    const std::vector<xinbao::Status> problems =
        xinbao::broker::CheckStart(config);
    if (!problems.empty()) {
      std::cerr << "配置有误，xinbao-broker 无法启动：\n";
      for (const xinbao::Status& problem : problems) {
        std::cerr << "  - " << problem.message() << "\n";
      }
      return 1;
    }
    std::cout << "配置正确: " << config.units.units().size() << " 个单位, 数据目录 "
              << config.data_dir.string() << ", 报送 " << config.submit_endpoint
              << ", 查询 " << config.query_endpoint << ", 动态 "
              << config.feed_endpoint << "\n";
    for (const std::string& warning : xinbao::broker::StartWarnings(
             config, xinbao::broker::SystemClock()())) {
      std::cout << "注意: " << warning << "\n";
    }
    return 0;
  }
  return Serve(std::move(config));
}
