// 越级上报 at the upper broker: a grave urgent report from a skip-level
// key is taken as its county's forward of it would be; anything else from
// that key is refused in plain words, and other keys' reports are left as
// they are.
#include "broker/ingest/skip_level.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "broker/config/config.h"

namespace xinbao::broker {
namespace {

TreePolicy City() {
  TreePolicy tree;
  tree.id = "jiangzhou";
  tree.name = "江州市";
  return tree;  // skip_level_from Ⅲ
}

// The city's units: the demo's and 清水县, which stands for the county.
const UnitRegistry& Units() {
  static const UnitRegistry units = [] {
    std::vector<Unit> all = DefaultConfig().units.units();
    all.push_back(Unit{"qingshui", "清水县", UnitKind::kTownship, ""});
    Result<UnitRegistry> built = UnitRegistry::Build(std::move(all));
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return std::move(built).value();
  }();
  return units;
}

User SkipLevelUser() {
  User user{"hekou-skip", "qingshui", Role::kReporter, "", false, {},
            "qingshui", "hekou", "河口镇"};
  return user;
}

v1::Envelope Urgent(v1::Severity severity) {
  v1::Envelope envelope;
  v1::Report& report = *envelope.mutable_submit()->mutable_report();
  report.set_unit_id("hekou");
  report.set_idempotency_key("k1");
  report.set_kind(v1::KIND_URGENT);
  report.set_stage(v1::STAGE_SHI);
  report.set_severity(severity);
  return envelope;
}

TEST(SkipLevel, AGraveReportIsTakenAsItsCountyWouldForwardIt) {
  const User user = SkipLevelUser();
  for (v1::Severity grade : {v1::SEVERITY_I, v1::SEVERITY_II, v1::SEVERITY_III}) {
    v1::Envelope envelope = Urgent(grade);
    bool taken = false;
    ASSERT_TRUE(TakeSkipLevel(&user, City(), Units(), &envelope, &taken).ok());
    EXPECT_TRUE(taken);
    const v1::Report& report = envelope.submit().report();
    EXPECT_EQ(report.unit_id(), "qingshui");
    EXPECT_EQ(report.forwarded().origin_broker(), "qingshui");
    EXPECT_EQ(report.forwarded().origin_unit_id(), "hekou");
    EXPECT_EQ(report.forwarded().origin_unit_name(), "河口镇");
    EXPECT_EQ(report.forwarded().origin_broker_name(), "清水县");
    EXPECT_TRUE(report.forwarded().hops().empty());
    EXPECT_EQ(report.forwarded().link_position(), 0u);
    EXPECT_EQ(SubmittedUnit(report), "hekou");  // its ack says what it sent
  }
}

TEST(SkipLevel, WhatIsNotGraveOrNotUrgentIsRefusedInPlainWords) {
  const User user = SkipLevelUser();
  struct Case {
    v1::Envelope envelope;
    std::string words;
  };
  v1::Envelope general = Urgent(v1::SEVERITY_I);
  general.mutable_submit()->mutable_report()->set_kind(v1::KIND_GENERAL_DYNAMIC);
  const Case cases[] = {
      {Urgent(v1::SEVERITY_IV), "这份报告为Ⅳ级(一般)，请报本级（qingshui）"},
      {Urgent(v1::SEVERITY_UNSPECIFIED), "未写等级（续报也须写明事件等级）"},
      {general, "越级上报只收紧急信息"},
  };
  for (const Case& c : cases) {
    v1::Envelope envelope = c.envelope;
    bool taken = true;
    const Status refused = TakeSkipLevel(&user, City(), Units(), &envelope, &taken);
    EXPECT_EQ(refused.code(), v1::ERROR_CODE_NOT_PERMITTED);
    EXPECT_NE(refused.message().find(c.words), std::string::npos) << refused.message();
    EXPECT_FALSE(taken);
    EXPECT_FALSE(envelope.submit().report().has_forwarded());
  }
  // A broker not in a tree, or the user's home broker itself: the registry
  // is wrong, and says where.
  TreePolicy alone;
  TreePolicy home = City();
  home.id = "qingshui";
  for (const TreePolicy& tree : {alone, home}) {
    v1::Envelope envelope = Urgent(v1::SEVERITY_I);
    bool taken = true;
    const Status refused = TakeSkipLevel(&user, tree, Units(), &envelope, &taken);
    EXPECT_EQ(refused.code(), v1::ERROR_CODE_NOT_PERMITTED);
    EXPECT_NE(refused.message().find("hekou-skip 的 home_broker"), std::string::npos)
        << refused.message();
  }
  // A stricter city: only Ⅰ and Ⅱ.
  TreePolicy strict = City();
  strict.skip_level_from = v1::SEVERITY_II;
  v1::Envelope three = Urgent(v1::SEVERITY_III);
  bool taken = true;
  EXPECT_EQ(TakeSkipLevel(&user, strict, Units(), &three, &taken).code(),
            v1::ERROR_CODE_NOT_PERMITTED);
}

TEST(SkipLevel, OtherKeysReportsAreLeftAsTheyCame) {
  const User reporter{"hekou-xxy", "hekou", Role::kReporter, "", false};
  v1::Envelope envelope = Urgent(v1::SEVERITY_IV);
  const v1::Envelope before = envelope;
  bool taken = true;
  EXPECT_TRUE(TakeSkipLevel(&reporter, City(), Units(), &envelope, &taken).ok());
  EXPECT_FALSE(taken);
  EXPECT_TRUE(TakeSkipLevel(nullptr, City(), Units(), &envelope, &taken).ok());
  EXPECT_EQ(envelope.SerializeAsString(), before.SerializeAsString());
  EXPECT_EQ(SubmittedUnit(envelope.submit().report()), "hekou");
}

}  // namespace
}  // namespace xinbao::broker
