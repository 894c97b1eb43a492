// The monthly 考核 score as terminal text (`xinbao score`): the ranking
// and, when the table was asked with explain, every unit's score lines —
// each point with what earned or cost it (docs/CAIBIAN.md, "The score").
// The figures are the broker's; nothing here recomputes. Units by the
// display names the table carries (by id without one).
//
// Threads: pure functions.
#pragma once

#include <string>

#include "clients/text/local_time.h"
#include "xinbao/v1/history.pb.h"

namespace xinbao::client {

// The period line (StatsPeriodLine), then one row per unit in the table's
// order — 名次 单位 报送 采用 采用得分 批示 约稿按时 约稿迟交 约稿未交 扣分 得分
// — and under each row its score lines, one a line: the points signed
// ("+10", "-0.5", right-aligned in 6 columns), the source (ScoreSourceName:
// 采用, 批示 …, in 8 columns), the line's
// text, its 期号 in brackets when it has one ("〔2026年第1期〕"); the lines
// of a unit add up to its 得分. "本期间没有参加考核的单位" when there are no
// rows. Lines end in "\n".
std::string ScoreTableText(const v1::StatsTable& table, const TimeZone& zone);

// `value` signed: "+2", "-0.5", "0".
std::string SignedScore(double value);

}  // namespace xinbao::client
