// The office's report desk (报送台): write a report, watch it leave through
// the outbox, see what the unit still owes. Drafts live in this browser's
// localStorage until the desk has the report in its outbox on disk.
"use strict";

const { api, el, label, formatTime, countdown, toast } = Xinbao;
const view = document.getElementById("view");
let session = null;
let policy = null;        // the broker's policy (may stay null offline)
let outbox = { items: [] };
let owed = null;          // the last EventList of open events

const TEXT_FIELDS = [
  ["title", "标题", "input"], ["place", "地点", "input"], ["body", "正文", "textarea"],
  ["source", "信息来源", "input"], ["losses", "损失情况", "textarea"],
  ["scope", "影响范围", "input"], ["measures", "已采取的措施", "textarea"],
  ["trend", "发展趋势", "input"], ["approver", "签发人", "input"],
  ["contact_name", "联系人", "input"], ["contact_phone", "联系电话", "input"],
];
const ELEMENT_FIELD = { occurred_at: "occurred_at_ms" };

function draftKey() { return "xinbao.desk.draft." + session.unit_id + "." + session.login; }

function emptyDraft() {
  return { report: { idempotency_key: Xinbao.newUuid(), kind: "KIND_URGENT", stage: "STAGE_SHI",
                     event_id: Xinbao.newUuid(), classification: "CLASSIFICATION_INTERNAL",
                     attachments: [] },
           new_event: true, send_incomplete: false, resend: 0 };
}

function loadDraft() {
  try {
    const saved = JSON.parse(localStorage.getItem(draftKey()) || "null");
    if (saved && saved.report) return saved;
  } catch (e) { /* a damaged draft: start again */ }
  return null;
}

function saveDraft(draft) {
  draft.saved_at = Date.now();
  try {
    localStorage.setItem(draftKey(), JSON.stringify(draft));
    return true;
  } catch (e) {
    // Too big for the browser's store (large attachments): keep the text.
    const light = JSON.parse(JSON.stringify(draft));
    light.report.attachments = [];
    light.attachments_dropped = true;
    try { localStorage.setItem(draftKey(), JSON.stringify(light)); } catch (e2) { /* full */ }
    return false;
  }
}

function requiredFor(stage) {
  if (!policy) return [];
  const index = ["STAGE_SHI", "STAGE_QING", "STAGE_YIN", "STAGE_GUO"].indexOf(stage);
  const stages = (policy.policy && policy.policy.stages) || [];
  const entry = stages.find((s) => s.stage === stage) || stages[index];
  return entry ? (entry.elements || []).map((e) => e.name) : [];
}

// ---- write ----------------------------------------------------------------

function field(name, text, control, extra) {
  return el("div", { class: "field" + (extra ? " " + extra : ""), "data-field": "report." + name },
            el("label", { for: "f-" + name, "data-element": name, text }), control,
            el("div", { class: "problem" }));
}

async function showWrite(params) {
  let draft = loadDraft();
  if (params.get("commission")) {
    // 回复约稿: a new report naming the commission (Report.commission_id).
    draft = emptyDraft();
    draft.new_event = false;
    draft.report.kind = "KIND_GENERAL_DYNAMIC";
    delete draft.report.event_id;
    delete draft.report.stage;
    draft.report.commission_id = params.get("commission");
    draft.commission_topic = window.DeskFeedback.topicOf(draft.report.commission_id);
    saveDraft(draft);
    history.replaceState(null, "", "#/write");
  } else if (params.get("event") || params.get("resend")) {
    draft = emptyDraft();
    if (params.get("resend")) {
      const item = outbox.items.find((i) => i.state === "STATE_REFUSED" && i.ordinal === params.get("resend"));
      if (item) {
        draft.report = Object.assign({}, item.report, { idempotency_key: Xinbao.newUuid(), sequence: undefined,
                                                         stored_at_ms: undefined, written_at_ms: undefined });
        draft.resend = item.ordinal;
        draft.new_event = false;
      }
    } else {
      draft.new_event = false;
      draft.report.event_id = params.get("event");
      draft.report.stage = params.get("stage") || "STAGE_QING";
      try {
        const previous = await api("GET", "/api/prefill?event_id=" + encodeURIComponent(params.get("event")));
        for (const key of ["title", "place", "severity", "occurred_at_ms", "casualties", "source", "losses",
                           "scope", "measures", "trend", "approver", "contact_name", "contact_phone",
                           "classification", "responsible_unit_id"]) {
          if (previous[key] !== undefined) draft.report[key] = previous[key];
        }
        draft.report.body = "";
        draft.prefilled_from = previous.idempotency_key;
      } catch (e) { /* no earlier report of ours: start blank */ }
    }
    saveDraft(draft);
    history.replaceState(null, "", "#/write");
  }
  if (!draft) { draft = emptyDraft(); saveDraft(draft); }
  renderForm(draft);
}

