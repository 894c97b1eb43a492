// The 版记 at the foot of a bulletin's last page (GB/T 9704): between a
// thick rule above and one below, the 报送 and 抄送 lines (a hanging
// indent after the colon for long lines), a thin rule, then 编辑 and 签发
// on the left and the 印发 date on the right. Internal to clients/print.
//
// Threads: as PageFlow (the flow's own thread).
#pragma once

#include <string>

#include "clients/print/page_flow.h"

namespace xinbao::print {

struct Imprint {
  std::string send_to;   // 报送
  std::string copy_to;   // 抄送
  std::string editor;    // 编辑
  std::string approver;  // 签发
  std::string date;      // "2026年11月5日" (印发 follows it)
};

// Sets the 版记 at the foot of the current page, or of a new page when
// what is above leaves too little room. A line whose text is empty is
// left out (and the thin rule with the last line when both its parts
// are empty).
void PlaceImprint(PageFlow& flow, const Imprint& imprint);

}  // namespace xinbao::print
