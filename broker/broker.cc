#include "broker/broker.h"

#include <spdlog/spdlog.h>

#include <pthread.h>

#include <filesystem>
#include <optional>
#include <system_error>
#include <thread>

#include "broker/backup/backup_keeper.h"
#include "broker/tree/upstream_link.h"
#include "broker/base/vitals.h"
#include "broker/security/audit_trail.h"
#include "broker/start_check.h"
#include "broker/ingest/committer.h"
#include "broker/security/gatekeeper.h"
#include "broker/security/registry_keeper.h"
#include "broker/security/zap_authenticator.h"
#include "proto/chain_hash.h"
#include "proto/curve_keys.h"
#include "broker/feed/feed_publisher.h"
#include "broker/ingest/frontend.h"
#include "broker/query/query_server.h"
#include "broker/ingest/request_decoder.h"
#include "broker/metrics/metrics_server.h"
#include "storage/report_store.h"

namespace xinbao::broker {
namespace {

constexpr const char* kLinkEndpoint = "inproc://xinbao-commit-link";
constexpr const char* kFeedLinkEndpoint = "inproc://xinbao-feed-link";
// Hard cap on what libzmq will read at all: a peer that sends more is
// disconnected by libzmq before it can exhaust memory. Between
// max_message_bytes and this cap, the broker answers MESSAGE_TOO_LARGE.
constexpr int64_t kHardCapFactor = 4;

// A ROUTER for clients' requests bound to `endpoint`, or INVALID_FIELD
// naming `field` (the config key) if it cannot be bound.
// Makes `socket` a CURVE server on ZAP domain `domain`, if `curve`.
void ServeCurve(zmq::socket_t& socket, const CurveKeyPair* curve,
                const char* domain) {
  if (curve == nullptr) return;
  socket.set(zmq::sockopt::curve_server, true);
  socket.set(zmq::sockopt::curve_secretkey, curve->secret_key);
  socket.set(zmq::sockopt::zap_domain, domain);
}

Result<zmq::socket_t> BindRouter(zmq::context_t& context,
                                 const std::string& endpoint,
                                 const std::string& field,
                                 const Limits& limits,
                                 const CurveKeyPair* curve, const char* domain) {
  try {
    zmq::socket_t router(context, zmq::socket_type::router);
    ServeCurve(router, curve, domain);
    router.set(zmq::sockopt::maxmsgsize,
               static_cast<int64_t>(limits.max_message_bytes) * kHardCapFactor);
    router.set(zmq::sockopt::sndhwm, 100000);
    router.set(zmq::sockopt::rcvhwm, 100000);
    router.set(zmq::sockopt::linger, 2000);
    router.bind(endpoint);
    return router;
  } catch (const zmq::error_t& error) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "无法监听 " + endpoint + ": " + error.what() +
                      "（端口被占用或地址写错？）",
                  field);
  }
}

// The live feed's XPUB: never blocks; drops for a subscriber past its mark.
Result<zmq::socket_t> BindFeed(zmq::context_t& context,
                               const BrokerConfig& config,
                               const CurveKeyPair* curve) {
  try {
    zmq::socket_t xpub(context, zmq::socket_type::xpub);
    ServeCurve(xpub, curve, "feed");
    xpub.set(zmq::sockopt::sndhwm, config.feed_high_water_mark);
    xpub.set(zmq::sockopt::linger, 0);
    // Subscribers send only subscriptions; anything large is hostile.
    xpub.set(zmq::sockopt::maxmsgsize, int64_t{4096});
    // Every subscription and unsubscription is passed up, so that the
    // publisher can count them (broker/base/vitals.h).
    xpub.set(zmq::sockopt::xpub_verboser, true);
    xpub.bind(config.feed_endpoint);
    return xpub;
  } catch (const zmq::error_t& error) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "无法监听 " + config.feed_endpoint + ": " + error.what() +
                      "（端口被占用或地址写错？）",
                  "broker.feed_endpoint");
  }
}

// RocksDB's own log, in the broker's: its chatter (flushes, compactions,
// the options at open) at debug, its debug lines at trace, warnings and
// errors as they are, a fatal error as critical.
void LogStoreLine(storage::StoreLogLevel level, std::string_view line) {
  // Indexed by StoreLogLevel: kDebug, kInfo, kWarning, kError, kFatal.
  constexpr spdlog::level::level_enum kLevels[] = {
      spdlog::level::trace, spdlog::level::debug, spdlog::level::warn,
      spdlog::level::err, spdlog::level::critical};
  spdlog::log(kLevels[static_cast<int>(level)], "rocksdb: {}", line);
}

