#include "broker/units/unit_names.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "broker/config/config.h"

namespace xinbao::broker {
namespace {

using Names = std::map<std::string, std::string>;

Names Sorted(const UnitNames& names) {
  return Names(names.begin(), names.end());
}

class UnitNamesTest : public ::testing::Test {
 protected:
  const UnitRegistry units_ = DefaultConfig().units;
  UnitNames names_;
};

TEST_F(UnitNamesTest, NamesEveryUnitAnEventMentions) {
  v1::EventState event;
  event.set_responsible_unit_id("hekou");
  event.add_units("yingji");
  v1::EventReport* call = event.add_reports();
  call->set_unit_id("county-office");
  call->set_phone_call(true);
  call->set_caller_unit_id("gongan");
  event.add_alarms()->set_unit_id("qingshan");
  event.add_deadlines()->set_unit_id("donghu");
  event.add_actions()->set_unit_id("chengguan");
  AddUnitNames(event, units_, &names_);
  EXPECT_EQ(Sorted(names_), (Names{{"chengguan", "城关镇"},
                                   {"county-office", "清河县委办公室"},
                                   {"donghu", "东湖街道"},
                                   {"gongan", "县公安局"},
                                   {"hekou", "河口镇"},
                                   {"qingshan", "青山乡"},
                                   {"yingji", "县应急管理局"}}));
}

TEST_F(UnitNamesTest, NamesAReportsUnitResponsibleUnitAndCaller) {
  v1::Report report;
  report.set_unit_id("county-office");
  report.set_responsible_unit_id("hekou");
  report.mutable_phone_call()->set_caller_unit_id("gongan");
  AddUnitNames(report, units_, &names_);
  EXPECT_EQ(Sorted(names_), (Names{{"county-office", "清河县委办公室"},
                                   {"gongan", "县公安局"},
                                   {"hekou", "河口镇"}}));
}

TEST_F(UnitNamesTest, LeavesOutEmptyAndUnknownIds) {
  v1::EventState event;
  event.set_responsible_unit_id("gone-unit");
  event.add_reports()->set_unit_id("hekou");  // no caller: an empty id
  AddUnitName("", units_, &names_);
  AddUnitNames(event, units_, &names_);
  EXPECT_EQ(Sorted(names_), (Names{{"hekou", "河口镇"}}));
}

}  // namespace
}  // namespace xinbao::broker
