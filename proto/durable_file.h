// Durable file operations for the outbox: a file is either wholly written
// or absent after a crash, and a rename or removal survives power loss.
//
// Every function returns ERROR_CODE_STORAGE_FAILURE with the path and the
// system's reason on failure; none throws. Safe from any thread, but two
// writers to one path must be serialized by the caller.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "proto/status.h"

namespace xinbao::client {

// The suffix of a file being written; a leftover one is an unfinished write.
inline constexpr std::string_view kTemporarySuffix = ".tmp";

// Writes `bytes` to `path`: to path + ".tmp" first, fsync, rename over
// `path`, fsync the folder. On failure the temporary file is removed and
// `path` is untouched.
Status WriteFileDurably(const std::filesystem::path& path,
                        std::string_view bytes);

// Renames `from` to `to` (same file system) and fsyncs both folders.
Status RenameDurably(const std::filesystem::path& from,
                     const std::filesystem::path& to);

// Removes `path` (absent is fine) and fsyncs its folder.
Status RemoveDurably(const std::filesystem::path& path);

// Flushes a folder's entries (creations, renames, removals) to disk.
Status SyncDirectory(const std::filesystem::path& dir);

// The whole content of `path`. Files larger than `max_bytes` are refused.
Result<std::string> ReadWholeFile(const std::filesystem::path& path,
                                  std::size_t max_bytes = 256u << 20);

}  // namespace xinbao::client
