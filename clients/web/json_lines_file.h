// JsonLinesFile: an append-only file of messages, one JSON line each
// (JsonMapping's rule), each line written and fdatasync'ed before Append
// returns — the one durable log writer of the web programs (the journal
// of persons' actions, a desk's record of delivered reports).
//
// A torn last line (a crash mid-write) is skipped when reading.
//
// Threads: Append and ReadAll are safe from any thread.
#pragma once

#include <google/protobuf/message.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "proto/status.h"

namespace xinbao::web {

class JsonLinesFile {
 public:
  // Opens (creating, 0600, its folder synced) `path` for appending. `what`
  // names it in messages ("网页操作记录").
  static Result<std::unique_ptr<JsonLinesFile>> Open(
      const std::filesystem::path& path, std::string what);
  ~JsonLinesFile();

  Status Append(const google::protobuf::Message& message);
  // Calls `line` with every whole line, oldest first.
  Status ReadAll(const std::function<void(std::string_view)>& line) const;

 private:
  JsonLinesFile(std::filesystem::path path, std::string what, int fd);
  const std::filesystem::path path_;
  const std::string what_;
  const int fd_;
  mutable std::mutex mutex_;
};

}  // namespace xinbao::web