function renderForm(draft) {
  const r = draft.report;
  const kindSelect = el("select", { id: "f-kind" },
    ["KIND_URGENT", "KIND_IMPORTANT_DYNAMIC", "KIND_GENERAL_DYNAMIC", "KIND_RESEARCH", "KIND_EXPERIENCE"]
      .map((k) => el("option", { value: k, selected: r.kind === k, text: label(k) })));
  const eventSelect = el("select", { id: "f-event" },
    el("option", { value: "", text: "新事件（首次报告）" }),
    openEvents().map((e) => el("option", { value: e.event_id, selected: !draft.new_event && r.event_id === e.event_id,
                                           text: (e.title || e.event_id) + (e.place ? "（" + e.place + "）" : "") })));
  if (!draft.new_event && r.event_id && !openEvents().some((e) => e.event_id === r.event_id)) {
    eventSelect.append(el("option", { value: r.event_id, selected: true, text: "事件 " + r.event_id }));
  }
  const stageSelect = el("select", { id: "f-stage" },
    Object.entries(Xinbao.stageLong).map(([k, v]) => el("option", { value: k, selected: r.stage === k, text: v })));
  const severitySelect = el("select", { id: "f-severity" },
    ["SEVERITY_UNSPECIFIED", "SEVERITY_IV", "SEVERITY_III", "SEVERITY_II", "SEVERITY_I"]
      .map((k) => el("option", { value: k, selected: (r.severity || "SEVERITY_UNSPECIFIED") === k, text: label(k) })));
  // Only the levels this network may carry, once the broker said which.
  const levels = ["CLASSIFICATION_PUBLIC", "CLASSIFICATION_INTERNAL", "CLASSIFICATION_SECRET",
                  "CLASSIFICATION_CONFIDENTIAL"];
  const ceiling = policy && policy.policy ? levels.indexOf(policy.policy.max_classification) : -1;
  const classSelect = el("select", { id: "f-classification" },
    levels.filter((k, i) => ceiling < 0 ? i < 3 : i <= ceiling)
      .map((k) => el("option", { value: k, selected: r.classification === k, text: label(k) })));
  const occurred = el("input", { id: "f-occurred_at_ms", type: "datetime-local",
                                 value: Xinbao.toLocalInput(r.occurred_at_ms) });
  const known = el("input", { id: "f-casualties-known", type: "checkbox", checked: !!r.casualties });
  const numbers = ["dead", "injured", "missing"].map((k) =>
    el("input", { id: "f-casualties-" + k, type: "number", min: "0", value: r.casualties ? (r.casualties[k] || 0) : "" }));
  const files = el("input", { id: "f-attachments", type: "file", multiple: true });
  const attachmentList = el("ul", { class: "attachments-list" });
  const incomplete = el("input", { id: "f-send-incomplete", type: "checkbox", checked: draft.send_incomplete });
  const requiredBox = el("div", { class: "required-list small" });

  const texts = {};
  for (const [name, text, kind] of TEXT_FIELDS) {
    texts[name] = el(kind, { id: "f-" + name });
    texts[name].value = r[name] || "";
  }

  const urgentOnly = [
    field("event_id", "事件", eventSelect),
    field("stage", "报告阶段", stageSelect),
    field("severity", "事件等级", severitySelect),
  ];
  const form = el("form", { id: "report-form", class: "panel", novalidate: true },
    el("div", { class: "row" }, el("h2", { text: draft.resend ? "修改后重发" : "写报告" }),
       el("span", { class: "spacer" }),
       el("span", { class: "muted draft-note", id: "draft-state", text: "草稿自动保存在本机浏览器" })),
    draft.attachments_dropped ? el("div", { class: "banner warn", text: "附件太大，未能存入草稿，请重新选择附件。" }) : null,
    draft.prefilled_from ? el("div", { class: "banner ok", text: "已按本单位上一次报告预填，只需写新情况。" }) : null,
    r.commission_id ? el("div", { class: "banner ok", id: "commission-note" }, "本报告回复约稿" +
      (draft.commission_topic ? "“" + draft.commission_topic + "”" : "（" + r.commission_id + "）") + "。 ",
      el("button", { type: "button", class: "link-button", id: "commission-drop", text: "不作为约稿答复",
                     onclick: () => { delete r.commission_id; delete draft.commission_topic; saveDraft(draft); renderForm(draft); } })) : null,
    el("div", { class: "grid" },
      field("kind", "信息类别", kindSelect), ...urgentOnly,
      field("classification", "密级", classSelect),
      field("occurred_at_ms", "发生时间", occurred),
      field("place", "地点", texts.place)),
    requiredBox,
    field("title", "标题", texts.title, "wide"),
    field("body", "正文", texts.body, "wide"),
    el("div", { class: "grid" },
      el("div", { class: "field", "data-field": "report.casualties" },
         el("label", { "data-element": "casualties", text: "伤亡人数" }),
         el("label", { class: "known" }, known, "伤亡情况已掌握（无伤亡也请勾选并填 0）"),
         el("div", { class: "casualties" },
            el("label", {}, "死亡", numbers[0]), el("label", {}, "受伤", numbers[1]), el("label", {}, "失踪", numbers[2])),
         el("div", { class: "problem" })),
      field("source", "信息来源", texts.source),
      field("scope", "影响范围", texts.scope),
      field("trend", "发展趋势", texts.trend)),
    field("losses", "损失情况", texts.losses, "wide"),
    field("measures", "已采取的措施", texts.measures, "wide"),
    el("div", { class: "grid" },
      field("approver", "签发人", texts.approver),
      field("contact_name", "联系人", texts.contact_name),
      field("contact_phone", "联系电话", texts.contact_phone)),
    el("div", { class: "field", "data-field": "report.attachments" },
       el("label", { for: "f-attachments", text: "附件（照片、文件）" }), files, attachmentList,
       el("div", { class: "muted small", text: limitsText() }),
       el("div", { class: "problem" })),
    el("div", { class: "form-actions" },
       el("button", { class: "primary", type: "submit", id: "send", text: "报送" }),
       el("label", { class: "check", id: "incomplete-box" }, incomplete, "部分要素暂未掌握，先行报送（中心将记缺要素）"),
       el("span", { class: "spacer" }),
       el("button", { type: "button", id: "discard-draft", text: "清空草稿",
                      onclick: () => { if (confirm("清空这份草稿？")) { localStorage.removeItem(draftKey()); showWrite(new URLSearchParams()); } } })),
    el("div", { class: "problem", id: "form-problem", role: "alert" }));

  function collect() {
    r.kind = kindSelect.value;
    const urgent = r.kind === "KIND_URGENT";
    if (urgent) {
      draft.new_event = eventSelect.value === "";
      if (!draft.new_event) r.event_id = eventSelect.value;
      else if (!r.event_id || openEvents().some((e) => e.event_id === r.event_id)) r.event_id = Xinbao.newUuid();
      r.stage = stageSelect.value;
      r.severity = severitySelect.value;
    } else {
      delete r.event_id; delete r.stage; delete r.severity;
    }
    r.classification = classSelect.value;
    r.occurred_at_ms = occurred.value ? String(Xinbao.parseLocal(occurred.value)) : "0";
    for (const [name] of TEXT_FIELDS) r[name] = texts[name].value;
    if (known.checked) {
      r.casualties = { dead: Number(numbers[0].value || 0), injured: Number(numbers[1].value || 0),
                       missing: Number(numbers[2].value || 0) };
    } else {
      delete r.casualties;
    }
    draft.send_incomplete = incomplete.checked;
    for (const node of urgentOnly) node.classList.toggle("hidden", !urgent);
    markRequired(r.kind === "KIND_URGENT" ? requiredFor(r.stage) : []);
    const stored = saveDraft(draft);
    document.getElementById("draft-state").textContent =
      (stored ? "草稿已保存 " : "草稿已保存（附件除外） ") + formatTime(Date.now(), true);
  }

  function markRequired(names) {
    form.querySelectorAll("[data-element]").forEach((node) =>
      node.classList.toggle("required", names.includes(node.dataset.element)));
    requiredBox.replaceChildren();
    if (r.kind === "KIND_URGENT") {
      requiredBox.append(policy
        ? el("span", { class: "muted" }, Xinbao.stageLong[r.stage] + "须写明：",
             names.length ? names.map((n) => el("span", { class: "badge plain", text: Xinbao.elementLabels[n] || n })) : "（无特别要求）")
        : el("span", { class: "muted", text: "尚未与中心联系上，暂不知道各阶段的必报要素；报告仍可写好放入发件箱。" }));
    }
  }

  function renderAttachments() {
    attachmentList.replaceChildren(...(r.attachments || []).map((a, i) =>
      el("li", {}, a.name + "（" + Math.ceil(atob(a.data || "").length / 1024) + " KB）",
         el("button", { type: "button", text: "移除", onclick: () => { r.attachments.splice(i, 1); renderAttachments(); collect(); } }))));
  }

  files.addEventListener("change", async () => {
    for (const file of files.files) {
      const data = await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).split(",")[1] || "");
        reader.onerror = reject;
        reader.readAsDataURL(file);
      });
      r.attachments = r.attachments || [];
      r.attachments.push({ name: file.name, media_type: file.type || "application/octet-stream", data });
    }
    files.value = "";
    renderAttachments();
    collect();
  });
  form.addEventListener("input", collect);
  form.addEventListener("change", collect);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    collect();
    await send(draft, form);
  });
  view.replaceChildren(form);
  renderAttachments();
  collect();
}

