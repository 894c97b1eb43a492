// The dashboard's 督办 pages (值班台): the board — items × units, each cell
// the unit's phase (待签收 / 办理中 / 待复核 / 已办结) in its light —
// filtered by leader (批示人) and by unit; the form that issues an item
// (交办); and an item's page with its whole history and the office's
// actions (复核: 销号 or 退回重办 with the reason; 催办; 中止 with the
// reason; 恢复). centre.js hands the views "duban" to
// window.CentreDuban.route and the stream's "duban" (the open items,
// whole) and "duban_batch" (the items that changed) to apply().
//
// The board is live from the feed (redacted: no instruction); an item's
// page asks for the item in full as the person. Only a monitor (the
// office's duty officer) sees the action buttons: the broker refuses the
// others anyway.
"use strict";

window.CentreDuban = (() => {
  const { api, el, label, formatTime, toast } = Xinbao;
  const D = XinbaoDuban;
  const live = { items: new Map(), names: {}, synced: false };
  const filter = { leader: "", unit: "" };
  // 上级交办: the parent broker's items assigned to this level (list_duban
  // upstream), fetched when the board is shown; null until then.
  let upstream = null;
  let session = null;
  let view = null;
  let registryNames = () => ({});

  function unitName(id) { return live.names[id] || registryNames()[id] || id || ""; }
  function mayAct() { return session && session.role === "monitor"; }
  function current() {
    const [path] = location.hash.replace(/^#/, "").split("?");
    return path.split("/").filter(Boolean);
  }

  // ---- the live items ------------------------------------------------------

  function apply(kind, list) {
    Object.assign(live.names, list.unit_names || {});
    if (kind === "duban") {
      live.items = new Map();
      live.synced = true;
    }
    const changed = [];
    for (const item of list.items || []) {
      const id = item.item.item_id;
      changed.push(id);
      if (item.closed) live.items.delete(id);
      else live.items.set(id, item);
    }
    const parts = current();
    if (parts[0] !== "duban") return;
    if (parts.length === 1) renderBoard();
    else if (parts[1] === "new" && kind === "duban" && !view.querySelector(".co-unit")) {
      showNew(parts[2] ? decodeURIComponent(parts[2]) : "");  // the units' names came
    }
    else if (parts[1] !== "new" && changed.includes(decodeURIComponent(parts[1])) &&
             !D.typing(view) && !view.contains(document.activeElement)) {
      showItem(decodeURIComponent(parts[1]));
    }
  }

  function redCount() {
    return [...live.items.values()].filter((i) => i.light === "LIGHT_RED").length;
  }

  // ---- the board ------------------------------------------------------------

  function shown() {
    return [...live.items.values()]
      .filter((i) => !filter.leader || i.item.leader === filter.leader)
      .filter((i) => !filter.unit || (i.units || []).some((u) => u.unit_id === filter.unit))
      .sort((a, b) => {
        const da = D.nextDeadline(a), db = D.nextDeadline(b);
        return (da ? Number(da.due_at_ms) : Infinity) - (db ? Number(db.due_at_ms) : Infinity) ||
               a.item.item_id.localeCompare(b.item.item_id);
      });
  }

  function cell(item, unitId) {
    const unit = D.unitOf(item, unitId);
    if (!unit) return el("td", { class: "cell none" });
    const light = unit.light || "LIGHT_UNSPECIFIED";
    return el("td", { class: "cell " + light, "data-item": item.item.item_id, "data-unit": unitId,
                      "data-light": light, "data-phase": unit.phase,
                      title: unitName(unitId) + " · " + label(unit.phase) + (light !== "LIGHT_UNSPECIFIED" ? " · " + label(light) : "") },
      el("span", { class: "phase", text: item.suspended ? "已中止" : label(unit.phase) }),
      unit.lead ? el("span", { class: "lead-mark", text: "主" }) : null);
  }

  function select(id, none, options, value, onchange) {
    return el("select", { id, onchange },
      el("option", { value: "", text: none }),
      options.map(([v, text]) => el("option", { value: v, selected: v === value, text })));
  }

  function renderBoard() {
    const items = shown();
    const all = [...live.items.values()];
    const leaders = [...new Set(all.map((i) => i.item.leader))].sort((a, b) => a.localeCompare(b, "zh-CN"));
    const unitIds = [...new Set(all.flatMap((i) => (i.units || []).map((u) => u.unit_id)))]
      .sort((a, b) => unitName(a).localeCompare(unitName(b), "zh-CN"));
    const columns = unitIds.filter((u) => !filter.unit || u === filter.unit)
      .filter((u) => items.some((i) => D.unitOf(i, u)));
    const red = redCount();
    const table = el("table", { class: "list duban-board", id: "duban-board" },
      el("thead", {}, el("tr", {}, el("th", { text: "督办事项" }), el("th", { text: "下一时限" }),
         columns.map((u) => el("th", { class: "unit-head", text: unitName(u) })), el("th", { text: "灯" }))),
      el("tbody", {}, items.length ? items.map((item) => el("tr", { "data-item": item.item.item_id },
        el("td", { class: "title" },
           el("a", { href: "#/duban/" + encodeURIComponent(item.item.item_id), text: item.item.title }),
           el("div", { class: "muted small", text: "批示人 " + item.item.leader +
                                                   (item.item.leader_level ? "（" + label(item.item.leader_level) + "）" : "") +
                                                   " · " + label(item.item.urgency || "URGENCY_NORMAL") })),
        el("td", { class: "next" }, nextCell(item)),
        columns.map((u) => cell(item, u)),
        el("td", {}, D.lightBadge(item.light))))
      : el("tr", {}, el("td", { colspan: String(columns.length + 3), class: "muted",
                                text: live.synced ? "没有未办结的督办事项" : "正在与中心同步…" }))));
    view.replaceChildren(el("div", { class: "duban-page" }, upstreamPanel(),
      el("div", { class: "row" }, el("h2", { text: "督办事项（" + all.length + "）" }),
         red ? el("span", { class: "light LIGHT_RED", id: "duban-red", text: "超期 " + red }) : null,
         el("span", { class: "spacer" }),
         el("label", { for: "filter-leader", class: "inline", text: "批示人" }),
         select("filter-leader", "全部", leaders.map((l) => [l, l]), filter.leader,
                (e) => { filter.leader = e.target.value; renderBoard(); }),
         el("label", { for: "filter-unit", class: "inline", text: "承办单位" }),
         select("filter-unit", "全部", unitIds.map((u) => [u, unitName(u)]), filter.unit,
                (e) => { filter.unit = e.target.value; renderBoard(); }),
         mayAct() ? el("a", { class: "button primary", id: "duban-new", href: "#/duban/new", text: "交办新事项" }) : null),
      el("p", { class: "muted small", text: "每格为该单位的办理状态：绿灯按时，黄灯临期，红灯超期；“主”为主办单位。实时更新。" }),
      el("div", { class: "board-scroll" }, table)));
  }

  // ---- 上级交办 -----------------------------------------------------------------

  // Asks the broker for them again (list_duban's upstream).
  async function fetchUpstream() {
    try {
      const reply = await api("GET", "/api/duban");
      upstream = (reply.duban_list && reply.duban_list.upstream) || [];
    } catch (e) {
      upstream = [];
    }
  }

  async function loadUpstream() {
    await fetchUpstream();
    if (current()[0] === "duban" && !current()[1]) renderBoard();
  }

  function ourPart(kept) { return D.unitOf(kept.item, kept.unit_id); }

  function upstreamPanel() {
    if (!upstream || !upstream.length) return null;
    return el("div", { class: "panel", id: "upstream-duban" },
      el("h2", { text: "上级交办（" + upstream.length + "）" }),
      el("p", { class: "muted small", text: "上级交给本级办理的督办事项。转办给本级单位后，本级签收自动报上级；转办事项全部办结销号后，办结报告自动报上级。" }),
      el("table", { class: "list" },
        el("thead", {}, el("tr", {}, el("th", { text: "上级督办事项" }), el("th", { text: "本级在上级" }),
           el("th", { text: "转办" }), el("th", { text: "" }))),
        el("tbody", {}, upstream.map((kept) => {
          const item = kept.item;
          const part = ourPart(kept);
          const due = part && D.nextDeadline(item, part.unit_id);
          return el("tr", { "data-upstream": item.item.item_id },
            el("td", { class: "title" }, el("div", { text: item.item.title }),
               el("div", { class: "muted small", text: "批示人 " + item.item.leader +
                 (item.item.leader_level ? "（" + label(item.item.leader_level) + "）" : "") +
                 " · " + (kept.broker_id || "上级") + " 交办 · " + item.item.item_id })),
            el("td", {}, part ? el("span", {}, D.lightBadge(part.light), " ", (part.lead ? "主办 " : "协办 ") + label(part.phase),
                                   due ? el("span", {}, " ", Xinbao.countdown(due.due_at_ms)) : null)
                              : el("span", { class: "muted", text: "—" })),
            el("td", {}, (kept.carried_by || []).length
              ? (kept.carried_by || []).map((id) => el("a", { href: "#/duban/" + encodeURIComponent(id), text: id + " " }))
              : el("span", { class: "muted", text: "未转办" })),
            el("td", {}, mayAct() && !item.closed && !(part && part.phase === "UNIT_PHASE_DONE")
              ? el("a", { class: "button", href: "#/duban/new/" + encodeURIComponent(item.item.item_id), text: "转办" })
              : null));
        }))));
  }

  function nextCell(item) {
    const due = D.nextDeadline(item);
    if (item.suspended) return el("span", { class: "muted", text: "已中止" });
    if (!due) return el("span", { class: "muted", text: "—" });
    const unit = D.unitOf(item, due.unit_id);
    return el("span", {}, el("span", { class: "muted small",
      text: unitName(due.unit_id) + " " + Xinbao.dutyLabel(due.duty, due.followup, unit && unit.lead) + " " }),
      Xinbao.countdown(due.due_at_ms));
  }

  // ---- issuing ----------------------------------------------------------------

  function units() {
    const names = Object.assign({}, registryNames(), live.names);
    return Object.entries(names).filter(([id]) => id !== session.unit_id)
      .sort((a, b) => a[1].localeCompare(b[1], "zh-CN"));
  }

  async function showNew(upstreamId) {
    if (!mayAct()) {
      view.replaceChildren(el("div", { class: "banner bad", text: "你的角色不能交办督办事项。" }));
      return;
    }
    // 转办: the parent's item, its instruction carried over.
    let carried = null;
    if (upstreamId) {
      if (!upstream) await fetchUpstream();
      carried = upstream.find((kept) => kept.item.item.item_id === upstreamId) || null;
      if (!carried) {
        view.replaceChildren(el("div", { class: "banner bad", text: "本级没有上级交办的督办事项 " + upstreamId + "。" }));
        return;
      }
    }
    const itemId = "db-" + Xinbao.newUuid();
    const input = (id, attrs) => el("input", Object.assign({ id }, attrs || {}));
    const f = {
      title: input("d-title"), instruction: el("textarea", { id: "d-instruction" }),
      leader: input("d-leader", { placeholder: "如：张县长" }),
      leader_level: select("d-leader-level", "请选择", ["LEADER_LEVEL_COUNTY", "LEADER_LEVEL_CITY",
        "LEADER_LEVEL_PROVINCE", "LEADER_LEVEL_NATIONAL"].map((k) => [k, label(k)]), "LEADER_LEVEL_COUNTY"),
      lead_unit_id: select("d-lead", "请选择主办单位", units(), ""),
      urgency: el("select", { id: "d-urgency" }, ["URGENCY_URGENT", "URGENCY_NORMAL", "URGENCY_DIFFICULT"]
        .map((k) => el("option", { value: k, selected: k === "URGENCY_NORMAL", text: label(k) }))),
      due_at_ms: input("d-due", { type: "datetime-local" }),
      requirements: el("textarea", { id: "d-requirements" }),
      source_report_sequence: input("d-source-report", { type: "number", min: "1", placeholder: "报告编号" }),
      source_event_id: input("d-source-event", { placeholder: "事件编号" }),
      classification: el("select", { id: "d-classification" }, ["CLASSIFICATION_PUBLIC", "CLASSIFICATION_INTERNAL"]
        .map((k) => el("option", { value: k, selected: k === "CLASSIFICATION_INTERNAL", text: label(k) }))),
    };
    const coBoxes = units().map(([id, name]) => el("label", { class: "check-inline" },
      el("input", { type: "checkbox", value: id, class: "co-unit" }), name));
    const problem = el("div", { class: "problem", id: "issue-problem", role: "alert" });
    const field = (name, text, node, required, extra) => el("div", { class: "field" + (extra ? " " + extra : ""), "data-field": name },
      el("label", { for: node.id, class: required ? "required" : "", text }), node, el("div", { class: "problem" }));
    const button = el("button", { class: "primary", type: "submit", id: "issue-send", text: "交办" });
    const form = el("form", { class: "panel", id: "issue-form", novalidate: true },
      el("h2", { text: carried ? "转办上级交办事项" : "交办督办事项" }),
      carried ? el("div", { class: "banner", id: "carried-from" },
        "上级（" + (carried.broker_id || "上级") + "）交办：" + carried.item.item.title + "（" + carried.item.item.item_id +
        "）。转办后本级签收自动报上级；本级各单位全部办结销号后，办结报告自动报上级。") : null,
      el("p", { class: "muted small", text: "交办后各承办单位在报送台签收、办理并报送办结报告；时限未指定时按缓急程度以工作日计算。" }),
      field("title", "事项标题", f.title, true, "wide"),
      field("instruction", "批示内容", f.instruction, true, "wide"),
      el("div", { class: "grid" },
        field("leader", "批示人", f.leader, true), field("leader_level", "批示人级别", f.leader_level, true),
        field("urgency", "缓急程度", f.urgency), field("due_at_ms", "办结时限（可不填）", f.due_at_ms),
        field("lead_unit_id", "主办单位", f.lead_unit_id, true), field("classification", "密级", f.classification)),
      el("div", { class: "field", "data-field": "co_unit_ids" }, el("label", { text: "协办单位" }),
         el("div", { class: "co-units" }, coBoxes), el("div", { class: "problem" })),
      field("requirements", "办理要求", f.requirements, false, "wide"),
      el("div", { class: "grid" }, field("source_report_sequence", "来源报告（可不填）", f.source_report_sequence),
         field("source_event_id", "来源事件（可不填）", f.source_event_id)),
      el("div", { class: "row" }, button, el("a", { class: "button", href: "#/duban", text: "取消" })), problem);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (button.disabled) return;
      form.querySelectorAll(".field").forEach((n) => { n.classList.remove("has-problem"); const p = n.querySelector(".problem"); if (p) p.textContent = ""; });
      problem.textContent = "";
      const item = {
        item_id: itemId, title: f.title.value, instruction: f.instruction.value, leader: f.leader.value,
        leader_level: f.leader_level.value || "LEADER_LEVEL_UNSPECIFIED", lead_unit_id: f.lead_unit_id.value,
        co_unit_ids: [...form.querySelectorAll(".co-unit:checked")].map((b) => b.value).filter((u) => u !== f.lead_unit_id.value),
        urgency: f.urgency.value, requirements: f.requirements.value, classification: f.classification.value,
        due_at_ms: f.due_at_ms.value ? String(Xinbao.parseLocal(f.due_at_ms.value)) : "0",
        source_report_sequence: f.source_report_sequence.value || "0", source_event_id: f.source_event_id.value.trim(),
      };
      if (carried) item.upstream = { item_id: carried.item.item.item_id };
      button.disabled = true;
      try {
        await api("POST", "/api/duban", item);
        toast("已交办：" + item.title);
        location.hash = "#/duban/" + encodeURIComponent(itemId);
      } catch (e) {
        const name = ((e.body && e.body.field) || "").split(".").pop().replace(/\[\d+\]$/, "");
        const node = name && form.querySelector('[data-field="' + name + '"]');
        if (node) { node.classList.add("has-problem"); node.querySelector(".problem").textContent = e.message; }
        problem.textContent = e.message;
      } finally {
        button.disabled = false;
      }
    });
    if (carried) {
      const theirs = carried.item.item;
      f.title.value = theirs.title;
      f.instruction.value = theirs.instruction || "";
      f.leader.value = theirs.leader;
      f.leader_level.value = theirs.leader_level;
      f.urgency.value = theirs.urgency || "URGENCY_NORMAL";
      f.requirements.value = theirs.requirements || "";
      const part = ourPart(carried);
      if (part && Number(part.answer_due_at_ms) > Date.now()) {
        f.due_at_ms.value = Xinbao.toLocalInput(Number(part.answer_due_at_ms));
      }
    }
    view.replaceChildren(form);
  }

  // ---- one item ----------------------------------------------------------------

  function officeActions(item, after) {
    if (!mayAct() || item.closed) return [];
    const id = item.item.item_id;
    const done = (what) => (reply) => {
      const changed = reply && reply.duban_changed && reply.duban_changed.changed;
      toast(changed === false ? what + "（此前已记录，未重复记入）" : what);
      after();
    };
    const parts = [];
    if (!item.suspended) {
      for (const unit of item.units || []) {
        if (unit.phase === "UNIT_PHASE_DONE") continue;
        const name = unitName(unit.unit_id);
        const forms = [];
        if (unit.phase === "UNIT_PHASE_ANSWERED") {
          forms.push(D.stepForm({ item: id, kind: "STEP_KIND_ACCEPT", target: unit.unit_id, id: "accept-" + unit.unit_id,
                                  button: "复核通过，办结销号", done: done("已销号：" + name) }));
          forms.push(D.stepForm({ item: id, kind: "STEP_KIND_RETURN", target: unit.unit_id, id: "return-" + unit.unit_id,
                                  text: "退回理由", required: true, button: "退回重办", danger: true,
                                  done: done("已退回重办：" + name) }));
        } else {
          forms.push(D.stepForm({ item: id, kind: "STEP_KIND_URGE", target: unit.unit_id, id: "urge-" + unit.unit_id,
                                  text: "催办说明（可不填）", button: "催办", done: done("已催办：" + name) }));
        }
        parts.push(el("div", { class: "unit-block", "data-unit": unit.unit_id },
          el("h3", {}, name + "（" + (unit.lead ? "主办" : "协办") + "）· " + label(unit.phase)), forms));
      }
      parts.push(D.stepForm({ item: id, kind: "STEP_KIND_SUSPEND", id: "suspend", title: "中止本事项",
                              text: "中止理由", required: true, button: "中止", danger: true, done: done("已中止") }));
    } else {
      parts.push(D.stepForm({ item: id, kind: "STEP_KIND_RESUME", id: "resume", title: "恢复办理",
                              text: "说明（可不填）", button: "恢复", done: done("已恢复") }));
    }
    return [el("div", { class: "panel", id: "office-actions" }, el("h3", { text: "复核与催办" }), parts)];
  }

  async function showItem(id) {
    const detail = await D.load(id, view);
    if (!detail) return;
    Object.assign(live.names, detail.unit_names || {});
    const item = detail.item;
    view.replaceChildren(el("div", { id: "duban-item", "data-item": item.item.item_id },
      el("div", { class: "row" }, el("h2", { text: item.item.title }), el("span", { class: "spacer" }),
         D.lightBadge(item.light), el("a", { class: "button", href: "#/duban", text: "返回督办看板" })),
      D.instruction(item), D.facts(item, unitName), D.unitsTable(item, unitName),
      officeActions(item, () => showItem(id)), D.timeline(detail)));
  }

  // ---- routing ------------------------------------------------------------------

  function start(options) {
    session = options.session;
    view = options.view;
    registryNames = options.unitNames;
  }

  function route(name, parts) {
    if (name !== "duban") return false;
    if (parts[1] === "new") showNew(parts[2] ? decodeURIComponent(parts[2]) : "");
    else if (parts[1]) showItem(decodeURIComponent(parts[1]));
    else {
      renderBoard();
      loadUpstream();
    }
    return true;
  }

  return { start, route, apply, redCount };
})();
