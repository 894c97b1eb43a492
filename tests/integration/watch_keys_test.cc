// `xinbao watch` driven by keys in a real terminal: tmux runs it against
// the real broker; the test types with send-keys and reads the screen with
// capture-pane (saved as watch_keys_screen.txt in the test's working
// directory, for a person to look at). Checks the key bar, that Chinese
// columns line up, the detail of the selected event and back, the typed
// filter, and that q quits.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "clients/text/display_width.h"
#include "clients/text/text_table.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::CliAs;
using testing::RunCommand;
using testing::TempDir;

constexpr char kMonitor[] = "county-office";

// A tmux server of its own (its socket in a temporary folder), UTF-8.
class Tmux {
 public:
  explicit Tmux(std::filesystem::path socket) : socket_(std::move(socket)) {}
  ~Tmux() { Run({"kill-server"}); }

  testing::CommandResult Run(const std::vector<std::string>& args) const {
    std::vector<std::string> line = {"/usr/bin/env", "LC_ALL=C.UTF-8", "tmux",
                                     "-u", "-f", "/dev/null", "-S",
                                     socket_.string()};
    line.insert(line.end(), args.begin(), args.end());
    return RunCommand(line);
  }

  std::string Screen() const { return Run({"capture-pane", "-p", "-t", "w"}).output; }

  // The screen once `ready` holds for it, or nullopt after 15 s (the
  // screen is redrawn at least once a second; polled every 50 ms).
  std::optional<std::string> WaitFor(
      const std::function<bool(const std::string&)>& ready) const {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < give_up) {
      std::string screen = Screen();
      if (ready(screen)) return screen;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
  }

  std::optional<std::string> WaitForText(const std::string& text) const {
    return WaitFor([&text](const std::string& screen) {
      return screen.find(text) != std::string::npos;
    });
  }

  void Keys(const std::vector<std::string>& keys) const {
    std::vector<std::string> args = {"send-keys", "-t", "w"};
    args.insert(args.end(), keys.begin(), keys.end());
    Run(args);
  }
  void Type(const std::string& text) const {
    Run({"send-keys", "-t", "w", "-l", text});
  }

 private:
  std::filesystem::path socket_;
};

std::string ShellQuoted(const std::vector<std::string>& args) {
  std::string line;
  for (const std::string& arg : args) {
    if (!line.empty()) line += ' ';
    line += "'" + arg + "'";
  }
  return line;
}

// The display column where `word` starts on the first line holding both
// `row` and `word`; nullopt if none.
std::optional<std::size_t> ColumnOf(const std::string& screen,
                                    const std::string& row,
                                    const std::string& word) {
  for (const std::string& line : client::SplitLines(screen)) {
    const std::size_t at = line.find(word);
    if (line.find(row) != std::string::npos && at != std::string::npos) {
      return client::DisplayWidth(line.substr(0, at));
    }
  }
  return std::nullopt;
}

TEST(WatchKeys, DrivenInATerminal) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  testing::UnitSubmitters units(broker);
  v1::Report police = testing::GeneralReport("keys-police", "gongan");
  police.set_title("县公安局部署冬季道路交通安全整治");
  for (const v1::Report& report :
       {testing::UrgentShiReport("keys-shi", "evt-keys"),
        testing::GeneralReport("keys-general", "chengguan"), police}) {
    std::optional<v1::Reply> reply = units.Submit(report);
    ASSERT_TRUE(reply && reply->has_ack())
        << (reply ? reply->ShortDebugString() : "no reply");
  }

  Tmux tmux(dir / "tmux.sock");
  const std::string command = ShellQuoted(CliAs(
      broker, kMonitor,
      {"--query-endpoint", broker.query_endpoint(), "--feed-endpoint",
       broker.feed_endpoint(), "watch"}));
  ASSERT_EQ(tmux.Run({"new-session", "-d", "-s", "w", "-x", "100", "-y",
                      "30", "env TERM=xterm-256color " + command})
                .exit_code,
            0);

  std::optional<std::string> list = tmux.WaitFor([](const std::string& s) {
    return s.find("q 退出") != std::string::npos &&
           s.find("县公安局部署") != std::string::npos;
  });
  ASSERT_TRUE(list.has_value()) << tmux.Screen();
  std::ofstream(std::filesystem::current_path() / "watch_keys_screen.txt")
      << *list;
  EXPECT_NE(list->find("/ 筛选"), std::string::npos) << *list;
  // The reports' kind column lines up whatever the unit's name's width.
  const auto town = ColumnOf(*list, "城关镇开展冬季消防", "一般");
  const auto police_row = ColumnOf(*list, "县公安局部署", "一般");
  const auto urgent = ColumnOf(*list, "河口镇S235线", "紧急");
  ASSERT_TRUE(town && police_row && urgent) << *list;
  EXPECT_EQ(*town, *police_row) << *list;
  EXPECT_EQ(*town, *urgent) << *list;

  // ↓ selects the event, Enter opens it; Esc goes back.
  tmux.Keys({"Down", "Enter"});
  std::optional<std::string> detail = tmux.WaitForText("Esc/q 返回列表");
  ASSERT_TRUE(detail.has_value()) << tmux.Screen();
  EXPECT_NE(detail->find("事件 evt-keys"), std::string::npos) << *detail;
  EXPECT_NE(detail->find("经过"), std::string::npos) << *detail;
  tmux.Keys({"Escape"});
  ASSERT_TRUE(tmux.WaitForText("q 退出")) << tmux.Screen();

  // / types a filter, Enter applies it.
  tmux.Type("/");
  ASSERT_TRUE(tmux.WaitForText("Enter 应用")) << tmux.Screen();
  tmux.Type("公安");
  tmux.Keys({"Enter"});
  std::optional<std::string> filtered = tmux.WaitFor([](const std::string& s) {
    return s.find("筛选: 公安") != std::string::npos &&
           s.find("城关镇开展冬季消防") == std::string::npos;
  });
  ASSERT_TRUE(filtered.has_value()) << tmux.Screen();
  EXPECT_NE(filtered->find("县公安局部署"), std::string::npos) << *filtered;

  // q quits: the session ends with the program.
  tmux.Type("q");
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool ended = false;
  while (!ended && std::chrono::steady_clock::now() < give_up) {
    ended = tmux.Run({"has-session", "-t", "w"}).exit_code != 0;
    if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(ended) << tmux.Screen();
}

}  // namespace
}  // namespace xinbao
