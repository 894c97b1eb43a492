// Plain Chinese words for urgent events: what an anomaly on a report
// means, what an alarm is called, how a stage, a 续报 number and a span of
// time are written. Shared by the event commands, the submit
// acknowledgement and the duty officer's live feed.
//
// Threads: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>

#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::client {

// A sentence for the officer, without a leading "注意：" ("该事件已终报，本报告
// 已登记但属于结案后来报"). A number this version does not know (or
// UNSPECIFIED) gives "情况异常（编号 N）".
std::string AnomalyText(v1::Anomaly anomaly);

// What the EventBook made of a submitted report of stage `stage`:
// "事件 <id> 续报二（情）", then " 注意：<AnomalyText>" per anomaly, joined
// by "；". Empty when the note names no event.
std::string EventNoteText(const v1::EventNote& note, v1::Stage stage);

// 超时未报, 迟报, 漏报, 疑似瞒报, 升级; "告警（编号 N）" for any other number.
std::string AlarmKindName(v1::AlarmKind kind);

// A stage with its follow-up number is StageLabel in proto/names.h
// ("续报三（情）"), as the broker writes it. This is the short form, for
// narrow cells: "续报三" for a numbered 情, else the stage name ("事", "情",
// "因", "果"; "未指定" for UNSPECIFIED).
std::string StageShortLabel(v1::Stage stage, uint32_t followup);

// "Ⅲ级"; "-" when unspecified.
std::string SeverityShortName(v1::Severity severity);

}  // namespace xinbao::client
