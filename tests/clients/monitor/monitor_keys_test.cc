// The keys of `xinbao watch`: the decoder, bytes split anywhere, and the
// state machine of list, filter and detail, table-driven.
#include "clients/monitor/monitor_keys.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace xinbao::client {
namespace {

KeyPress Text(const std::string& text) { return {Key::kText, text}; }
KeyPress Press(Key key) { return {key, ""}; }

TEST(KeyDecoder, DecodesTextArrowsAndControlKeys) {
  KeyDecoder decoder;
  const std::vector<KeyPress> keys =
      decoder.Feed("q/河\x1b[A\x1b[B\x1bOA\x1b[5~\x1b[6~\r\n\x7f\x08\x01");
  const std::vector<KeyPress> expected = {
      Text("q"),           Text("/"),           Text("河"),
      Press(Key::kUp),     Press(Key::kDown),   Press(Key::kUp),
      Press(Key::kPageUp), Press(Key::kPageDown), Press(Key::kEnter),
      Press(Key::kEnter),  Press(Key::kBackspace), Press(Key::kBackspace),
      Press(Key::kOther)};
  EXPECT_EQ(keys, expected);
  EXPECT_FALSE(decoder.pending());
}

TEST(KeyDecoder, WaitsForTheRestOfASplitSequence) {
  const std::string bytes = "a\x1b[B河b";
  // Every split point gives the same keys.
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    KeyDecoder decoder;
    std::vector<KeyPress> keys = decoder.Feed(bytes.substr(0, cut));
    for (const KeyPress& key : decoder.Feed(bytes.substr(cut))) {
      keys.push_back(key);
    }
    EXPECT_EQ(keys, (std::vector<KeyPress>{Text("a"), Press(Key::kDown),
                                           Text("河"), Text("b")}))
        << "cut at " << cut;
  }
}

TEST(KeyDecoder, ALoneEscapeIsTheEscapeKeyOnlyWhenFlushed) {
  KeyDecoder decoder;
  EXPECT_TRUE(decoder.Feed("\x1b").empty());
  EXPECT_TRUE(decoder.pending());
  EXPECT_EQ(decoder.Flush(), std::vector<KeyPress>{Press(Key::kEscape)});
  EXPECT_FALSE(decoder.pending());
  // ESC then a letter: Escape, then the letter.
  EXPECT_EQ(decoder.Feed("\x1bq"),
            (std::vector<KeyPress>{Press(Key::kEscape), Text("q")}));
}

const std::vector<std::string> kEvents = {"ev-a", "ev-b", "ev-c"};

// Feeds `keys` in turn; returns the last action.
KeyAction Feed(MonitorKeys& keys, const std::vector<KeyPress>& presses) {
  KeyAction last = KeyAction::kNone;
  for (const KeyPress& press : presses) last = keys.Handle(press, kEvents, 2);
  return last;
}

TEST(MonitorKeys, QQuitsTheList) {
  MonitorKeys keys;
  EXPECT_EQ(Feed(keys, {Text("q")}), KeyAction::kQuit);
}

TEST(MonitorKeys, ArrowsSelectWithinTheRows) {
  const struct {
    std::vector<KeyPress> presses;
    std::string selected;
  } cases[] = {
      {{}, ""},
      {{Press(Key::kDown)}, "ev-a"},
      {{Press(Key::kUp)}, "ev-a"},
      {{Press(Key::kDown), Press(Key::kDown)}, "ev-b"},
      {{Text("j"), Text("j"), Text("j"), Text("j")}, "ev-c"},  // stops
      {{Press(Key::kDown), Press(Key::kDown), Text("k")}, "ev-a"},
      {{Press(Key::kPageDown)}, "ev-b"},
      {{Press(Key::kPageDown), Press(Key::kPageDown)}, "ev-c"},
      {{Press(Key::kPageDown), Press(Key::kPageDown), Press(Key::kPageUp)},
       "ev-a"},
  };
  for (const auto& c : cases) {
    MonitorKeys keys;
    EXPECT_EQ(Feed(keys, c.presses), KeyAction::kNone);
    EXPECT_EQ(keys.selected(), c.selected);
    EXPECT_EQ(keys.mode(), MonitorMode::kList);
  }
}

