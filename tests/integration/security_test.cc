// Security on the real broker process with [security] mode = "curve": the
// key a connection authenticated with decides who speaks. Unknown keys and
// a wrong broker key get nothing; a reporter cannot report in another
// unit's name, read the full feed or replay other units; each role is held
// to its work; a key revoked while connected is refused after a SIGHUP
// reload; and every refusal is in the audit log.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "proto/curve_keys.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::TempDir;
using testing::WirePeer;
using namespace std::chrono_literals;

CurveKeyPair NewKeys() {
  Result<CurveKeyPair> keys = GenerateCurveKeyPair();
  EXPECT_TRUE(keys.ok());
  return *keys;
}

struct Person {
  std::string name;
  std::string unit;
  std::string role;
  CurveKeyPair keys;
};

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = NewKeys();
    ASSERT_TRUE(WriteKeyFiles(dir_.path() / "broker", server_).ok());
    people_ = {{"hekou-xxy", "hekou", "reporter", NewKeys()},
               {"gongan-xxy", "gongan", "reporter", NewKeys()},
               {"duty", "county-office", "monitor", NewKeys()},
               {"police-duty", "gongan", "monitor", NewKeys()},
               {"analyst", "county-office", "analyst", NewKeys()},
               {"admin", "county-office", "admin", NewKeys()}};
    for (const Person& p : people_) {
      ASSERT_TRUE(WriteKeyFiles(dir_.path() / p.name, p.keys).ok());
    }
    WriteRegistry("");
    std::ofstream(dir_.path() / "broker.toml")
        << "[security]\nmode = \"curve\"\nsecret_key_file = \""
        << (dir_.path() / "broker.key").string() << "\"\nregistry_file = \""
        << (dir_.path() / "users.toml").string() << "\"\n";
    broker_ = std::make_unique<BrokerProcess>(
        dir_.path() / "data", "tcp://127.0.0.1:*",
        std::vector<std::string>{"--config",
                                 (dir_.path() / "broker.toml").string()});
  }

  // The registry file, with the user `revoked` (if any) revoked.
  void WriteRegistry(const std::string& revoked) {
    std::ofstream out(dir_.path() / "users.toml");
    for (const Person& p : people_) {
      out << "[[user]]\nname = \"" << p.name << "\"\nunit = \"" << p.unit
          << "\"\nrole = \"" << p.role << "\"\npublic_key = \""
          << p.keys.public_key << "\"\nrevoked = "
          << (p.name == revoked ? "true" : "false") << "\n\n";
    }
  }

  Person& Mutable(const std::string& name) {
    for (Person& p : people_) {
      if (p.name == name) return p;
    }
    throw std::runtime_error("no such person");
  }

  const Person& As(const std::string& name) const {
    for (const Person& p : people_) {
      if (p.name == name) return p;
    }
    throw std::runtime_error("no such person");
  }

  std::unique_ptr<WirePeer> Submitter(const CurveKeyPair& keys) {
    return std::make_unique<WirePeer>(broker_->endpoint(), keys,
                                      server_.public_key);
  }
  std::unique_ptr<WirePeer> Asker(const CurveKeyPair& keys) {
    return std::make_unique<WirePeer>(broker_->query_endpoint(), keys,
                                      server_.public_key);
  }

  static std::optional<v1::Reply> Submit(WirePeer& peer,
                                         const v1::Report& report,
                                         std::chrono::milliseconds wait = 10s) {
    v1::Envelope envelope;
    *envelope.mutable_submit()->mutable_report() = report;
    return peer.Ask(envelope, wait);
  }

  static v1::ErrorCode Refusal(const std::optional<v1::Reply>& reply) {
    return reply && reply->has_error() ? reply->error().code()
                                       : v1::ERROR_CODE_UNSPECIFIED;
  }

  // The audit log, read from the store after the broker has stopped.
  std::vector<v1::AuditRecord> AuditAfterStop() {
    broker_.reset();
    auto store = storage::ReportStore::Open(dir_.path() / "data" / "reports");
    EXPECT_TRUE(store.ok());
    std::vector<v1::AuditRecord> records;
    EXPECT_TRUE((*store)
                    ->ScanAudit(1, 1000,
                                [&](const v1::AuditRecord& r) {
                                  records.push_back(r);
                                  return true;
                                })
                    .ok());
    return records;
  }

  TempDir dir_;
  CurveKeyPair server_;
  std::vector<Person> people_;
  std::unique_ptr<BrokerProcess> broker_;
};

