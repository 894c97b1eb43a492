// The real browser page of web_bench: Debian's headless Chromium, driven
// through chromedriver by the tests' WebDriver harness
// (tests/support/web/, library xinbao_test_webdriver), signed in to
// `xinbao centre` on its duty board. A small script injected into the page
// records, for every bench report, when it arrived (wall clock,
// performance.timeOrigin + performance.now()):
//   stream  in a "batch" event of the script's own EventSource('/api/stream');
//   dom     when its row appeared in the page's own list of latest reports
//           (#stream, drawn by centre.js from the page's own stream), seen
//           by a MutationObserver;
//   frame   the animation frame after that (just before it is painted);
// and how long the page's own functions took (PageWork).
// Built only when the tests are (the harness is theirs).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace xinbao::bench {

struct PageArrival {
  int client = 0;
  int64_t n = 0;
  double wall_ms = 0;  // milliseconds since the epoch, fractional
};

// Time the page spent in one of its own functions (centre.js) or in
// JSON.parse, since the probe was installed.
struct PageWork {
  std::string name;
  int64_t calls = 0;
  double ms = 0;       // in the calls, all together
  double span_ms = 0;  // from the start of the first call to the end of the last
};

struct PageRecord {
  std::vector<PageArrival> stream, dom, frame;
  int64_t boards = 0;   // "board" events on the probe's stream: 1 + reconnects
  int64_t batches = 0;  // "batch" events
  int64_t errors = 0;   // EventSource errors (reconnects)
  std::vector<PageWork> work;
};

class PageProbe {
 public:
  // Whether chromedriver is installed.
  static bool Available();

  // Starts chromedriver and Chromium, signs in at `url` (the centre) as
  // `login`, waits for the board to be live and installs the probe.
  // Throws on failure.
  PageProbe(const std::string& url, const std::string& login,
            const std::string& password);
  ~PageProbe();

  // Bench reports recorded so far on the probe's stream.
  int64_t StreamCount();
  // Closes the probe's stream and reads back what it recorded.
  PageRecord Collect();
  // chromedriver's PID: Chromium's processes descend from it.
  pid_t driver_pid() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::bench
