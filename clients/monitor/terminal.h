// Terminal: draws the monitor's screen in place, over and over, without
// flicker: each frame moves the cursor to each line in turn, writes it and
// clears the rest of that line (no full-screen clear), in one write.
// While open it uses the terminal's alternate screen with the cursor
// hidden; closing (or a second SIGINT) puts both back.
//
// When standard output is not a terminal (a pipe, a file), or NO_COLOR is
// set to anything but "" (no-color.org), or TERM is "dumb", frames are written as plain lines
// with a blank line between them: no colour, no cursor control.
//
// Keys: when standard input is a terminal, Open() puts it in raw mode (no
// echo, no line buffering; signals still come from Ctrl-C) and input_fd()
// can be polled; ReadInput() returns what was typed. The terminal's mode
// is restored by the destructor, and by the second signal's exit.
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
#include <string>
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

  // Standard input's descriptor when it takes keys (raw mode), else -1.
  int input_fd() const { return keys_ ? 0 : -1; }
  // What is waiting on standard input, without blocking ("" if nothing).
  // A hung-up input stops taking keys (input_fd() becomes -1).
  std::string ReadInput();

 private:
  Terminal(bool full_screen, bool keys);

  const bool full_screen_;
  bool keys_;
  bool drawn_ = false;
};

// Whether frames may be drawn in place with colour: standard output is a
// terminal, NO_COLOR is unset (null) or empty, and TERM (null: unset) is
// not "dumb".
bool FullScreenAllowed(bool stdout_is_terminal, const char* no_color,
                       const char* term);

// The size of the terminal on standard output, or 80×24.
ScreenSize TerminalSize();

}  // namespace xinbao::client
