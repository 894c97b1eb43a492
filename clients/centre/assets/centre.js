// The duty dashboard (值班台): the live board of urgent events, the alarm
// strip, the stream of new reports, an event's page with its actions, and
// phone logging. The live view comes only from the server's event stream
// ("board", then "batch" deltas): never from polling.
"use strict";

const { api, el, label, formatTime, countdown, toast } = Xinbao;
const view = document.getElementById("view");
const strip = document.getElementById("alarm-strip");
let session = null;
const live = { events: new Map(), alarms: new Map(), reports: [], names: {}, ended: [], link: null, synced: false };
const seenAlarms = new Set();
let audio = null;

function unitName(id) { return live.names[id] || id || ""; }
function alarmKey(a) { return a.event_id + "/" + a.id; }

// ---- the live state -------------------------------------------------------

function applyBoard(board) {
  live.events = new Map((board.events || []).map((e) => [e.event_id, e]));
  live.alarms = new Map((board.alarms || []).map((a) => [alarmKey(a), a]));
  live.reports = board.reports || [];
  live.ended = board.ended || [];
  Object.assign(live.names, board.unit_names || {});
  live.link = board.link;
  const first = !live.synced;
  live.synced = true;
  for (const key of live.alarms.keys()) {
    if (!seenAlarms.has(key)) { seenAlarms.add(key); if (!first) announce(live.alarms.get(key)); }
  }
}

function applyBatch(batch) {
  Object.assign(live.names, batch.unit_names || {});
  const fresh = [];
  for (const report of batch.reports || []) live.reports.unshift(report);
  live.reports.length = Math.min(live.reports.length, 200);
  for (const event of batch.events || []) {
    if (event.closed || event.merged_into) {
      live.events.delete(event.event_id);
      live.ended.unshift(event);
      live.ended.length = Math.min(live.ended.length, 10);
      for (const key of [...live.alarms.keys()]) if (key.startsWith(event.event_id + "/")) live.alarms.delete(key);
    } else {
      if (!live.events.has(event.event_id)) fresh.push(event.event_id);
      live.events.set(event.event_id, event);
      for (const key of [...live.alarms.keys()]) if (key.startsWith(event.event_id + "/")) live.alarms.delete(key);
      for (const alarm of event.alarms || []) if (alarm.open) live.alarms.set(alarmKey(alarm), alarm);
    }
  }
  for (const alarm of batch.alarms || []) {
    if (alarm.open) live.alarms.set(alarmKey(alarm), alarm);
    else live.alarms.delete(alarmKey(alarm));
  }
  for (const [key, alarm] of live.alarms) {
    if (!seenAlarms.has(key)) { seenAlarms.add(key); announce(alarm); }
  }
  return fresh;
}

// A new alarm: a flash on the strip and, once the page has been touched
// (browsers allow sound only then), a short tone.
function announce(alarm) {
  freshAlarms.add(alarmKey(alarm));
  setTimeout(() => freshAlarms.delete(alarmKey(alarm)), 4000);
  try {
    if (!audio) return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = alarm.kind === "ALARM_KIND_ESCALATED" ? 1200 : 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
  } catch (e) { /* no sound: the flash remains */ }
}
const freshAlarms = new Set();
document.addEventListener("click", () => {
  if (!audio && window.AudioContext) audio = new AudioContext();
}, { once: true });

function renderStrip() {
  const alarms = [...live.alarms.values()].sort((a, b) => Number(b.raised_at_ms) - Number(a.raised_at_ms));
  strip.replaceChildren(...alarms.map((a) =>
    el("a", { class: "alarm-chip kind-" + a.kind + (freshAlarms.has(alarmKey(a)) ? " fresh" : ""),
              href: "#/event/" + a.event_id, "data-alarm": alarmKey(a), "data-kind": a.kind,
              title: a.message },
       a.message || (label(a.kind) + " · " + unitName(a.unit_id)))));
}

function renderLink() {
  const node = document.getElementById("link-state");
  const state = live.link ? live.link.state : "STATE_CONNECTING";
  node.className = "badge " + (state === "STATE_LIVE" ? "ok" : "warn");
  node.textContent = state === "STATE_LIVE" ? "实时" : state === "STATE_RECONNECTING" ? "重连中…" : "连接中…";
}

