// The analysts' pages of the dashboard (值班台): 考核统计 — each unit's record
// for a month as a table and a bar chart of scores, with downloads — and
// 回放与回看 — the stored reports of a time range, and the events and alarms
// as the centre knew them at a past instant. centre.js hands the views
// "stats" and "history" to window.CentreAnalysis.route.
//
// Every time is shown and read in the broker's zone (Xinbao.formatTime,
// Xinbao.parseLocal) and sent as Unix milliseconds. The DOM is built with
// el() and textContent only; the chart is SVG made with createElementNS.
// The broker decides who may see what: a refusal is shown as its message.
"use strict";

window.CentreAnalysis = (() => {
  const { api, el, label, formatTime } = Xinbao;
  const SVG = "http://www.w3.org/2000/svg";
  const KINDS = ["KIND_URGENT", "KIND_IMPORTANT_DYNAMIC", "KIND_GENERAL_DYNAMIC",
                 "KIND_RESEARCH", "KIND_EXPERIENCE"];
  const STAGES = ["STAGE_SHI", "STAGE_QING", "STAGE_YIN", "STAGE_GUO"];
  const PAGE = 1000;  // reports per replay page (the server's kReplayPageReports)

  // Unit id → display name, from every reply seen, for the unit picker.
  const names = {};
  // The history page's last form and answers, kept while the page is open.
  const kept = { replay: null, replayAnswer: null, asOf: null, asOfAnswer: null };

  function remember(unitNames) { Object.assign(names, unitNames || {}); }
  function unitName(id) { return names[id] || id || ""; }

  // Replaces `node`'s children; arrays are flattened, null and false left out.
  function fill(node, ...children) {
    node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  }

  // "12", "1.87", "-3.5": at most two decimals.
  function score(value) { return String(Math.round(Number(value || 0) * 100) / 100); }

  // 续报一 … 续报九十九 (proto/names.h FollowupName), for n ≥ 1.
  function followupName(n) {
    const digits = "零一二三四五六七八九";
    if (n >= 100) return "续报" + n;
    const tens = Math.floor(n / 10), ones = n % 10;
    const text = (tens > 1 ? digits[tens] : "") + (tens > 0 ? "十" : "") + (ones > 0 ? digits[ones] : "");
    return "续报" + text;
  }

  function stageText(stage, followup) {
    if (!stage || stage === "STAGE_UNSPECIFIED") return "";
    if (stage === "STAGE_QING" && followup) return followupName(followup) + "（情）";
    return Xinbao.stageLong[stage] || label(stage);
  }

  // A refusal or a failure, in the words the server gave.
  function problem(error) {
    const retry = error.body && error.body.retryable ? "，请稍后重试" : "";
    return el("div", { class: "banner bad", role: "alert", text: (error.message || "请求失败") + retry });
  }

  function field(text, node, extra) {
    return el("div", { class: "field" + (extra ? " " + extra : "") }, el("label", { for: node.id, text }), node);
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== "" && value !== 0) search.set(key, String(value));
    }
    return search.toString();
  }

  // ---- downloads -------------------------------------------------------------

  // The name the server gave a file (filename*, else filename).
  function fileNameOf(disposition, fallback) {
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (utf8) { try { return decodeURIComponent(utf8[1]); } catch (e) { /* below */ } }
    const plain = /filename="([^"]+)"/i.exec(disposition || "");
    return plain ? plain[1] : fallback;
  }

  // A download link that fetches first, so a refusal is shown as a message
  // instead of being saved as a file.
  function downloadLink(text, href, id, status) {
    const link = el("a", { class: "button download", href, id, download: true, text });
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      fill(status, el("span", { class: "muted small", text: "正在生成文件…" }));
      try {
        const response = await fetch(href, { credentials: "same-origin" });
        if (response.status === 401) { location.href = "/login.html"; return; }
        if (!response.ok) {
          let body = null;
          try { body = await response.json(); } catch (e) { body = null; }
          throw new Xinbao.ApiError(response.status, body);
        }
        const blob = await response.blob();
        const url = URL.createObjectURL(blob);
        const save = el("a", { href: url, download: fileNameOf(response.headers.get("Content-Disposition"), "导出文件") });
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        fill(status);
      } catch (e) {
        fill(status, problem(e.message ? e : new Xinbao.ApiError(0, { message: "下载失败" })));
      }
    });
    return link;
  }

  function downloads(path, params, idPrefix) {
    const status = el("div", { class: "download-status" });
    const search = query(params);
    return el("div", { class: "downloads" },
      el("span", { class: "muted small", text: "下载：" }),
      downloadLink("CSV", "/api/export/" + path + ".csv" + (search ? "?" + search : ""), idPrefix + "-csv", status),
      downloadLink("Excel", "/api/export/" + path + ".xlsx" + (search ? "?" + search : ""), idPrefix + "-xlsx", status),
      status);
  }

  // ---- 考核统计 ------------------------------------------------------------------

  function hashParams() {
    const at = location.hash.indexOf("?");
    return new URLSearchParams(at < 0 ? "" : location.hash.slice(at + 1));
  }

  function thisMonth() { return formatTime(Date.now()).slice(0, 7); }

  function showStats(view) {
    const requested = hashParams().get("month");
    const month = /^\d{4}-\d{2}$/.test(requested || "") ? requested : thisMonth();
    const picker = el("input", { id: "stats-month", type: "month", value: month, required: true });
    const results = el("div", { id: "stats-results" });
    const form = el("form", { class: "panel row stats-form", id: "stats-form" },
      field("月份", picker), el("button", { class: "primary", type: "submit", text: "查询" }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const target = "#/stats?month=" + encodeURIComponent(picker.value);
      if (location.hash === target) loadStats(results, picker.value); else location.hash = target;
    });
    fill(view, el("div", { class: "analysis" }, el("h2", { text: "考核统计" }), form, results));
    loadStats(results, month);
  }

  async function loadStats(results, month) {
    fill(results, el("p", { class: "muted", text: "正在计算 " + month + " 的考核统计…" }));
    let reply;
    try {
      reply = await api("GET", "/api/stats?" + query({ month }));
    } catch (e) {
      if (results.isConnected) fill(results, problem(e));
      return;
    }
    if (!results.isConnected) return;
    const table = reply.stats;
    remember(table.unit_names);
    const units = table.units || [];
    fill(results,
      el("div", { class: "row period" },
        el("span", { text: "考核期间 " + formatTime(table.from_ms) + " 至 " + formatTime(table.to_ms) + "（不含）" }),
        el("span", { class: "spacer" }),
        downloads("stats", { month }, "stats")),
      units.length === 0
        ? el("div", { class: "banner warn", text: "本期间没有参加考核的单位" })
        : [el("div", { class: "panel chart analysis-chart", id: "stats-chart" }, el("h3", { text: "得分" }), scoreChart(units)),
           statsTable(units),
           weightsLine(table)]);
  }

  // The columns under each heading of the table's first header row.
  const STATS_GROUPS = [
    ["信息报送", ["报送", "紧急事件", "事时效中位", "迟报", "漏报要素", "疑似瞒报"]],
    ["督查督办", ["收到", "按时签收", "逾期签收", "按时办结", "逾期办结", "超期", "被催办"]],
    ["考核", ["加分", "扣分", "得分"]],
  ];

  function statsTable(units) {
    const num = (text) => el("td", { class: "num", text: String(text) });
    const count = (value) => num(value || 0);
    const groups = el("tr", {},
      el("th", { class: "num", rowspan: "2", text: "名次" }),
      el("th", { rowspan: "2", text: "单位" }),
      STATS_GROUPS.map(([text, columns]) => el("th", { class: "group", colspan: String(columns.length), scope: "colgroup", text })));
    const columns = el("tr", {}, STATS_GROUPS.map(([group, names]) =>
      names.map((text, i) => el("th", { class: "num" + (i === 0 ? " group-start" : ""), scope: "col", title: group + " · " + text, text }))));
    return el("div", { class: "table-scroll" }, el("table", { class: "list stats-table", id: "stats-table" },
      el("thead", {}, groups, columns),
      el("tbody", {}, units.map((u) => el("tr", { "data-unit": u.unit_id },
        num(u.rank || 0),
        el("td", { class: "unit", text: unitName(u.unit_id), title: u.unit_id }),
        el("td", { class: "num group-start", text: String(u.reports || 0) }),
        count(u.urgent_events),
        num(Number(u.shi_delays || 0) > 0 ? Xinbao.duration(Number(u.shi_delay_median_ms)) : "—"),
        el("td", { class: "num", title: Number(u.late || 0) > 0 ? "合计 " + Xinbao.duration(Number(u.late_total_ms)) + "，最长 " + Xinbao.duration(Number(u.late_max_ms)) : "" , text: String(u.late || 0) }),
        count(u.missing_elements),
        count(u.concealment),
        el("td", { class: "num group-start duban", "data-figure": "received", text: String(u.duban_received || 0) }),
        ["signed_on_time", "signed_late", "closed_on_time", "closed_late", "overdue", "urged"].map((figure) =>
          el("td", { class: "num duban", "data-figure": figure, text: String(u["duban_" + figure] || 0) })),
        el("td", { class: "num group-start", text: score(u.points) }),
        num(u.deductions ? "-" + score(u.deductions) : "0"),
        el("td", { class: "num score", text: score(u.score) }))))));
  }

  function weightsLine(table) {
    const w = table.weights || {};
    const per = [["紧急信息", w.urgent], ["重要动态", w.important_dynamic], ["一般动态", w.general_dynamic],
                 ["调研信息", w.research], ["经验做法", w.experience]].map(([k, v]) => k + " " + score(v)).join("、");
    const computed = Number(table.computed_at_ms) ? "；“超时未结”为 " + formatTime(table.computed_at_ms) + " 的情况" : "";
    return el("p", { class: "muted small", id: "stats-weights", text: "计分：每条 " + per + " 分；扣分：月定额 " + (w.monthly_quota || 0) +
      " 条，缺额每条 " + score(w.per_item_short) + "、迟报每次 " + score(w.per_late) + "、漏报每次 " +
      score(w.per_missing_elements) + "、疑似瞒报每次 " + score(w.per_concealment) + " 分；督办：按时办结每件加 " +
      score(w.points_duban_closed_on_time) + " 分，超期每次扣 " + score(w.per_duban_overdue) + " 分，被催办每次扣 " +
      score(w.per_duban_urged) + " 分" + computed });
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.setAttribute("class", value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) if (child) node.append(child);
    return node;
  }

  // How wide `text` is at the chart's font, in pixels.
  let measurer = null;
  function textWidth(text, size) {
    if (!measurer) measurer = document.createElement("canvas").getContext("2d");
    if (measurer) {
      measurer.font = size + "px " + getComputedStyle(document.body).fontFamily;
      return Math.ceil(measurer.measureText(text).width);
    }
    // No canvas: a wide character counts a full em, others half.
    return [...text].reduce((sum, c) => sum + (/[\u1100-\uffff]/.test(c) ? size : size * 0.6), 0);
  }

  // Horizontal bars of the scores, in the table's order; negative scores
  // go left of the zero line. Unit names are never cut: the label column
  // is as wide as the widest name.
  function scoreChart(units) {
    const font = 14, row = 28, bar = 18, pad = 60, plot = 520, top = 6;
    const labels = units.map((u) => unitName(u.unit_id));
    const left = Math.max(60, ...labels.map((t) => textWidth(t, font))) + 12;
    const scores = units.map((u) => Number(u.score || 0));
    const low = Math.min(0, ...scores), high = Math.max(0, ...scores);
    const span = high - low || 1;
    const x = (value) => left + pad + (value - low) / span * plot;
    const width = left + pad + plot + pad, height = top + units.length * row + 24;
    const rows = units.map((u, i) => {
      const value = scores[i], y = top + i * row;
      const from = x(Math.min(0, value)), to = x(Math.max(0, value));
      const name = labels[i];
      return svg("g", { class: "chart-row", "data-unit": u.unit_id },
        svg("title", { text: name + "：得分 " + score(value) + "（第 " + (u.rank || 0) + " 名）" }),
        svg("text", { x: left - 8, y: y + row / 2, class: "chart-label", "text-anchor": "end", "dominant-baseline": "central", text: name }),
        svg("rect", { x: from, y: y + (row - bar) / 2, width: Math.max(1, to - from), height: bar, class: value < 0 ? "chart-bar negative" : "chart-bar" }),
        svg("text", { x: value < 0 ? from - 6 : to + 6, y: y + row / 2, class: "chart-value", "text-anchor": value < 0 ? "end" : "start", "dominant-baseline": "central", text: score(value) }));
    });
    const zero = x(0), bottom = top + units.length * row;
    return svg("svg", { viewBox: "0 0 " + width + " " + height, width, height, role: "img",
                        "aria-label": "各单位得分条形图", "font-size": font, class: "score-chart" },
      rows,
      svg("line", { x1: zero, x2: zero, y1: top, y2: bottom, class: "chart-axis" }),
      svg("text", { x: zero, y: bottom + 16, "text-anchor": "middle", class: "chart-tick", text: "0" }),
      low < 0 ? svg("text", { x: x(low), y: bottom + 16, "text-anchor": "middle", class: "chart-tick", text: score(low) }) : null,
      high > 0 ? svg("text", { x: x(high), y: bottom + 16, "text-anchor": "middle", class: "chart-tick", text: score(high) }) : null);
  }

  // ---- 回放与回看 ---------------------------------------------------------------

  function showHistory(view, session) {
    fill(view, el("div", { class: "analysis" },
      el("h2", { text: "回放与回看" }),
      replayPanel(session),
      asOfPanel()));
  }

  function unitPicker(id, value) {
    const input = el("input", { id, list: id + "-list", value: value || "", placeholder: "单位编号（如 hekou），多个用逗号分隔；空为全部", autocomplete: "off" });
    const list = el("datalist", { id: id + "-list" },
      Object.entries(names).sort((a, b) => a[1].localeCompare(b[1], "zh")).map(([unit, name]) => el("option", { value: unit, label: name })));
    return [input, list];
  }

  // Unit ids from what was typed: an id as it is, a known name as its id.
  function unitIds(text) {
    const byName = Object.fromEntries(Object.entries(names).map(([id, name]) => [name, id]));
    return text.split(/[,，、\s]+/).map((t) => t.trim()).filter(Boolean).map((t) => byName[t] || t);
  }

  function choice(id, values, all, selected) {
    return el("select", { id }, el("option", { value: "", text: all }),
      values.map((v) => el("option", { value: v, text: v.startsWith("STAGE_") ? Xinbao.stageLong[v] : label(v), selected: v === selected })));
  }

  function replayPanel(session) {
    const last = kept.replay || {
      from: Xinbao.toLocalInput(Date.now() - 24 * 3600 * 1000), to: "",
      units: ["monitor", "reporter"].includes(session && session.role) ? session.unit_id : "",
      kind: "", stage: "", event: "" };
    const from = el("input", { id: "replay-from", type: "datetime-local", value: last.from });
    const to = el("input", { id: "replay-to", type: "datetime-local", value: last.to });
    const [units, unitList] = unitPicker("replay-unit", last.units);
    const kind = choice("replay-kind", KINDS, "全部类别", last.kind);
    const stage = choice("replay-stage", STAGES, "全部阶段", last.stage);
    const event = el("input", { id: "replay-event", value: last.event, placeholder: "事件编号（可不填）" });
    const results = el("div", { id: "replay-results" });
    const note = ["monitor", "reporter"].includes(session && session.role)
      ? el("p", { class: "muted small", text: "按规定，你的角色只能回放本单位（" + (session.unit_name || session.unit_id) + "）的报告。" }) : null;
    const form = el("form", { class: "panel", id: "replay-form" },
      el("h3", { text: "报告回放" }),
      el("p", { class: "muted small", text: "按存储顺序列出某段时间内中心收到的报告；时间为 " + Xinbao.zone() + " 时间，结束时间不含。" }),
      note,
      el("div", { class: "grid" }, field("开始时间", from), field("结束时间（空为最新）", to),
         field("单位", units), field("类别", kind), field("阶段", stage), field("事件编号", event)),
      unitList,
      el("button", { class: "primary", type: "submit", text: "回放" }),
      results);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      kept.replay = { from: from.value, to: to.value, units: units.value, kind: kind.value, stage: stage.value, event: event.value };
      runReplay(results, replayParams(kept.replay));
    });
    if (kept.replayAnswer) showReplay(results, kept.replayAnswer.params, kept.replayAnswer.chunk);
    return form;
  }

  function replayParams(form) {
    return { from: Xinbao.parseLocal(form.from), to: Xinbao.parseLocal(form.to),
             unit: unitIds(form.units).join(","), kind: form.kind, stage: form.stage, event: form.event.trim() };
  }

  async function runReplay(results, params) {
    if (params.from && params.to && params.to <= params.from) {
      fill(results, el("div", { class: "banner bad", role: "alert", text: "结束时间须晚于开始时间" }));
      return;
    }
    fill(results, el("p", { class: "muted", text: "正在回放…" }));
    let reply;
    try {
      reply = await api("GET", "/api/replay?" + query(params));
    } catch (e) {
      if (results.isConnected) fill(results, problem(e));
      return;
    }
    const chunk = reply.replay_chunk;
    remember(chunk.unit_names);
    kept.replayAnswer = { params, chunk };
    if (results.isConnected) showReplay(results, params, chunk);
  }

  function showReplay(results, params, chunk) {
    const reports = chunk.reports || [];
    const followups = chunk.followups || {};
    const more = !chunk.done;
    const next = Object.assign({}, params, { from_seq: Number(chunk.scanned_to_sequence) + 1, to_seq: Number(chunk.last_sequence) });
    const summary = reports.length === 0 && !more ? "没有符合条件的报告"
      : "共 " + reports.length + " 份" + (params.from_seq ? "（自序号 " + params.from_seq + " 起）" : "");
    const moreNote = !more ? null : el("div", { class: "banner warn", id: "replay-more" },
      reports.length >= PAGE ? "只显示前 " + PAGE + " 条。" : "已查到序号 " + chunk.scanned_to_sequence + "，后面可能还有。",
      " 可缩小时间范围，或",
      el("button", { type: "button", class: "link-button", id: "replay-next", text: "继续往后查",
                     onclick: () => runReplay(results, next) }),
      "；导出只含本页。");
    fill(results,
      el("div", { class: "row replay-summary" }, el("strong", { id: "replay-count", text: summary }), el("span", { class: "spacer" }),
         reports.length ? downloads("replay", params, "replay") : null),
      moreNote,
      reports.length === 0 ? null : el("div", { class: "table-scroll" }, el("table", { class: "list replay-table", id: "replay-table" },
        el("thead", {}, el("tr", {}, ["序号", "存储时间", "单位", "类别", "阶段", "标题"].map((h) => el("th", { text: h })))),
        el("tbody", {}, reports.map((r) => el("tr", { "data-sequence": r.sequence },
          el("td", { class: "num", text: r.sequence }),
          el("td", { class: "time", text: formatTime(r.stored_at_ms, true) }),
          el("td", { text: unitName(r.unit_id) }),
          el("td", { text: label(r.kind) }),
          el("td", { text: stageText(r.stage, followups[r.sequence]) }),
          el("td", { class: "title" }, r.event_id ? el("a", { href: "#/event/" + encodeURIComponent(r.event_id), text: r.title || "（无标题）" })
                                                   : el("span", { text: r.title || "（无标题）" }))))))));
  }

  function asOfPanel() {
    const last = kept.asOf || { at: Xinbao.toLocalInput(Date.now()), event: "" };
    const at = el("input", { id: "asof-at", type: "datetime-local", value: last.at, required: true });
    const event = el("input", { id: "asof-event", value: last.event, placeholder: "事件编号（空为当时所有未办结事件）" });
    const results = el("div", { id: "asof-results" });
    const form = el("form", { class: "panel", id: "asof-form" },
      el("h3", { text: "回看某一时刻" }),
      el("p", { class: "muted small", text: "按中心当时所知，显示那一刻未办结的突发事件和未解除的告警。" }),
      el("div", { class: "grid" }, field("时刻", at), field("事件编号", event)),
      el("button", { class: "primary", type: "submit", text: "回看" }),
      results);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      kept.asOf = { at: at.value, event: event.value.trim() };
      runAsOf(results, kept.asOf);
    });
    if (kept.asOfAnswer) showAsOf(results, kept.asOfAnswer.state, kept.asOfAnswer.event);
    return form;
  }

  async function runAsOf(results, form) {
    const atMs = Xinbao.parseLocal(form.at);
    if (!atMs) {
      fill(results, el("div", { class: "banner bad", role: "alert", text: "请填写要回看的时刻" }));
      return;
    }
    fill(results, el("p", { class: "muted", text: "正在回看…" }));
    let reply;
    try {
      reply = await api("GET", "/api/as-of?" + query({ at: atMs, event: form.event }));
    } catch (e) {
      if (results.isConnected) fill(results, problem(e));
      return;
    }
    remember(reply.as_of.unit_names);
    kept.asOfAnswer = { state: reply.as_of, event: form.event };
    if (results.isConnected) showAsOf(results, reply.as_of, form.event);
  }

  function writtenStages(event) {
    const written = (event.reports || []).filter((r) => !r.phone_call);
    return el("span", { class: "stages" }, STAGES.map((s) =>
      el("span", { class: written.some((r) => r.stage === s) ? "done" : "", title: Xinbao.stageLong[s], text: label(s) })));
  }

  function showAsOf(results, state, eventId) {
    const events = state.events || [];
    const alarms = state.open_alarms || [];
    const heading = "截至 " + formatTime(state.at_ms) + "（按当时所知）";
    if (eventId && events.length === 0) {
      fill(results, el("h4", { text: heading }), el("div", { class: "banner warn", text: "当时中心还没有事件 " + eventId + " 的记录" }));
      return;
    }
    const eventRows = events.map((e) => el("tr", { "data-event": e.event_id },
      el("td", { text: unitName(e.responsible_unit_id) }),
      el("td", { class: "title" }, el("a", { href: "#/event/" + encodeURIComponent(e.event_id), text: e.title || "（尚无书面首报）" }),
         el("div", { class: "muted small", text: e.place || "" })),
      el("td", { text: label(e.severity || "SEVERITY_UNSPECIFIED").split(" ")[0] }),
      el("td", {}, writtenStages(e)),
      el("td", { class: "time", text: formatTime(e.occurred_at_ms) }),
      el("td", { text: e.closed ? "已办结" : e.merged_into ? "已并入其他事件" : "处置中" })));
    const alarmRows = alarms.map((a) => el("tr", { "data-alarm": a.event_id + "/" + a.id },
      el("td", {}, el("span", { class: "badge bad", text: label(a.kind) })),
      el("td", { text: unitName(a.unit_id) }),
      el("td", { class: "time", text: formatTime(a.raised_at_ms) }),
      el("td", { text: a.message || "" })));
    fill(results,
      el("h4", { id: "asof-heading", text: heading }),
      el("h4", { text: (eventId ? "事件" : "未办结的突发事件") + "（" + events.length + "）" }),
      events.length === 0 ? el("p", { class: "muted", text: "当时没有未办结的突发事件" })
        : el("div", { class: "table-scroll" }, el("table", { class: "list", id: "asof-events" },
            el("thead", {}, el("tr", {}, ["属地", "事件", "等级", "事 情 因 果", "发生时间", "状态"].map((h) => el("th", { text: h })))),
            el("tbody", {}, eventRows))),
      el("h4", { text: "未解除的告警（" + alarms.length + "）" }),
      alarms.length === 0 ? el("p", { class: "muted", text: "当时没有未解除的告警" })
        : el("div", { class: "table-scroll" }, el("table", { class: "list", id: "asof-alarms" },
            el("thead", {}, el("tr", {}, ["告警", "单位", "发出时间", "说明"].map((h) => el("th", { text: h })))),
            el("tbody", {}, alarmRows))));
  }

  // ---- routing ---------------------------------------------------------------------

  function route(name, parts, view, session) {
    if (name === "stats") { showStats(view, session); return true; }
    if (name === "history") { showHistory(view, session); return true; }
    return false;
  }

  return { route };
})();
