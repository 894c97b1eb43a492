// CurveZMQ key material shared by the broker and the clients: key pairs,
// the checks a key must pass, and the key files people keep on disk.
//
// A key is Z85 text, 40 characters that decode to 32 bytes. A key pair is
// kept as two files beside each other:
//
//   <prefix>.key  (mode 0600)          <prefix>.pub  (mode 0644)
//   # xinbao CURVE 密钥（保密） …       # xinbao CURVE 公钥 …
//   public = "<40 characters>"          public = "<40 characters>"
//   secret = "<40 characters>"
//
// The format is a subset of TOML: blank lines and `#` comments are
// ignored, every other line is `name = "value"` (an optional `#` comment
// after it), with the names `public` (required) and `secret` (optional),
// each at most once. Z85 text holds no quote or backslash, so no escaping
// is ever needed.
//
// Errors are values, never exceptions: a file that is missing, that this
// user may not read ("无法读取密钥文件 <path>：权限不足"), malformed,
// holds a key that is not a key, a secret that does not match its public
// key, or a secret that group or others may read is refused with
// ERROR_CODE_INVALID_FIELD, field() the file's path and a plain-Chinese
// message that says what to do. Failures of the system (CURVE not built
// into libzmq, a disk that refuses a write) are ERROR_CODE_STORAGE_FAILURE.
//
// Threads: every function may be called from any thread; two writers to
// one prefix must be serialized by the caller.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "proto/status.h"

namespace xinbao {

// The length of a key as Z85 text.
inline constexpr std::size_t kCurveKeyTextLength = 40;

struct CurveKeyPair {
  std::string public_key;  // Z85, kCurveKeyTextLength characters
  std::string secret_key;  // Z85, or empty when only the public key is known
};

// A fresh key pair from libzmq (zmq_curve_keypair). STORAGE_FAILURE if this
// libzmq was built without CURVE (zmq_has("curve") is false).
Result<CurveKeyPair> GenerateCurveKeyPair();

// Whether `z85` is a key: exactly kCurveKeyTextLength characters of the Z85
// alphabet that decode to 32 bytes.
bool IsCurveKey(std::string_view z85);

// The public key that belongs to `secret_z85` (zmq_curve_public).
// INVALID_FIELD if `secret_z85` is not a key; STORAGE_FAILURE without CURVE.
Result<std::string> PublicKeyOf(std::string_view secret_z85);

// "<prefix>.key" and "<prefix>.pub".
std::filesystem::path SecretKeyFilePath(const std::filesystem::path& prefix);
std::filesystem::path PublicKeyFilePath(const std::filesystem::path& prefix);

// Writes `pair` as <prefix>.key (both keys, mode 0600) and <prefix>.pub
// (the public key, mode 0644), each as WriteFileDurably writes a file
// (proto/durable_file.h): a crash leaves each file whole or absent. Unless
// `overwrite`, nothing is written when either file exists (INVALID_FIELD
// naming it, saying to use --force).
// REQUIRES nothing of `pair`: keys that are not keys, a secret missing or
// not matching the public key are refused with INVALID_FIELD. The folder
// must exist.
Status WriteKeyFiles(const std::filesystem::path& prefix,
                     const CurveKeyPair& pair, bool overwrite = false);

// Reads a .key or .pub file. On success public_key is a key, and
// secret_key is empty (a public file) or a key whose public key is
// public_key. A file holding a secret is refused when its mode lets group
// or others in (mode & 077), with a message saying to `chmod 600` it.
Result<CurveKeyPair> ReadKeyFile(const std::filesystem::path& path);

// ReadKeyFile() of a key file's `text` as if read from `file` (named in
// refusals), without reading the disk or checking the file's mode.
Result<CurveKeyPair> ParseKeyFile(std::string_view text,
                                  const std::filesystem::path& file);

}  // namespace xinbao