function limitsText() {
  const p = policy && policy.policy;
  if (!p) return "";
  const parts = [];
  if (p.max_attachments) parts.push("最多 " + p.max_attachments + " 个");
  if (p.max_attachment_bytes) parts.push("每个不超过 " + (Number(p.max_attachment_bytes) / 1048576).toFixed(1) + " MB");
  return parts.length ? "附件" + parts.join("，") : "";
}

function showProblems(form, problems) {
  form.querySelectorAll(".field").forEach((node) => {
    node.classList.remove("has-problem");
    const slot = node.querySelector(".problem");
    if (slot) slot.textContent = "";
  });
  const unplaced = [];
  for (const problem of problems) {
    const node = form.querySelector('[data-field="' + problem.field + '"]') ||
                 form.querySelector('[data-field="' + problem.field.split(".").slice(0, 2).join(".") + '"]');
    if (node) {
      node.classList.add("has-problem");
      const slot = node.querySelector(".problem");
      slot.textContent = (slot.textContent ? slot.textContent + "；" : "") + problem.message;
    } else {
      unplaced.push(problem.message);
    }
  }
  return unplaced;
}

async function send(draft, form) {
  const button = document.getElementById("send");
  const summary = document.getElementById("form-problem");
  button.disabled = true;
  summary.textContent = "";
  try {
    const body = { report: draft.report, send_incomplete: draft.send_incomplete };
    const path = draft.resend ? "/api/outbox/" + draft.resend + "/resend" : "/api/reports";
    const queued = await api("POST", path, body);
    showProblems(form, []);
    localStorage.removeItem(draftKey());
    toast("已放入发件箱" + (queued.event_id ? "（事件 " + queued.event_id.slice(0, 8) + "…）" : ""));
    location.hash = "#/outbox";
  } catch (e) {
    const problems = (e.body && e.body.problems) || [];
    const unplaced = showProblems(form, problems.length ? problems
                                         : (e.body && e.body.field ? [{ field: e.body.field, message: e.message }] : []));
    summary.textContent = e.message + (unplaced.length ? "：" + unplaced.join("；") : "");
    const first = form.querySelector(".has-problem");
    if (first) first.scrollIntoView({ block: "center" });
  } finally {
    button.disabled = false;
  }
}

