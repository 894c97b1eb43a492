// Realistic, valid reports for tests: each passes the broker's validation
// with the demo unit registry as they are.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "xinbao/v1/report.pb.h"

namespace xinbao::testing {

inline int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A 一般动态 from 城关镇.
inline v1::Report GeneralReport(const std::string& key,
                                const std::string& unit = "chengguan") {
  v1::Report report;
  report.set_idempotency_key(key);
  report.set_unit_id(unit);
  report.set_kind(v1::KIND_GENERAL_DYNAMIC);
  report.set_title("城关镇开展冬季消防安全大检查");
  report.set_body("11月21日，城关镇组织安监、派出所等力量，对辖区32家沿街商铺和"
                  "5个老旧小区开展消防安全检查，排查隐患14处，已整改9处。");
  report.set_place("城关镇");
  report.set_written_at_ms(NowMs() - 60'000);
  report.set_approver("李明");
  report.set_contact_name("王芳");
  report.set_contact_phone("0531-12345678");
  report.set_classification(v1::CLASSIFICATION_INTERNAL);
  return report;
}

// The 事 (first report) of an urgent incident from 河口镇.
inline v1::Report UrgentShiReport(const std::string& key,
                                  const std::string& event_id,
                                  const std::string& unit = "hekou") {
  v1::Report report;
  report.set_idempotency_key(key);
  report.set_unit_id(unit);
  report.set_kind(v1::KIND_URGENT);
  report.set_event_id(event_id);
  report.set_stage(v1::STAGE_SHI);
  report.set_severity(v1::SEVERITY_III);
  report.set_title("河口镇S235线发生一起三车相撞交通事故");
  report.set_body("今日7时40分许，S235线河口镇段发生一起三车相撞事故，"
                  "造成2人死亡、5人受伤，伤者已送县人民医院救治。");
  report.set_place("河口镇S235线K12+300处");
  const int64_t now = NowMs();
  report.set_occurred_at_ms(now - 40 * 60'000);
  report.set_written_at_ms(now - 10 * 60'000);
  report.mutable_casualties()->set_dead(2);
  report.mutable_casualties()->set_injured(5);
  report.set_measures("交警、120已到场处置，现场实行交通管制。");
  report.set_source("河口镇派出所");
  report.set_approver("赵强");
  report.set_contact_name("孙丽");
  report.set_contact_phone("13800000000");
  report.set_classification(v1::CLASSIFICATION_INTERNAL);
  return report;
}

// A report of `unit` at `stage` on `event_id`, about an incident that
// happened `ago_ms` before now. It carries every element the default
// policy requires of any stage.
inline v1::Report UrgentStageReport(const std::string& key,
                                    const std::string& event_id,
                                    v1::Stage stage,
                                    const std::string& unit = "hekou",
                                    int64_t ago_ms = 30 * 60'000) {
  v1::Report report = UrgentShiReport(key, event_id, unit);
  report.set_stage(stage);
  report.set_occurred_at_ms(NowMs() - ago_ms);
  report.set_losses("房屋损毁3间");
  return report;
}

}  // namespace xinbao::testing
