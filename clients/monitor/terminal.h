// Terminal: draws the monitor's screen in place, over and over, without
// flicker: each frame moves the cursor to each line in turn, writes it and
// clears the rest of that line (no full-screen clear), in one write.
// While open it uses the terminal's alternate screen with the cursor
// hidden; closing (or a second SIGINT) puts both back.
//
// When standard output is not a terminal (a pipe, a file) frames are
// written as plain lines with a blank line between them.
//
// Signals: Open() installs handlers for SIGINT and SIGTERM that only set
// the flag Interrupted() reads (system calls are interrupted, not
// restarted), so the caller's loop ends and the destructor restores the
// terminal. A second signal restores the terminal at once and exits with
// 130, for when the caller is stuck waiting on the network.
//
// Threads: one Terminal per process, used from one thread.
#pragma once

#include <memory>
#include <vector>

#include "clients/monitor/monitor_screen.h"

namespace xinbao::client {

class Terminal {
 public:
  // Takes over standard output (see above).
  static std::unique_ptr<Terminal> Open();
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  // The window's size (TIOCGWINSZ), or 80×24 when it cannot be known.
  ScreenSize Size() const;

  // Draws `lines` from the top left; alert lines in red, headings in bold.
  void Draw(const std::vector<ScreenLine>& lines);

  // True once SIGINT or SIGTERM arrived after Open().
  static bool Interrupted();

 private:
  explicit Terminal(bool is_terminal);

  const bool is_terminal_;
  bool drawn_ = false;
};

// The size of the terminal on standard output, or 80×24.
ScreenSize TerminalSize();

}  // namespace xinbao::client
