#include "clients/monitor/terminal.h"

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace xinbao::client {
namespace {

constexpr std::string_view kEnter = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J";
constexpr std::string_view kLeave = "\x1b[0m\x1b[?25h\x1b[?1049l";

volatile std::sig_atomic_t g_signals = 0;
std::atomic<bool> g_restore_on_signal{false};
// Standard input's mode before raw mode, restored on the way out.
termios g_saved_input{};
std::atomic<bool> g_restore_input{false};

void RestoreInput() {
  if (g_restore_input.exchange(false)) {
    tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_input);  // signal-safe
  }
}

void OnSignal(int) {
  g_signals = g_signals + 1;
  if (g_signals < 2) return;
  RestoreInput();
  if (g_restore_on_signal) {
    (void)!write(STDOUT_FILENO, kLeave.data(), kLeave.size());
  }
  _exit(130);
}

// Raw mode on standard input if it is a terminal: keys arrive one by one,
// unechoed; Ctrl-C still signals. Whether it is now.
bool EnterRawInput() {
  if (isatty(STDIN_FILENO) != 1 ||
      tcgetattr(STDIN_FILENO, &g_saved_input) != 0) {
    return false;
  }
  termios raw = g_saved_input;
  raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | IXON);
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) != 0) return false;
  g_restore_input = true;
  return true;
}

void Install() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: waits end early
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void WriteAll(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

std::string_view StyleCode(LineStyle style) {
  switch (style) {
    case LineStyle::kHeading:
      return "\x1b[1m";
    case LineStyle::kAlert:
      return "\x1b[31m";
    case LineStyle::kSelected:
    case LineStyle::kKeyBar:
      return "\x1b[7m";
    case LineStyle::kPlain:
      break;
  }
  return "";
}

}  // namespace

ScreenSize TerminalSize() {
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0 ||
      size.ws_row == 0) {
    return ScreenSize{};
  }
  return ScreenSize{size.ws_col, size.ws_row};
}

bool FullScreenAllowed(bool stdout_is_terminal, const char* no_color,
                       const char* term) {
  // no-color.org: NO_COLOR set to anything but the empty string.
  return stdout_is_terminal && (no_color == nullptr || *no_color == '\0') &&
         (term == nullptr || std::string_view(term) != "dumb");
}

std::unique_ptr<Terminal> Terminal::Open() {
  const bool full_screen =
      FullScreenAllowed(isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"),
                        std::getenv("TERM"));
  Install();
  const bool keys = EnterRawInput();
  if (full_screen) {
    WriteAll(kEnter);
    g_restore_on_signal = true;
  }
  return std::unique_ptr<Terminal>(new Terminal(full_screen, keys));
}

Terminal::Terminal(bool full_screen, bool keys)
    : full_screen_(full_screen), keys_(keys) {}

Terminal::~Terminal() {
  RestoreInput();
  if (full_screen_) {
    g_restore_on_signal = false;
    WriteAll(kLeave);
  }
}

std::string Terminal::ReadInput() {
  std::string input;
  if (!keys_) return input;
  pollfd ready{STDIN_FILENO, POLLIN, 0};
  if (::poll(&ready, 1, 0) <= 0) return input;
  if ((ready.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0 &&
      (ready.revents & POLLIN) == 0) {
    keys_ = false;  // the terminal went away
    return input;
  }
  char buffer[256];
  // VMIN 0, VTIME 0: read() returns at once with what is there; nothing
  // from a descriptor poll() called readable is the end of the input.
  const ssize_t got = read(STDIN_FILENO, buffer, sizeof buffer);
  if (got <= 0) {
    keys_ = false;
    return input;
  }
  input.append(buffer, static_cast<std::size_t>(got));
  return input;
}

ScreenSize Terminal::Size() const { return TerminalSize(); }

bool Terminal::Interrupted() { return g_signals > 0; }

void Terminal::Draw(const std::vector<ScreenLine>& lines) {
  std::string frame;
  if (!full_screen_) {
    if (drawn_) frame += "\n";
    for (const ScreenLine& line : lines) frame += line.text + "\n";
  } else {
    for (std::size_t row = 0; row < lines.size(); ++row) {
      frame += "\x1b[" + std::to_string(row + 1) + ";1H";
      const std::string_view style = StyleCode(lines[row].style);
      frame += style;
      frame += lines[row].text;
      if (!style.empty()) frame += "\x1b[0m";
      frame += "\x1b[K";
    }
    frame += "\x1b[J";  // below the last line, if the window grew
  }
  drawn_ = true;
  WriteAll(frame);
}

}  // namespace xinbao::client
