#include "proto/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace xinbao {
namespace {

Status SystemFailure(std::string_view what, const std::filesystem::path& path,
                     int error_number) {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                std::string(what) + " " + path.string() + "：" +
                    SystemReason(error_number));
}

// Closes the descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, reporting the result (close can report a failed write).
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view bytes,
                const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return SystemFailure("写入文件失败", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

// Creates `temporary` afresh with exactly `mode` (whatever the umask; a
// leftover of an interrupted write is replaced, its mode with it), writes
// `bytes`, fsyncs and closes it.
Status WriteTemporary(const std::filesystem::path& temporary,
                      std::string_view bytes, mode_t mode) {
  ::unlink(temporary.c_str());
  FileDescriptor fd(::open(temporary.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (fd.get() < 0) return SystemFailure("无法创建文件", temporary, errno);
  if (Status s = WriteAll(fd.get(), bytes, temporary); !s.ok()) return s;
  if (::fchmod(fd.get(), mode) != 0) {
    return SystemFailure("无法设置文件权限", temporary, errno);
  }
  if (::fsync(fd.get()) != 0) {
    return SystemFailure("fsync 失败", temporary, errno);
  }
  if (fd.Close() != 0) return SystemFailure("关闭文件失败", temporary, errno);
  return Status::Ok();
}

}  // namespace

Status SyncDirectory(const std::filesystem::path& dir) {
  // A bare file name's parent_path() is empty: the working directory.
  if (dir.empty()) return SyncDirectory(".");
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return SystemFailure("无法打开目录", dir, errno);
  if (::fsync(fd.get()) != 0)
    return SystemFailure("目录 fsync 失败", dir, errno);
  return Status::Ok();
}

Status WriteFileDurably(const std::filesystem::path& path,
                        std::string_view bytes,
                        const FileWriteOptions& options) {
  std::filesystem::path temporary = path;
  temporary += std::string(kTemporarySuffix);
  const auto mode = static_cast<mode_t>(options.mode);
  if (Status s = WriteTemporary(temporary, bytes, mode); !s.ok()) {
    ::unlink(temporary.c_str());
    return s;
  }
  // Without overwrite, link() puts the file in place only if nothing is
  // there, in one step; the temporary name is then removed.
  const int rc = options.overwrite
                     ? ::rename(temporary.c_str(), path.c_str())
                     : ::link(temporary.c_str(), path.c_str());
  const int error_number = errno;
  if (rc != 0 || !options.overwrite) ::unlink(temporary.c_str());
  if (rc != 0 && error_number == EEXIST && !options.overwrite) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "文件已存在，未改动: " + path.string(), path.string());
  }
  if (rc != 0) return SystemFailure("无法写入文件", path, error_number);
  return SyncDirectory(path.parent_path());
}

Status RenameDurably(const std::filesystem::path& from,
                     const std::filesystem::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return SystemFailure("重命名失败", from, errno);
  }
  if (Status s = SyncDirectory(to.parent_path()); !s.ok()) return s;
  if (from.parent_path() == to.parent_path()) return Status::Ok();
  return SyncDirectory(from.parent_path());
}

Status RemoveDurably(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return SystemFailure("删除文件失败", path, errno);
  }
  return SyncDirectory(path.parent_path());
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path,
                                  std::size_t max_bytes,
                                  std::string_view what) {
  const std::string cannot_read = "无法读取" + std::string(what);
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return SystemFailure(cannot_read, path, errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return SystemFailure(cannot_read, path, errno);
  }
  if (!S_ISREG(info.st_mode)) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  cannot_read + " " + path.string() + "：不是普通文件");
  }
  const std::string too_large = std::string(what) + " " + path.string() +
                                " 太大（超过 " + std::to_string(max_bytes) +
                                " 字节）";
  if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE, too_large);
  }
  std::string content;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return SystemFailure(cannot_read, path, errno);
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    if (content.size() > max_bytes) {
      return Status(v1::ERROR_CODE_STORAGE_FAILURE, too_large);
    }
  }
  return content;
}

std::string SystemReason(int error_number) {
  switch (error_number) {
    case EACCES:
    case EPERM:
      return "权限不足";
    case ENOENT:
      return "不存在";
    case ENOTDIR:
      return "路径中有一段不是目录";
    case EISDIR:
      return "是目录";
    case EROFS:
      return "文件系统只读";
    case ENOSPC:
      return "磁盘已满";
    case EDQUOT:
      return "超出磁盘配额";
    case EEXIST:
      return "已存在";
    case ELOOP:
      return "符号链接过多（可能循环）";
    case ENAMETOOLONG:
      return "路径太长";
    case EIO:
      return "磁盘读写出错";
    default:
      return std::strerror(error_number);
  }
}

}  // namespace xinbao
