// 督办 page parts both web faces show: the light, what a unit owes next,
// an item's facts, its instruction, its units and its timeline, and the
// form of one step. The desk (desk-duban.js) and the centre
// (centre-duban.js) build their pages from these.
//
// A step's form mints its step_id when it opens and keeps it across
// retries (a double click, a retry after a timeout): the broker stores a
// step id once and answers a repeat with changed = false.
"use strict";

const XinbaoDuban = (() => {
  const { api, el, label, formatTime, countdown } = Xinbao;

  function lightBadge(light) {
    const name = light && light !== "LIGHT_UNSPECIFIED" ? light : "LIGHT_UNSPECIFIED";
    return el("span", { class: "light " + name, "data-light": name,
                        text: name === "LIGHT_UNSPECIFIED" ? "—" : label(name) });
  }

  function unitOf(item, unitId) {
    return (item.units || []).find((u) => u.unit_id === unitId) || null;
  }

  // The earliest deadline a unit owes now, or null.
  function nextDeadline(item, unitId) {
    return (item.deadlines || []).filter((d) => !unitId || d.unit_id === unitId)
      .sort((a, b) => Number(a.due_at_ms) - Number(b.due_at_ms))[0] || null;
  }

  // "签收 剩 1小时" for what `unitId` owes next; the phase when nothing is due.
  function owedNext(item, unitId) {
    const unit = unitOf(item, unitId);
    const due = nextDeadline(item, unitId);
    if (item.suspended) return el("span", { class: "muted", text: "已中止" });
    if (!due) return el("span", { class: "muted", text: unit ? label(unit.phase) : "—" });
    return el("span", { class: "owed" },
      el("span", { class: "duty", text: "应" + Xinbao.dutyLabel(due.duty, due.followup, unit && unit.lead) }),
      " ", el("span", { class: "muted small", text: "时限 " + formatTime(due.due_at_ms) }), " ",
      countdown(due.due_at_ms));
  }

  function facts(item, unitName) {
    const it = item.item;
    const co = (item.units || []).filter((u) => !u.lead).map((u) => unitName(u.unit_id));
    const lead = (item.units || []).find((u) => u.lead);
    const source = it.upstream && it.upstream.item_id
                 ? "上级交办 " + it.upstream.item_id + "（" + (it.upstream.broker_id || "上级") + "），本级转办"
                 : Number(it.source_report_sequence) ? "第" + it.source_report_sequence + "号报告"
                 : it.source_event_id ? "事件 " + it.source_event_id : "（单独交办）";
    const state = item.closed ? "已办结（" + formatTime(item.closed_at_ms) + "）"
                : item.suspended ? "已中止：" + (item.suspended_reason || "") : "办理中";
    return el("div", { class: "panel" }, el("dl", { class: "facts duban-facts" },
      [["批示人", it.leader + (it.leader_level ? "（" + label(it.leader_level) + "）" : "")],
       ["批示日期", formatTime(it.instructed_at_ms || item.issued_at_ms)],
       ["交办", formatTime(item.issued_at_ms) + " " + unitName(it.office_unit_id) + " " + (it.officer || "")],
       ["缓急", label(it.urgency || "URGENCY_NORMAL")],
       ["主办单位", lead ? unitName(lead.unit_id) : unitName(it.lead_unit_id)],
       ["协办单位", co.length ? co.join("、") : "无"],
       ["办结时限", Number(it.due_at_ms) ? formatTime(it.due_at_ms) + "（交办时指定）" : "按缓急程度，以工作日计"],
       ["来源", source], ["密级", label(it.classification || "CLASSIFICATION_INTERNAL")],
       ["状态", state], ["事项编号", it.item_id]]
        .map(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })])));
  }

  function instruction(item) {
    const it = item.item;
    if (item.redacted) {
      return el("div", { class: "panel muted", id: "instruction", text: "批示内容和办理要求只有承办单位和中心可以查看。" });
    }
    return el("div", { class: "panel", id: "instruction" },
      el("h3", { text: "批示内容" }), el("pre", { class: "body", text: it.instruction || "" }),
      it.requirements ? [el("h3", { text: "办理要求" }), el("pre", { class: "body", text: it.requirements })] : null);
  }

  // One row per assigned unit, the lead first; `actions(unit)` adds a cell.
  function unitsTable(item, unitName, actions) {
    const heads = ["承办单位", "状态", "灯", "签收", "办结时限", "进展", "催办"];
    if (actions) heads.push("复核与催办");
    return el("table", { class: "list duban-units", id: "duban-units" },
      el("thead", {}, el("tr", {}, heads.map((h) => el("th", { text: h })))),
      el("tbody", {}, (item.units || []).map((u) => {
        const signDue = Number(u.sign_due_at_ms);
        const signed = Number(u.signed_at_ms)
          ? el("span", { text: formatTime(u.signed_at_ms) + " " + (u.signed_by || "") + (u.signed_late ? "（超时）" : "") })
          : signDue && !item.suspended ? el("span", {}, el("span", { class: "muted small", text: "时限 " + formatTime(signDue) + " " }), countdown(signDue))
          : el("span", { class: "muted", text: "未签收" });
        const answer = u.phase === "UNIT_PHASE_DONE" ? el("span", { class: "muted", text: "已销号 " + formatTime(u.done_at_ms) })
          : u.phase === "UNIT_PHASE_ANSWERED" ? el("span", { text: "已答复 " + formatTime(u.answered_at_ms) + (u.answered_late ? "（超时）" : "") })
          : Number(u.answer_due_at_ms) ? el("span", {}, el("span", { class: "muted small", text: formatTime(u.answer_due_at_ms) + " " }),
                                            item.suspended ? null : countdown(u.answer_due_at_ms))
          : el("span", { class: "muted", text: "—" });
        return el("tr", { "data-unit": u.unit_id, "data-phase": u.phase },
          el("td", {}, unitName(u.unit_id), " ", el("span", { class: "badge plain", text: u.lead ? "主办" : "协办" }),
             Number(u.round) > 1 ? el("span", { class: "badge warn", text: "第" + u.round + "轮" }) : null),
          el("td", { class: "phase", text: label(u.phase) }),
          el("td", {}, lightBadge(u.light)),
          el("td", {}, signed), el("td", {}, answer),
          el("td", { class: "num", text: String(u.progress_reports || 0) }),
          el("td", { text: Number(u.urges) ? (u.urges_signed || 0) + "/" + u.urges + " 已签收" : "—" }),
          actions ? el("td", { class: "unit-actions" }, actions(u)) : null);
      })));
  }

  function timeline(detail) {
    return el("div", { class: "panel" }, el("h3", { text: "办理经过" }),
      el("table", { class: "list", id: "duban-timeline" }, el("tbody", {},
        (detail.timeline || []).map((t) => el("tr", {}, el("td", { class: "small when", text: formatTime(t.at_ms, true) }),
                                                  el("td", { text: t.text }))))));
  }

  // One step's form. `spec`: { item, kind, title, text (label of a text
  // box, or null), required (the text must be given), target (unit id),
  // button, id, danger, done(reply) }. The step id is minted here, once.
  function stepForm(spec) {
    const stepId = "web-" + Xinbao.newUuid();
    const box = spec.text ? el("textarea", { id: spec.id + "-text", placeholder: spec.placeholder || "" }) : null;
    const problem = el("div", { class: "problem", role: "alert" });
    const button = el("button", { class: spec.danger ? "danger" : "primary", type: "submit", id: spec.id + "-send",
                                  text: spec.button });
    const form = el("form", { class: "step-form", id: spec.id, "data-step-id": stepId, novalidate: true },
      spec.title ? el("h3", { text: spec.title }) : null,
      box ? el("div", { class: "field" }, el("label", { for: box.id, class: spec.required ? "required" : "", text: spec.text }), box) : null,
      el("div", { class: "row" }, button, spec.note ? el("span", { class: "muted small", text: spec.note }) : null),
      problem);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      problem.textContent = "";
      const body = { step_id: stepId, kind: spec.kind, text: box ? box.value : "" };
      if (spec.target) body.target_unit_id = spec.target;
      try {
        const reply = await api("POST", "/api/duban/" + encodeURIComponent(spec.item) + "/steps", body);
        spec.done(reply);
      } catch (e) {
        problem.textContent = e.message;
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  // One item's DubanDetail, or the refusal shown in `view` (id
  // "duban-refused").
  function load(id, view) {
    return Xinbao.loadDetail("/api/duban/" + encodeURIComponent(id), "duban_detail", "duban-refused", view);
  }

  // Whether someone is typing in one of `root`'s text boxes (a redraw
  // would lose it).
  function typing(root) {
    return [...root.querySelectorAll("textarea, input[type=text], input:not([type])")]
      .some((node) => node.value !== "");
  }

  return { lightBadge, unitOf, nextDeadline, owedNext, facts, instruction, unitsTable, timeline, stepForm,
           load, typing };
})();
