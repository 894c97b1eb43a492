// BulletinPdf: one issue of a bulletin series (一期《政务信息》, 快报, 专报 …)
// as the PDF an office prints and sends out, laid out on A4 after GB/T
// 9704 (text block 156 × 225 mm, 版记 at the foot of the last page).
//
// Page 1 begins with the 版头: the 密级 top left (INTERNAL: "内部资料　注意
// 保存"; SECRET and above: "★秘密", "★机密", "★绝密"), for a 专报 "签发人："
// and the approver top right (other kinds name the approver in the 版记
// only); the series name large, in red, centred; 第N期 and, when it has
// one, （总第M期）; the 编发单位 on the left and the issue date
// ("2026年11月5日", the issued_at_ms in `zone`) on the right of one line;
// a red rule. Then the items in print order: the title (bold, centred,
// wrapped; numbered 一、二、… when an issue of a routine series, 快报 or
// 增刊 has several items — a 专报 or 要情 item stands alone under its own
// title), the 编者按 in 楷体 after 【编者按】, the body's paragraphs (split
// at line breaks, first line indented two characters, justified) and the
// source units in 楷体, in parentheses, on the right: （城关镇　县应急管理局）.
// A title is kept on a page with at least two lines of what follows it;
// paragraphs may run onto the next page. At the foot of the last page the
// 版记: 报送, 抄送 (a line with no text is left out), 编辑 and 签发, the
// 印发 date, between rules. "— N —" at the foot of every page.
//
// A draft (ISSUE_PHASE_DRAFT) shows the number it would get
// (next_number, next_total_number) followed by "（待签发）", blanks for its
// dates, and a light grey diagonal "样稿" on every page.
//
// Fonts (found by family name through fontconfig): Noto Serif CJK SC
// (fonts-noto-cjk), Noto Sans CJK SC, AR PL UKai CN (fonts-arphic-ukai).
//
// Threads: safe from any thread; each call has its own document.
#pragma once

#include <string>

#include "proto/status.h"
#include "proto/time_zone.h"
#include "xinbao/v1/caibian.pb.h"

namespace xinbao::print {

// The PDF's bytes. Items are printed in detail.issue.item_ids' order, each
// looked up in detail.items; an id with no item there is refused
// (INVALID_FIELD, naming it), as is an issue with no items. A missing
// font: STORAGE_FAILURE naming it and its Debian package, as is a PDF
// cairo cannot write. Anything else in the message is printed as it is
// (invalid UTF-8 as U+FFFD): never a crash.
Result<std::string> BulletinPdf(const v1::BulletinDetail& detail, const TimeZone& zone);

}  // namespace xinbao::print