TEST_F(SecurityTest, AReporterReportsForItsOwnUnitOnly) {
  auto hekou = Submitter(As("hekou-xxy").keys);
  std::optional<v1::Reply> own =
      Submit(*hekou, testing::GeneralReport("own", "hekou"));
  ASSERT_TRUE(own && own->has_ack()) << (own ? own->ShortDebugString() : "");
  std::optional<v1::Reply> other =
      Submit(*hekou, testing::GeneralReport("other", "gongan"));
  EXPECT_EQ(Refusal(other), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_NE(other->error().message().find("不能以 gongan 的名义"),
            std::string::npos)
      << other->error().message();
  // The broker keeps serving, also that connection.
  std::optional<v1::Reply> again =
      Submit(*hekou, testing::GeneralReport("again", "hekou"));
  ASSERT_TRUE(again && again->has_ack());
  EXPECT_EQ(again->ack().sequence(), 2u);

  const std::vector<v1::AuditRecord> audit = AuditAfterStop();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].kind(), v1::AuditRecord::KIND_IMPERSONATION_REFUSED);
  EXPECT_EQ(audit[0].user(), "hekou-xxy");
  EXPECT_EQ(audit[0].socket(), "submit");
  EXPECT_EQ(audit[0].address(), "127.0.0.1");
}

TEST_F(SecurityTest, UnknownKeysAndAWrongBrokerKeyGetNothing) {
  auto stranger = Submitter(NewKeys());
  EXPECT_FALSE(Submit(*stranger, testing::GeneralReport("x", "hekou"), 1500ms));
  // The right user, but a broker key that is not this broker's.
  WirePeer misled(broker_->endpoint(), As("hekou-xxy").keys,
                  NewKeys().public_key);
  EXPECT_FALSE(Submit(misled, testing::GeneralReport("y", "hekou"), 1500ms));
  // A client without CURVE at all.
  WirePeer plain(broker_->endpoint());
  EXPECT_FALSE(Submit(plain, testing::GeneralReport("z", "hekou"), 1500ms));

  const std::vector<v1::AuditRecord> audit = AuditAfterStop();
  ASSERT_GE(audit.size(), 1u);
  EXPECT_EQ(audit[0].kind(), v1::AuditRecord::KIND_AUTHENTICATION_FAILED);
  EXPECT_EQ(audit[0].detail(), "公钥未登记");
  EXPECT_FALSE(audit[0].public_key().empty());
}

