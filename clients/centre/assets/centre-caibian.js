// The dashboard's 采编 pages (值班台): the office's editing desk. Reports
// are chosen (选用) from the live feed or by their number into a basket,
// made into an item (one report, or several merged: 综合), edited (title,
// body, 编者按 — every save names the revision it was made on, and the
// broker's STALE_REVISION is shown in its words with a reload), dropped
// with a reason, placed in a draft issue of a series, ordered, previewed
// as the printed page will look (版头 in red, the number it would get) and
// signed (签发). An issued issue is read-only: its PDF, and the 批示 and
// higher-level adoptions the office enters on its items. The 约稿 and 通报
// pages are in centre-commissions.js.
//
// centre.js hands the views "caibian" to window.CentreCaibian.route and
// each 选用 of a report row to pick(). Only a monitor (the office's duty
// officer) sees the buttons; an analyst reads; the broker refuses anyway.
"use strict";

window.CentreCaibian = (() => {
  const { api, el, label, formatTime, toast } = Xinbao;
  let session = null;
  let view = null;
  let registryNames = () => ({});
  let liveReports = () => [];
  const basket = new Map();   // sequence → what the page knows of the report
  let names = {};

  function unitName(id) { return names[id] || registryNames()[id] || id || ""; }
  function mayAct() { return session && session.role === "monitor"; }
  function remember(reply) { Object.assign(names, (reply && reply.unit_names) || {}); }
  function params() { return new URLSearchParams(location.hash.split("?")[1] || ""); }
  function tabs(current) {
    return el("nav", { class: "sub-tabs" }, [["desk", "编辑台", "#/caibian"], ["issued", "已签发", "#/caibian/issued"],
      ["commissions", "约稿", "#/caibian/commissions"], ["notice", "通报", "#/caibian/notice"]]
      .map(([key, text, href]) => el("a", { href, class: key === current ? "current" : "", text })));
  }
  function problemOf(e) {
    return el("div", { class: "banner bad", role: "alert" }, e.message,
      e.body && e.body.code === "ERROR_CODE_STALE_REVISION"
        ? [" ", el("button", { class: "reload", text: "重新载入", onclick: () => route("caibian", current()) })] : null);
  }
  // A view asked for before the person moved on is not drawn.
  function gone(hash) { return location.hash !== hash; }
  function current() { return location.hash.replace(/^#/, "").split("?")[0].split("/").filter(Boolean); }
  function changedNote(reply, what) {
    const changed = reply && reply.caibian_changed && reply.caibian_changed.changed;
    toast(changed === false ? what + "（此前已记录，未重复记入）" : what);
  }

  // ---- choosing reports -----------------------------------------------------

  function pick(report) {
    basket.set(String(report.sequence), report);
    toast("已选用第" + report.sequence + "号，选稿篮共 " + basket.size + " 篇");
    if (current()[0] === "caibian" && current().length === 1) showDesk();
  }

  // The reports a new item is made from, in full (the broker's
  // get_reports: the office reads every unit's); a report it did not give
  // keeps what the page knew (its title from the stream).
  async function fullReports(seqs) {
    let full = [];
    try {
      const list = (await api("GET", "/api/reports?seq=" + seqs.join(","))).report_list;
      remember(list);
      full = list.reports || [];
    } catch (e) { toast(e.message); }
    return seqs.map((s) => full.find((r) => String(r.sequence) === s) ||
                          basket.get(s) || liveReports().find((r) => String(r.sequence) === s) ||
                          { sequence: s });
  }

  function basketPanel() {
    const number = el("input", { id: "pick-number", type: "number", min: "1", placeholder: "报告编号" });
    const add = () => {
      const seq = String(Number(number.value || 0));
      if (seq === "0") return;
      const known = liveReports().find((r) => String(r.sequence) === seq);
      pick(known || { sequence: seq });
    };
    const rows = [...basket.values()];
    return el("div", { class: "panel", id: "caibian-basket" },
      el("div", { class: "row" }, el("h3", { text: "选稿篮（" + rows.length + "）" }), el("span", { class: "spacer" }),
         el("span", { class: "muted small", text: "在“突发事件”页的最新报告中点“选用”，或按编号添加" })),
      rows.length ? el("ul", { class: "basket" }, rows.map((r) => el("li", { "data-sequence": r.sequence },
        el("span", { class: "muted", text: "第" + r.sequence + "号" }), " ", r.title || "（标题待查）",
        r.unit_id ? el("span", { class: "muted small", text: " · " + unitName(r.unit_id) }) : null,
        el("button", { class: "link-button", text: "移出", onclick: () => { basket.delete(String(r.sequence)); showDesk(); } }))))
        : el("p", { class: "muted small", text: "还没有选用报告。" }),
      mayAct() ? el("div", { class: "row" }, number, el("button", { id: "pick-add", text: "按编号添加", onclick: add }),
        el("span", { class: "spacer" }),
        el("a", { class: "button primary" + (rows.length ? "" : " hidden"), id: "make-item",
                  href: "#/caibian/new?seq=" + rows.map((r) => r.sequence).join(","),
                  text: rows.length > 1 ? "合成一篇稿件（综合）" : "编成稿件" })) : null);
  }

  // ---- the desk: candidates and drafts ----------------------------------------

  async function showDesk() {
    const hash = location.hash;
    view.replaceChildren(tabs("desk"), el("p", { class: "muted", text: "正在查询…" }));
    let list;
    try {
      list = (await api("GET", "/api/bulletins?candidates=1&phase=draft")).bulletin_list;
    } catch (e) {
      if (!gone(hash)) view.replaceChildren(tabs("desk"), problemOf(e));
      return;
    }
    if (gone(hash)) return;
    remember(list);
    const candidates = list.candidates || [];
    const drafts = list.issues || [];
    const series = list.series || [];
    const issueId = "is-" + Xinbao.newUuid();  // once per form: a double click makes one draft
    const seriesPick = el("select", { id: "new-issue-series" }, series.map((s) =>
      el("option", { value: s.series_id, text: "《" + s.name + "》（" + label(s.kind) + "）" })));
    view.replaceChildren(el("div", { class: "caibian-page" }, tabs("desk"),
      el("div", { class: "caibian-columns" },
        el("section", {}, basketPanel(),
          el("div", { class: "panel" }, el("h3", { text: "备选稿（" + candidates.length + "）" }),
            el("table", { class: "list", id: "candidates" },
              el("thead", {}, el("tr", {}, ["稿件", "来源", "状态", "最后修改", ""].map((h) => el("th", { text: h })))),
              el("tbody", {}, candidates.length ? candidates.map((item) => candidateRow(item, drafts))
                : el("tr", {}, el("td", { colspan: "5", class: "muted", text: "没有备选稿" })))))),
        el("section", {},
          el("div", { class: "panel", id: "drafts" }, el("h3", { text: "编辑中的期刊（" + drafts.length + "）" }),
            drafts.length ? el("ul", { class: "draft-list" }, drafts.map((issue) => el("li", { "data-issue": issue.issue_id },
              el("a", { href: "#/caibian/issue/" + encodeURIComponent(issue.issue_id), text: "《" + issue.series_name + "》草稿" }),
              el("span", { class: "muted small", text: " " + (issue.item_ids || []).length + " 篇 · " + issue.editor + " · " +
                                                       formatTime(issue.updated_at_ms || issue.created_at_ms) }))))
              : el("p", { class: "muted small", text: "没有编辑中的期刊。" }),
            mayAct() ? el("div", { class: "row" }, seriesPick,
              el("button", { class: "primary", id: "new-issue", text: "新建一期",
                             onclick: (e) => newIssue(issueId, seriesPick.value, e.target) })) : null)))));
  }

  function candidateRow(item, drafts) {
    const draft = drafts.find((d) => d.issue_id === item.issue_id);
    const reason = el("input", { class: "drop-reason", placeholder: "不用的理由" });
    return el("tr", { "data-item": item.item_id, "data-phase": item.phase },
      el("td", { class: "title" }, el("a", { href: "#/caibian/item/" + encodeURIComponent(item.item_id), text: item.title }),
         item.commentary ? el("div", { class: "muted small", text: "编者按：" + item.commentary }) : null),
      el("td", { class: "small" }, (item.source_unit_ids || []).map(unitName).join("、"),
         el("div", { class: "muted", text: (item.sources || []).map((s) => "第" + s.sequence + "号").join("、") })),
      el("td", { class: "nowrap" }, el("span", { class: "badge " + (item.phase === "ITEM_PHASE_PLACED" ? "ok" : "plain"), text: label(item.phase) }),
         draft ? el("div", { class: "small" }, el("a", { href: "#/caibian/issue/" + encodeURIComponent(draft.issue_id), text: "《" + draft.series_name + "》草稿" })) : null),
      el("td", { class: "small nowrap", text: item.editor + " " + formatTime(item.updated_at_ms) + " · 第" + item.revision + "稿" }),
      el("td", {}, mayAct() ? el("div", { class: "row drop-row" }, reason, el("button", { class: "danger drop", text: "不用", onclick: async () => {
        try {
          changedNote(await api("POST", "/api/bulletin-items/" + encodeURIComponent(item.item_id) + "/drop",
                                { base_revision: item.revision, reason: reason.value }), "已不用：" + item.title);
          showDesk();
        } catch (e) { toast(e.message); }
      } })) : null));
  }

  async function newIssue(issueId, seriesId, button) {
    if (button.disabled) return;
    button.disabled = true;
    try {
      await api("POST", "/api/bulletins", { issue_id: issueId, series_id: seriesId });
      location.hash = "#/caibian/issue/" + encodeURIComponent(issueId);
    } catch (e) { toast(e.message); } finally { button.disabled = false; }
  }

  // ---- one item: make or edit -----------------------------------------------------

  async function showItem(itemId) {
    const hash = location.hash;
    view.replaceChildren(tabs("desk"), el("p", { class: "muted", text: "正在查询…" }));
    let item = null;
    if (itemId) {
      try {
        const list = (await api("GET", "/api/bulletins?candidates=1&phase=draft")).bulletin_list;
        remember(list);
        item = (list.candidates || []).find((i) => i.item_id === itemId);
      } catch (e) { view.replaceChildren(tabs("desk"), problemOf(e)); return; }
      if (!item) {
        view.replaceChildren(tabs("desk"), el("div", { class: "banner warn", text: "这篇稿件已不在备选稿中（已刊发或不用）。" }));
        return;
      }
    } else {
      const seqs = (params().get("seq") || "").split(",").filter(Boolean);
      const reports = await fullReports(seqs);
      item = { item_id: "it-" + Xinbao.newUuid(), revision: 0, title: (reports[0] && reports[0].title) || "",
               body: reports.map((r) => r.body || "").filter(Boolean).join("\n"),
               sources: reports.map((r) => ({ sequence: r.sequence, unit_id: r.unit_id, title: r.title })) };
    }
    if (!gone(hash)) itemForm(item);
  }

  function itemForm(item) {
    const sources = (item.sources || []).map((s) => Object.assign({}, s));
    const f = { title: el("input", { id: "i-title" }), body: el("textarea", { id: "i-body", class: "tall" }),
                commentary: el("textarea", { id: "i-commentary", class: "short" }) };
    f.title.value = item.title || ""; f.body.value = item.body || ""; f.commentary.value = item.commentary || "";
    const list = el("ul", { class: "basket", id: "i-sources" });
    const number = el("input", { id: "i-add-source", type: "number", min: "1", placeholder: "报告编号" });
    function drawSources() {
      list.replaceChildren(...sources.map((s, i) => el("li", { "data-sequence": s.sequence },
        el("span", { class: "muted", text: "第" + s.sequence + "号" }), " ", s.title || "", " ",
        el("span", { class: "muted small", text: unitName(s.unit_id) }),
        mayAct() && sources.length > 1 ? el("button", { class: "link-button", text: "移除", onclick: () => { sources.splice(i, 1); drawSources(); } }) : null)));
    }
    drawSources();
    const problem = el("div", { id: "item-problem" });
    const save = el("button", { class: "primary", type: "submit", id: "item-save", text: item.revision ? "保存修改" : "存为备选稿" });
    const form = el("form", { class: "panel", id: "item-form", "data-item": item.item_id, novalidate: true },
      el("div", { class: "row" }, el("h2", { text: item.revision ? "编辑稿件" : "新稿件" }), el("span", { class: "spacer" }),
         item.revision ? el("span", { class: "muted small", text: "第" + item.revision + "稿 · " + item.editor + " " + formatTime(item.updated_at_ms) }) : null),
      el("p", { class: "muted small", text: "稿件是报告的编辑副本，原报告不会改动。几篇报告可以合成一篇（综合），各供稿单位都记采用。" }),
      el("div", { class: "field" }, el("label", { text: "来源报告" }), list,
         mayAct() ? el("div", { class: "row" }, number, el("button", { type: "button", id: "i-add", text: "添加来源", onclick: () => {
           const seq = String(Number(number.value || 0));
           if (seq === "0" || sources.some((s) => String(s.sequence) === seq)) return;
           const known = liveReports().find((r) => String(r.sequence) === seq) || { sequence: seq };
           sources.push({ sequence: seq, unit_id: known.unit_id, title: known.title });
           number.value = "";
           drawSources();
         } })) : null),
      el("div", { class: "field" }, el("label", { for: "i-title", class: "required", text: "标题" }), f.title),
      el("div", { class: "field" }, el("label", { for: "i-commentary", text: "编者按（可不填）" }), f.commentary),
      el("div", { class: "field" }, el("label", { for: "i-body", class: "required", text: "正文" }), f.body),
      mayAct() ? el("div", { class: "row" }, save, el("a", { class: "button", href: "#/caibian", text: "返回编辑台" })) : null, problem);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (save.disabled) return;
      save.disabled = true;
      problem.replaceChildren();
      try {
        await api("POST", "/api/bulletin-items", { item_id: item.item_id, base_revision: item.revision || 0,
          title: f.title.value, body: f.body.value, commentary: f.commentary.value,
          source_sequences: sources.map((s) => String(s.sequence)) });
        if (!item.revision) for (const s of sources) basket.delete(String(s.sequence));
        toast("已保存：" + f.title.value);
        location.hash = "#/caibian";
      } catch (e) {
        problem.replaceChildren(problemOf(e));
      } finally { save.disabled = false; }
    });
    view.replaceChildren(tabs("desk"), form);
  }

  // ---- one issue: draft (edit, preview, 签发) or issued (read-only) ------------

  async function showIssue(issueId) {
    const hash = location.hash;
    view.replaceChildren(tabs("desk"), el("p", { class: "muted", text: "正在查询…" }));
    let detail, candidates = [];
    try {
      detail = (await api("GET", "/api/bulletins/" + encodeURIComponent(issueId))).bulletin_detail;
      remember(detail);
      if (detail.issue.phase === "ISSUE_PHASE_DRAFT") {
        const list = (await api("GET", "/api/bulletins?candidates=1&phase=draft")).bulletin_list;
        remember(list);
        candidates = (list.candidates || []).filter((i) => i.phase === "ITEM_PHASE_CANDIDATE");
      }
    } catch (e) { if (!gone(hash)) view.replaceChildren(tabs("desk"), problemOf(e)); return; }
    if (gone(hash)) return;
    const issue = detail.issue;
    const draft = issue.phase === "ISSUE_PHASE_DRAFT";
    const header = el("div", { class: "row" },
      el("h2", { id: "issue-title", text: "《" + issue.series_name + "》" +
                  (draft ? detail.next_year + "年第" + detail.next_number + "期（草稿）" : Xinbao.issueNumber(issue)) }),
      el("span", { class: "badge " + (draft ? "warn" : "ok"), text: label(issue.phase) }), el("span", { class: "spacer" }),
      el("a", { class: "button", id: "pdf-link", href: "/api/bulletins/" + encodeURIComponent(issue.issue_id) + "/pdf",
                text: draft ? "下载 PDF（样稿）" : "下载 PDF" }),
      el("a", { class: "button", href: draft ? "#/caibian" : "#/caibian/issued", text: "返回" }));
    view.replaceChildren(el("div", { class: "caibian-page", id: "issue-page", "data-issue": issue.issue_id, "data-phase": issue.phase },
      tabs(draft ? "desk" : "issued"), header,
      el("div", { class: "issue-columns" },
        el("section", {}, draft ? draftEditor(detail, candidates) : issuedActions(detail)),
        el("section", {}, el("h3", { text: draft ? "预览（按签发后的版式）" : "刊发稿" }), Preview(detail)))));
  }

  function draftEditor(detail, candidates) {
    const issue = detail.issue;
    const order = (issue.item_ids || []).slice();
    const byId = new Map((detail.items || []).concat(candidates).map((i) => [i.item_id, i]));
    const approver = el("input", { id: "issue-approver", value: issue.approver || "" });
    const levels = ["CLASSIFICATION_PUBLIC", "CLASSIFICATION_INTERNAL", "CLASSIFICATION_SECRET"];
    const classification = el("select", { id: "issue-classification" }, levels.map((k) =>
      el("option", { value: k, selected: (issue.classification || "CLASSIFICATION_INTERNAL") === k, text: label(k) })));
    const addPick = el("select", { id: "add-item" }, el("option", { value: "", text: "选择备选稿…" }),
      candidates.map((i) => el("option", { value: i.item_id, text: i.title })));
    const rows = el("tbody", {});
    const problem = el("div", { id: "issue-problem" });
    function move(i, by) { const [id] = order.splice(i, 1); order.splice(i + by, 0, id); draw(); }
    function draw() {
      rows.replaceChildren(...(order.length ? order.map((id, i) => el("tr", { "data-item": id },
        el("td", { class: "num", text: String(i + 1) }),
        el("td", { text: (byId.get(id) || {}).title || id }),
        el("td", { class: "small", text: ((byId.get(id) || {}).source_unit_ids || []).map(unitName).join("、") }),
        el("td", { class: "nowrap" }, mayAct() ? [
          el("button", { class: "up", text: "上移", disabled: i === 0, onclick: () => move(i, -1) }), " ",
          el("button", { class: "down", text: "下移", disabled: i === order.length - 1, onclick: () => move(i, 1) }), " ",
          el("button", { class: "remove", text: "移出", onclick: () => { order.splice(i, 1); draw(); } })] : null)))
        : [el("tr", {}, el("td", { colspan: "4", class: "muted", text: "本期还没有稿件：从备选稿中加入" }))]));
    }
    draw();
    async function save() {
      problem.replaceChildren();
      try {
        const reply = await api("POST", "/api/bulletins", { issue_id: issue.issue_id, base_revision: issue.revision,
          series_id: issue.series_id, item_ids: order, approver: approver.value, classification: classification.value });
        changedNote(reply, "本期已保存");
        showIssue(issue.issue_id);
      } catch (e) { problem.replaceChildren(problemOf(e)); }
    }
    const confirmBox = el("div", { class: "banner warn hidden", id: "sign-confirm-box" },
      "签发后本期编号为第" + detail.next_number + "期，内容不能再改动。确认签发？ ",
      el("button", { class: "primary", id: "sign-confirm", text: "确认签发", onclick: async () => {
        try {
          await api("POST", "/api/bulletins/" + encodeURIComponent(issue.issue_id) + "/sign", { base_revision: issue.revision });
          toast("已签发《" + issue.series_name + "》第" + detail.next_number + "期");
          showIssue(issue.issue_id);
        } catch (e) { confirmBox.classList.add("hidden"); problem.replaceChildren(problemOf(e)); }
      } }), " ",
      el("button", { text: "取消", onclick: () => confirmBox.classList.add("hidden") }));
    const changed = () => order.join(",") !== (issue.item_ids || []).join(",") || approver.value !== (issue.approver || "") ||
                          classification.value !== (issue.classification || "CLASSIFICATION_INTERNAL");
    return el("div", { class: "panel", id: "issue-editor" },
      el("dl", { class: "facts small" }, [["编辑", issue.editor], ["编发单位", issue.compiled_by], ["报送", issue.send_to],
        ["抄送", issue.copy_to], ["修改", formatTime(issue.updated_at_ms || issue.created_at_ms) + " · 第" + issue.revision + "版"]]
        .filter(([, v]) => v).map(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })])),
      el("table", { class: "list", id: "issue-items" }, el("thead", {}, el("tr", {}, ["", "稿件", "供稿单位", ""].map((h) => el("th", { text: h })))), rows),
      mayAct() ? [
        el("div", { class: "row add-row" }, addPick, el("button", { id: "add-item-button", text: "加入本期", onclick: () => {
          if (addPick.value && !order.includes(addPick.value)) { order.push(addPick.value); draw(); }
        } })),
        el("div", { class: "grid" }, el("div", { class: "field" }, el("label", { for: "issue-approver", text: "签发人" }), approver),
           el("div", { class: "field" }, el("label", { for: "issue-classification", text: "密级" }), classification)),
        el("div", { class: "row" }, el("button", { class: "primary", id: "issue-save", text: "保存本期", onclick: save }),
           el("button", { id: "sign-start", text: "签发…", onclick: () => {
             if (changed()) { problem.replaceChildren(el("div", { class: "banner warn", text: "有未保存的修改，请先保存本期再签发。" })); return; }
             confirmBox.classList.remove("hidden");
           } })),
        confirmBox] : null,
      problem);
  }

  function issuedActions(detail) {
    const issue = detail.issue;
    return el("div", {}, el("div", { class: "panel" }, el("dl", { class: "facts small" },
      [["期号", Xinbao.issueNumber(issue) + (issue.total_number ? "（总第" + issue.total_number + "期）" : "")],
       ["签发", issue.approver + " " + formatTime(issue.issued_at_ms)], ["编辑", issue.editor], ["密级", label(issue.classification)]]
        .map(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]))),
      (detail.items || []).map((item) => el("div", { class: "panel issued-item", "data-item": item.item_id },
        el("h3", { text: item.title }),
        el("div", { class: "muted small", text: "供稿：" + (item.source_unit_ids || []).map(unitName).join("、") }),
        (item.instructions || []).length ? el("ul", { class: "instructions" }, item.instructions.map((n) =>
          el("li", {}, el("strong", { text: n.leader + "（" + label(n.leader_level) + "）批示：" }), n.text,
             el("span", { class: "muted small", text: " " + formatTime(n.instructed_at_ms || n.recorded_at_ms) })))) : null,
        mayAct() ? [instructionForm(issue, item), adoptionForm(issue, item)] : null)));
  }

  function levelPick(id, levels, value) {
    return el("select", { id }, levels.map((k) => el("option", { value: k, selected: k === value, text: label(k) })));
  }

  function instructionForm(issue, item) {
    const id = "in-" + Xinbao.newUuid();
    const f = { leader: el("input", { class: "in-leader", placeholder: "批示人", title: "批示人，如：李县长" }),
                level: levelPick("", ["LEADER_LEVEL_COUNTY", "LEADER_LEVEL_CITY", "LEADER_LEVEL_PROVINCE", "LEADER_LEVEL_NATIONAL"], "LEADER_LEVEL_COUNTY"),
                text: el("input", { class: "in-text wide", placeholder: "批示内容" }),
                date: el("input", { class: "in-date", placeholder: "批示日期", title: "如 2026-12-01；可不填（记为今天）",
                                    pattern: "\\d{4}-\\d{2}-\\d{2}" }) };
    return el("form", { class: "mini-form instruction-form", onsubmit: async (e) => {
      e.preventDefault();
      try {
        changedNote(await api("POST", "/api/bulletin-items/" + encodeURIComponent(item.item_id) + "/instructions",
          { instruction: { instruction_id: id, leader: f.leader.value, leader_level: f.level.value, text: f.text.value,
                           instructed_at_ms: String(Xinbao.parseLocal(f.date.value.trim() + "T00:00")) } }), "已记录批示");
        showIssue(issue.issue_id);
      } catch (err) { toast(err.message); }
    } }, el("span", { class: "mini-title", text: "记录批示" }), f.leader, f.level, f.text, f.date,
      el("button", { type: "submit", class: "in-send", text: "记录" }));
  }

  function adoptionForm(issue, item) {
    const id = "ad-" + Xinbao.newUuid();
    const f = { level: levelPick("", ["LEADER_LEVEL_CITY", "LEADER_LEVEL_PROVINCE", "LEADER_LEVEL_NATIONAL"], "LEADER_LEVEL_CITY"),
                kind: levelPick("", ["SERIES_KIND_ROUTINE", "SERIES_KIND_EXPRESS", "SERIES_KIND_SPECIAL", "SERIES_KIND_SUPPLEMENT", "SERIES_KIND_ALERT"], "SERIES_KIND_ROUTINE"),
                series: el("input", { class: "ad-series", placeholder: "刊物名称", title: "如：市委信息快报" }),
                reference: el("input", { class: "ad-reference", placeholder: "期号", title: "如：2026年第12期" }) };
    return el("form", { class: "mini-form adoption-form", onsubmit: async (e) => {
      e.preventDefault();
      try {
        changedNote(await api("POST", "/api/adoptions", { adoption_id: id, item_id: item.item_id, level: f.level.value,
          kind: f.kind.value, series_name: f.series.value, reference: f.reference.value }), "已登记上级采用");
        showIssue(issue.issue_id);
      } catch (err) { toast(err.message); }
    } }, el("span", { class: "mini-title", text: "登记上级采用" }), f.level, f.kind, f.series, f.reference,
      el("button", { type: "submit", class: "ad-send", text: "登记" }));
  }

  // ---- the preview: the printed page in HTML ------------------------------------

  const CLASS_MARK = { CLASSIFICATION_INTERNAL: "内部资料　注意保存", CLASSIFICATION_SECRET: "★秘密",
                       CLASSIFICATION_CONFIDENTIAL: "★机密", CLASSIFICATION_TOP_SECRET: "★绝密" };
  const NUMERALS = "一二三四五六七八九十";

  function chineseDate(ms) {
    if (!Number(ms)) return "　　年　月　日";
    const [y, m, d] = formatTime(ms).slice(0, 10).split("-");
    return y + "年" + Number(m) + "月" + Number(d) + "日";
  }

  function Preview(detail) {
    const issue = detail.issue;
    const draft = issue.phase === "ISSUE_PHASE_DRAFT";
    const number = draft ? detail.next_number : issue.number;
    const total = draft ? detail.next_total_number : issue.total_number;
    const items = (issue.item_ids || []).map((id) => (detail.items || []).find((i) => i.item_id === id)).filter(Boolean);
    const numbered = items.length > 1 && !["SERIES_KIND_SPECIAL", "SERIES_KIND_ALERT"].includes(issue.kind);
    return el("div", { class: "bulletin-preview" + (draft ? " draft" : ""), id: "bulletin-preview" },
      el("div", { class: "bp-top" }, el("span", { text: CLASS_MARK[issue.classification] || "" }),
         issue.kind === "SERIES_KIND_SPECIAL" ? el("span", { text: "签发人：" + (issue.approver || "") }) : null),
      el("div", { class: "bp-name", text: issue.series_name }),
      el("div", { class: "bp-number", text: "第" + number + "期" + (total ? "（总第" + total + "期）" : "") + (draft ? "（待签发）" : "") }),
      el("div", { class: "bp-line" }, el("span", { text: issue.compiled_by || detail.office_name || "" }),
         el("span", { text: draft ? "　　年　月　日" : chineseDate(issue.issued_at_ms) })),
      el("hr", { class: "bp-rule" }),
      items.length ? items.map((item, i) => el("article", { class: "bp-item", "data-item": item.item_id },
        el("h4", { text: (numbered ? NUMERALS[i] + "、" : "") + item.title }),
        item.commentary ? el("p", { class: "bp-commentary", text: "【编者按】" + item.commentary }) : null,
        (item.body || "").split("\n").filter((p) => p.trim()).map((p) => el("p", { class: "bp-para", text: p })),
        el("p", { class: "bp-units", text: "（" + (item.source_unit_ids || []).map(unitName).join("　") + "）" })))
        : el("p", { class: "muted", text: "（本期还没有稿件）" }),
      el("div", { class: "bp-imprint" },
        issue.send_to ? el("div", { text: "报送：" + issue.send_to }) : null,
        issue.copy_to ? el("div", { text: "抄送：" + issue.copy_to }) : null,
        el("div", { class: "bp-imprint-line" }, el("span", { text: "编辑：" + (issue.editor || "") }),
           el("span", { text: "签发：" + (issue.approver || "") }))),
      draft ? el("div", { class: "bp-watermark", text: "样稿" }) : null);
  }

  // ---- issued issues ---------------------------------------------------------------

  async function showIssued() {
    const hash = location.hash;
    const p = params();
    const year = p.get("year") || formatTime(Date.now()).slice(0, 4);
    const seriesId = p.get("series") || "";
    view.replaceChildren(tabs("issued"), el("p", { class: "muted", text: "正在查询…" }));
    let list;
    try {
      list = (await api("GET", "/api/bulletins?phase=issued&year=" + encodeURIComponent(year) +
                                "&series=" + encodeURIComponent(seriesId))).bulletin_list;
    } catch (e) { if (!gone(hash)) view.replaceChildren(tabs("issued"), problemOf(e)); return; }
    if (gone(hash)) return;
    const go = (y, s) => { location.hash = "#/caibian/issued?year=" + y + "&series=" + s; };
    const seriesPick = el("select", { id: "issued-series", onchange: (e) => go(year, e.target.value) },
      el("option", { value: "", text: "全部刊物" }),
      (list.series || []).map((s) => el("option", { value: s.series_id, selected: s.series_id === seriesId, text: "《" + s.name + "》" })));
    const yearPick = el("input", { id: "issued-year", type: "number", min: "2000", max: "2100", value: year,
                                   onchange: (e) => go(e.target.value, seriesId) });
    const issues = list.issues || [];
    view.replaceChildren(el("div", { class: "caibian-page" }, tabs("issued"),
      el("div", { class: "row" }, el("h2", { text: "已签发的期刊" }), el("span", { class: "spacer" }), yearPick, seriesPick),
      el("table", { class: "list", id: "issued-list" },
        el("thead", {}, el("tr", {}, ["刊物", "期号", "签发", "签发人", "稿件", ""].map((h) => el("th", { text: h })))),
        el("tbody", {}, issues.length ? issues.map((i) => el("tr", { "data-issue": i.issue_id },
          el("td", { text: "《" + i.series_name + "》" }),
          el("td", {}, el("a", { href: "#/caibian/issue/" + encodeURIComponent(i.issue_id), text: Xinbao.issueNumber(i) }),
             i.total_number ? el("span", { class: "muted small", text: "（总第" + i.total_number + "期）" }) : null),
          el("td", { class: "nowrap", text: formatTime(i.issued_at_ms) }), el("td", { text: i.approver }),
          el("td", { class: "num", text: String((i.item_ids || []).length) }),
          el("td", {}, el("a", { href: "/api/bulletins/" + encodeURIComponent(i.issue_id) + "/pdf", text: "PDF" }))))
          : el("tr", {}, el("td", { colspan: "6", class: "muted", text: "这一年还没有签发的期刊" }))))));
  }

  // ---- routing -----------------------------------------------------------------------

  function start(options) {
    session = options.session;
    view = options.view;
    registryNames = options.unitNames;
    liveReports = options.reports;
  }

  function route(name, parts) {
    if (name !== "caibian") return false;
    if (parts[1] === "new") showItem("");
    else if (parts[1] === "item") showItem(decodeURIComponent(parts[2] || ""));
    else if (parts[1] === "issue") showIssue(decodeURIComponent(parts[2] || ""));
    else if (parts[1] === "issued") showIssued();
    else if (window.CentreCommissions && window.CentreCommissions.route(parts, view, session, tabs, Object.assign({}, registryNames(), names))) return true;
    else showDesk();
    return true;
  }

  return { start, route, pick, mayAct };
})();
