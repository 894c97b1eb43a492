// A realistic issue of 《政务信息》 for the print tests: three items, one
// merged from two units and carrying a 编者按, a long first item that
// runs onto page 2, classification INTERNAL, issued at 00:20 on
// 2026-11-05 in Shanghai (16:20 on the 4th in UTC: a wrong zone shows
// the wrong day).
#pragma once

#include <string>

#include "xinbao/v1/caibian.pb.h"

namespace xinbao::testing {

// 2026-11-05 00:20:00 +08:00.
inline constexpr int64_t kIssuedAtMs = 1793809200000;

inline v1::BulletinItem SampleItem(const std::string& id, const std::string& title,
                                   const std::string& body,
                                   std::initializer_list<const char*> units) {
  v1::BulletinItem item;
  item.set_item_id(id);
  item.set_title(title);
  item.set_body(body);
  uint64_t sequence = 100;
  for (const char* unit : units) {
    item.add_source_unit_ids(unit);
    v1::SourceReport* source = item.add_sources();
    source->set_sequence(sequence++);
    source->set_unit_id(unit);
  }
  item.set_phase(v1::ITEM_PHASE_ISSUED);
  return item;
}

inline std::string LongBody() {
  return "入冬以来，城关镇坚持把安全生产摆在突出位置，紧盯重点行业领域和关键时间节点，"
         "压实属地管理责任、部门监管责任和企业主体责任，全力防范化解各类安全风险。\n"
         "一是压实责任链条。镇党委、政府召开专题会议，对冬季安全生产工作进行再部署、再落实，"
         "制定《城关镇冬季安全生产专项整治工作方案》，明确班子成员包村联企责任，"
         "与12个村（社区）、46家规模以上企业签订安全生产责任书，做到责任到人、任务到岗。\n"
         "二是深化隐患排查。组织安监、消防、市场监管等力量组成5个检查组，"
         "对辖区内建筑工地、危化品经营单位、人员密集场所、自建房等开展拉网式排查，"
         "累计检查生产经营单位138家次，发现并整改各类隐患217处，"
         "对3家存在重大隐患的企业依法责令停产整顿，对拒不整改的1家企业移交县应急管理局立案查处。\n"
         "三是突出重点防控。针对冬季用火用电用气增多的特点，"
         "对城区沿街商铺、出租房屋、老旧小区开展燃气安全专项检查，更换老化软管、加装报警装置1300余套；"
         "对辖区内道路交通安全隐患点段逐一建立台账，增设警示标志、减速带等设施42处，"
         "严厉打击超速超载、酒驾醉驾等违法行为。\n"
         "四是强化宣传教育。通过村村响广播、微信群、宣传车等形式，"
         "深入开展安全生产进企业、进农村、进社区、进学校、进家庭活动，"
         "发放宣传资料2.3万余份，组织应急演练16场次，参与群众4800余人次，"
         "群众安全意识和自救互救能力明显提升。\n"
         "下一步，城关镇将持续保持高压态势，坚持边查边改、立查立改，"
         "推动安全生产各项措施落地见效，确保辖区安全生产形势持续稳定。";
}

inline v1::BulletinDetail SampleIssue() {
  v1::BulletinDetail detail;
  v1::BulletinSeries* series = detail.mutable_series();
  series->set_series_id("zwxx");
  series->set_name("政务信息");
  series->set_kind(v1::SERIES_KIND_ROUTINE);
  series->set_approver("王建国");
  series->set_compiled_by("中共城南县委办公室");
  series->set_classification(v1::CLASSIFICATION_INTERNAL);

  v1::BulletinIssue* issue = detail.mutable_issue();
  issue->set_issue_id("2026-12");
  issue->set_series_id("zwxx");
  issue->set_series_name("政务信息");
  issue->set_kind(v1::SERIES_KIND_ROUTINE);
  issue->set_phase(v1::ISSUE_PHASE_ISSUED);
  issue->set_year(2026);
  issue->set_number(12);
  issue->set_total_number(156);
  issue->set_editor("李晓梅");
  issue->set_approver("王建国");
  issue->set_classification(v1::CLASSIFICATION_INTERNAL);
  issue->set_compiled_by("中共城南县委办公室");
  issue->set_send_to("市委办公室，市政府办公室，市委政研室");
  issue->set_copy_to(
      "县委常委，县人大常委会主任，县政府县长、副县长，县政协主席，县法院院长，"
      "县检察院检察长，各乡镇党委、政府，县直各单位");
  issue->set_issued_at_ms(kIssuedAtMs);
  for (const char* id : {"item-1", "item-2", "item-3"}) issue->add_item_ids(id);

  *detail.add_items() = SampleItem("item-1", "城关镇多措并举抓实冬季安全生产工作", LongBody(),
                                   {"u-chengguan"});
  v1::BulletinItem merged = SampleItem(
      "item-2", "我县森林防火工作实现“零火情”",
      "今年以来，县应急管理局、县林业局密切配合，坚持“预防为主、积极消灭”方针，"
      "在重点林区设立防火检查站24个，配备专兼职护林员312名，"
      "实行网格化巡护，全县连续18个月未发生森林火情。\n"
      "两部门建立会商研判机制，遇大风干燥天气即时发布预警，"
      "组织扑火队伍前置备勤，确保“打早、打小、打了”。",
      {"u-yingji", "u-linye"});
  merged.set_commentary("县应急管理局、县林业局在森林防火工作中注重部门协同、关口前移，"
                        "做法值得各地学习借鉴。");
  *detail.add_items() = merged;
  *detail.add_items() = SampleItem(
      "item-3", "县市场监管局开展冬季燃气具质量专项抽检",
      "县市场监管局近日对全县32家燃气具经营单位开展专项抽检，"
      "抽检燃气灶具、热水器、连接软管等产品86批次，发现不合格产品4批次，已全部下架处置。",
      {"u-shichang"});

  (*detail.mutable_unit_names())["u-chengguan"] = "城关镇";
  (*detail.mutable_unit_names())["u-yingji"] = "县应急管理局";
  (*detail.mutable_unit_names())["u-linye"] = "县林业局";
  (*detail.mutable_unit_names())["u-shichang"] = "县市场监管局";
  detail.set_office_name("县委办公室");
  return detail;
}

// The same issue as a draft, the 13th of the year if issued now.
inline v1::BulletinDetail SampleDraft() {
  v1::BulletinDetail detail = SampleIssue();
  v1::BulletinIssue* issue = detail.mutable_issue();
  issue->set_phase(v1::ISSUE_PHASE_DRAFT);
  issue->set_number(0);
  issue->set_total_number(0);
  issue->set_issued_at_ms(0);
  detail.set_next_year(2026);
  detail.set_next_number(13);
  detail.set_next_total_number(157);
  return detail;
}

}  // namespace xinbao::testing
