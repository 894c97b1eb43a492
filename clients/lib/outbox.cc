#include "clients/lib/outbox.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>

#include "proto/durable_file.h"

namespace xinbao::client {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kReportSuffix = ".report";
constexpr std::string_view kErrorSuffix = ".error";
constexpr std::size_t kOrdinalDigits = 12;
constexpr std::size_t kMaxKeyInName = 96;

Status Failure(std::string message) {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE, std::move(message));
}

// "<ordinal, zero-padded>-<key, made safe for a file name>". The key in the
// name is for people reading the folder; the report inside is authoritative.
std::string FileStem(uint64_t ordinal, const std::string& key) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%0*llu",
                static_cast<int>(kOrdinalDigits),
                static_cast<unsigned long long>(ordinal));
  std::string stem = std::string(digits) + "-";
  for (unsigned char c : key) {
    if (stem.size() >= kOrdinalDigits + 1 + kMaxKeyInName) break;
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                       c == '.';
    if (plain) {
      stem += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      stem += escaped;
    }
  }
  return stem;
}

// The ordinal of "<digits>-…<suffix>", or nullopt for any other name.
std::optional<uint64_t> OrdinalOf(std::string_view name,
                                  std::string_view suffix) {
  if (name.size() <= suffix.size() ||
      name.substr(name.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  const auto dash = name.find('-');
  if (dash == 0 || dash == std::string_view::npos) return std::nullopt;
  uint64_t ordinal = 0;
  const auto [end, ec] =
      std::from_chars(name.data(), name.data() + dash, ordinal);
  if (ec != std::errc() || end != name.data() + dash) return std::nullopt;
  return ordinal;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.substr(text.size() - suffix.size()) == suffix;
}

// File names in `dir`, sorted; leftover temporary files are removed.
Result<std::vector<std::string>> ListFolder(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (EndsWith(name, kTemporarySuffix)) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
      continue;
    }
    names.push_back(std::move(name));
  }
  if (ec) return Failure("无法列出目录 " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

template <class Message>
Result<Message> ReadMessage(const fs::path& path) {
  Result<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) return bytes.status();
  Message message;
  if (!message.ParseFromString(*bytes)) {
    return Failure(path.string() + ": 内容已损坏，无法解析");
  }
  return message;
}

}  // namespace

struct Outbox::Impl {
  struct Slot {
    std::string stem;
    std::string key;
  };

