// WebJournal: what persons did through a web face — sign-ins, sign-outs,
// refused sign-ins, every state-changing request and every refusal — one
// api::JournalEntry per line of a JsonLinesFile, synced before the answer
// goes to the browser. The broker's audit log names the person too
// (Envelope.person); this journal is the web program's side.
//
// Threads: safe from any thread.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "clients/web/json_lines_file.h"
#include "proto/status.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::web {

class WebJournal {
 public:
  static Result<std::unique_ptr<WebJournal>> Open(
      const std::filesystem::path& path);

  // Stamps at_ms if 0, appends and syncs.
  Status Append(api::JournalEntry entry);
  // The last `limit` entries, oldest first.
  Result<std::vector<api::JournalEntry>> Tail(std::size_t limit) const;

 private:
  explicit WebJournal(std::unique_ptr<JsonLinesFile> file);
  std::unique_ptr<JsonLinesFile> file_;
};

}  // namespace xinbao::web
