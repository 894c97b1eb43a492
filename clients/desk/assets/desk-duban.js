// The desk's 督办 pages: the unit's items (open first), each with what the
// unit owes next and the light, and an item's page with the instruction,
// its history and the unit's steps (签收, 办理进展, 办结报告, 签收催办).
// desk.js hands the views "duban" to window.DeskDuban.route.
//
// The desk may not follow the live feed (a reporter's key), so the list
// is asked again every 15 s and after every step; the countdowns tick in
// the page. An item's page is redrawn by the poll only when nobody is
// typing in it.
"use strict";

window.DeskDuban = (() => {
  const { api, el, label, formatTime, toast } = Xinbao;
  const D = XinbaoDuban;
  const POLL_MS = 15000;
  let session = null;
  let view = null;
  let list = null;          // the last DubanList
  let showClosed = false;

  function names() { return (list && list.unit_names) || {}; }
  function unitName(id) { return names()[id] || id || ""; }
  function mine(item) { return D.unitOf(item, session.unit_id); }

  // Items waiting for the unit to sign (the item, or a 催办 notice).
  function toSign(items) {
    return items.filter((item) => {
      const me = mine(item);
      return me && !item.closed && !item.suspended &&
             (me.phase === "UNIT_PHASE_ISSUED" || Number(me.urges || 0) > Number(me.urges_signed || 0));
    }).length;
  }

  function updateBadge() {
    const badge = document.getElementById("duban-count");
    if (!badge || !list) return;
    const items = list.items || [];
    const waiting = toSign(items);
    const red = items.some((i) => !i.closed && mine(i) && mine(i).light === "LIGHT_RED");
    badge.className = "badge " + (red ? "bad" : "warn") + (waiting ? "" : " hidden");
    badge.textContent = String(waiting);
  }

  async function refresh() {
    try {
      const reply = await api("GET", "/api/duban" + (showClosed ? "?closed=1" : ""));
      list = reply.duban_list || { items: [] };
      updateBadge();
      return true;
    } catch (e) {
      return e;
    }
  }

  function card(item) {
    const it = item.item;
    const me = mine(item) || {};
    return el("div", { class: "panel duban-card", "data-item": it.item_id, "data-phase": me.phase || "" },
      el("div", {},
        el("h3", {}, el("a", { href: "#/duban/" + encodeURIComponent(it.item_id), text: it.title })),
        el("div", { class: "muted small", text: ["批示人 " + it.leader + (it.leader_level ? "（" + label(it.leader_level) + "）" : ""),
                                                 label(it.urgency || "URGENCY_NORMAL"), me.lead ? "本单位主办" : "本单位协办",
                                                 "交办 " + formatTime(item.issued_at_ms)].join(" · ") }),
        el("div", { class: "owed-line" }, item.closed ? el("span", { class: "muted", text: "已办结销号" })
                                                      : D.owedNext(item, session.unit_id))),
      el("div", { class: "duban-card-side" },
        el("span", { class: "badge plain phase", text: label(me.phase) }), D.lightBadge(me.light)));
  }

  async function showList() {
    if (!list) {
      view.replaceChildren(el("p", { class: "muted", text: "正在向中心查询…" }));
      const got = await refresh();
      if (got !== true) {
        view.replaceChildren(el("div", { class: "banner warn", text: "暂时查不到督办事项：" + got.message }));
        return;
      }
    }
    const items = list.items || [];
    const closedBox = el("input", { type: "checkbox", id: "duban-closed", checked: showClosed,
                                    onchange: async (e) => { showClosed = e.target.checked; list = null; showList(); } });
    view.replaceChildren(
      el("div", { class: "row" }, el("h2", { text: "督办事项" }), el("span", { class: "spacer" }),
         el("label", { class: "check-inline" }, closedBox, "显示已办结")),
      el("p", { class: "muted small", text: "中心交办本单位的督办事项。签收、报送办理进展和办结报告都在事项页面里办理；列表每 15 秒自动刷新。" }),
      items.length ? el("div", { id: "duban-list" }, items.map(card))
                   : el("div", { class: "panel muted", id: "duban-list", text: "目前没有交办本单位的督办事项。" }));
  }

  function actions(item, after) {
    const me = mine(item);
    if (!me) return [];
    if (item.closed) return [el("div", { class: "banner ok", text: "本事项已全部办结销号。" })];
    if (item.suspended) {
      return [el("div", { class: "banner warn", text: "中心已中止本事项：" + (item.suspended_reason || "") + "。恢复后再办理。" })];
    }
    const forms = [];
    const done = (what) => (reply) => {
      const changed = reply && reply.duban_changed && reply.duban_changed.changed;
      toast(changed === false ? what + "（此前已记录，未重复记入）" : what);
      after();
    };
    const urges = Number(me.urges || 0), signedUrges = Number(me.urges_signed || 0);
    if (urges > signedUrges) {
      forms.push(D.stepForm({ item: item.item.item_id, kind: "STEP_KIND_SIGN_URGE", id: "sign-urge",
        title: "中心第" + (signedUrges + 1) + "次催办", button: "签收催办通知",
        note: "签收人：" + session.display, done: done("已签收催办通知") }));
    }
    if (me.phase === "UNIT_PHASE_ISSUED") {
      forms.push(D.stepForm({ item: item.item.item_id, kind: "STEP_KIND_SIGN", id: "sign", title: "签收",
        button: "签收", note: "签收人：" + session.display + "（签收后开始办理，按时限报送办结报告）",
        done: done("已签收") }));
    } else if (me.phase === "UNIT_PHASE_SIGNED") {
      const answer = me.lead ? "办结报告" : "办理意见";
      forms.push(D.stepForm({ item: item.item.item_id, kind: "STEP_KIND_PROGRESS", id: "progress",
        title: "报送办理进展", text: "办理进展", required: true, button: "报送进展",
        placeholder: "已做了什么、下一步怎么办", done: done("已报送办理进展") }));
      forms.push(D.stepForm({ item: item.item.item_id, kind: "STEP_KIND_RESULT", id: "result",
        title: "报送" + answer, text: answer, required: true, button: "报送" + answer,
        placeholder: me.lead ? "办理结果：做了什么、效果如何、还有什么问题" : "协办意见：本单位办理的情况",
        note: "报送后由中心复核：通过即办结销号，或退回重办", done: done("已报送" + answer) }));
    } else if (me.phase === "UNIT_PHASE_ANSWERED") {
      forms.push(el("div", { class: "banner ok", text: "本单位已报送答复，等待中心复核。" }));
    } else if (me.phase === "UNIT_PHASE_DONE") {
      forms.push(el("div", { class: "banner ok", text: "本单位承办部分已办结销号。" }));
    }
    return forms;
  }

  async function showItem(id) {
    const detail = await D.load(id, view);
    if (!detail) return;
    const item = detail.item;
    const unitNames = detail.unit_names || {};
    const nameOf = (u) => unitNames[u] || unitName(u);
    const me = mine(item);
    const reload = async () => { await refresh(); showItem(id); };
    view.replaceChildren(el("div", { id: "duban-item", "data-item": item.item.item_id },
      el("div", { class: "row" }, el("h2", { text: item.item.title }), el("span", { class: "spacer" }),
         me ? D.lightBadge(me.light) : null),
      el("div", { class: "panel", id: "owed-now" }, el("strong", { text: "本单位：" }),
         me ? [label(me.phase), " · ", D.owedNext(item, session.unit_id)] : "—"),
      D.instruction(item),
      el("div", { class: "panel", id: "duban-actions" }, actions(item, reload)),
      D.facts(item, nameOf), D.unitsTable(item, nameOf), D.timeline(detail)));
  }

  function current() {
    const [path] = location.hash.replace(/^#/, "").split("?");
    return path.split("/").filter(Boolean);
  }

  async function poll() {
    const got = await refresh();
    const parts = current();
    if (parts[0] !== "duban" || got !== true) return;
    if (parts.length === 1) showList();
    else if (!D.typing(view) && !view.contains(document.activeElement)) showItem(decodeURIComponent(parts[1]));
  }

  function start(currentSession, currentView) {
    session = currentSession;
    view = currentView;
    refresh();
    setInterval(poll, POLL_MS);
  }

  // Shows `name` ("duban") if it is this module's; false otherwise.
  function route(name, parts) {
    if (name !== "duban") return false;
    if (parts[1]) showItem(decodeURIComponent(parts[1]));
    else { list = null; showList(); }
    return true;
  }

  return { start, route };
})();
