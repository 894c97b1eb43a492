// The keys of `xinbao watch`: bytes from the terminal decoded into key
// presses (KeyDecoder), and what each press does to the view (MonitorKeys):
//
//   list      q quits; / starts typing a filter; ↑ ↓ (and k j) move the
//             selection over the urgent events, PgUp PgDn by a page;
//             Enter opens the selected event's detail;
//   filter    printable text is typed (Backspace takes back a character);
//             Enter applies it (empty: no text filter), Esc cancels;
//   detail    ↑ ↓ PgUp PgDn scroll; Esc or q goes back to the list.
//
// Pure: no terminal, no sockets; the caller feeds what it read and acts
// on the returned KeyAction (quit, fetch the event to open).
//
// Threads: value types; use one from one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace xinbao::client {

enum class Key {
  kText,  // a printable character (UTF-8 in KeyPress::text)
  kEnter,
  kEscape,
  kBackspace,
  kUp,
  kDown,
  kPageUp,
  kPageDown,
  kOther,  // a control character or sequence with no meaning here
};

struct KeyPress {
  Key key = Key::kOther;
  std::string text;

  bool operator==(const KeyPress&) const = default;
};

// Decodes what a terminal in raw mode sends: UTF-8 text, Enter (CR or
// LF), Backspace (DEL or BS), arrows and page keys (CSI and SS3 forms).
// An escape sequence or a UTF-8 character split across reads is kept until
// the rest comes. A lone ESC is told from the start of a sequence only by
// time: Flush() (call it when nothing more arrived for a moment) makes a
// pending ESC an Escape key.
class KeyDecoder {
 public:
  std::vector<KeyPress> Feed(std::string_view bytes);
  std::vector<KeyPress> Flush();
  bool pending() const { return !pending_.empty(); }

 private:
  std::string pending_;
};

enum class MonitorMode { kList, kFilter, kDetail };

enum class KeyAction {
  kNone,       // nothing to do (the view may have changed: redraw)
  kQuit,
  kOpenEvent,  // fetch MonitorKeys::opening() and ShowDetail() it
  kApplyFilter,  // the filter text changed: MonitorKeys::filter_text()
};

class MonitorKeys {
 public:
  // `event_ids`: the selectable rows now, top to bottom (the urgent events
  // on the screen); `page`: rows a page key moves.
  KeyAction Handle(const KeyPress& key, const std::vector<std::string>& event_ids,
                   std::size_t page);

  // The detail of the event being opened arrived: shows it (`lines`).
  void ShowDetail(std::vector<std::string> lines);
  // It could not be fetched: back to the list with `message` shown.
  void DetailFailed(std::string message);

  MonitorMode mode() const { return mode_; }
  const std::string& filter_text() const { return filter_text_; }
  const std::string& typing() const { return typing_; }
  // The selected event's id ("" when none is selected).
  const std::string& selected() const { return selected_; }
  const std::string& opening() const { return opening_; }
  const std::vector<std::string>& detail() const { return detail_; }
  std::size_t detail_top() const { return detail_top_; }
  // A one-line note for the key bar (a failed fetch); cleared by a key.
  const std::string& note() const { return note_; }

 private:
  KeyAction InList(const KeyPress& key, const std::vector<std::string>& ids,
                   std::size_t page);
  KeyAction InFilter(const KeyPress& key);
  KeyAction InDetail(const KeyPress& key, std::size_t page);

  MonitorMode mode_ = MonitorMode::kList;
  std::string filter_text_;
  std::string typing_;
  std::string selected_;
  std::string opening_;
  std::vector<std::string> detail_;
  std::size_t detail_top_ = 0;
  std::string note_;
};

// The key bar at the bottom of the screen, for the mode.
std::string KeyBarText(const MonitorKeys& keys);

}  // namespace xinbao::client
