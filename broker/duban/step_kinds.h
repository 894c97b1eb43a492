// Who takes which step of a 督办 item: the office (accept, return,
// suspend, resume, urge) or an assigned unit (sign, progress, result,
// sign_urge). The 交办 is its own request (issue_duban).
//
// Threads: a pure function.
#pragma once

#include "xinbao/v1/duban.pb.h"

namespace xinbao::broker {

inline bool IsOfficeStep(v1::StepKind kind) {
  switch (kind) {
    case v1::STEP_KIND_ACCEPT:
    case v1::STEP_KIND_RETURN:
    case v1::STEP_KIND_SUSPEND:
    case v1::STEP_KIND_RESUME:
    case v1::STEP_KIND_URGE:
      return true;
    default:
      return false;
  }
}

}  // namespace xinbao::broker
