#include "clients/monitor/terminal.h"

#include <signal.h>
#include <sys/ioctl.h>
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

void OnSignal(int) {
  g_signals = g_signals + 1;
  if (g_signals < 2) return;
  if (g_restore_on_signal) {
    (void)!write(STDOUT_FILENO, kLeave.data(), kLeave.size());
  }
  _exit(130);
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

std::unique_ptr<Terminal> Terminal::Open() {
  const bool is_terminal = isatty(STDOUT_FILENO) == 1;
  Install();
  if (is_terminal) {
    WriteAll(kEnter);
    g_restore_on_signal = true;
  }
  return std::unique_ptr<Terminal>(new Terminal(is_terminal));
}

Terminal::Terminal(bool is_terminal) : is_terminal_(is_terminal) {}

Terminal::~Terminal() {
  if (is_terminal_) {
    g_restore_on_signal = false;
    WriteAll(kLeave);
  }
}

ScreenSize Terminal::Size() const { return TerminalSize(); }

bool Terminal::Interrupted() { return g_signals > 0; }

void Terminal::Draw(const std::vector<ScreenLine>& lines) {
  std::string frame;
  if (!is_terminal_) {
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
