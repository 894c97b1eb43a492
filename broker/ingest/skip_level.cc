#include "broker/ingest/skip_level.h"

#include <string>

#include "proto/names.h"
#include "proto/report_origin.h"

namespace xinbao::broker {
namespace {

Status NotHere(const std::string& message) {
  return Status(v1::ERROR_CODE_NOT_PERMITTED, message, "report");
}

}  // namespace

Status TakeSkipLevel(const User* user, const TreePolicy& tree,
                     const UnitRegistry& units, v1::Envelope* envelope,
                     bool* taken) {
  *taken = false;
  if (user == nullptr || !user->SkipsLevel() || !envelope->has_submit()) {
    return Status::Ok();
  }
  v1::Report& report = *envelope->mutable_submit()->mutable_report();
  const std::string home = user->home_broker;
  if (tree.id.empty() || tree.id == home) {
    return NotHere("本级" +
                   (tree.id.empty() ? std::string("未配置 [tree] id，不在报送体系中")
                                    : "就是 " + home) +
                   "，不收越级上报：请管理员检查用户名录中 " + user->name +
                   " 的 home_broker");
  }
  if (report.kind() != v1::KIND_URGENT) {
    return NotHere("越级上报只收紧急信息；这份是" +
                   std::string(KindName(report.kind())) + "，请报本级（" +
                   home + "）");
  }
  if (!GraveEnough(report.severity(), tree.skip_level_from)) {
    return Status(
        v1::ERROR_CODE_NOT_PERMITTED,
        "越级上报只收" + std::string(SeverityName(tree.skip_level_from)) +
            "及以上等级的事件；这份报告" +
            (report.severity() == v1::SEVERITY_UNSPECIFIED
                 ? std::string("未写等级（续报也须写明事件等级）")
                 : "为" + std::string(SeverityName(report.severity()))) +
            "，请报本级（" + home + "）",
        "report.severity");
  }
  v1::Forwarding& way = *report.mutable_forwarded();
  way.set_origin_broker(home);
  way.set_origin_unit_id(user->home_unit);
  way.set_origin_unit_name(user->home_unit_name.empty() ? user->home_unit
                                                        : user->home_unit_name);
  const Unit* branch = units.Find(user->unit_id);
  way.set_origin_broker_name(branch != nullptr ? branch->name : home);
  report.set_unit_id(user->unit_id);
  *taken = true;
  return Status::Ok();
}

const std::string& SubmittedUnit(const v1::Report& report) {
  if (IsSkipLevel(report)) return report.forwarded().origin_unit_id();
  return report.unit_id();
}

}  // namespace xinbao::broker
