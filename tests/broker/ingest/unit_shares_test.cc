#include "broker/ingest/unit_shares.h"

#include <gtest/gtest.h>

namespace xinbao::broker {
namespace {

FairnessPolicy InFlight(std::size_t n) {
  FairnessPolicy policy;
  policy.unit_in_flight = n;
  return policy;
}

TEST(UnitShares, AUnitPastItsShareIsRefusedAndOthersAreNot) {
  UnitShares shares(InFlight(2));
  EXPECT_TRUE(shares.Take("hekou", 0).ok());
  EXPECT_TRUE(shares.Take("hekou", 0).ok());
  const Status refused = shares.Take("hekou", 0);
  EXPECT_EQ(refused.code(), v1::ERROR_CODE_RATE_LIMITED);
  EXPECT_TRUE(refused.retryable());
  EXPECT_GE(refused.retry_after_ms(), 1u);
  EXPECT_NE(refused.message().find("unit_in_flight"), std::string::npos);
  EXPECT_NE(refused.message().find("hekou"), std::string::npos);
  EXPECT_EQ(shares.in_flight("hekou"), 2u);  // the refusal took nothing
  // Another unit has its own share.
  EXPECT_TRUE(shares.Take("chengguan", 0).ok());
  EXPECT_EQ(shares.in_flight("chengguan"), 1u);
  // An answer frees a slot of that unit only.
  shares.Release("hekou");
  EXPECT_EQ(shares.in_flight("hekou"), 1u);
  EXPECT_TRUE(shares.Take("hekou", 0).ok());
  EXPECT_FALSE(shares.Take("hekou", 0).ok());
}

TEST(UnitShares, ACheckTakesNothing) {
  FairnessPolicy policy = InFlight(1);
  policy.unit_rate = 1;
  UnitShares shares(policy);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(shares.Check("made-up", 5).ok());
  EXPECT_EQ(shares.in_flight("made-up"), 0u);
  ASSERT_TRUE(shares.Take("hekou", 5).ok());
  const Status full = shares.Check("hekou", 5);
  EXPECT_EQ(full.code(), v1::ERROR_CODE_RATE_LIMITED);
  EXPECT_EQ(shares.in_flight("hekou"), 1u);
  shares.Release("hekou");
  // In flight again 0, but the one request a second is spent.
  EXPECT_EQ(shares.Check("hekou", 5).code(), v1::ERROR_CODE_RATE_LIMITED);
  EXPECT_TRUE(shares.Check("hekou", 1'000'005).ok());
  EXPECT_TRUE(shares.Check("hekou", 1'000'005).ok());  // still nothing taken
}

TEST(UnitShares, ReleasesOfUnknownUnitsOrPastZeroChangeNothing) {
  UnitShares shares(InFlight(1));
  shares.Release("nobody");
  EXPECT_EQ(shares.in_flight("nobody"), 0u);
  ASSERT_TRUE(shares.Take("hekou", 0).ok());
  shares.Release("hekou");
  shares.Release("hekou");
  EXPECT_EQ(shares.in_flight("hekou"), 0u);
  EXPECT_TRUE(shares.Take("hekou", 0).ok());
  EXPECT_FALSE(shares.Take("hekou", 0).ok());
}

TEST(UnitShares, ZeroMeansNoShare) {
  UnitShares shares(InFlight(0));
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(shares.Take("hekou", 0).ok());
  EXPECT_EQ(shares.in_flight("hekou"), 10000u);
}

TEST(UnitShares, TheHintFollowsRecentRoundTrips) {
  UnitShares shares(InFlight(1));
  EXPECT_GE(shares.retry_after_ms(), 1u);  // before any batch: a guess
  for (int i = 0; i < 50; ++i) shares.NoteRoundTrip(40'000);  // 40 ms
  EXPECT_EQ(shares.retry_after_ms(), 40u);
  ASSERT_TRUE(shares.Take("hekou", 0).ok());
  EXPECT_EQ(shares.Take("hekou", 0).retry_after_ms(), 40u);
  for (int i = 0; i < 50; ++i) shares.NoteRoundTrip(200);  // 0.2 ms
  EXPECT_EQ(shares.retry_after_ms(), 1u);  // never 0: 0 means no hint
  for (int i = 0; i < 50; ++i) shares.NoteRoundTrip(int64_t{1} << 40);
  EXPECT_EQ(shares.retry_after_ms(), 10000u);  // at most 10 s
}

TEST(UnitShares, ARateAdmitsOneSecondsWorthThenPacesWithAnHonestHint) {
  FairnessPolicy policy = InFlight(0);
  policy.unit_rate = 10;
  UnitShares shares(policy);
  const int64_t t0 = 1'000'000'000;
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(shares.Take("hekou", t0).ok()) << i;
  const Status refused = shares.Take("hekou", t0);
  ASSERT_EQ(refused.code(), v1::ERROR_CODE_RATE_LIMITED);
  EXPECT_EQ(refused.retry_after_ms(), 100u);  // one request a tenth of a second
  EXPECT_NE(refused.message().find("unit_rate"), std::string::npos);
  // Half the wait: still refused, with the rest of it as the hint.
  EXPECT_EQ(shares.Take("hekou", t0 + 50'000).retry_after_ms(), 50u);
  EXPECT_TRUE(shares.Take("hekou", t0 + 100'000).ok());
  EXPECT_FALSE(shares.Take("hekou", t0 + 100'000).ok());
  // Another unit has its own bucket.
  EXPECT_TRUE(shares.Take("chengguan", t0 + 100'000).ok());
  // A long quiet spell fills the bucket up to one second's worth only.
  const int64_t later = t0 + 60'000'000;
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(shares.Take("hekou", later).ok());
  EXPECT_FALSE(shares.Take("hekou", later).ok());
}

TEST(UnitShares, TheShareIsTheAdmittedUsersUnitElseTheOneTheRequestNames) {
  v1::Envelope report;
  report.mutable_submit()->mutable_report()->set_unit_id("hekou");
  EXPECT_EQ(ShareUnit(Admission(), report), "hekou");
  User user;
  user.unit_id = "donghu";
  Admission admitted;
  admitted.user = &user;
  EXPECT_EQ(ShareUnit(admitted, report), "donghu");

  v1::Envelope step;
  step.mutable_duban_step()->set_unit_id("qingshan");
  EXPECT_EQ(ShareUnit(Admission(), step), "qingshan");
  v1::Envelope issue;
  issue.mutable_issue_duban()->mutable_item()->set_office_unit_id(
      "county-office");
  EXPECT_EQ(ShareUnit(Admission(), issue), "county-office");
  v1::Envelope merge;
  merge.mutable_merge_events()->set_unit_id("county-office");
  EXPECT_EQ(ShareUnit(Admission(), merge), "county-office");
  v1::Envelope caibian;
  caibian.mutable_caibian()->set_unit_id("county-office");
  EXPECT_EQ(ShareUnit(Admission(), caibian), "county-office");
}

}  // namespace
}  // namespace xinbao::broker
