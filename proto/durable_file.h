// Durable file operations for everyone who keeps files (the outbox, key
// files, exported tables): a file is either wholly written or absent after
// a crash, and a rename or removal survives power loss.
//
// A path without a folder ("考核.csv") is in the working directory: its
// folder is ".".
//
// Every function returns ERROR_CODE_STORAGE_FAILURE with the path and the
// system's reason (SystemReason) on failure, unless it says otherwise; none
// throws. Safe from any thread, but two writers to one path must be
// serialized by the caller.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "proto/status.h"

namespace xinbao {

// The suffix of a file being written; a leftover one is an unfinished write.
inline constexpr std::string_view kTemporarySuffix = ".tmp";

// How WriteFileDurably creates a file.
struct FileWriteOptions {
  // The file's permission bits, exactly as given whatever the umask.
  std::filesystem::perms mode =
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
  // Replace a file already at the path. When false, a file (or anything)
  // already there is kept and the write is refused with
  // ERROR_CODE_INVALID_FIELD, field() the path; the check and the write are
  // one step (a hard link), so a file appearing meanwhile is kept too.
  bool overwrite = true;
};

// Writes `bytes` to `path`: to path + ".tmp" first (a leftover of an
// interrupted write is replaced), fsync, then rename over `path` (or link
// into place without `overwrite`), fsync the folder. On failure the
// temporary file is removed and `path` is untouched.
Status WriteFileDurably(const std::filesystem::path& path,
                        std::string_view bytes,
                        const FileWriteOptions& options = {});

// Renames `from` to `to` (same file system) and fsyncs both folders.
Status RenameDurably(const std::filesystem::path& from,
                     const std::filesystem::path& to);

// Removes `path` (absent is fine) and fsyncs its folder.
Status RemoveDurably(const std::filesystem::path& path);

// Flushes a folder's entries (creations, renames, removals) to disk. An
// empty path is the working directory.
Status SyncDirectory(const std::filesystem::path& dir);

// The whole content of `path`. Files larger than `max_bytes` and anything
// that is not a regular file are refused. `what` names the file in the
// messages: "无法读取<what> <path>：权限不足".
Result<std::string> ReadWholeFile(const std::filesystem::path& path,
                                  std::size_t max_bytes = 256u << 20,
                                  std::string_view what = "文件");

// The system's reason for `error_number` (an errno value) in plain Chinese
// for the person at the keyboard: "权限不足" for EACCES and EPERM, "不存在"
// for ENOENT, "磁盘已满" for ENOSPC, …; the C library's text otherwise.
std::string SystemReason(int error_number);

}  // namespace xinbao