// The least RocksDB line the broker's log level shows, so that RocksDB
// formats nothing that would be thrown away.
storage::StoreLogLevel LeastStoreLine() {
  if (spdlog::should_log(spdlog::level::trace)) {
    return storage::StoreLogLevel::kDebug;
  }
  if (spdlog::should_log(spdlog::level::debug)) {
    return storage::StoreLogLevel::kInfo;
  }
  if (spdlog::should_log(spdlog::level::warn)) {
    return storage::StoreLogLevel::kWarning;
  }
  return spdlog::should_log(spdlog::level::err)
             ? storage::StoreLogLevel::kError
             : storage::StoreLogLevel::kFatal;
}

}  // namespace

struct Broker::Impl {
  BrokerConfig config;
  // The live figures every thread writes and the status answer reads;
  // declared before the threads' objects, which point to it.
  std::unique_ptr<Vitals> vitals;
  std::string submit_endpoint;
  std::string query_endpoint;
  std::string feed_endpoint;
  std::unique_ptr<storage::ReportStore> store;
  zmq::context_t context{1};
  // CURVE (null without): the registry in force, the audit trail, and the
  // ZAP handler, which lives in `context` and so is declared after it.
  std::optional<CurveKeyPair> server_keys;
  std::unique_ptr<RegistryKeeper> users;
  std::unique_ptr<AuditTrail> audit;
  std::unique_ptr<ZapAuthenticator> zap;
  std::unique_ptr<Frontend> frontend;
  std::unique_ptr<Committer> committer;
  // Online backups on their own thread; the query server orders them.
  std::unique_ptr<BackupKeeper> backups;
  // The link to the parent broker ([upstream]; null when none): sends
  // the store's upward queue on a thread of its own.
  std::unique_ptr<UpstreamLink> upstream;
  // What this broker holds for its children (下发), served by the query
  // server.
  std::unique_ptr<DownwardQueue> downward;
  std::unique_ptr<QueryServer> query_server;
  std::unique_ptr<FeedPublisher> publisher;
  // GET /metrics and /healthz ([metrics] listen; null when off). Reads
  // the store: declared after it, so gone before it.
  std::unique_ptr<MetricsServer> metrics;
  std::thread frontend_thread;
  std::thread committer_thread;
  std::thread query_thread;
  std::thread publisher_thread;

  // Reads the broker's keys and the user registry and starts the ZAP
  // handler when [security] mode is curve; says loudly that it is not
  // otherwise.
  Status StartCurve(const BrokerConfig& cfg);
};

Status Broker::Impl::StartCurve(const BrokerConfig& cfg) {
  if (!cfg.security.curve) {
    spdlog::warn("*****************************************************************");
    spdlog::warn("* INSECURE MODE: no encryption, no authentication on any socket. *");
    spdlog::warn("* 不安全模式：所有端口均未加密、未认证，仅供本机开发测试使用。      *");
    spdlog::warn("* Set [security] mode = \"curve\" for any real use.                *");
    spdlog::warn("*****************************************************************");
    return Status::Ok();
  }
  Result<CurveKeyPair> keys = ReadServerKeys(cfg.security.secret_key_file);
  if (!keys.ok()) return keys.status();
  server_keys = std::move(*keys);
  Result<std::unique_ptr<RegistryKeeper>> keeper =
      RegistryKeeper::Open(cfg.security.registry_file, cfg.units, audit.get());
  if (!keeper.ok()) return keeper.status();
  users = std::move(*keeper);
  const std::size_t count = users->directory().Current()->users().size();
  zap = std::make_unique<ZapAuthenticator>(
      context, users->directory(), [this](const ZapRefusal& refusal) {
        v1::AuditRecord record;
        record.set_kind(refusal.role_refused
                            ? v1::AuditRecord::KIND_ROLE_VIOLATION
                            : v1::AuditRecord::KIND_AUTHENTICATION_FAILED);
        record.set_user(refusal.user);
        record.set_unit_id(refusal.unit_id);
        record.set_public_key(refusal.public_key);
        record.set_address(refusal.address);
        record.set_socket(refusal.domain);
        record.set_detail(refusal.reason);
        audit->Record(std::move(record));
      });
  XINBAO_RETURN_IF_ERROR(zap->Start());
  spdlog::info("CURVE on every socket; {} users registered from {}; broker "
               "public key {}",
               count, cfg.security.registry_file.string(),
               server_keys->public_key);
  return Status::Ok();
}

Status Broker::ReloadRegistry() {
  if (impl_->users == nullptr) return NoRegistry();
  return impl_->users->Reload().status();
}

Broker::Broker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Broker::~Broker() { Stop(); }

const std::string& Broker::submit_endpoint() const {
  return impl_->submit_endpoint;
}