  fs::path dir;
  fs::path pending_dir;
  fs::path rejected_dir;
  int lock_fd = -1;
  // Held by every public method: a desk's HTTP threads add reports while
  // its courier thread flushes. Recursive: Resend adds.
  mutable std::recursive_mutex mutex;
  uint64_t next_ordinal = 1;
  std::map<uint64_t, Slot> pending;  // readable pending files, by ordinal
  // Mutable: const listings record what they could not read.
  mutable std::set<std::string> unreadable;

  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);  // releases the flock
  }

  void NoteUnreadable(const fs::path& folder, const std::string& name,
                      const std::string& why) const {
    unreadable.insert(folder.filename().string() + "/" + name + ": " + why);
  }

  Status Lock() {
    const fs::path lock_path = dir / "lock";
    lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd < 0) {
      return Failure("无法打开锁文件 " + lock_path.string() + ": " +
                     std::strerror(errno));
    }
    while (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EINTR) continue;
      if (errno == EWOULDBLOCK) {
        return Failure("发件箱正被另一个程序使用: " + dir.string());
      }
      return Failure("无法锁定发件箱 " + dir.string() + ": " +
                     std::strerror(errno));
    }
    return Status::Ok();
  }

  // Indexes pending/ and finds the largest ordinal in both folders.
  Status Scan() {
    uint64_t largest = 0;
    Result<std::vector<std::string>> names = ListFolder(pending_dir);
    if (!names.ok()) return names.status();
    for (const std::string& name : *names) {
      const auto ordinal = OrdinalOf(name, kReportSuffix);
      if (!ordinal) {
        NoteUnreadable(pending_dir, name, "文件名不合规，已忽略");
        continue;
      }
      largest = std::max(largest, *ordinal);
      Result<v1::Report> report = ReadMessage<v1::Report>(pending_dir / name);
      if (!report.ok()) {
        NoteUnreadable(pending_dir, name, report.status().message());
      } else if (report->idempotency_key().empty()) {
        NoteUnreadable(pending_dir, name, "报告缺少幂等键，已忽略");
      } else if (pending.count(*ordinal) != 0) {
        NoteUnreadable(pending_dir, name, "发件箱编号重复，已忽略");
      } else {
        pending[*ordinal] = {name.substr(0, name.size() - kReportSuffix.size()),
                             report->idempotency_key()};
      }
    }
    names = ListFolder(rejected_dir);
    if (!names.ok()) return names.status();
    for (const std::string& name : *names) {
      for (std::string_view suffix : {kReportSuffix, kErrorSuffix}) {
        if (const auto ordinal = OrdinalOf(name, suffix)) {
          largest = std::max(largest, *ordinal);
        }
      }
    }
    next_ordinal = largest + 1;
    return Status::Ok();
  }

  // The refused entry `ordinal` and the stem of its files.
  Result<std::pair<RejectedEntry, std::string>> FindRejected(
      uint64_t ordinal) const {
    Result<std::vector<std::string>> names = ListFolder(rejected_dir);
    if (!names.ok()) return names.status();
    for (const std::string& name : *names) {
      if (OrdinalOf(name, kReportSuffix) != ordinal) continue;
      const std::string stem = name.substr(0, name.size() - kReportSuffix.size());
      Result<v1::Report> report = ReadMessage<v1::Report>(rejected_dir / name);
      Result<v1::Error> error = ReadMessage<v1::Error>(
          rejected_dir / (stem + std::string(kErrorSuffix)));
      if (!report.ok()) return report.status();
      if (!error.ok()) return error.status();
      return std::pair{RejectedEntry{ordinal, std::move(report).value(),
                                     std::move(error).value()},
                       stem};
    }
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "发件箱中没有第 " + std::to_string(ordinal) +
                      " 份被拒绝的报告（xinbao outbox --rejected 列出它们）");
  }

  // Removes a refused entry's files: the report first, so that a crash in
  // between leaves at most an error file, which listings skip.
  Status RemoveRejected(const std::string& stem) {
    XINBAO_RETURN_IF_ERROR(
        RemoveDurably(rejected_dir / (stem + std::string(kReportSuffix))));
    return RemoveDurably(rejected_dir / (stem + std::string(kErrorSuffix)));
  }

  Result<std::map<uint64_t, Slot>::iterator> Find(uint64_t ordinal) {
    auto it = pending.find(ordinal);
    if (it == pending.end()) {
      return Status(
          v1::ERROR_CODE_INVALID_FIELD,
          "发件箱中没有第 " + std::to_string(ordinal) + " 份待发报告");
    }
    return it;
  }
};

Outbox::Outbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Outbox::~Outbox() = default;

Result<std::unique_ptr<Outbox>> Outbox::Open(const fs::path& dir) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->pending_dir = dir / "pending";
  impl->rejected_dir = dir / "rejected";
  for (const fs::path& folder : {impl->pending_dir, impl->rejected_dir}) {
    std::error_code ec;
    const bool created = fs::create_directories(folder, ec);
    if (ec) {
      return Failure("无法创建发件箱目录 " + folder.string() + ": " +
                     ec.message());
    }
    if (created) {
      if (Status s = SyncDirectory(dir); !s.ok()) return s;
    }
  }
  if (Status s = impl->Lock(); !s.ok()) return s;
  if (Status s = impl->Scan(); !s.ok()) return s;
  return std::unique_ptr<Outbox>(new Outbox(std::move(impl)));
}

Result<OutboxEntry> Outbox::Add(const v1::Report& report) {
  std::lock_guard lock(impl_->mutex);
  const std::string& key = report.idempotency_key();
  if (key.empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD, "报告缺少幂等键",
                  "report.idempotency_key");
  }
  for (const auto& [ordinal, slot] : impl_->pending) {
    if (slot.key == key) {
      return Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                    "幂等键 " + key + " 已在发件箱中待发 (第 " +
                        std::to_string(ordinal) + ")",
                    "report.idempotency_key");
    }
  }
  std::string bytes;
  if (!report.SerializeToString(&bytes)) {
    return Failure("报告无法序列化 (太大?)");
  }
  const uint64_t ordinal = impl_->next_ordinal;
  const std::string stem = FileStem(ordinal, key);
  const fs::path path =
      impl_->pending_dir / (stem + std::string(kReportSuffix));
  if (Status s = WriteFileDurably(path, bytes); !s.ok()) return s;
  impl_->pending[ordinal] = {stem, key};
  impl_->next_ordinal = ordinal + 1;
  return OutboxEntry{ordinal, report, {}};
}