// ---- the board --------------------------------------------------------------

function stageDots(event) {
  const written = (event.reports || []).filter((r) => !r.phone_call);
  return el("span", { class: "stages" }, ["STAGE_SHI", "STAGE_QING", "STAGE_YIN", "STAGE_GUO"].map((s) =>
    el("span", { class: written.some((r) => r.stage === s) ? "done" : "", title: Xinbao.stageLong[s], text: label(s) })));
}

function nextDeadline(event) {
  const due = (event.deadlines || []).map((d) => d).sort((a, b) => Number(a.due_at_ms) - Number(b.due_at_ms))[0];
  if (!due) return el("span", { class: "muted", text: "—" });
  return el("span", {}, el("span", { class: "muted small", text: Xinbao.stageLabel(due.stage, due.followup) + " " + unitName(due.unit_id) + " " }),
            countdown(due.due_at_ms));
}

// At an upper level of the reporting tree: where an event's forwarded
// reports were first reported ("河口镇（清水县）"), under its unit.
function origins(event) {
  const seen = [...new Set((event.reports || []).map(Xinbao.originText).filter(Boolean))];
  return seen.length ? el("div", { class: "muted small origin", text: "来自 " + seen.join("、") }) : null;
}

function eventRow(event, fresh) {
  const alarms = (event.alarms || []).filter((a) => a.open);
  const phone = Number(event.phone_called_at_ms) ? el("span", { class: "phone-tag", title: "电话报告 " + formatTime(event.phone_called_at_ms), text: "☎ " + formatTime(event.phone_called_at_ms).slice(11) }) : null;
  const since = Number(event.occurred_at_ms) ? Xinbao.duration(Date.now() - Number(event.occurred_at_ms)) + "前" : "";
  return el("tr", { class: (alarms.length ? "has-alarm" : "") + (fresh ? " fresh" : ""), "data-event": event.event_id },
    el("td", {}, unitName(event.responsible_unit_id), origins(event)),
    el("td", { class: "title" }, el("a", { href: "#/event/" + event.event_id,
                                           text: event.title || (Number(event.written_shi_at_ms) ? "（无标题）" : "（尚无书面首报）") }), phone,
       el("div", { class: "muted small", text: event.place || "" })),
    el("td", { text: label(event.severity || "SEVERITY_UNSPECIFIED").split(" ")[0] }),
    el("td", {}, stageDots(event)),
    el("td", { text: since, title: formatTime(event.occurred_at_ms) }),
    el("td", {}, nextDeadline(event)),
    el("td", {}, alarms.map((a) => el("span", { class: "badge bad", text: label(a.kind) }))));
}

function renderBoard(fresh) {
  if (!(location.hash || "#/board").startsWith("#/board") && location.hash !== "") return;
  const events = [...live.events.values()].sort((a, b) => Number(b.opened_at_ms) - Number(a.opened_at_ms));
  const table = el("table", { class: "list events-table", id: "events" },
    el("thead", {}, el("tr", {}, ["属地", "事件", "等级", "事 情 因 果", "发生至今", "下一时限", "告警"].map((h) => el("th", { text: h })))),
    el("tbody", {}, events.length ? events.map((e) => eventRow(e, (fresh || []).includes(e.event_id)))
                                  : el("tr", {}, el("td", { colspan: "7", class: "muted", text: live.synced ? "目前没有未办结的突发事件" : "正在与中心同步…" }))));
  const picking = window.CentreCaibian.mayAct();
  const stream = el("ul", { class: "stream", id: "stream" }, live.reports.slice(0, 60).map((r) =>
    el("li", { "data-sequence": r.sequence },
       el("span", { class: "time", text: formatTime(r.stored_at_ms, true).slice(11) }),
       el("span", { class: "what", title: r.title },
          el("span", { class: "badge plain", text: label(r.kind) + (r.stage && r.stage !== "STAGE_UNSPECIFIED" ? "·" + label(r.stage) : "") }), " ", r.title),
       el("span", { class: "unit" }, Xinbao.originText(r) || unitName(r.unit_id),
          picking ? el("button", { class: "link-button pick", "data-pick": r.sequence, title: "选入采编的选稿篮",
                                   text: "选用", onclick: () => window.CentreCaibian.pick(r) }) : null))));
  view.replaceChildren(el("div", { class: "board" },
    el("section", {}, el("h2", { text: "突发事件（" + events.length + "）" }), table),
    el("section", {}, el("h2", { text: "最新报告" }), el("div", { class: "panel" }, stream))));
}

