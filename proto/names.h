// Display names and parsers for the report enums, shared by the broker and
// the clients, so "紧急信息", "urgent" and KIND_URGENT mean one thing
// everywhere.
//
// Display names are the Chinese words officers use (事/情/因/果, 紧急信息,
// Ⅰ级(特别重大), 内部); so are the stage labels ("续报二（情）") and the
// labels of the elements a report must carry ("已采取的措施"). Parsers accept
// English slugs, the Chinese names and the proto enum names; ASCII letters
// match case-insensitively and surrounding spaces are ignored. They never
// accept the UNSPECIFIED value.
//
// Threads: all functions are pure and safe to call from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/duban.pb.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/history.pb.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao {

// The Chinese display name; "未指定" for UNSPECIFIED and for numbers this
// version does not define (a value read off the wire may be anything).
std::string_view KindName(v1::Kind kind);
std::string_view StageName(v1::Stage stage);
std::string_view SeverityName(v1::Severity severity);
std::string_view ClassificationName(v1::Classification classification);
// 督办: "急件", "市级", "签收", "待签收", "红灯" ("无" for no light).
std::string_view UrgencyName(v1::Urgency urgency);
std::string_view LeaderLevelName(v1::LeaderLevel level);
std::string_view StepKindName(v1::StepKind kind);
std::string_view UnitPhaseName(v1::UnitPhase phase);
std::string_view LightName(v1::Light light);
// What a unit owes on a 督办 item: "签收", "办结报告" (a lead unit's) or
// "办理意见" (a co-unit's) with "（第2轮）" after a return, "第1次催办通知
// 的签收".
std::string DutyLabel(v1::Duty duty, uint32_t number, bool lead);

// The English slug of a kind, as the live feed's topics use it: "urgent",
// "important", "general", "research", "experience"; "unspecified" else.
std::string_view KindSlug(v1::Kind kind);

// The name of the n-th follow-up (情) of a unit: "续报一", "续报二" … "续报十",
// "续报十一" … "续报九十九"; from 100 on in Arabic digits ("续报100"); "续报"
// for 0 (number not known).
std::string FollowupName(uint32_t n);
// "一" … "九十九" for 1–99 (headings, 第一条); Arabic digits for 0 and
// from 100 on.
std::string ChineseNumeral(uint32_t n);

// A stage with its follow-up number, as timelines, alarms and the event
// views write it: "首报（事）", "续报二（情）", "原因（因）", "终报（果）";
// "续报（情）" when the number is 0 (not known); "未指定" for UNSPECIFIED and
// unknown numbers.
std::string StageLabel(v1::Stage stage, uint32_t followup);

// The Chinese label of a report element by its config and wire name (the
// names in Alarm.missing_elements): "measures" → "已采取的措施",
// "casualties" → "伤亡人数". A name this version does not know is returned
// as it is.
std::string_view ElementLabel(std::string_view element_name);

// A span of time as people say it: "不到1分", "25分", "2小时15分", "2小时",
// "3天4小时", "3天". Negative spans read as "不到1分".
std::string DurationWords(int64_t ms);

// The enum value `text` names, or nullopt if it names none.
//   Kind:     urgent important general research experience; 紧急 紧急信息
//             突发事件 重要动态 一般动态 调研信息 经验做法 …
//   Stage:    shi qing yin guo; 事 情 因 果; 首报 初报 续报 终报
//   Severity: I II III IV, 1-4; Ⅰ Ⅱ Ⅲ Ⅳ; 特别重大 重大 较大 一般
//   Classification: public internal secret confidential top-secret;
//             公开 非密 内部 秘密 机密 绝密
std::optional<v1::Kind> ParseKind(std::string_view text);
// 督办 (duban.proto):
//   Urgency:     urgent normal difficult; 急件 一般 疑难
//   LeaderLevel: county city province national; 县级 市级 省级 中央
//   StepKind:    issue sign progress result accept return suspend resume
//                urge sign-urge; 交办 签收 办理 办结报告 销号 退回 中止 恢复
//                催办 签收催办
//   UnitPhase:   issued signed answered done; 待签收 办理中 待复核 已办结
//   Light:       green yellow red; 绿灯 黄灯 红灯
std::optional<v1::Urgency> ParseUrgency(std::string_view text);
std::optional<v1::LeaderLevel> ParseLeaderLevel(std::string_view text);
std::optional<v1::StepKind> ParseStepKind(std::string_view text);
std::optional<v1::UnitPhase> ParseUnitPhase(std::string_view text);
std::optional<v1::Light> ParseLight(std::string_view text);
// 采编 (caibian.proto): "常规", "快报", "专报", "增刊", "要情"; "备选",
// "已编入", "已刊发", "不用". Parsed: routine express special supplement
// alert, or the Chinese names.
std::string_view SeriesKindName(v1::SeriesKind kind);
std::string_view ItemPhaseName(v1::ItemPhase phase);
std::optional<v1::SeriesKind> ParseSeriesKind(std::string_view text);
// "编辑中", "已签发"; where an adoption came from: "本级签发", "录入",
// "上级报来"; what a score line counts: "报送", "报送定额", "采用", "批示",
// "约稿", "迟报", "漏报", "疑似瞒报", "督办按时办结", "督办超期", "督办催办"
// ("其他" for a source this version does not know).
std::string_view IssuePhaseName(v1::IssuePhase phase);
std::string_view AdoptionOriginName(v1::AdoptionOrigin origin);
std::string_view ScoreSourceName(v1::ScoreSource source);
std::optional<v1::Stage> ParseStage(std::string_view text);
std::optional<v1::Severity> ParseSeverity(std::string_view text);
std::optional<v1::Classification> ParseClassification(std::string_view text);

}  // namespace xinbao