Result<std::vector<OutboxEntry>> Outbox::Pending() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<OutboxEntry> entries;
  entries.reserve(impl_->pending.size());
  for (const auto& [ordinal, slot] : impl_->pending) {
    const std::string name = slot.stem + std::string(kReportSuffix);
    Result<v1::Report> report =
        ReadMessage<v1::Report>(impl_->pending_dir / name);
    if (!report.ok()) {
      impl_->NoteUnreadable(impl_->pending_dir, name,
                            report.status().message());
      continue;
    }
    entries.push_back(OutboxEntry{ordinal, std::move(report).value(), {}});
  }
  return entries;
}

std::size_t Outbox::PendingCount() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->pending.size();
}

Status Outbox::Acknowledge(uint64_t ordinal) {
  std::lock_guard lock(impl_->mutex);
  auto found = impl_->Find(ordinal);
  if (!found.ok()) return found.status();
  const std::string name = (*found)->second.stem + std::string(kReportSuffix);
  if (Status s = RemoveDurably(impl_->pending_dir / name); !s.ok()) return s;
  impl_->pending.erase(*found);
  return Status::Ok();
}

Status Outbox::Reject(uint64_t ordinal, const v1::Error& error) {
  std::lock_guard lock(impl_->mutex);
  auto found = impl_->Find(ordinal);
  if (!found.ok()) return found.status();
  const std::string& stem = (*found)->second.stem;
  std::string bytes;
  if (!error.SerializeToString(&bytes)) return Failure("错误信息无法序列化");
  // The error first: a crash in between leaves the report pending (to be
  // sent and refused again), never a rejected report without its reason.
  if (Status s = WriteFileDurably(
          impl_->rejected_dir / (stem + std::string(kErrorSuffix)), bytes);
      !s.ok()) {
    return s;
  }
  const std::string name = stem + std::string(kReportSuffix);
  if (Status s =
          RenameDurably(impl_->pending_dir / name, impl_->rejected_dir / name);
      !s.ok()) {
    return s;
  }
  impl_->pending.erase(*found);
  return Status::Ok();
}

Result<std::vector<RejectedEntry>> Outbox::Rejected() const {
  std::lock_guard lock(impl_->mutex);
  Result<std::vector<std::string>> names = ListFolder(impl_->rejected_dir);
  if (!names.ok()) return names.status();
  std::vector<RejectedEntry> entries;
  for (const std::string& name : *names) {
    if (EndsWith(name, kErrorSuffix)) continue;  // read with its report
    const auto ordinal = OrdinalOf(name, kReportSuffix);
    if (!ordinal) {
      impl_->NoteUnreadable(impl_->rejected_dir, name, "文件名不合规，已忽略");
      continue;
    }
    const fs::path report_path = impl_->rejected_dir / name;
    fs::path error_path = report_path;
    error_path.replace_extension(kErrorSuffix);
    Result<v1::Report> report = ReadMessage<v1::Report>(report_path);
    Result<v1::Error> error = ReadMessage<v1::Error>(error_path);
    if (!report.ok() || !error.ok()) {
      const Status& why = report.ok() ? error.status() : report.status();
      impl_->NoteUnreadable(impl_->rejected_dir, name, why.message());
      continue;
    }
    entries.push_back(RejectedEntry{*ordinal, std::move(report).value(),
                                    std::move(error).value()});
  }
  std::sort(entries.begin(), entries.end(),
            [](const RejectedEntry& a, const RejectedEntry& b) {
              return a.ordinal < b.ordinal;
            });
  return entries;
}

Result<OutboxEntry> Outbox::Resend(uint64_t ordinal, const v1::Report& fixed) {
  std::lock_guard lock(impl_->mutex);
  auto found = impl_->FindRejected(ordinal);
  if (!found.ok()) return found.status();
  Result<OutboxEntry> added = Add(fixed);  // durable before the removal
  if (!added.ok()) return added.status();
  XINBAO_RETURN_IF_ERROR(impl_->RemoveRejected(found->second));
  return added;
}

Result<RejectedEntry> Outbox::Discard(uint64_t ordinal) {
  std::lock_guard lock(impl_->mutex);
  auto found = impl_->FindRejected(ordinal);
  if (!found.ok()) return found.status();
  XINBAO_RETURN_IF_ERROR(impl_->RemoveRejected(found->second));
  return std::move(found->first);
}

std::vector<std::string> Outbox::Unreadable() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->unreadable.begin(), impl_->unreadable.end()};
}

const fs::path& Outbox::dir() const { return impl_->dir; }

}  // namespace xinbao::client