function openEvents() {
  return owed && owed.event_list ? (owed.event_list.events || []).filter((e) => !e.closed) : [];
}

// ---- outbox ---------------------------------------------------------------

function stateBadge(item) {
  if (item.state === "STATE_PENDING") return el("span", { class: "badge warn", text: "待发送" });
  if (item.state === "STATE_SENT") return el("span", { class: "badge ok", text: "已送达 第" + item.ack.sequence + "号" });
  return el("span", { class: "badge bad", text: "被退回" });
}

function showOutbox() {
  const link = outbox.broker_reachable
    ? el("div", { class: "banner ok", text: "与中心连接正常" + (Number(outbox.last_contact_ms) ? "，最近联系 " + formatTime(outbox.last_contact_ms, true) : "") })
    : el("div", { class: "banner warn", text: "暂时联系不上中心：报告保存在本机发件箱，连接恢复后自动发送，不会丢失、不会重复。" });
  const pending = outbox.items.filter((i) => i.state === "STATE_PENDING").length;
  const rows = outbox.items.map((item) => {
    const r = item.report;
    return el("tr", { "data-key": r.idempotency_key, "data-state": item.state },
      el("td", {}, stateBadge(item)),
      el("td", {}, el("div", { text: r.title || "（无标题）" }), commissionNote(item),
         item.state === "STATE_REFUSED" ? el("div", { class: "refusal", text: "退回原因：" + (item.error.message || "") }) : null),
      el("td", { class: "nowrap", text: label(r.kind) + (Xinbao.stageLong[r.stage] ? " · " + Xinbao.stageLabel(r.stage) : "") }),
      el("td", { class: "when", text: formatTime(r.written_at_ms) }),
      el("td", { class: "when", text: item.state === "STATE_SENT" ? formatTime(item.ack.stored_at_ms, true) : "" }),
      el("td", {}, item.state === "STATE_REFUSED" ? el("div", { class: "row" },
         el("a", { class: "button", href: "#/write?resend=" + item.ordinal, text: "修改后重发" }),
         el("button", { class: "danger", text: "作废", onclick: async () => {
           if (!confirm("作废这份被退回的报告？作废后不可恢复。")) return;
           try { await api("POST", "/api/outbox/" + item.ordinal + "/discard", {}); toast("已作废"); }
           catch (e) { toast(e.message); }
         } })) : null));
  });
  view.replaceChildren(el("div", {},
    el("h2", { text: "发件箱" }), link,
    el("p", { class: "muted small", text: pending ? pending + " 份待发送" : "没有待发送的报告" }),
    el("table", { class: "list", id: "outbox-table" },
      el("thead", {}, el("tr", {}, ["状态", "标题", "类别", "成文时间", "中心收到", ""].map((h) => el("th", { text: h })))),
      el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: "6", class: "muted", text: "发件箱是空的" }))))));
}