TEST_F(SecurityTest, EachRoleIsHeldToItsWork) {
  auto analyst_submits = Submitter(As("analyst").keys);
  v1::Report report = testing::GeneralReport("a1", "county-office");
  EXPECT_EQ(Refusal(Submit(*analyst_submits, report)),
            v1::ERROR_CODE_NOT_PERMITTED);

  // Two units' urgent events; 河口镇's reporter sees only its own.
  auto hekou = Submitter(As("hekou-xxy").keys);
  auto gongan = Submitter(As("gongan-xxy").keys);
  ASSERT_TRUE(Submit(*hekou, testing::UrgentShiReport("h", "evt-h", "hekou")));
  ASSERT_TRUE(
      Submit(*gongan, testing::UrgentShiReport("g", "evt-g", "gongan")));

  auto hekou_asks = Asker(As("hekou-xxy").keys);
  v1::Envelope list;
  list.mutable_list_events();
  std::optional<v1::Reply> listed = hekou_asks->Ask(list);
  ASSERT_TRUE(listed && listed->has_event_list());
  ASSERT_EQ(listed->event_list().events_size(), 1);
  EXPECT_EQ(listed->event_list().events(0).event_id(), "evt-h");
  v1::Envelope other_event;
  other_event.mutable_get_event()->set_event_id("evt-g");
  EXPECT_EQ(Refusal(hekou_asks->Ask(other_event)), v1::ERROR_CODE_UNKNOWN_EVENT);

  v1::Envelope snapshot;
  snapshot.mutable_snapshot();
  EXPECT_EQ(Refusal(hekou_asks->Ask(snapshot)), v1::ERROR_CODE_NOT_PERMITTED);
  // Of the statistics, only its own unit's row; as-of is the analysts'.
  v1::Envelope stats;
  stats.mutable_stats()->set_month("2026-11");
  std::optional<v1::Reply> standing = hekou_asks->Ask(stats);
  ASSERT_TRUE(standing && standing->has_stats());
  ASSERT_EQ(standing->stats().units_size(), 1);
  EXPECT_EQ(standing->stats().units(0).unit_id(), "hekou");
  v1::Envelope as_of;
  as_of.mutable_as_of()->set_at_ms(testing::NowMs());
  EXPECT_EQ(Refusal(hekou_asks->Ask(as_of)), v1::ERROR_CODE_NOT_PERMITTED);
  // A replay of every unit is refused; of its own unit it runs.
  v1::Envelope replay_all;
  replay_all.mutable_replay();
  EXPECT_EQ(Refusal(hekou_asks->Ask(replay_all)), v1::ERROR_CODE_NOT_PERMITTED);
  v1::Envelope replay_own;
  replay_own.mutable_replay()->add_unit_ids("hekou");
  std::optional<v1::Reply> chunk = hekou_asks->Ask(replay_own);
  ASSERT_TRUE(chunk && chunk->has_replay_chunk());
  EXPECT_EQ(chunk->replay_chunk().reports_size(), 1);

  // The office's duty officer sees everything, takes snapshots and — the
  // office being the assessor that compiles the 通报 — every unit's row of
  // the statistics; as-of is the analysts'.
  auto duty = Asker(As("duty").keys);
  std::optional<v1::Reply> all = duty->Ask(list);
  ASSERT_TRUE(all && all->has_event_list());
  EXPECT_EQ(all->event_list().events_size(), 2);
  EXPECT_TRUE(duty->Ask(snapshot)->has_snapshot());
  EXPECT_EQ(duty->Ask(stats)->stats().units_size(), 10);
  EXPECT_EQ(Refusal(duty->Ask(as_of)), v1::ERROR_CODE_NOT_PERMITTED);
  // A monitor of another unit (the police's duty desk) gets its own row.
  auto police_duty = Asker(As("police-duty").keys);
  std::optional<v1::Reply> police_row = police_duty->Ask(stats);
  ASSERT_TRUE(police_row && police_row->has_stats());
  ASSERT_EQ(police_row->stats().units_size(), 1);
  EXPECT_EQ(police_row->stats().units(0).unit_id(), "gongan");
  auto analyst = Asker(As("analyst").keys);
  EXPECT_EQ(analyst->Ask(stats)->stats().units_size(), 10);
  // Nobody but a monitor merges events, and an admin does not report.
  v1::Envelope merge;
  merge.mutable_merge_events()->set_unit_id("county-office");
  merge.mutable_merge_events()->set_officer("某某");
  merge.mutable_merge_events()->set_from_event_id("evt-g");
  merge.mutable_merge_events()->set_into_event_id("evt-h");
  auto analyst_commands = Submitter(As("analyst").keys);
  EXPECT_EQ(Refusal(analyst_commands->Ask(merge)), v1::ERROR_CODE_NOT_PERMITTED);
  auto admin = Submitter(As("admin").keys);
  EXPECT_EQ(Refusal(Submit(*admin, testing::GeneralReport("adm", "county-office"))),
            v1::ERROR_CODE_NOT_PERMITTED);

  std::set<v1::AuditRecord::Kind> kinds;
  for (const v1::AuditRecord& r : AuditAfterStop()) kinds.insert(r.kind());
  EXPECT_TRUE(kinds.count(v1::AuditRecord::KIND_ROLE_VIOLATION));
}

