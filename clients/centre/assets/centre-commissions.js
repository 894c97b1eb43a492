// The dashboard's 约稿 and 通报 pages (值班台 · 采编): the office asks named
// units for an item on a topic by a deadline (empty: the broker's
// [caibian] commission_within, in working days), sees each asked unit's
// light and answer, and cancels with a reason; and it downloads the
// monthly 通报 (PDF, Excel, CSV). centre-caibian.js hands its "caibian"
// views "commissions" and "notice" to window.CentreCommissions.route.
"use strict";

window.CentreCommissions = (() => {
  const { api, el, label, formatTime, toast } = Xinbao;
  let session = null;
  let view = null;
  let tabs = null;
  let openOnly = false;  // else answered and cancelled ones too

  function mayAct() { return session && session.role === "monitor"; }

  function unitCell(unit, names) {
    const answered = (unit.answer_sequences || []).length > 0;
    // Answered: green in time, yellow late; else the deadline's light.
    const light = answered ? (unit.answered_late ? "LIGHT_YELLOW" : "LIGHT_GREEN") : (unit.light || "LIGHT_UNSPECIFIED");
    return el("span", { class: "unit-answer", "data-unit": unit.unit_id, "data-answered": answered ? "1" : "0",
                        "data-light": unit.light || "LIGHT_UNSPECIFIED" },
      el("span", { class: "light " + light, text: names[unit.unit_id] || unit.unit_id }),
      el("span", { class: "small" + (answered ? "" : " muted"),
                   text: answered ? " 已回复 第" + unit.answer_sequences.join("、") + "号 " + formatTime(unit.answered_at_ms) +
                                    (unit.answered_late ? "（迟交）" : "（按时）")
                                  : " 未回复，时限 " + formatTime(unit.due_at_ms) }));
  }

  function row(state, names, after) {
    const c = state.commission;
    const reason = el("input", { class: "cancel-reason", placeholder: "撤销理由" });
    return el("tr", { "data-commission": c.commission_id, "data-closed": state.closed ? "1" : "0" },
      el("td", { class: "title" }, el("strong", { text: c.topic }),
         c.requirements ? el("div", { class: "muted small", text: c.requirements }) : null,
         el("div", { class: "muted small", text: c.officer + " " + formatTime(state.issued_at_ms) + " 约稿" })),
      el("td", {}, (state.units || []).map((u) => el("div", {}, unitCell(u, names)))),
      el("td", { class: "nowrap" }, state.cancelled ? el("span", { class: "badge plain", title: state.cancelled_reason, text: "已撤销" })
        : state.closed ? el("span", { class: "badge ok", text: "已齐" }) : el("span", { class: "badge warn", text: "进行中" })),
      el("td", {}, mayAct() && !state.closed ? el("div", { class: "row" }, reason, el("button", { class: "danger cancel", text: "撤销",
        onclick: async () => {
          try {
            await api("POST", "/api/commissions/" + encodeURIComponent(c.commission_id) + "/cancel", { reason: reason.value });
            toast("已撤销约稿：" + c.topic);
            after();
          } catch (e) { toast(e.message); }
        } })) : null));
  }

  function askForm(names, after) {
    const id = "yg-" + Xinbao.newUuid();
    const units = Object.entries(names).filter(([u]) => u !== session.unit_id)
      .sort((a, b) => a[1].localeCompare(b[1], "zh-CN"));
    const f = { topic: el("input", { id: "c-topic" }), requirements: el("textarea", { id: "c-requirements", class: "short" }),
                due: el("input", { id: "c-due", type: "datetime-local" }) };
    const problem = el("div", { class: "problem", id: "commission-problem", role: "alert" });
    const send = el("button", { class: "primary", type: "submit", id: "commission-send", text: "发出约稿" });
    return el("form", { class: "panel", id: "commission-form", novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      if (send.disabled) return;
      send.disabled = true;
      problem.textContent = "";
      try {
        await api("POST", "/api/commissions", { commission_id: id, topic: f.topic.value, requirements: f.requirements.value,
          unit_ids: [...document.querySelectorAll(".c-unit:checked")].map((b) => b.value),
          due_at_ms: f.due.value ? String(Xinbao.parseLocal(f.due.value)) : "0" });
        toast("已发出约稿：" + f.topic.value);
        after();
      } catch (err) { problem.textContent = err.message; } finally { send.disabled = false; }
    } },
      el("h3", { text: "发出约稿" }),
      el("div", { class: "field" }, el("label", { for: "c-topic", class: "required", text: "题目" }), f.topic),
      el("div", { class: "field" }, el("label", { for: "c-requirements", text: "要求" }), f.requirements),
      el("div", { class: "field" }, el("label", { for: "c-due", text: "时限（不填按规定的工作日）" }), f.due),
      el("div", { class: "field" }, el("label", { class: "required", text: "约稿单位" }),
         el("div", { class: "co-units" }, units.map(([u, name]) => el("label", { class: "check-inline" },
           el("input", { type: "checkbox", value: u, class: "c-unit" }), name)))),
      el("div", { class: "row" }, send), problem);
  }

  async function showCommissions(registryNames) {
    const hash = location.hash;  // a view the person left is not drawn
    view.replaceChildren(tabs("commissions"), el("p", { class: "muted", text: "正在查询…" }));
    let list;
    try {
      list = (await api("GET", "/api/commissions?closed=1")).commission_list;
    } catch (e) {
      if (location.hash === hash) view.replaceChildren(tabs("commissions"), el("div", { class: "banner bad", text: e.message }));
      return;
    }
    if (location.hash !== hash) return;
    const names = Object.assign({}, registryNames, list.unit_names || {});
    const again = () => showCommissions(registryNames);
    const states = (list.commissions || []).filter((s) => !openOnly || !s.closed)
      .sort((a, b) => Number(b.issued_at_ms) - Number(a.issued_at_ms));
    view.replaceChildren(el("div", { class: "caibian-page" }, tabs("commissions"),
      el("div", { class: mayAct() ? "commission-columns" : "" }, el("section", {},
      el("div", { class: "row" }, el("h2", { text: "约稿（" + states.length + "）" }), el("span", { class: "spacer" }),
         el("label", { class: "check-inline" }, el("input", { type: "checkbox", id: "open-only", checked: openOnly,
           onchange: (e) => { openOnly = e.target.checked; again(); } }), "只看进行中的")),
      el("table", { class: "list", id: "commission-list" },
        el("thead", {}, el("tr", {}, ["题目", "各单位", "状态", ""].map((h) => el("th", { text: h })))),
        el("tbody", {}, states.length ? states.map((s) => row(s, names, again))
          : el("tr", {}, el("td", { colspan: "4", class: "muted", text: "还没有约稿" }))))),
      mayAct() ? el("section", {}, askForm(names, again)) : null)));
  }

  function showNotice() {
    const month = el("input", { type: "month", id: "notice-month", value: formatTime(Date.now()).slice(0, 7) });
    const links = el("div", { class: "row", id: "notice-links" });
    const draw = () => links.replaceChildren(...[["notice.pdf", "通报 PDF"], ["notice.xlsx", "Excel（排名、明细）"],
      ["notice.csv", "排名 CSV"], ["notice-lines.csv", "得分明细 CSV"]].map(([file, text]) =>
      el("a", { class: "button", href: "/api/export/" + file + "?month=" + month.value, "data-file": file, text })));
    month.addEventListener("change", draw);
    draw();
    view.replaceChildren(el("div", { class: "caibian-page" }, tabs("notice"),
      el("div", { class: "panel" }, el("h2", { text: "信息报送工作情况通报" }),
        el("p", { class: "muted small", text: "按月汇总各单位的报送、采用、批示、约稿和扣分，排名和每一分的来历。" }),
        el("div", { class: "row" }, el("label", { for: "notice-month", class: "inline", text: "月份" }), month), links)));
  }

  // `names`: the units' names the dashboard knows (the registry's).
  function route(parts, theView, theSession, theTabs, names) {
    view = theView;
    session = theSession;
    tabs = theTabs;
    if (parts[1] === "commissions") { showCommissions(names); return true; }
    if (parts[1] === "notice") { showNotice(); return true; }
    return false;
  }

  return { route };
})();