// ---- one event ----------------------------------------------------------------

async function showEvent(id) {
  const detail = await Xinbao.loadEvent(id, view);
  if (!detail) return;
  const event = detail.event;
  Object.assign(live.names, detail.unit_names || {});
  const others = [...live.events.values()].filter((e) => e.event_id !== event.event_id);
  const into = el("select", { id: "merge-into" }, others.map((e) =>
    el("option", { value: e.event_id, text: (e.title || "（尚无书面首报）") + " · " + unitName(e.responsible_unit_id) })));
  const reason = el("input", { id: "action-reason", placeholder: "理由（必填）" });
  async function act(kind) {
    try {
      await api("POST", "/api/events/" + encodeURIComponent(event.event_id) + "/" + kind,
                { into_event_id: kind === "merge" ? into.value : "", reason: reason.value });
      toast(kind === "merge" ? "已合并" : "已重新打开");
      showEvent(kind === "merge" ? into.value : event.event_id);
    } catch (e) { toast(e.message); }
  }
  view.replaceChildren(el("div", {}, Xinbao.eventParts(detail, unitName),
    el("div", { class: "panel" }, el("h3", { text: "处置" }),
      el("div", { class: "actions" },
        el("div", { class: "field" }, el("label", { for: "action-reason", text: "理由" }), reason),
        event.closed ? el("button", { class: "primary", id: "reopen", text: "重新打开", onclick: () => act("reopen") })
                     : [el("div", { class: "field" }, el("label", { for: "merge-into", text: "并入事件" }), into),
                        el("button", { id: "merge", text: "合并", disabled: others.length === 0, onclick: () => act("merge") })]))));
}

// ---- phone log ------------------------------------------------------------------

function showPhone() {
  const key = Xinbao.newUuid();
  const eventPick = el("select", { id: "p-event" }, el("option", { value: "", text: "新事件" }),
    [...live.events.values()].map((e) => el("option", { value: e.event_id, text: (e.title || "（尚无书面首报）") + " · " + unitName(e.responsible_unit_id) })));
  const input = (id, attrs) => el("input", Object.assign({ id }, attrs || {}));
  const units = Object.entries(live.names).sort((a, b) => a[1].localeCompare(b[1], "zh-CN"));
  const unitPick = (id, none) => el("select", { id }, el("option", { value: "", text: none }),
    units.map(([unit, name]) => el("option", { value: unit, text: name })));
  const fields = {
    caller_unit: unitPick("p-caller-unit", "名录外（群众、媒体、外县等）"),
    caller: input("p-caller", { placeholder: "姓名、职务、电话" }),
    called_at: input("p-called-at", { type: "datetime-local", value: Xinbao.toLocalInput(Date.now()) }),
    responsible: unitPick("p-responsible", "（与来电单位相同）"),
    title: input("p-title"), place: input("p-place"),
    occurred: input("p-occurred", { type: "datetime-local" }),
    body: el("textarea", { id: "p-body" }),
  };
  const stage = el("select", { id: "p-stage" }, Object.entries(Xinbao.stageLong).map(([k, v]) => el("option", { value: k, text: v })));
  const problem = el("div", { class: "problem", role: "alert" });
  const f = (label_, node) => el("div", { class: "field" }, el("label", { for: node.id, text: label_ }), node);
  view.replaceChildren(el("form", { class: "panel", id: "phone-form", onsubmit: async (e) => {
      e.preventDefault();
      problem.textContent = "";
      const report = { idempotency_key: key, kind: "KIND_URGENT", stage: stage.value,
        event_id: eventPick.value || Xinbao.newUuid(), title: fields.title.value, body: fields.body.value,
        place: fields.place.value, responsible_unit_id: fields.responsible.value || fields.caller_unit.value,
        occurred_at_ms: String(Xinbao.parseLocal(fields.occurred.value)),
        classification: "CLASSIFICATION_INTERNAL",
        phone_call: { caller_unit_id: fields.caller_unit.value, caller: fields.caller.value,
                      called_at_ms: String(Xinbao.parseLocal(fields.called_at.value)) } };
      try {
        const reply = await api("POST", "/api/phone-calls", { report });
        toast("已登记，第" + reply.ack.sequence + "号");
        location.hash = "#/event/" + report.event_id;
      } catch (err) { problem.textContent = err.message; }
    } },
    el("h2", { text: "电话登记" }),
    el("p", { class: "muted small", text: "接到电话报告时立即登记；登记与书面报告分开显示，书面首报仍按时限催报。" }),
    el("div", { class: "grid" }, f("事件", eventPick), f("阶段", stage), f("来电单位", fields.caller_unit), f("来电人", fields.caller),
       f("来电时间", fields.called_at), f("属地单位", fields.responsible), f("发生时间", fields.occurred), f("地点", fields.place)),
    f("标题", fields.title), f("内容摘要", fields.body), problem,
    el("button", { class: "primary", type: "submit", text: "登记" })));
}