// Whether a SUB with `keys` gets anything (a heartbeat comes every second).
bool HearsTheFeed(const std::string& endpoint, const CurveKeyPair& keys,
                  const std::string& server_key) {
  zmq::context_t context;
  zmq::socket_t sub(context, zmq::socket_type::sub);
  sub.set(zmq::sockopt::linger, 0);
  sub.set(zmq::sockopt::curve_serverkey, server_key);
  sub.set(zmq::sockopt::curve_publickey, keys.public_key);
  sub.set(zmq::sockopt::curve_secretkey, keys.secret_key);
  sub.set(zmq::sockopt::subscribe, "");
  sub.connect(endpoint);
  zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
  return zmq::poll(&item, 1, std::chrono::milliseconds(2500)) > 0;
}

TEST_F(SecurityTest, OnlyRolesThatMayReadItGetTheFeed) {
  EXPECT_TRUE(HearsTheFeed(broker_->feed_endpoint(), As("duty").keys,
                           server_.public_key));
  EXPECT_FALSE(HearsTheFeed(broker_->feed_endpoint(), As("hekou-xxy").keys,
                            server_.public_key));
  bool logged = false;
  for (const v1::AuditRecord& r : AuditAfterStop()) {
    logged |= r.kind() == v1::AuditRecord::KIND_ROLE_VIOLATION &&
              r.socket() == "feed" && r.user() == "hekou-xxy" &&
              r.unit_id() == "hekou";
  }
  EXPECT_TRUE(logged);
}

TEST_F(SecurityTest, AKeyRevokedWhileConnectedIsRefusedAfterTheReload) {
  auto hekou = Submitter(As("hekou-xxy").keys);
  ASSERT_TRUE(Submit(*hekou, testing::GeneralReport("before", "hekou"))
                  ->has_ack());
  WriteRegistry("hekou-xxy");
  ASSERT_EQ(::kill(broker_->pid(), SIGHUP), 0);
  // The reload happens on the broker's main thread: within a moment.
  v1::ErrorCode code = v1::ERROR_CODE_UNSPECIFIED;
  for (int i = 0; i < 50 && code != v1::ERROR_CODE_NOT_PERMITTED; ++i) {
    std::this_thread::sleep_for(50ms);
    code = Refusal(Submit(
        *hekou, testing::GeneralReport("after-" + std::to_string(i), "hekou")));
  }
  EXPECT_EQ(code, v1::ERROR_CODE_NOT_PERMITTED);
  // A new connection with the revoked key gets nowhere; the others are fine.
  auto reconnected = Submitter(As("hekou-xxy").keys);
  EXPECT_FALSE(
      Submit(*reconnected, testing::GeneralReport("new", "hekou"), 1500ms));
  auto gongan = Submitter(As("gongan-xxy").keys);
  EXPECT_TRUE(Submit(*gongan, testing::GeneralReport("g", "gongan"))->has_ack());
  // What the revoked key submitted before stays.
  auto analyst = Asker(As("analyst").keys);
  v1::Envelope replay;
  replay.mutable_replay()->add_unit_ids("hekou");
  std::optional<v1::Reply> kept = analyst->Ask(replay);
  ASSERT_TRUE(kept && kept->has_replay_chunk());
  ASSERT_EQ(kept->replay_chunk().reports_size(), 1);
  EXPECT_EQ(kept->replay_chunk().reports(0).idempotency_key(), "before");

  bool reloaded = false;
  for (const v1::AuditRecord& r : AuditAfterStop()) {
    reloaded |= r.kind() == v1::AuditRecord::KIND_REGISTRY_CHANGED;
  }
  EXPECT_TRUE(reloaded);
}

