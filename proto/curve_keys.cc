#include "proto/curve_keys.h"

#include <zmq.h>

#include <cstdint>
#include <optional>
#include <system_error>

#include "proto/durable_file.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    ".-:+=^!/*?&<>()[]{}@%$#";
constexpr std::size_t kKeyBytes = 32;
// A key file is three short lines; anything much larger is not one.
constexpr std::size_t kMaxKeyFileBytes = 4096;
constexpr std::string_view kSpaces = " \t";
constexpr std::string_view kNotAKey =
    "不是有效的 CURVE 密钥（应为 40 个 Z85 字符）";

constexpr std::string_view kSecretFileComment =
    "# xinbao CURVE 密钥对：secret 是私钥，须保密（文件权限 600），勿外传";
constexpr std::string_view kPublicFileComment =
    "# xinbao CURVE 公钥：可以公开，交给服务器管理员登记";

// The refusal of a key file: the message names the file, field() is it.
Status Invalid(const fs::path& file, std::string_view why) {
  return Status(v1::ERROR_CODE_INVALID_FIELD,
                "密钥文件 " + file.string() + ": " + std::string(why),
                file.string());
}

Status CurveMissing() {
  return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                "本机的 ZeroMQ 库不支持 CURVE 加密（需要用 libsodium 编译的 "
                "libzmq），无法生成或使用密钥");
}

bool CurveAvailable() { return zmq_has("curve") != 0; }

std::string_view Trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(kSpaces);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(kSpaces);
  return text.substr(begin, end - begin + 1);
}

struct Assignment {
  std::string_view name;
  std::string_view value;
};

// `name = "value"` with an optional `# comment` after it; nullopt for
// anything else. `line` is already trimmed.
std::optional<Assignment> ParseAssignment(std::string_view line) {
  const std::size_t equals = line.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  const std::string_view name = Trim(line.substr(0, equals));
  if (name.empty() ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view rest = Trim(line.substr(equals + 1));
  if (rest.size() < 2 || rest.front() != '"') return std::nullopt;
  const std::size_t close = rest.find('"', 1);
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view after = Trim(rest.substr(close + 1));
  if (!after.empty() && after.front() != '#') return std::nullopt;
  return Assignment{name, rest.substr(1, close - 1)};
}

// The keys named in a key file's text, not yet checked as keys.
Result<CurveKeyPair> ParseKeyFileText(std::string_view text,
                                      const fs::path& file) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  std::optional<std::string> public_key;
  std::optional<std::string> secret_key;
  int line_number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size()
                                                         : newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = Trim(line);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "第 " + std::to_string(line_number) + " 行";
    const std::optional<Assignment> assignment = ParseAssignment(line);
    if (!assignment) {
      return Invalid(file, where + "无法识别，应为 name = \"value\" 或 # 注释");
    }
    std::optional<std::string>* target = nullptr;
    if (assignment->name == "public") target = &public_key;
    if (assignment->name == "secret") target = &secret_key;
    if (target == nullptr) {
      return Invalid(file, where + "有不认识的项 " +
                               std::string(assignment->name) +
                               "（只允许 public 和 secret）");
    }
    if (target->has_value()) {
      return Invalid(file, where + "重复给出 " + std::string(assignment->name));
    }
    *target = std::string(assignment->value);
  }
  if (!public_key) return Invalid(file, "缺少公钥（public = \"…\"）");
  return CurveKeyPair{std::move(*public_key), secret_key.value_or("")};
}

// Checks every key of `pair` and that the secret, if any, belongs to the
// public key; refusals name `file`.
Status CheckPair(const CurveKeyPair& pair, const fs::path& file) {
  if (!IsCurveKey(pair.public_key)) {
    return Invalid(file, "公钥" + std::string(kNotAKey));
  }
  if (pair.secret_key.empty()) return Status::Ok();
  if (!IsCurveKey(pair.secret_key)) {
    return Invalid(file, "私钥" + std::string(kNotAKey));
  }
  Result<std::string> derived = PublicKeyOf(pair.secret_key);
  if (!derived.ok()) return derived.status();
  if (*derived != pair.public_key) {
    return Invalid(file, "私钥与公钥不匹配（文件可能被改动过，请重新生成）");
  }
  return Status::Ok();
}

std::string KeyFileText(const CurveKeyPair& pair, bool with_secret) {
  std::string text(with_secret ? kSecretFileComment : kPublicFileComment);
  text += "\npublic = \"" + pair.public_key + "\"\n";
  if (with_secret) text += "secret = \"" + pair.secret_key + "\"\n";
  return text;
}

Status AlreadyExists(const fs::path& file) {
  return Invalid(file, "文件已存在，未改动；确要覆盖请加 --force");
}

// Writes one key file durably with exactly `mode`; without `overwrite` a
// file that exists by then is kept and refused as AlreadyExists.
Status WriteKeyFile(const fs::path& file, std::string_view text,
                    fs::perms mode, bool overwrite) {
  const Status written = WriteFileDurably(
      file, text, FileWriteOptions{.mode = mode, .overwrite = overwrite});
  if (!overwrite && written.code() == v1::ERROR_CODE_INVALID_FIELD) {
    return AlreadyExists(file);
  }
  return written;
}

