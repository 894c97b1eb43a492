// xinbao web faces: what every page shares. No framework; DOM built with
// el() and textContent only (never innerHTML with data), so a report's text
// can never become markup.
"use strict";

const Xinbao = (() => {
  let session = null;

  // Labels of the wire's enum names (proto/names.cc says the same).
  const labels = {
    KIND_URGENT: "紧急信息", KIND_IMPORTANT_DYNAMIC: "重要动态",
    KIND_GENERAL_DYNAMIC: "一般动态", KIND_RESEARCH: "调研信息",
    KIND_EXPERIENCE: "经验做法",
    STAGE_SHI: "事", STAGE_QING: "情", STAGE_YIN: "因", STAGE_GUO: "果",
    SEVERITY_I: "Ⅰ级 特别重大", SEVERITY_II: "Ⅱ级 重大", SEVERITY_III: "Ⅲ级 较大",
    SEVERITY_IV: "Ⅳ级 一般", SEVERITY_UNSPECIFIED: "未定级",
    CLASSIFICATION_PUBLIC: "公开", CLASSIFICATION_INTERNAL: "内部",
    CLASSIFICATION_SECRET: "秘密", CLASSIFICATION_CONFIDENTIAL: "机密",
    CLASSIFICATION_TOP_SECRET: "绝密",
    ALARM_KIND_OVERDUE: "超时未报", ALARM_KIND_LATE: "迟报",
    ALARM_KIND_MISSING_ELEMENTS: "漏报要素", ALARM_KIND_CONCEALMENT_SUSPECTED: "疑似瞒报",
    ALARM_KIND_ESCALATED: "升级", ALARM_KIND_DUE_SOON: "临期",
    // 督办 (proto/names.cc: UrgencyName, LeaderLevelName, StepKindName,
    // UnitPhaseName, LightName).
    URGENCY_URGENT: "急件", URGENCY_NORMAL: "一般", URGENCY_DIFFICULT: "疑难",
    LEADER_LEVEL_COUNTY: "县级", LEADER_LEVEL_CITY: "市级", LEADER_LEVEL_PROVINCE: "省级",
    LEADER_LEVEL_NATIONAL: "中央",
    STEP_KIND_ISSUE: "交办", STEP_KIND_SIGN: "签收", STEP_KIND_PROGRESS: "办理进展",
    STEP_KIND_RESULT: "办结报告", STEP_KIND_ACCEPT: "办结销号", STEP_KIND_RETURN: "退回重办",
    STEP_KIND_SUSPEND: "中止", STEP_KIND_RESUME: "恢复", STEP_KIND_URGE: "催办",
    STEP_KIND_SIGN_URGE: "签收催办",
    UNIT_PHASE_ISSUED: "待签收", UNIT_PHASE_SIGNED: "办理中", UNIT_PHASE_ANSWERED: "待复核",
    UNIT_PHASE_DONE: "已办结",
    LIGHT_GREEN: "绿灯", LIGHT_YELLOW: "黄灯", LIGHT_RED: "红灯", LIGHT_UNSPECIFIED: "无",
    // 采编 (proto/names.cc: SeriesKindName, ItemPhaseName; the issue's
    // phases and the adoption's origins as docs/CAIBIAN.md names them).
    SERIES_KIND_ROUTINE: "常规", SERIES_KIND_EXPRESS: "快报", SERIES_KIND_SPECIAL: "专报",
    SERIES_KIND_SUPPLEMENT: "增刊", SERIES_KIND_ALERT: "要情",
    ITEM_PHASE_CANDIDATE: "备选", ITEM_PHASE_PLACED: "已编入", ITEM_PHASE_ISSUED: "已刊发",
    ITEM_PHASE_DROPPED: "不用",
    ISSUE_PHASE_DRAFT: "编辑中", ISSUE_PHASE_ISSUED: "已签发",
    ADOPTION_ORIGIN_LOCAL_ISSUE: "本级刊发", ADOPTION_ORIGIN_ENTERED: "登记上级采用",
    ADOPTION_ORIGIN_UPSTREAM: "上级报来",
  };
  const stageLong = { STAGE_SHI: "首报（事）", STAGE_QING: "续报（情）",
                      STAGE_YIN: "原因（因）", STAGE_GUO: "终报（果）" };
  const elementLabels = {
    occurred_at: "发生时间", place: "地点", severity: "事件等级", casualties: "伤亡人数",
    source: "信息来源", losses: "损失情况", scope: "影响范围", measures: "已采取的措施",
    trend: "发展趋势", approver: "签发人", contact_name: "联系人", contact_phone: "联系电话",
  };

  // "续报二（情）" as the broker's timelines write it (proto/names.h).
  function followupName(n) {
    const digits = "〇一二三四五六七八九";
    if (!n) return "续报";
    if (n < 10) return "续报" + digits[n];
    if (n < 100) return "续报" + (n >= 20 ? digits[Math.floor(n / 10)] : "") + "十" + (n % 10 ? digits[n % 10] : "");
    return "续报" + n;
  }
  function stageLabel(stage, followup) {
    if (stage === "STAGE_QING") return followupName(Number(followup || 0)) + "（情）";
    return stageLong[stage] || "";
  }

  function label(name) { return labels[name] || name || ""; }

  // What a unit owes on a 督办 item (proto/names.h DutyLabel): "签收",
  // "办结报告" (a lead unit's) or "办理意见" (a co-unit's) with "（第2轮）"
  // after a return, "第1次催办通知的签收".
  function dutyLabel(duty, number, lead) {
    const n = Number(number || 0);
    if (duty === "DUTY_SIGN") return "签收";
    if (duty === "DUTY_ANSWER") return (lead ? "办结报告" : "办理意见") + (n > 1 ? "（第" + n + "轮）" : "");
    if (duty === "DUTY_SIGN_URGE") return "第" + n + "次催办通知的签收";
    return "未指定";
  }

  // 采编: "2026年第1期" of an issued issue (a draft: "").
  function issueNumber(issue) {
    return issue && issue.phase === "ISSUE_PHASE_ISSUED" ? issue.year + "年第" + issue.number + "期" : "";
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || ("请求失败（HTTP " + status + "）"));
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, path, body) {
    const headers = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && session) headers["X-CSRF-Token"] = session.csrf_token;
    let response;
    try {
      response = await fetch(path, { method, headers, credentials: "same-origin",
                                      body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, { message: "无法连接本机服务，请检查程序是否在运行" });
    }
    if (response.status === 204) return null;
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status === 401 && !path.startsWith("/api/session")) {
      location.href = "/login.html";
      throw new ApiError(401, data);
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  // Loads the session or goes to the sign-in page.
  async function requireSession() {
    try {
      session = await api("GET", "/api/session");
    } catch (e) {
      location.href = "/login.html";
      throw e;
    }
    return session;
  }

  async function signOut() {
    try { await api("DELETE", "/api/session"); } finally { location.href = "/login.html"; }
  }

  function zone() { return (session && session.time_zone) || "Asia/Shanghai"; }

  // A time (Unix ms, a number or a decimal string) in the broker's zone.
  function formatTime(ms, withSeconds) {
    const value = Number(ms);
    if (!value) return "";
    const parts = new Intl.DateTimeFormat("zh-CN", {
      timeZone: zone(), year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: withSeconds ? "2-digit" : undefined,
      hourCycle: "h23" }).formatToParts(new Date(value));
    const get = (type) => (parts.find((p) => p.type === type) || {}).value || "";
    return get("year") + "-" + get("month") + "-" + get("day") + " " + get("hour") + ":" +
           get("minute") + (withSeconds ? ":" + get("second") : "");
  }

  // The zone's offset from UTC (ms) at instant `ms`.
  function offsetAt(ms) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone(), year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" })
      .formatToParts(new Date(ms));
    const get = (type) => Number((parts.find((p) => p.type === type) || {}).value);
    const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
    return asUtc - Math.floor(ms / 1000) * 1000;
  }

  // "2026-12-01T08:30" read as a time in the broker's zone → Unix ms.
  function parseLocal(text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text || "");
    if (!m) return 0;
    const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    let ms = guess - offsetAt(guess);
    ms = guess - offsetAt(ms);
    return ms;
  }

  // Unix ms → "2026-12-01T08:30" in the broker's zone, for datetime-local.
  function toLocalInput(ms) {
    const text = formatTime(ms);
    return text ? text.replace(" ", "T") : "";
  }

  function duration(ms) {
    const total = Math.abs(Math.round(ms / 1000));
    const d = Math.floor(total / 86400), h = Math.floor((total % 86400) / 3600),
          m = Math.floor((total % 3600) / 60), s = total % 60;
    if (d > 0) return d + "天" + h + "小时";
    if (h > 0) return h + "小时" + String(m).padStart(2, "0") + "分";
    return m + "分" + String(s).padStart(2, "0") + "秒";
  }

  // A countdown to `dueMs` that keeps itself current.
  function countdown(dueMs) {
    const node = el("span", { class: "countdown" });
    node.dataset.due = String(Number(dueMs));
    refreshCountdown(node);
    return node;
  }
  function refreshCountdown(node) {
    const left = Number(node.dataset.due) - Date.now();
    node.classList.toggle("overdue", left < 0);
    node.classList.toggle("soon", left >= 0 && left < 15 * 60 * 1000);
    node.textContent = left < 0 ? "已超时 " + duration(left) : "剩 " + duration(left);
  }
  // Only the countdowns this made (the dashboard's clock is styled alike).
  setInterval(() => document.querySelectorAll(".countdown[data-due]").forEach(refreshCountdown), 1000);

  // A short note at the foot of the page; several stack, never overlap.
  function toast(text) {
    let stack = document.querySelector(".toasts");
    if (!stack) document.body.append(stack = el("div", { class: "toasts" }));
    const node = el("div", { class: "toast", role: "status", text });
    stack.append(node);
    setTimeout(() => node.remove(), 4000);
  }

  function newUuid() { return crypto.randomUUID(); }

  // One thing's page: asks `path`, shows a refusal in place (id
  // `refusedId`), else returns the reply's `member`.
  async function loadDetail(path, member, refusedId, view) {
    view.replaceChildren(el("p", { class: "muted", text: "正在查询…" }));
    try {
      return (await api("GET", path))[member];
    } catch (e) {
      view.replaceChildren(el("div", { class: "banner bad", id: refusedId, text: e.message }));
      return null;
    }
  }

  // One event's page: the broker's EventDetail, or the refusal shown (id
  // "event-refused").
  function loadEvent(id, view) {
    return loadDetail("/api/events/" + encodeURIComponent(id), "event_detail", "event-refused", view);
  }

  // Where a report forwarded from a lower level (the reporting tree) was
  // first reported — "河口镇（清水县）" — from a Report (forwarded) or an
  // EventReport (origin_*); "" for a report of this level.
  function originText(r) {
    const way = r.forwarded;
    const unit = way ? way.origin_unit_name || way.origin_unit_id : r.origin_unit_name;
    const broker = way ? originBroker(way) : r.origin_broker_name;
    return unit ? unit + (broker ? "（" + broker + "）" : "") : "";
  }

  // The origin broker's name: as the origin set it, else the first hop's
  // when that hop is the origin (a 越级 report's first hop is the level
  // that took it), else its id — as proto/report_origin.h.
  function originBroker(way) {
    const hops = way.hops || [];
    if (way.origin_broker_name) return way.origin_broker_name;
    if (hops.length && hops[0].broker_id === way.origin_broker && (way.hop_names || [])[0]) {
      return way.hop_names[0];
    }
    return way.origin_broker;
  }

  // The way a forwarded report came: "经 清水县 → 江州市", marked when it
  // skipped a level (越级上报), or "越级直报本级" when this level took it
  // from the unit itself.
  function wayText(way) {
    const hops = way.hops || [];
    if (!hops.length) return "越级直报本级";
    const names = hops.map((h, i) => (way.hop_names || [])[i] || h.broker_id);
    return "经 " + names.join(" → ") + (hops[0].broker_id === way.origin_broker ? "" : "（越级）");
  }

  // The parts of an event's page both faces show: its facts, alarms,
  // timeline and every report in full.
  function eventParts(detail, unitName) {
    const event = detail.event;
    const reportFacts = (r) => [["地点", r.place], ["信息来源", r.source], ["损失情况", r.losses],
      ["影响范围", r.scope], ["已采取的措施", r.measures], ["发展趋势", r.trend], ["签发人", r.approver],
      ["联系人", [r.contact_name, r.contact_phone].filter(Boolean).join(" ")],
      ["伤亡", r.casualties ? "死亡 " + (r.casualties.dead || 0) + "，受伤 " + (r.casualties.injured || 0) +
                             "，失踪 " + (r.casualties.missing || 0) : ""],
      ["来电", r.phone_call ? [unitName(r.phone_call.caller_unit_id), r.phone_call.caller,
                               formatTime(r.phone_call.called_at_ms), "接报 " + r.phone_call.taken_by]
                               .filter(Boolean).join(" · ") : ""],
      ["转报来源", r.forwarded ? originText(r) + "，" + wayText(r.forwarded) : ""]];
    return [
      el("div", { class: "row" }, el("h2", { text: event.title || "（尚无书面首报）" }), el("span", { class: "spacer" }),
         event.closed ? el("span", { class: "badge plain", text: "已办结" }) : el("span", { class: "badge warn", text: "处置中" })),
      el("div", { class: "panel" }, el("dl", { class: "facts" },
        [["属地", unitName(event.responsible_unit_id)], ["等级", label(event.severity || "SEVERITY_UNSPECIFIED")],
         ["发生时间", formatTime(event.occurred_at_ms) || "未报"], ["地点", event.place || "未报"],
         ["书面首报", formatTime(event.written_shi_at_ms) || "尚无"], ["电话报告", formatTime(event.phone_called_at_ms) || "无"],
         ["事件编号", event.event_id]].map(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]))),
      (event.alarms || []).length ? el("div", { class: "panel" }, el("h3", { text: "告警" }), event.alarms.map((a) =>
        el("div", {}, el("span", { class: "badge " + (a.open ? "bad" : "plain"), text: label(a.kind) + (a.open ? "" : " 已解除") }),
           " ", a.message))) : null,
      el("div", { class: "panel" }, el("h3", { text: "时间线" }), el("table", { class: "list" }, el("tbody", {},
        (detail.timeline || []).map((t) => el("tr", {}, el("td", { class: "small when", text: formatTime(t.at_ms, true) }),
                                                     el("td", { text: t.text })))))),
      el("h3", { text: "报告全文" }),
      (detail.reports || []).map((r) => el("div", { class: "panel", "data-sequence": r.sequence },
        el("div", { class: "row" }, el("strong", { text: r.title }),
           r.phone_call ? el("span", { class: "phone-tag", text: "电话登记" }) : null, el("span", { class: "spacer" }),
           el("span", { class: "muted small", text: (r.forwarded ? originText(r) : unitName(r.unit_id)) + " · " +
                                                      stageLabel(r.stage) + " · 第" +
                                                      r.sequence + "号 · " + formatTime(r.stored_at_ms, true) })),
        el("pre", { class: "body", text: r.body }),
        el("dl", { class: "facts small" }, reportFacts(r).filter(([, v]) => v)
                                             .map(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })])))),
    ];
  }

  return { api, ApiError, el, label, dutyLabel, issueNumber, stageLong, stageLabel, elementLabels, requireSession, signOut,
           formatTime, parseLocal, toLocalInput, duration, countdown, toast, newUuid, loadDetail, loadEvent, eventParts, originText,
           session: () => session, zone };
})();