TEST_F(SecurityTest, ARotatedKeyReplacesTheOldOneWithoutARestart) {
  const CurveKeyPair old_keys = As("hekou-xxy").keys;
  auto before = Submitter(old_keys);
  ASSERT_TRUE(Submit(*before, testing::GeneralReport("old", "hekou"))->has_ack());
  // The office registers hekou's new key in place of the old one.
  Mutable("hekou-xxy").keys = NewKeys();
  WriteRegistry("");
  auto admin = Asker(As("admin").keys);
  v1::Envelope reload;
  reload.mutable_reload_registry();
  std::optional<v1::Reply> reloaded = admin->Ask(reload);
  ASSERT_TRUE(reloaded && reloaded->has_registry_reloaded());
  EXPECT_EQ(reloaded->registry_reloaded().users(), people_.size());
  // The old key: refused on its open connection and on a new one.
  EXPECT_EQ(Refusal(Submit(*before, testing::GeneralReport("old2", "hekou"))),
            v1::ERROR_CODE_NOT_PERMITTED);
  auto old_again = Submitter(old_keys);
  EXPECT_FALSE(Submit(*old_again, testing::GeneralReport("old3", "hekou"), 1500ms));
  // The new key reports for hekou.
  auto after = Submitter(As("hekou-xxy").keys);
  std::optional<v1::Reply> acked =
      Submit(*after, testing::GeneralReport("new", "hekou"));
  ASSERT_TRUE(acked && acked->has_ack());
  EXPECT_EQ(acked->ack().sequence(), 2u);
}

TEST_F(SecurityTest, TheAdminReadsTheAuditAndReloadsTheRegistryWithTheCli) {
  auto hekou = Submitter(As("hekou-xxy").keys);
  EXPECT_EQ(Refusal(Submit(*hekou, testing::GeneralReport("x", "gongan"))),
            v1::ERROR_CODE_NOT_PERMITTED);
  auto cli = [&](const std::string& who, std::vector<std::string> more) {
    std::vector<std::string> args = {
        testing::CliBinary(), "--query-endpoint", broker_->query_endpoint(),
        "--key-file", (dir_.path() / (who + ".key")).string(),
        "--server-key", (dir_.path() / "broker.pub").string()};
    args.insert(args.end(), more.begin(), more.end());
    return testing::RunCommand(args);
  };
  const testing::CommandResult audit = cli("admin", {"audit"});
  EXPECT_EQ(audit.exit_code, 0) << audit.output;
  EXPECT_NE(audit.output.find("冒名报送  用户 hekou-xxy（hekou）  submit"),
            std::string::npos)
      << audit.output;
  // Not for a reporter.
  const testing::CommandResult denied = cli("hekou-xxy", {"audit"});
  EXPECT_EQ(denied.exit_code, 4) << denied.output;
  EXPECT_NE(denied.output.find("无权查看审计日志"), std::string::npos)
      << denied.output;

  WriteRegistry("hekou-xxy");
  const testing::CommandResult reload = cli("admin", {"reload-registry"});
  EXPECT_EQ(reload.exit_code, 0) << reload.output;
  EXPECT_NE(reload.output.find(std::to_string(people_.size()) + " 个用户"), std::string::npos) << reload.output;
  EXPECT_EQ(Refusal(Submit(*hekou, testing::GeneralReport("y", "hekou"))),
            v1::ERROR_CODE_NOT_PERMITTED);
  const testing::CommandResult json = cli("admin", {"--json", "audit"});
  EXPECT_NE(json.output.find("KIND_REGISTRY_CHANGED"), std::string::npos)
      << json.output;
}

}  // namespace
}  // namespace xinbao