TEST(MonitorKeys, EnterOpensTheSelectedEventAndEscapeComesBack) {
  MonitorKeys keys;
  EXPECT_EQ(Feed(keys, {Press(Key::kEnter)}), KeyAction::kNone);  // none yet
  EXPECT_EQ(Feed(keys, {Press(Key::kDown), Press(Key::kDown),
                       Press(Key::kEnter)}),
            KeyAction::kOpenEvent);
  EXPECT_EQ(keys.opening(), "ev-b");
  keys.ShowDetail({"line 1", "line 2", "line 3"});
  EXPECT_EQ(keys.mode(), MonitorMode::kDetail);
  EXPECT_EQ(KeyBarText(keys), "Esc/q 返回列表  ↑↓ PgUp PgDn 滚动");
  Feed(keys, {Press(Key::kDown), Press(Key::kDown), Press(Key::kDown)});
  EXPECT_EQ(keys.detail_top(), 2u);  // not past the last line
  Feed(keys, {Press(Key::kUp)});
  EXPECT_EQ(keys.detail_top(), 1u);
  // q in the detail goes back, it does not quit.
  EXPECT_EQ(Feed(keys, {Text("q")}), KeyAction::kNone);
  EXPECT_EQ(keys.mode(), MonitorMode::kList);
  EXPECT_EQ(keys.selected(), "ev-b");

  Feed(keys, {Press(Key::kEnter)});
  keys.ShowDetail({"x"});
  Feed(keys, {Press(Key::kEscape)});
  EXPECT_EQ(keys.mode(), MonitorMode::kList);
}

TEST(MonitorKeys, AFailedFetchStaysOnTheListWithANote) {
  MonitorKeys keys;
  Feed(keys, {Press(Key::kDown), Press(Key::kEnter)});
  keys.DetailFailed("无法打开事件: 没有编号为 ev-a 的事件");
  EXPECT_EQ(keys.mode(), MonitorMode::kList);
  EXPECT_NE(KeyBarText(keys).find("无法打开事件"), std::string::npos);
  Feed(keys, {Press(Key::kDown)});
  EXPECT_EQ(keys.note(), "");
}

TEST(MonitorKeys, SlashTypesAFilterEnterAppliesEscapeCancels) {
  MonitorKeys keys;
  EXPECT_EQ(Feed(keys, {Text("/"), Text("河"), Text("口"), Text("x"),
                       Press(Key::kBackspace)}),
            KeyAction::kNone);
  EXPECT_EQ(keys.mode(), MonitorMode::kFilter);
  EXPECT_EQ(keys.typing(), "河口");
  EXPECT_EQ(KeyBarText(keys), "筛选: 河口▏  Enter 应用  Esc 取消");
  // q is text while typing, not quit.
  EXPECT_EQ(Feed(keys, {Text("q"), Press(Key::kBackspace)}), KeyAction::kNone);
  EXPECT_EQ(Feed(keys, {Press(Key::kEnter)}), KeyAction::kApplyFilter);
  EXPECT_EQ(keys.filter_text(), "河口");
  EXPECT_EQ(keys.mode(), MonitorMode::kList);
  EXPECT_NE(KeyBarText(keys).find("筛选: 河口"), std::string::npos);

  // Esc leaves the applied filter as it was.
  Feed(keys, {Text("/"), Press(Key::kBackspace), Press(Key::kBackspace),
             Text("z"), Press(Key::kEscape)});
  EXPECT_EQ(keys.mode(), MonitorMode::kList);
  EXPECT_EQ(keys.filter_text(), "河口");
  // An empty filter applied clears it.
  Feed(keys, {Text("/"), Press(Key::kBackspace), Press(Key::kBackspace)});
  EXPECT_EQ(Feed(keys, {Press(Key::kEnter)}), KeyAction::kApplyFilter);
  EXPECT_EQ(keys.filter_text(), "");
}

}  // namespace
}  // namespace xinbao::client
