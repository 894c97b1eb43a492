// The order in which a replay carries 督办 steps (ReplayChunk.duban_records):
// by the step's time, then item id, then step number. The order is total,
// so the broker sorts by it and a client resuming a replay skips every
// record not after the last one it handed over.
//
// Threads: a pure function.
#pragma once

#include <tuple>

#include "xinbao/v1/duban.pb.h"

namespace xinbao {

inline bool DubanRecordBefore(const v1::DubanRecord& a,
                              const v1::DubanRecord& b) {
  return std::forward_as_tuple(a.step().at_ms(), a.item_id(),
                               a.step().number()) <
         std::forward_as_tuple(b.step().at_ms(), b.item_id(),
                               b.step().number());
}

}  // namespace xinbao