// The text of a key file. A file that is not there is Invalid ("文件不存在");
// one this user may not read says so ("无法读取密钥文件 <path>：权限不足"),
// never as if it were empty.
Result<std::string> ReadSmallFile(const fs::path& file) {
  std::error_code error;
  if (fs::status(file, error).type() == fs::file_type::not_found) {
    return Invalid(file, "文件不存在");
  }
  Result<std::string> text = ReadWholeFile(file, kMaxKeyFileBytes, "密钥文件");
  if (!text.ok()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, text.status().message(),
                  file.string());
  }
  return text;
}

bool OthersMayAccess(const fs::path& file) {
  std::error_code error;
  const fs::perms perms = fs::status(file, error).permissions();
  return error || (perms & (fs::perms::group_all | fs::perms::others_all)) !=
                      fs::perms::none;
}

}  // namespace

Result<CurveKeyPair> GenerateCurveKeyPair() {
  if (!CurveAvailable()) return CurveMissing();
  char public_key[kCurveKeyTextLength + 1] = {};
  char secret_key[kCurveKeyTextLength + 1] = {};
  if (zmq_curve_keypair(public_key, secret_key) != 0) {
    return Status(
        v1::ERROR_CODE_STORAGE_FAILURE,
        std::string("无法生成 CURVE 密钥对: ") + zmq_strerror(zmq_errno()));
  }
  return CurveKeyPair{public_key, secret_key};
}

bool IsCurveKey(std::string_view z85) {
  if (z85.size() != kCurveKeyTextLength ||
      z85.find_first_not_of(kZ85Alphabet) != std::string_view::npos) {
    return false;
  }
  const std::string text(z85);
  std::uint8_t bytes[kKeyBytes];
  return zmq_z85_decode(bytes, text.c_str()) != nullptr;
}

Result<std::string> PublicKeyOf(std::string_view secret_z85) {
  if (!CurveAvailable()) return CurveMissing();
  if (!IsCurveKey(secret_z85)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "私钥" + std::string(kNotAKey),
                  "secret");
  }
  const std::string secret(secret_z85);
  char public_key[kCurveKeyTextLength + 1] = {};
  if (zmq_curve_public(public_key, secret.c_str()) != 0) {
    return Status(
        v1::ERROR_CODE_STORAGE_FAILURE,
        std::string("无法由私钥计算公钥: ") + zmq_strerror(zmq_errno()));
  }
  return std::string(public_key);
}

fs::path SecretKeyFilePath(const fs::path& prefix) {
  fs::path file = prefix;
  file += ".key";
  return file;
}

fs::path PublicKeyFilePath(const fs::path& prefix) {
  fs::path file = prefix;
  file += ".pub";
  return file;
}

Status WriteKeyFiles(const fs::path& prefix, const CurveKeyPair& pair,
                     bool overwrite) {
  const fs::path secret_file = SecretKeyFilePath(prefix);
  const fs::path public_file = PublicKeyFilePath(prefix);
  if (pair.secret_key.empty()) return Invalid(secret_file, "缺少私钥");
  XINBAO_RETURN_IF_ERROR(CheckPair(pair, secret_file));
  if (!overwrite) {
    for (const fs::path& file : {secret_file, public_file}) {
      // An error (a folder we may not search) is left to the write below.
      std::error_code error;
      const fs::file_type type = fs::symlink_status(file, error).type();
      if (!error && type != fs::file_type::not_found) {
        return AlreadyExists(file);
      }
    }
  }
  constexpr fs::perms kOwner = fs::perms::owner_read | fs::perms::owner_write;
  XINBAO_RETURN_IF_ERROR(
      WriteKeyFile(secret_file, KeyFileText(pair, true), kOwner, overwrite));
  return WriteKeyFile(
      public_file, KeyFileText(pair, false),
      kOwner | fs::perms::group_read | fs::perms::others_read, overwrite);
}

Result<CurveKeyPair> ParseKeyFile(std::string_view text,
                                  const fs::path& file) {
  Result<CurveKeyPair> pair = ParseKeyFileText(text, file);
  if (!pair.ok()) return pair;
  XINBAO_RETURN_IF_ERROR(CheckPair(*pair, file));
  return pair;
}

Result<CurveKeyPair> ReadKeyFile(const fs::path& path) {
  Result<std::string> text = ReadSmallFile(path);
  if (!text.ok()) return text.status();
  Result<CurveKeyPair> pair = ParseKeyFileText(*text, path);
  if (!pair.ok()) return pair;
  if (!pair->secret_key.empty() && OthersMayAccess(path)) {
    return Invalid(path,
                   "含私钥的文件不得让组或其他用户读写，请执行 chmod 600 " +
                       path.string());
  }
  XINBAO_RETURN_IF_ERROR(CheckPair(*pair, path));
  return pair;
}

}  // namespace xinbao
