#include "clients/text/text_table.h"

#include <gtest/gtest.h>

namespace xinbao::client {
namespace {

using Align = TextTable::Align;

TEST(TextTable, AlignsMixedWidthText) {
  TextTable table({{"单位"}, {"标题"}, {"份数", Align::kRight}});
  table.AddRow({"hekou", "河口镇交通事故", "12"});
  table.AddRow({"城关镇", "fire", "3"});
  EXPECT_EQ(table.Render(80),
            "单位   标题           份数\n"
            "hekou  河口镇交通事故   12\n"
            "城关镇 fire              3\n");
}

TEST(TextTable, FlexibleColumnGivesWay) {
  TextTable table({{"id"}, {"标题"}, {"n", Align::kRight}});
  table.SetFlexible(1, 6);
  table.AddRow({"a1", "河口镇S235线发生一起三车相撞交通事故", "1"});
  EXPECT_EQ(table.Render(20),
            "id 标题            n\n"
            "a1 河口镇S235线发… 1\n");
  // Not below its minimum, even if the line is then too long.
  EXPECT_EQ(table.Render(8),
            "id 标题   n\n"
            "a1 河口…  1\n");
}

TEST(TextTable, MaxWidthCutsAndNotesStandAlone) {
  TextTable table({{"事件", Align::kLeft, 9}, {"阶段"}});
  table.AddRow({"3f2a9c1e-7b4d-4c1a-9e8f-0123456789ab", "事"});
  table.AddNote("  注意：一行说明");
  table.AddRow({"ev-2", "情\n(续报一)"});
  EXPECT_EQ(table.Render(80),
            "事件      阶段\n"
            "3f2a9c1e… 事\n"
            "  注意：一行说明\n"
            "ev-2      情 (续报一)\n");
}

}  // namespace
}  // namespace xinbao::client
