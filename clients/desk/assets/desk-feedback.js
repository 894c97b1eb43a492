// The desk's 回音 page (件件有回音): the unit's reports of a month, each
// with where it was adopted (level, 刊物, 期号), the 批示 on it, the 约稿
// it answered and whether the office is editing it now; the count of
// adopted reports; and the 约稿 asked of the unit, open ones with their
// deadline and a 回复约稿 action that opens the write form with the
// commission named (Report.commission_id). desk.js hands the view
// "feedback" to window.DeskFeedback.route.
//
// The desk asks for its own unit only; the desk program sends its unit
// whatever the page says (clients/web/caibian_routes.h).
"use strict";

window.DeskFeedback = (() => {
  const { api, el, label, formatTime, countdown } = Xinbao;
  let session = null;
  let view = null;
  let commissions = [];   // the last CommissionList's, for the write form

  function thisMonth() { return formatTime(Date.now()).slice(0, 7); }

  function mine(state) { return (state.units || []).find((u) => u.unit_id === session.unit_id) || {}; }

  function commissionCard(state) {
    const c = state.commission;
    const me = mine(state);
    const answered = (me.answer_sequences || []).length > 0;
    return el("div", { class: "panel commission-card", "data-commission": c.commission_id, "data-answered": answered ? "1" : "0" },
      el("div", {},
        el("h3", { text: "约稿：" + c.topic }),
        c.requirements ? el("div", { class: "small", text: c.requirements }) : null,
        el("div", { class: "muted small", text: c.officer + " " + formatTime(state.issued_at_ms) + " 发出" }),
        answered ? el("div", { class: "small" }, el("span", { class: "badge ok", text: "已回复" + (me.answered_late ? "（迟交）" : "") }),
                      " 第" + me.answer_sequences.join("、") + "号 " + formatTime(me.answered_at_ms))
                 : el("div", { class: "small owed-line" }, el("span", { class: "light " + (me.light || "LIGHT_UNSPECIFIED"), text: label(me.light || "LIGHT_UNSPECIFIED") }),
                      " 时限 " + formatTime(me.due_at_ms) + " ", countdown(me.due_at_ms))),
      el("div", {}, el("a", { class: "button" + (answered ? "" : " primary"), href: "#/write?commission=" + encodeURIComponent(c.commission_id),
                              text: answered ? "再报一篇" : "回复约稿" })));
  }

  function reportRow(r, topics) {
    const adoptions = r.adoptions || [];
    return el("tr", { "data-sequence": r.sequence, "data-adopted": adoptions.length ? "1" : "0" },
      el("td", { class: "num", text: r.sequence }),
      el("td", { class: "when", text: formatTime(r.stored_at_ms) }),
      el("td", { class: "nowrap", text: label(r.kind) }),
      el("td", {}, el("div", { text: r.title }),
         r.commission_id ? el("div", { class: "muted small", text: "答复约稿：" + (topics[r.commission_id] || r.commission_id) }) : null),
      el("td", {}, adoptions.length ? adoptions.map((a) => el("div", { class: "adoption" },
          el("span", { class: "badge ok", text: label(a.level) }), " ",
          "《" + (a.series_name || label(a.kind)) + "》" + (a.reference || ""),
          Number(a.merged_units) > 1 ? el("span", { class: "muted small", text: "（" + a.merged_units + "单位合稿）" }) : null))
        : Number(r.in_editing) ? el("span", { class: "badge warn", text: "编辑中" }) : el("span", { class: "muted", text: "—" })),
      el("td", {}, (r.instructions || []).map((n) => el("div", { class: "instruction" },
        el("strong", { text: n.leader + "（" + label(n.leader_level) + "）：" }), n.text))));
  }

  async function show(params) {
    const hash = location.hash;  // a view the person left is not drawn
    const month = params.get("month") || thisMonth();
    const picker = el("input", { type: "month", id: "feedback-month", value: month,
                                 onchange: (e) => { location.hash = "#/feedback?month=" + e.target.value; } });
    const head = el("div", { class: "row" }, el("h2", { text: "回音（件件有回音）" }), el("span", { class: "spacer" }), picker);
    view.replaceChildren(head, el("p", { class: "muted", text: "正在向中心查询…" }));
    let feedback, list;
    try {
      [feedback, list] = await Promise.all([api("GET", "/api/feedback?month=" + encodeURIComponent(month)),
                                            api("GET", "/api/commissions?closed=1")]);
    } catch (e) {
      if (location.hash === hash) view.replaceChildren(head, el("div", { class: "banner warn", text: "暂时查不到：" + e.message }));
      return;
    }
    if (location.hash !== hash) return;
    const fb = feedback.feedback || {};
    commissions = (list.commission_list && list.commission_list.commissions) || [];
    const topics = Object.fromEntries(commissions.map((s) => [s.commission.commission_id, s.commission.topic]));
    const open = commissions.filter((s) => !s.closed && !s.cancelled);
    const reports = fb.reports || [];
    view.replaceChildren(el("div", { id: "feedback-page" }, head,
      el("p", { class: "summary", id: "feedback-summary" }, "本月报送 ", el("strong", { text: String(reports.length) }), " 篇，被采用 ",
         el("strong", { id: "feedback-adopted", text: String(fb.adopted || 0) }), " 篇。"),
      el("h3", { text: "待回复的约稿（" + open.length + "）" }),
      el("div", { id: "open-commissions" }, open.length ? open.map(commissionCard)
        : el("div", { class: "panel muted", text: "目前没有向本单位的约稿。" })),
      el("h3", { text: "本单位报告的采用和批示" }),
      el("table", { class: "list", id: "feedback-list" },
        el("thead", {}, el("tr", {}, ["编号", "中心收到", "类别", "标题", "采用", "批示"].map((h, i) => el("th", { class: i === 0 ? "num" : "", text: h })))),
        el("tbody", {}, reports.length ? reports.map((r) => reportRow(r, topics))
          : el("tr", {}, el("td", { colspan: "6", class: "muted", text: "这个月还没有报告" }))))));
  }

  // The topic of a commission this page has seen ("" if none).
  function topicOf(id) {
    const state = commissions.find((s) => s.commission.commission_id === id);
    return state ? state.commission.topic : "";
  }

  function start(theSession, theView) {
    session = theSession;
    view = theView;
  }

  function route(name, params) {
    if (name !== "feedback") return false;
    show(params);
    return true;
  }

  return { start, route, topicOf };
})();
