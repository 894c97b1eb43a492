// A month's ranking for the print tests: 45 units (more than a page of
// the ranking table), each with its score lines, ranked best first.
#pragma once

#include <string>
#include <vector>

#include "xinbao/v1/history.pb.h"

namespace xinbao::testing {

inline std::vector<std::string> SampleUnitNames() {
  std::vector<std::string> names = {"城关镇", "县应急管理局", "县林业局", "县市场监督管理局",
                                    "黄河口镇人民政府", "县公安局", "县教育和体育局",
                                    "县卫生健康委员会"};
  for (int i = 1; static_cast<int>(names.size()) < 45; ++i) {
    names.push_back("第" + std::to_string(i) + "乡人民政府");
  }
  return names;
}

// 2026-11-20 00:10 +08:00, an adoption's instant.
inline constexpr int64_t kAdoptedAtMs = 1795104600000;

inline v1::StatsTable SampleStats() {
  v1::StatsTable table;
  const std::vector<std::string> names = SampleUnitNames();
  table.set_ranked_units(static_cast<uint32_t>(names.size()));
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string id = "u" + std::to_string(i + 1);
    (*table.mutable_unit_names())[id] = names[i];
    v1::UnitStats* unit = table.add_units();
    unit->set_unit_id(id);
    unit->set_rank(static_cast<uint32_t>(i + 1));
    const uint32_t reports = static_cast<uint32_t>(20 - i / 3);
    unit->set_reports(reports);
    unit->set_adoptions(i < 10 ? 2 : 0);
    unit->set_adoption_points(i < 10 ? 2.5 : 0);
    unit->set_instructions(i == 0 ? 1 : 0);
    unit->set_commissions_on_time(i < 5 ? 1 : 0);
    unit->set_commissions_late(i == 7 ? 1 : 0);
    unit->set_commissions_missing(i == 44 ? 1 : 0);
    unit->set_deductions(i % 4 == 3 ? 0.5 : 0);

    double score = 0;
    auto line = [&](v1::ScoreSource source, double points, const std::string& text) {
      v1::ScoreLine* added = unit->add_lines();
      added->set_source(source);
      added->set_points(points);
      added->set_text(text);
      score += points;
      return added;
    };
    line(v1::SCORE_SOURCE_REPORTS, reports * 1.0, "报送常规信息" + std::to_string(reports) + "条")
        ->add_report_sequences(1000 + i);
    if (i < 10) {
      v1::ScoreLine* adopted = line(v1::SCORE_SOURCE_ADOPTION, 2,
                                    "《城关镇多措并举抓实冬季安全生产工作》被《政务信息》采用");
      adopted->set_reference("2026年第12期");
      adopted->add_report_sequences(2000 + i);
      adopted->set_at_ms(kAdoptedAtMs);
      line(v1::SCORE_SOURCE_ADOPTION, 0.5, "综合稿件被《政务信息》采用（与另一单位合稿，按半数计）")
          ->set_reference("2026年第13期");
    }
    if (i == 0) line(v1::SCORE_SOURCE_INSTRUCTION, 3, "县委书记批示一次");
    if (i < 5) line(v1::SCORE_SOURCE_COMMISSION, 1, "约稿《冬季森林防火》按时报送");
    if (i % 4 == 3) line(v1::SCORE_SOURCE_LATE, -0.5, "迟报一次：11月8日交通事故首报晚于时限");
    unit->set_score(score);
  }
  return table;
}

}  // namespace xinbao::testing
