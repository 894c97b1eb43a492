#include "clients/web/password.h"

#include <sodium.h>

#include <cstring>
#include <mutex>
#include <stdexcept>

namespace xinbao::web {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium 初始化失败");
  });
}

}  // namespace

Result<std::string> HashPassword(const std::string& password) {
  InitSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "计算口令散列时内存不足");
  }
  return std::string(hash);
}

bool PasswordMatches(const std::string& hash, const std::string& password) {
  InitSodium();
  if (hash.rfind("$argon2id$", 0) != 0 || hash.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  char stored[crypto_pwhash_STRBYTES] = {};
  std::memcpy(stored, hash.data(), hash.size());
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

std::string NewDemoPassword() {
  InitSodium();
  static constexpr char kAlphabet[] =
      "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 12; ++i) {
    password += kAlphabet[randombytes_uniform(sizeof(kAlphabet) - 1)];
  }
  return password;
}

std::string RandomHex(std::size_t count) {
  InitSodium();
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(count * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(),
                 reinterpret_cast<const unsigned char*>(bytes.data()), count);
  hex.pop_back();
  return hex;
}

}  // namespace xinbao::web
