#include "clients/web/web_journal.h"

#include <chrono>
#include <deque>

#include "clients/web/json_mapping.h"

namespace xinbao::web {

Result<std::unique_ptr<WebJournal>> WebJournal::Open(
    const std::filesystem::path& path) {
  Result<std::unique_ptr<JsonLinesFile>> file =
      JsonLinesFile::Open(path, "网页操作记录");
  if (!file.ok()) return file.status();
  return std::unique_ptr<WebJournal>(new WebJournal(std::move(file).value()));
}

WebJournal::WebJournal(std::unique_ptr<JsonLinesFile> file)
    : file_(std::move(file)) {}

Status WebJournal::Append(api::JournalEntry entry) {
  if (entry.at_ms() == 0) {
    entry.set_at_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count());
  }
  return file_->Append(entry);
}

Result<std::vector<api::JournalEntry>> WebJournal::Tail(std::size_t limit) const {
  std::deque<api::JournalEntry> last;
  Status read = file_->ReadAll([&](std::string_view line) {
    api::JournalEntry entry;
    if (!FromJson(line, &entry).ok()) return;
    last.push_back(std::move(entry));
    if (last.size() > limit) last.pop_front();
  });
  if (!read.ok()) return read;
  return std::vector<api::JournalEntry>(last.begin(), last.end());
}

}  // namespace xinbao::web
