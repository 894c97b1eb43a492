#include "clients/monitor/monitor_keys.h"

#include <algorithm>
#include <utility>

namespace xinbao::client {
namespace {

constexpr char kEsc = '\x1b';

// How many bytes the UTF-8 character starting with `lead` has (1 for a
// stray continuation byte: it is dropped as kOther).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// The key an escape sequence's final part names ("[A", "OB", "[5~").
Key SequenceKey(std::string_view body) {
  if (body == "[A" || body == "OA") return Key::kUp;
  if (body == "[B" || body == "OB") return Key::kDown;
  if (body == "[5~") return Key::kPageUp;
  if (body == "[6~") return Key::kPageDown;
  return Key::kOther;
}

// Removes the last UTF-8 character of `text`.
void PopCharacter(std::string& text) {
  while (!text.empty()) {
    const unsigned char last = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((last & 0xC0) != 0x80) return;  // not a continuation byte
  }
}

}  // namespace

std::vector<KeyPress> KeyDecoder::Feed(std::string_view bytes) {
  pending_.append(bytes);
  std::vector<KeyPress> keys;
  std::size_t at = 0;
  while (at < pending_.size()) {
    const unsigned char c = static_cast<unsigned char>(pending_[at]);
    if (c == kEsc) {
      if (at + 1 >= pending_.size()) break;  // wait: ESC alone, or more?
      const char kind = pending_[at + 1];
      if (kind != '[' && kind != 'O') {
        keys.push_back({Key::kEscape, ""});
        ++at;
        continue;
      }
      // CSI / SS3: parameters, then a final byte in @..~.
      std::size_t end = at + 2;
      while (end < pending_.size() &&
             !(pending_[end] >= '@' && pending_[end] <= '~' &&
               (kind == '[' ? true : end == at + 2))) {
        ++end;
      }
      if (end >= pending_.size()) break;  // the rest is still coming
      keys.push_back({SequenceKey(std::string_view(pending_).substr(
                          at + 1, end - at)),
                      ""});
      at = end + 1;
      continue;
    }
    if (c == '\r' || c == '\n') {
      keys.push_back({Key::kEnter, ""});
      ++at;
    } else if (c == 0x7F || c == 0x08) {
      keys.push_back({Key::kBackspace, ""});
      ++at;
    } else if (c < 0x20) {
      keys.push_back({Key::kOther, ""});
      ++at;
    } else {
      const std::size_t length = Utf8Length(c);
      if (at + length > pending_.size()) break;  // the rest is still coming
      keys.push_back({length == 1 && c >= 0x80 ? Key::kOther : Key::kText,
                      pending_.substr(at, length)});
      at += length;
    }
  }
  pending_.erase(0, at);
  return keys;
}

std::vector<KeyPress> KeyDecoder::Flush() {
  std::vector<KeyPress> keys;
  if (pending_ == std::string(1, kEsc)) keys.push_back({Key::kEscape, ""});
  pending_.clear();  // anything else half-sent is dropped
  return keys;
}

KeyAction MonitorKeys::Handle(const KeyPress& key,
                              const std::vector<std::string>& event_ids,
                              std::size_t page) {
  note_.clear();
  switch (mode_) {
    case MonitorMode::kList:
      return InList(key, event_ids, std::max<std::size_t>(1, page));
    case MonitorMode::kFilter:
      return InFilter(key);
    case MonitorMode::kDetail:
      return InDetail(key, std::max<std::size_t>(1, page));
  }
  return KeyAction::kNone;
}

KeyAction MonitorKeys::InList(const KeyPress& key,
                              const std::vector<std::string>& ids,
                              std::size_t page) {
  if (key.key == Key::kText && key.text == "q") return KeyAction::kQuit;
  if (key.key == Key::kText && key.text == "/") {
    mode_ = MonitorMode::kFilter;
    typing_ = filter_text_;
    return KeyAction::kNone;
  }
  if (key.key == Key::kEnter) {
    if (selected_.empty() ||
        std::find(ids.begin(), ids.end(), selected_) == ids.end()) {
      return KeyAction::kNone;
    }
    opening_ = selected_;
    return KeyAction::kOpenEvent;
  }
  long step = 0;
  if (key.key == Key::kUp || (key.key == Key::kText && key.text == "k")) {
    step = -1;
  } else if (key.key == Key::kDown ||
             (key.key == Key::kText && key.text == "j")) {
    step = 1;
  } else if (key.key == Key::kPageUp) {
    step = -static_cast<long>(page);
  } else if (key.key == Key::kPageDown) {
    step = static_cast<long>(page);
  }
  if (step == 0 || ids.empty()) return KeyAction::kNone;
  const auto found = std::find(ids.begin(), ids.end(), selected_);
  // Nothing selected yet (or gone): the first step lands on the top row.
  long row = found == ids.end() ? (step > 0 ? -1 : 0)
                                : static_cast<long>(found - ids.begin());
  row = std::clamp(row + step, 0L, static_cast<long>(ids.size()) - 1);
  selected_ = ids[static_cast<std::size_t>(row)];
  return KeyAction::kNone;
}

KeyAction MonitorKeys::InFilter(const KeyPress& key) {
  switch (key.key) {
    case Key::kText:
      typing_ += key.text;
      return KeyAction::kNone;
    case Key::kBackspace:
      PopCharacter(typing_);
      return KeyAction::kNone;
    case Key::kEscape:
      mode_ = MonitorMode::kList;
      typing_.clear();
      return KeyAction::kNone;
    case Key::kEnter:
      mode_ = MonitorMode::kList;
      filter_text_ = std::move(typing_);
      typing_.clear();
      return KeyAction::kApplyFilter;
    default:
      return KeyAction::kNone;
  }
}

KeyAction MonitorKeys::InDetail(const KeyPress& key, std::size_t page) {
  if (key.key == Key::kEscape || (key.key == Key::kText && key.text == "q")) {
    mode_ = MonitorMode::kList;
    detail_.clear();
    detail_top_ = 0;
    return KeyAction::kNone;
  }
  const std::size_t last = detail_.empty() ? 0 : detail_.size() - 1;
  if (key.key == Key::kDown || (key.key == Key::kText && key.text == "j")) {
    detail_top_ = std::min(last, detail_top_ + 1);
  } else if (key.key == Key::kUp ||
             (key.key == Key::kText && key.text == "k")) {
    detail_top_ -= std::min<std::size_t>(detail_top_, 1);
  } else if (key.key == Key::kPageDown) {
    detail_top_ = std::min(last, detail_top_ + page);
  } else if (key.key == Key::kPageUp) {
    detail_top_ -= std::min(detail_top_, page);
  }
  return KeyAction::kNone;
}

void MonitorKeys::ShowDetail(std::vector<std::string> lines) {
  mode_ = MonitorMode::kDetail;
  detail_ = std::move(lines);
  detail_top_ = 0;
  opening_.clear();
}

void MonitorKeys::DetailFailed(std::string message) {
  mode_ = MonitorMode::kList;
  opening_.clear();
  note_ = std::move(message);
}

std::string KeyBarText(const MonitorKeys& keys) {
  switch (keys.mode()) {
    case MonitorMode::kList: {
      std::string bar = "q 退出  / 筛选  ↑↓ 选择事件  Enter 查看详情";
      if (!keys.filter_text().empty()) bar += "  筛选: " + keys.filter_text();
      if (!keys.note().empty()) bar = keys.note() + "  " + bar;
      return bar;
    }
    case MonitorMode::kFilter:
      return "筛选: " + keys.typing() + "▏  Enter 应用  Esc 取消";
    case MonitorMode::kDetail:
      return "Esc/q 返回列表  ↑↓ PgUp PgDn 滚动";
  }
  return "";
}

}  // namespace xinbao::client
