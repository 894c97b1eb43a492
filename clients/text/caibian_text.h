// 采编 as terminal text (docs/CAIBIAN.md): the configured bulletin series,
// the list of issues and candidate items (`xinbao bulletin list`), one
// issue in full (`xinbao bulletin show`), a unit's 件件有回音 (`xinbao
// feedback`) and the commissions (`xinbao commission list`). Units are
// shown by the display names the reply carries (by id without one); times
// in the zone given — the broker's (Reply.time_zone), never the machine's
// TZ. Every renderer returns whole lines, each ending "\n"; tables are
// aligned by display width (a 汉字 takes two columns).
//
// Threads: pure functions.
#pragma once

#include <string>

#include "clients/text/event_text.h"
#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

// An issue's 期号 as the office writes it: "2026年第12期" once issued;
// "（草稿）" for a draft.
std::string IssueNumberText(const v1::BulletinIssue& issue);

// The office's 采编 rules (Policy.caibian): one row per series — 编号 名称
// 类别 签发人 编发单位 密级 — or "没有配置刊物" when there is none; then
// "本办：清河县委办公室（县级）", and "约稿默认时限：5个工作日，提前1个工作日
// 提醒" when the broker names one.
std::string CaibianRulesText(const v1::CaibianRules& rules);

// The issues, newest first as the broker sends them — 期号 刊物 状态 日期
// 签发人 条数 编号 (日期: the 签发 date, a draft's creation date) — then
// "共 N 期" ("没有符合条件的刊期" when none). With `candidates`, under the
// heading "备选稿件": one row per candidate or placed item — 编号 标题 来源单位
// 来源序号 状态 版本 — or "没有备选稿件".
std::string BulletinListText(const v1::BulletinList& list, bool candidates,
                             const TimeZone& zone);

// One issue as text: the 版头 line (《series》 2026年第1期（总第1期）, or for
// a draft the number it would get "第2期（总第2期）（待签发）"), 编发单位,
// date, 签发人, 密级; its state, id, editor and revision; the items in print
// order, numbered 一、二、…, each with its id, state and revision, title, 编者
// 按, body (indented), source units with their report sequences, and each
// 批示 (leader, level, date, text); then 报送, 抄送, a 更正's links and the
// issue's log (time, person, what).
std::string BulletinDetailText(const v1::BulletinDetail& detail,
                               const TimeZone& zone);

// 件件有回音 for one unit: a heading (unit, period, how many reports, how
// many adopted), then each report — sequence, time, kind, title — with a
// line per adoption (level, 《series》, 期号, how it was recorded, the
// item's title; "综合N个单位" for a merged item), per 批示 (leader, level,
// date, text), the 约稿 it answered, "编辑中" when items are being edited
// from it, "暂未采用" when none of these. "本期间没有报告" when the unit
// filed none.
std::string FeedbackText(const v1::Feedback& feedback, const TimeZone& zone);

// One row per asked unit of each commission: light, id and topic (on its
// first unit's row), unit, deadline ("11-06 17:30 到期", "超期 2天") and
// answer ("11-05 11:00 按时（序号 4）", "11-10 09:00 逾期（序号 5）",
// "未报"); a note under a cancelled or closed commission; then "共 N 项约稿"
// ("没有约稿" when none).
std::string CommissionListText(const v1::CommissionList& list,
                               const ViewClock& clock);

// What the 采编 action `request` changed, in a line: "已保存稿件 <id>（第 N
// 版，备选）", "已签发《政务信息》2026年第1期（总第1期），记录采用 3 条",
// "已约稿 <id>：河口镇、青山乡，11-06 17:30 到期" …; a repeat (changed =
// false) says "无变化（该操作已做过）" before it.
std::string CaibianChangedText(const v1::CaibianRequest& request,
                               const v1::CaibianChanged& changed,
                               const TimeZone& zone);

}  // namespace xinbao::client
