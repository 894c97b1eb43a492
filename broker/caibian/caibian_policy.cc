#include "broker/caibian/caibian_policy.h"

namespace xinbao::broker {
namespace {

Span WorkingDays(int64_t days) { return {Span::Unit::kWorkingDays, days}; }

v1::BulletinSeries Series(std::string id, std::string name,
                          v1::SeriesKind kind, std::string send_to) {
  v1::BulletinSeries series;
  series.set_series_id(std::move(id));
  series.set_name(std::move(name));
  series.set_kind(kind);
  series.set_approver("王建国");
  series.set_compiled_by("清河县委办公室");
  series.set_send_to(std::move(send_to));
  series.set_copy_to("各乡镇（街道）党（工）委、县直各部门");
  series.set_classification(v1::CLASSIFICATION_INTERNAL);
  return series;
}

}  // namespace

const v1::BulletinSeries* CaibianPolicy::FindSeries(
    std::string_view series_id) const {
  for (const v1::BulletinSeries& one : series) {
    if (one.series_id() == series_id) return &one;
  }
  return nullptr;
}

CaibianPolicy DefaultCaibianPolicy() {
  CaibianPolicy policy;
  policy.series = {
      Series("zwxx", "政务信息", v1::SERIES_KIND_ROUTINE,
             "市委办公室，县委、县人大、县政府、县政协领导"),
      Series("kuaibao", "信息快报", v1::SERIES_KIND_EXPRESS,
             "县委、县政府领导"),
      Series("zhuanbao", "专报", v1::SERIES_KIND_SPECIAL,
             "县委书记、县长"),
  };
  policy.level = v1::LEADER_LEVEL_COUNTY;
  policy.commission_within = WorkingDays(5);
  policy.commission_remind_before = WorkingDays(1);
  policy.commission_escalate_after = WorkingDays(2);
  return policy;
}

}  // namespace xinbao::broker
