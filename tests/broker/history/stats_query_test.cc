// What a reporter or a monitor sees of a month's table: only its own
// unit's row, with its rank among all units and how many were ranked.
#include "broker/history/stats_query.h"

#include <gtest/gtest.h>

namespace xinbao::broker {
namespace {

v1::StatsTable Ranked() {
  v1::StatsTable table;
  table.set_from_ms(1);
  table.set_to_ms(2);
  for (const char* unit : {"hekou", "chengguan", "gongan"}) {
    v1::UnitStats* row = table.add_units();
    row->set_unit_id(unit);
    row->set_rank(static_cast<uint32_t>(table.units_size()));
    (*table.mutable_unit_names())[unit] = std::string("名-") + unit;
  }
  table.set_ranked_units(3);
  return table;
}

TEST(KeepOwnRow, KeepsOnlyTheUnitsRowAndItsRank) {
  v1::StatsTable table = Ranked();
  KeepOwnRow("chengguan", &table);
  ASSERT_EQ(table.units_size(), 1);
  EXPECT_EQ(table.units(0).unit_id(), "chengguan");
  EXPECT_EQ(table.units(0).rank(), 2u);
  EXPECT_EQ(table.ranked_units(), 3u);
  ASSERT_EQ(table.unit_names_size(), 1);
  EXPECT_EQ(table.unit_names().at("chengguan"), "名-chengguan");
  EXPECT_EQ(table.from_ms(), 1);
  EXPECT_EQ(table.to_ms(), 2);
}

TEST(KeepOwnRow, AUnitNotRankedGetsNoRowAndNoNames) {
  v1::StatsTable table = Ranked();
  KeepOwnRow("county-office", &table);
  EXPECT_EQ(table.units_size(), 0);
  EXPECT_EQ(table.unit_names_size(), 0);
  EXPECT_EQ(table.ranked_units(), 3u);
}

}  // namespace
}  // namespace xinbao::broker