// ---- routing and the stream ----------------------------------------------------------

function route() {
  const [path] = location.hash.replace(/^#/, "").split("?");
  const parts = (path || "/board").split("/").filter(Boolean);
  const name = parts[0] || "board";
  document.querySelectorAll("header nav a").forEach((a) => a.classList.toggle("current", a.dataset.view === name));
  if (name === "event") return showEvent(parts[1]);
  if (name === "phone") return showPhone();
  if (window.CentreDuban.route(name, parts)) return;
  if (window.CentreCaibian.route(name, parts)) return;
  if (window.CentreAnalysis && window.CentreAnalysis.route(name, parts, view, session)) return;
  renderBoard();
}

// Draw at most once per frame, however many batches arrived since: the
// board is rebuilt whole, and a busy feed must not outrun the screen.
let pendingFresh = null;
function scheduleRender(fresh) {
  const first = pendingFresh === null;
  pendingFresh = (pendingFresh || []).concat(fresh);
  if (!first) return;
  requestAnimationFrame(() => {
    const rows = pendingFresh;
    pendingFresh = null;
    renderStrip();
    renderBoard(rows);
  });
}

function listen() {
  const source = new EventSource("/api/stream");
  source.addEventListener("board", (e) => { applyBoard(JSON.parse(e.data)); renderStrip(); renderLink(); renderBoard(); });
  source.addEventListener("batch", (e) => { scheduleRender(applyBatch(JSON.parse(e.data))); });
  source.addEventListener("link", (e) => { live.link = JSON.parse(e.data); renderLink(); });
  source.addEventListener("duban", (e) => { window.CentreDuban.apply("duban", JSON.parse(e.data)); renderDubanCount(); });
  source.addEventListener("duban_batch", (e) => { window.CentreDuban.apply("duban_batch", JSON.parse(e.data)); renderDubanCount(); });
  source.addEventListener("ended", () => { source.close(); location.href = "/login.html"; });
  source.onerror = () => { live.link = { state: "STATE_RECONNECTING" }; renderLink(); };
}

// The red (超期) 督办 items, on the nav link.
function renderDubanCount() {
  const red = window.CentreDuban.redCount();
  const node = document.getElementById("duban-red-count");
  node.classList.toggle("hidden", red === 0);
  node.textContent = String(red);
}

function tick() { document.getElementById("clock").textContent = formatTime(Date.now(), true); }

(async () => {
  session = await Xinbao.requireSession();
  document.getElementById("person").textContent = session.display + "（" + session.unit_name + "）";
  document.getElementById("sign-out").addEventListener("click", Xinbao.signOut);
  document.getElementById("wall-mode").addEventListener("click", () => {
    document.body.classList.toggle("wall");
    if (document.body.classList.contains("wall") && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {});
    }
  });
  if (new URLSearchParams(location.search).get("mode") === "wall") document.body.classList.add("wall");
  tick();
  setInterval(tick, 1000);
  window.CentreDuban.start({ session, view, unitNames: () => live.names });
  window.CentreCaibian.start({ session, view, unitNames: () => live.names, reports: () => live.reports });
  window.addEventListener("hashchange", route);
  if (["monitor", "analyst", "admin"].includes(session.role)) listen();
  route();
})();