// What the broker made of a report answering a 约稿 (Ack.commission).
function commissionNote(item) {
  const note = item.state === "STATE_SENT" && item.ack && item.ack.commission;
  if (!note) return item.report.commission_id ? el("div", { class: "muted small", text: "回复约稿" }) : null;
  return el("div", { class: "small commission-ack " + (note.linked ? "linked" : "refusal"),
                     text: note.linked ? "已作为约稿答复" + (note.late ? "（超过时限，记迟交）" : "（按时）")
                                       : "未作为约稿答复：" + (note.message || "") });
}

function updateOutboxBadges() {
  const pending = outbox.items.filter((i) => i.state === "STATE_PENDING").length;
  const refused = outbox.items.filter((i) => i.state === "STATE_REFUSED").length;
  const badge = document.getElementById("outbox-count");
  badge.classList.toggle("hidden", pending + refused === 0);
  badge.className = "badge " + (refused ? "bad" : "warn") + (pending + refused === 0 ? " hidden" : "");
  badge.textContent = String(pending + refused);
  const linkState = document.getElementById("link-state");
  linkState.className = "badge " + (outbox.broker_reachable ? "ok" : "warn");
  linkState.textContent = outbox.broker_reachable ? "中心已连接" : "中心未连接";
}

// ---- owed -----------------------------------------------------------------

function myDeadlines(event) {
  return (event.deadlines || []).filter((d) => d.unit_id === session.unit_id);
}

