#include "clients/web/json_lines_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "clients/web/json_mapping.h"
#include "proto/durable_file.h"

namespace xinbao::web {

Result<std::unique_ptr<JsonLinesFile>> JsonLinesFile::Open(
    const std::filesystem::path& path, std::string what) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法打开" + what + " " + path.string() + ": " +
                      SystemReason(errno));
  }
  Status synced =
      SyncDirectory(path.parent_path().empty() ? "." : path.parent_path());
  if (!synced.ok()) {
    ::close(fd);
    return synced;
  }
  return std::unique_ptr<JsonLinesFile>(
      new JsonLinesFile(path, std::move(what), fd));
}

JsonLinesFile::JsonLinesFile(std::filesystem::path path, std::string what,
                             int fd)
    : path_(std::move(path)), what_(std::move(what)), fd_(fd) {}

JsonLinesFile::~JsonLinesFile() { ::close(fd_); }

Status JsonLinesFile::Append(const google::protobuf::Message& message) {
  std::string line = ToJson(message);
  line += '\n';
  std::lock_guard lock(mutex_);
  std::size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                    "写" + what_ + "失败: " + SystemReason(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  what_ + "落盘失败: " + SystemReason(errno));
  }
  return Status::Ok();
}

Status JsonLinesFile::ReadAll(
    const std::function<void(std::string_view)>& line) const {
  std::lock_guard lock(mutex_);
  std::ifstream in(path_);
  if (!in) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法读取" + what_ + " " + path_.string());
  }
  std::string text;
  while (std::getline(in, text)) {
    if (in.eof()) break;  // no newline: a torn last line
    line(text);
  }
  return Status::Ok();
}

}  // namespace xinbao::web
