// What a township's reporter may see on the real broker of another unit's
// urgent event: nothing — it is unknown to it, as one that does not exist
// — and asking for one that does exist is written to the audit log. (Its
// own standing in the month's statistics: stats_test.cc.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::PeerAs;
using testing::TempDir;

using testing::Shown;

class ReporterScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::UnitSubmitters units(broker_);
    const std::optional<v1::Reply> reply =
        units.Submit(testing::UrgentShiReport("g-shi", "evt-gongan", "gongan"));
    ASSERT_TRUE(reply && reply->has_ack()) << Shown(reply);
  }

  std::optional<v1::Reply> Ask(const std::string& user,
                               const v1::Envelope& request) {
    return PeerAs(broker_, broker_.query_endpoint(), user)->Ask(request);
  }

  TempDir dir_;
  BrokerProcess broker_{dir_ / "data"};
};

TEST_F(ReporterScopeTest, AnotherUnitsEventIsUnknownAndTheAskingIsAudited) {
  v1::Envelope exists;
  exists.mutable_get_event()->set_event_id("evt-gongan");
  std::optional<v1::Reply> hidden = Ask("hekou", exists);
  ASSERT_TRUE(hidden && hidden->has_error()) << Shown(hidden);
  EXPECT_EQ(hidden->error().code(), v1::ERROR_CODE_UNKNOWN_EVENT);
  v1::Envelope missing;
  missing.mutable_get_event()->set_event_id("evt-nowhere");
  std::optional<v1::Reply> unknown = Ask("hekou", missing);
  ASSERT_TRUE(unknown && unknown->has_error()) << Shown(unknown);
  EXPECT_EQ(unknown->error().code(), v1::ERROR_CODE_UNKNOWN_EVENT);
  // Word for word the same answer, but for the id.
  EXPECT_EQ(hidden->error().message(),
            "没有编号为 evt-gongan 的、与本单位有关的事件");
  EXPECT_EQ(unknown->error().message(),
            "没有编号为 evt-nowhere 的、与本单位有关的事件");
  EXPECT_EQ(hidden->error().field(), unknown->error().field());
  // Its own unit's reporter sees it.
  EXPECT_TRUE(Ask("gongan", exists)->has_event_detail());

  v1::Envelope audit;
  audit.mutable_list_audit();
  std::optional<v1::Reply> log = Ask("admin", audit);
  ASSERT_TRUE(log && log->has_audit_list()) << Shown(log);
  std::vector<v1::AuditRecord> asked;
  for (const v1::AuditRecord& r : log->audit_list().records()) {
    if (r.kind() == v1::AuditRecord::KIND_ROLE_VIOLATION) asked.push_back(r);
  }
  // Only the event that exists: asking for a missing one is no violation.
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].user(), "hekou");
  EXPECT_EQ(asked[0].unit_id(), "hekou");
  EXPECT_EQ(asked[0].socket(), "query");
  EXPECT_NE(asked[0].detail().find("evt-gongan"), std::string::npos)
      << asked[0].detail();
}

}  // namespace
}  // namespace xinbao