function stageDots(event) {
  const mine = (event.reports || []).filter((r) => r.unit_id === session.unit_id);
  return el("span", { class: "stages" }, ["STAGE_SHI", "STAGE_QING", "STAGE_YIN", "STAGE_GUO"].map((s) =>
    el("span", { class: mine.some((r) => r.stage === s && !r.phone_call) ? "done" : "", text: label(s),
                 title: Xinbao.stageLong[s] })));
}

async function showOwed() {
  view.replaceChildren(el("p", { class: "muted", text: "正在向中心查询…" }));
  try {
    owed = await api("GET", "/api/owed");
  } catch (e) {
    view.replaceChildren(el("div", { class: "banner warn", text: "暂时查不到待报事项：" + e.message }));
    return;
  }
  const events = openEvents();
  const names = owed.event_list.unit_names || {};
  const cards = events.map((event) => {
    const alarms = (event.alarms || []).filter((a) => a.open && a.unit_id === session.unit_id);
    return el("div", { class: "panel event-card", "data-event": event.event_id },
      el("div", {},
        el("h3", {}, el("a", { href: "#/event/" + event.event_id, text: event.title || "（尚无书面首报）" })),
        el("div", { class: "muted small", text: [event.place, label(event.severity || "SEVERITY_UNSPECIFIED"),
                                                 "属地 " + (names[event.responsible_unit_id] || event.responsible_unit_id),
                                                 "发生 " + formatTime(event.occurred_at_ms)].filter(Boolean).join(" · ") }),
        el("ul", { class: "deadlines" }, myDeadlines(event).map((d) =>
          el("li", {}, el("span", { text: "应报" + Xinbao.stageLabel(d.stage, d.followup) }),
             el("span", { class: "muted", text: "时限 " + formatTime(d.due_at_ms) }), countdown(d.due_at_ms)))),
        alarms.map((a) => el("div", { class: "refusal" }, el("span", { class: "badge bad", text: label(a.kind) }), " ", a.message))),
      el("div", { class: "row" }, stageDots(event),
        el("a", { class: "button primary", href: "#/write?event=" + event.event_id + "&stage=STAGE_QING", text: "续报" }),
        el("a", { class: "button", href: "#/write?event=" + event.event_id + "&stage=STAGE_YIN", text: "报原因" }),
        el("a", { class: "button", href: "#/write?event=" + event.event_id + "&stage=STAGE_GUO", text: "终报" })));
  });
  view.replaceChildren(el("h2", { text: "待报事项" }),
    el("p", { class: "muted small", text: "与本单位有关、尚未办结的突发事件，以及本单位下一次应报的时限。" }),
    cards.length ? el("div", {}, cards) : el("div", { class: "panel muted", text: "目前没有待报的突发事件。" }));
}

// ---- one event ------------------------------------------------------------

async function showEvent(id) {
  const detail = await Xinbao.loadEvent(id, view);
  if (!detail) return;
  const names = detail.unit_names || {};
  view.replaceChildren(el("div", {}, Xinbao.eventParts(detail, (unit) => names[unit] || unit || "")));
}

// ---- history and standing -------------------------------------------------

function thisMonth() {
  return Xinbao.formatTime(Date.now()).slice(0, 7);
}

async function showHistory(params) {
  const month = params.get("month") || thisMonth();
  const picker = el("input", { type: "month", value: month, onchange: (e) => { location.hash = "#/history?month=" + e.target.value; } });
  view.replaceChildren(el("div", { class: "row" }, el("h2", { text: "本单位报告" }), picker), el("p", { class: "muted", text: "正在查询…" }));
  try {
    const reply = await api("GET", "/api/history?month=" + month);
    const reports = (reply.replay_chunk && reply.replay_chunk.reports) || [];
    view.replaceChildren(el("div", { class: "row" }, el("h2", { text: "本单位报告" }), picker),
      el("table", { class: "list" },
        el("thead", {}, el("tr", {}, ["编号", "中心收到", "类别", "标题"].map((h, i) => el("th", { class: i === 0 ? "num" : "", text: h })))),
        el("tbody", {}, reports.length ? reports.map((r) => el("tr", {},
          el("td", { class: "num", text: r.sequence }), el("td", { text: formatTime(r.stored_at_ms) }),
          el("td", { text: label(r.kind) + (r.stage && r.stage !== "STAGE_UNSPECIFIED" ? " · " + Xinbao.stageLong[r.stage] : "") }),
          el("td", { text: r.title }))) : el("tr", {}, el("td", { colspan: "4", class: "muted", text: "这个月还没有报告" })))));
  } catch (e) {
    view.replaceChildren(el("div", { class: "row" }, el("h2", { text: "本单位报告" }), picker),
                         el("div", { class: "banner warn", text: "暂时查不到：" + e.message }));
  }
}