const std::string& Broker::query_endpoint() const {
  return impl_->query_endpoint;
}

const std::string& Broker::feed_endpoint() const {
  return impl_->feed_endpoint;
}

const std::string& Broker::metrics_url() const {
  static const std::string kOff;
  return impl_->metrics ? impl_->metrics->url() : kOff;
}

const BrokerConfig& Broker::config() const { return impl_->config; }

VitalsSnapshot Broker::vitals() const { return impl_->vitals->Read(); }

Result<std::unique_ptr<Broker>> Broker::Start(
    BrokerConfig config, Clock clock,
    std::shared_ptr<rocksdb::FileSystem> store_file_system) {
  QuietProtobufParseLogs();
  auto impl = std::make_unique<Impl>();
  impl->config = std::move(config);
  const BrokerConfig& cfg = impl->config;
  impl->vitals = std::make_unique<Vitals>(clock());

  std::error_code mkdir_error;
  std::filesystem::create_directories(cfg.data_dir, mkdir_error);
  if (mkdir_error) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法创建数据目录 " + cfg.data_dir.string() + ": " +
                      mkdir_error.message(),
                  "broker.data_dir");
  }
  storage::StoreOptions store_options;
  store_options.log = LogStoreLine;
  store_options.log_level = LeastStoreLine();
  store_options.file_system = std::move(store_file_system);
  store_options.block_cache_bytes = cfg.store_cache_bytes;
  Result<std::unique_ptr<storage::ReportStore>> store =
      storage::ReportStore::Open(cfg.store_dir(), store_options);
  if (!store.ok()) return store.status();
  impl->store = std::move(store).value();
  // The head in the log at every start: one more record of it outside the
  // store (docs/ARCHIVE.md).
  const v1::ChainHead head = impl->store->chain_head();
  spdlog::info("archive chain head: link {} {}", head.index(),
               head.index() == 0 ? "(nothing linked yet)" : ChainHex(head.hash()));
  impl->audit = std::make_unique<AuditTrail>(*impl->store, clock);
  XINBAO_RETURN_IF_ERROR(impl->StartCurve(cfg));
  const CurveKeyPair* curve =
      impl->server_keys ? &*impl->server_keys : nullptr;

  Result<zmq::socket_t> router =
      BindRouter(impl->context, cfg.submit_endpoint, "broker.submit_endpoint",
                 cfg.limits, curve, "submit");
  if (!router.ok()) return router.status();
  Result<zmq::socket_t> query_router =
      BindRouter(impl->context, cfg.query_endpoint, "broker.query_endpoint",
                 cfg.limits, curve, "query");
  if (!query_router.ok()) return query_router.status();
  Result<zmq::socket_t> feed = BindFeed(impl->context, cfg, curve);
  if (!feed.ok()) return feed.status();
  Result<uint64_t> feed_last = impl->store->FeedSequence();
  if (!feed_last.ok()) return feed_last.status();
  try {
    impl->submit_endpoint = router->get(zmq::sockopt::last_endpoint);
    impl->query_endpoint = query_router->get(zmq::sockopt::last_endpoint);
    impl->feed_endpoint = feed->get(zmq::sockopt::last_endpoint);

    zmq::socket_t committer_feed(impl->context, zmq::socket_type::pair);
    zmq::socket_t publisher_feed(impl->context, zmq::socket_type::pair);
    for (zmq::socket_t* link : {&committer_feed, &publisher_feed}) {
      link->set(zmq::sockopt::sndhwm, 0);  // one batch per durable write
      link->set(zmq::sockopt::rcvhwm, 0);
    }
    publisher_feed.bind(kFeedLinkEndpoint);
    committer_feed.connect(kFeedLinkEndpoint);
    impl->publisher = std::make_unique<FeedPublisher>(
        std::move(*feed), std::move(publisher_feed), *feed_last, clock,
        impl->vitals.get());

    zmq::socket_t frontend_link(impl->context, zmq::socket_type::pair);
    zmq::socket_t committer_link(impl->context, zmq::socket_type::pair);
    for (zmq::socket_t* link : {&frontend_link, &committer_link}) {
      link->set(zmq::sockopt::sndhwm, 0);  // bounded by max_in_flight
      link->set(zmq::sockopt::rcvhwm, 0);
    }
    committer_link.bind(kLinkEndpoint);
    frontend_link.connect(kLinkEndpoint);

    impl->committer = std::make_unique<Committer>(
        std::move(committer_link), std::move(committer_feed), *impl->store,
        cfg, clock, impl->vitals.get());
    impl->committer->ServeChildBrokers(impl->users ? &impl->users->directory() : nullptr);
    // The inner submit socket: what this process submits itself (the
    // reports its upstream link fetches from the parent).
    zmq::socket_t inner;
    if (cfg.tree.upstream.enabled()) {
      inner = zmq::socket_t(impl->context, zmq::socket_type::router);
      inner.bind(kInnerSubmitEndpoint);
    }
    impl->frontend = std::make_unique<Frontend>(
        std::move(*router), std::move(frontend_link), cfg, clock,
        Gatekeeper(impl->users ? &impl->users->directory() : nullptr,
                   impl->audit.get(), "submit"),
        impl->vitals.get(), std::move(inner));
    impl->backups = std::make_unique<BackupKeeper>(
        *impl->store, cfg.backup_dir(), cfg.backup, clock);
    if (cfg.tree.upstream.enabled()) {
      Result<std::unique_ptr<UpstreamLink>> link =
          UpstreamLink::Open(cfg, *impl->store, clock, impl->context);
      if (!link.ok()) return link.status();
      impl->upstream = std::move(link).value();
    }
    impl->downward = std::make_unique<DownwardQueue>(*impl->store, cfg.tree.id);
    impl->query_server = std::make_unique<QueryServer>(
        std::move(*query_router), *impl->store, cfg, clock,
        Gatekeeper(impl->users ? &impl->users->directory() : nullptr,
                   impl->audit.get(), "query"),
        impl->users.get(), impl->vitals.get(), impl->backups.get(),
        impl->upstream.get(), impl->downward.get());
  } catch (const zmq::error_t& error) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  std::string("无法建立内部连接: ") + error.what());
  }
  // The open events (and their pending deadlines) come back before any
  // report is read.
  if (Status loaded = impl->committer->LoadEvents(); !loaded.ok()) {
    return loaded;
  }
  if (cfg.metrics.enabled()) {
    Result<HostPort> address = MetricsAddress(cfg.metrics);
    if (!address.ok()) return address.status();
    impl->metrics = std::make_unique<MetricsServer>(
        *impl->vitals, *impl->store, cfg, clock, impl->upstream.get());
    XINBAO_RETURN_IF_ERROR(impl->metrics->Bind(*address));
  }
  // Sockets move to their threads here; std::thread's start is the full
  // memory barrier libzmq asks for when a socket changes threads.
  impl->committer_thread = std::thread([c = impl->committer.get()] {
    pthread_setname_np(pthread_self(), "xb-committer");
    c->Run();
  });
  impl->frontend_thread = std::thread([f = impl->frontend.get()] {
    pthread_setname_np(pthread_self(), "xb-frontend");
    f->Run();
  });
  impl->backups->Start();
  if (impl->upstream) impl->upstream->Start();
  impl->query_thread = std::thread([q = impl->query_server.get()] {
    pthread_setname_np(pthread_self(), "xb-query");
    q->Run();
  });
  impl->publisher_thread = std::thread([p = impl->publisher.get()] {
    pthread_setname_np(pthread_self(), "xb-feed");
    p->Run();
  });
  if (impl->metrics) {
    impl->metrics->Serve();
    spdlog::info("metrics on {}/metrics (health on {}/healthz)",
                 impl->metrics->url(), impl->metrics->url());
  }
  for (const std::string& warning : StartWarnings(cfg, clock())) {
    spdlog::warn("{}", warning);
  }
  spdlog::info(
      "broker serving on {} (queries on {}, live feed on {}) with data in {} "
      "({} units registered); broker time zone {}",
      impl->submit_endpoint, impl->query_endpoint, impl->feed_endpoint,
      cfg.data_dir.string(), cfg.units.units().size(), cfg.zone().name());
  return std::unique_ptr<Broker>(new Broker(std::move(impl)));
}

void Broker::Stop() {
  if (!impl_ || !impl_->frontend_thread.joinable()) return;
  impl_->frontend->RequestStop();
  impl_->frontend_thread.join();
  impl_->committer_thread.join();  // it stops the publisher when done
  impl_->publisher_thread.join();
  // Queries only read: they are served until the writes are done.
  impl_->query_server->RequestStop();
  impl_->query_thread.join();
  impl_->backups->Stop();  // finishes a backup being made
  // The link reads and moves the store's cursor: gone before the store.
  if (impl_->upstream) impl_->upstream->Stop();
  impl_->zap.reset();  // joins the ZAP thread, which writes to the audit
  impl_->audit.reset();
  impl_->frontend.reset();
  impl_->committer.reset();
  impl_->query_server.reset();
  impl_->backups.reset();
  impl_->upstream.reset();
  impl_->publisher.reset();
  if (impl_->metrics) impl_->metrics->Stop();  // it reads the store
  impl_->store.reset();
  spdlog::info("broker stopped");
}

}  // namespace xinbao::broker
