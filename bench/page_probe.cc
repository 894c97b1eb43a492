#include "bench/page_probe.h"

#include <charconv>
#include <chrono>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "bench/submit_load.h"
#include "tests/support/web/browser.h"
#include "tests/support/web/chromedriver_process.h"

namespace xinbao::bench {
namespace {

using namespace std::chrono_literals;
using testing::AsList;
using testing::AsNumber;
using testing::AsString;

// Installed with ExecuteScript once the board is live. Every arrival is
// kept as "client-n@ms" in an array, read back as one string per kind.
constexpr const char* kProbe = R"JS(
const T = () => performance.timeOrigin + performance.now();
const b = window.__bench = { stream: [], dom: [], frame: [], seen: new Set(),
                             pending: [], framed: false,
                             boards: 0, batches: 0, errors: 0 };
const tagOf = (title) => {
  const i = (title || "").lastIndexOf("#");
  return i < 0 ? null : title.slice(i + 1);
};
// The page's own work per batch: centre.js is a classic script, so its
// functions are globals the page calls by name; wrap them (and JSON.parse,
// which the page's stream handler calls; the probe keeps the original)
// to add up the time spent in each.
const parse = JSON.parse;
b.cost = {};
const wrap = (owner, name, label) => {
  const f = owner[name];
  if (typeof f !== "function") return;
  const cost = b.cost[label] = { calls: 0, ms: 0, first: 0, last: 0 };
  owner[name] = function (...args) {
    const t0 = performance.now();
    try { return f.apply(this, args); }
    finally {
      const t1 = performance.now();
      if (!cost.calls++) cost.first = t0;
      cost.last = t1;
      cost.ms += t1 - t0;
    }
  };
};
wrap(JSON, "parse", "JSON.parse");
for (const name of ["applyBatch", "renderBoard", "renderStrip"]) wrap(window, name, name);
const source = new EventSource("/api/stream");
b.source = source;
source.addEventListener("board", () => { b.boards++; });
source.addEventListener("batch", (e) => {
  const t = T().toFixed(2);
  b.batches++;
  for (const r of parse(e.data).reports || []) {
    const tag = tagOf(r.title);
    if (tag) b.stream.push(tag + "@" + t);
  }
});
source.onerror = () => { b.errors++; };
const view = document.getElementById("view");
new MutationObserver(() => {
  const t = T().toFixed(2);
  for (const what of view.querySelectorAll("#stream li .what")) {
    const tag = tagOf(what.title);
    if (!tag || b.seen.has(tag)) continue;
    b.seen.add(tag);
    b.dom.push(tag + "@" + t);
    b.pending.push(tag);
  }
  if (b.pending.length && !b.framed) {
    b.framed = true;
    requestAnimationFrame(() => {
      const f = T().toFixed(2);
      for (const tag of b.pending) b.frame.push(tag + "@" + f);
      b.pending = [];
      b.framed = false;
    });
  }
}).observe(view, { childList: true, subtree: true });
return true;
)JS";

std::vector<PageArrival> ParseArrivals(const std::string& text) {
  std::vector<PageArrival> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view item(text.data() + at, end - at);
    const std::size_t sign = item.find('@');
    PageArrival arrival;
    if (sign != std::string_view::npos &&
        TitleTag("#" + std::string(item.substr(0, sign)), &arrival.client,
                 &arrival.n)) {
      arrival.wall_ms = std::stod(std::string(item.substr(sign + 1)));
      out.push_back(arrival);
    }
    at = end + 1;
  }
  return out;
}

}  // namespace

struct PageProbe::Impl {
  testing::ChromeDriverProcess driver;
  std::optional<testing::Browser> browser;
};

bool PageProbe::Available() { return testing::ChromeDriverProcess::Available(); }

PageProbe::PageProbe(const std::string& url, const std::string& login,
                     const std::string& password)
    : impl_(std::make_unique<Impl>()) {
  testing::Browser& browser = impl_->browser.emplace(impl_->driver);
  browser.Navigate(url + "/login.html");
  browser.SendKeys(browser.WaitForCss("#name"), login);
  browser.SendKeys(browser.FindCss("#password"), password);
  browser.Click(browser.FindCss("#sign-in button"));
  browser.WaitForCss("header .who #person", 10s);
  browser.WaitForText("#link-state", "实时", 10s);
  browser.WaitForCss("#stream", 10s);
  browser.ExecuteScript(kProbe);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (AsNumber(browser.ExecuteScript("return window.__bench.boards;")) < 1) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the probe's stream did not open");
    }
    std::this_thread::sleep_for(50ms);
  }
}

PageProbe::~PageProbe() = default;

int64_t PageProbe::StreamCount() {
  return static_cast<int64_t>(
      AsNumber(impl_->browser->ExecuteScript("return window.__bench.stream.length;")));
}

PageRecord PageProbe::Collect() {
  const testing::Json got = impl_->browser->ExecuteScript(R"JS(
    const b = window.__bench;
    b.source.close();
    return [b.stream.join(","), b.dom.join(","), b.frame.join(","),
            b.boards, b.batches, b.errors,
            Object.entries(b.cost).map(([k, c]) =>
              [k, c.calls, c.ms.toFixed(1), (c.last - c.first).toFixed(1)].join("@")).join(",")];)JS");
  const auto& items = AsList(got);
  PageRecord record;
  record.stream = ParseArrivals(AsString(items[0]));
  record.dom = ParseArrivals(AsString(items[1]));
  record.frame = ParseArrivals(AsString(items[2]));
  record.boards = static_cast<int64_t>(AsNumber(items[3]));
  record.batches = static_cast<int64_t>(AsNumber(items[4]));
  record.errors = static_cast<int64_t>(AsNumber(items[5]));
  std::istringstream costs(AsString(items[6]));
  std::string cost;
  while (std::getline(costs, cost, ',')) {
    std::istringstream fields(cost);
    PageWork work;
    std::string calls, ms, span;
    if (std::getline(fields, work.name, '@') && std::getline(fields, calls, '@') &&
        std::getline(fields, ms, '@') && std::getline(fields, span, '@')) {
      work.calls = std::stoll(calls);
      work.ms = std::stod(ms);
      work.span_ms = std::stod(span);
      record.work.push_back(work);
    }
  }
  return record;
}

pid_t PageProbe::driver_pid() const { return impl_->driver.pid(); }

}  // namespace xinbao::bench