async function showStanding(params) {
  const month = params.get("month") || thisMonth();
  view.replaceChildren(el("h2", { text: "本月考核" }), el("p", { class: "muted", text: "正在查询…" }));
  try {
    const reply = await api("GET", "/api/standing?month=" + month);
    const table = reply.stats;
    const line = (table.units || []).find((u) => u.unit_id === session.unit_id);
    if (!line) {
      view.replaceChildren(el("h2", { text: "本月考核" }), el("div", { class: "panel muted", text: "本月尚无考核记录" }));
      return;
    }
    const facts = [["名次", line.rank + (table.ranked_units ? " / " + table.ranked_units : "")], ["得分", Number(line.score).toFixed(1)],
                   ["报送条数", line.reports], ["应报条数", line.quota], ["加分", Number(line.points).toFixed(1)],
                   ["扣分", Number(line.deductions).toFixed(1)], ["迟报", line.late], ["漏报要素", line.missing_elements],
                   ["疑似瞒报", line.concealment], ["当前超时未报", line.open_overdue],
                   ["督办收到", line.duban_received || 0], ["督办按时签收", line.duban_signed_on_time || 0],
                   ["督办逾期签收", line.duban_signed_late || 0], ["督办按时办结", line.duban_closed_on_time || 0],
                   ["督办逾期办结", line.duban_closed_late || 0], ["督办超期", line.duban_overdue || 0],
                   ["督办被催办", line.duban_urged || 0]];
    view.replaceChildren(el("h2", { text: "本月考核（" + month + "）" }),
      el("div", { class: "panel" }, el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", { text: k }), el("dd", { text: String(v) })]))));
  } catch (e) {
    view.replaceChildren(el("h2", { text: "本月考核" }), el("div", { class: "banner warn", text: "暂时查不到：" + e.message }));
  }
}

// ---- routing --------------------------------------------------------------

async function route() {
  const [path, query] = location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query || "");
  const parts = (path || "/write").split("/").filter(Boolean);
  const name = parts[0] || "write";
  document.querySelectorAll("header nav a").forEach((a) => a.classList.toggle("current", a.dataset.view === name));
  if (name === "outbox") return showOutbox();
  if (name === "owed") return showOwed();
  if (name === "event") return showEvent(parts[1]);
  if (name === "history") return showHistory(params);
  if (name === "standing") return showStanding(params);
  if (window.DeskFeedback.route(name, params)) return;
  if (window.DeskDuban.route(name, parts)) return;
  return showWrite(params);
}

function listen() {
  const source = new EventSource("/api/stream");
  source.addEventListener("outbox", (event) => {
    outbox = JSON.parse(event.data);
    updateOutboxBadges();
    if ((location.hash || "").startsWith("#/outbox")) showOutbox();
  });
  source.addEventListener("ended", () => { source.close(); location.href = "/login.html"; });
}

(async () => {
  session = await Xinbao.requireSession();
  document.getElementById("unit-title").textContent = "报送台 · " + session.unit_name;
  document.getElementById("person").textContent = session.display;
  document.getElementById("sign-out").addEventListener("click", Xinbao.signOut);
  document.title = "报送台 · " + session.unit_name;
  try { policy = await api("GET", "/api/policy"); } catch (e) { policy = null; }
  try { owed = await api("GET", "/api/owed"); } catch (e) { owed = null; }
  try { outbox = await api("GET", "/api/outbox"); updateOutboxBadges(); } catch (e) { /* stream will bring it */ }
  listen();
  window.DeskDuban.start(session, view);
  window.DeskFeedback.start(session, view);
  window.addEventListener("hashchange", route);
  route();
})();
