#include "bench/varied_report.h"

#include <algorithm>
#include <iterator>
#include <random>
#include <string>

#include "bench/submit_load.h"
#include "tests/support/sample_reports.h"

namespace xinbao::bench {
namespace {

// The units' names as the embedded demo registry gives them, in the order
// of bench::kUnits.
const char* const kUnitNames[] = {"城关镇",   "河口镇",     "青山乡",
                                  "东湖街道", "县公安局",   "县应急管理局",
                                  "县卫生健康局", "县交通运输局"};

// Sentences of a 一般动态: '@' is the unit's name, '#' a figure, '$' a
// topic. (All three are ASCII, so no UTF-8 sequence holds one.)
const char* const kSentences[] = {
    "#月#日，@组织安监、派出所等力量，对辖区#家沿街商铺和#个老旧小区开展消防"
    "安全检查，排查隐患#处，已整改#处。",
    "@召开$专题会议，传达学习上级有关文件精神，研究部署下一阶段#项重点工作。",
    "截至#月#日，@累计走访群众#户，收集意见建议#条，办结#件，办结率#%。",
    "@对辖区#座小型水库、#处山塘开展汛后安全巡查，发现渗漏等问题#处，已落实"
    "专人盯守。",
    "本周@共受理群众来电来访#件次，其中咨询类#件、求助类#件、投诉类#件，均已"
    "按时答复。",
    "@联合交通、交警部门在S#线开展道路交通安全整治，查处超载车辆#辆、酒驾#起。",
    "@完成#户困难群众冬季救助物资发放，发放棉被#床、米面油#份。",
    "下一步，@将继续压实$属地责任，加强隐患排查整治，确保辖区形势持续稳定。",
    "@组织开展$应急演练#场次，参与干部群众#人次，检验了预案的可操作性。",
    "@卫生院开展老年人免费健康体检，完成体检#人，建立健康档案#份。",
    "@在#个行政村开展秸秆禁烧巡查，出动巡查人员#人次，未发现焚烧火点。",
    "@对#家食品生产经营单位开展专项检查，下达整改通知书#份，立案查处#起。",
};
const char* const kTopics[] = {"安全生产", "森林防火", "防汛抗旱", "信访维稳",
                               "乡村振兴", "人居环境整治"};

}  // namespace

void MakeVariedReport(uint64_t n, std::size_t bytes, v1::Report* out) {
  const int unit = static_cast<int>(n % 8);
  const std::string name = kUnitNames[unit];
  std::mt19937_64 random(n);
  auto pick = [&](int below) {
    return static_cast<int>(random() % static_cast<uint64_t>(below));
  };
  auto sentence = [&] {
    std::string text;
    for (const char* c = kSentences[pick(std::size(kSentences))]; *c; ++c) {
      if (*c == '@') {
        text += name;
      } else if (*c == '#') {
        text += std::to_string(1 + pick(999));
      } else if (*c == '$') {
        text += kTopics[pick(std::size(kTopics))];
      } else {
        text += *c;
      }
    }
    return text;
  };
  *out = testing::GeneralReport("varied-" + std::to_string(n), kUnits[unit]);
  out->set_title(name + kTopics[pick(std::size(kTopics))] + "工作动态（第" +
                 std::to_string(1 + n / 8) + "期）");
  out->set_place(name);
  std::string body;
  while (body.size() < bytes) body += sentence();
  out->set_body(body);
  const std::size_t size = out->ByteSizeLong();
  if (size > bytes) {
    std::size_t keep = body.size() - std::min(body.size(), size - bytes);
    // Cut on a character's first byte, not inside one.
    while (keep > 0 && (static_cast<unsigned char>(body[keep]) & 0xC0) == 0x80) {
      --keep;
    }
    body.resize(keep);
    out->set_body(body);
  }
}

}  // namespace xinbao::bench
