// Password: the web logins' passwords, stored only as Argon2id hashes
// (libsodium's crypto_pwhash_str, interactive limits: about 64 MiB and a
// tenth of a second per check, so a stolen logins file is slow to attack).
//
// Threads: safe from any thread (libsodium is initialised once).
#pragma once

#include <string>

#include "proto/status.h"

namespace xinbao::web {

// "$argon2id$v=19$m=65536,t=2,p=1$…". Fails (STORAGE_FAILURE) only when
// memory for the hash cannot be had.
Result<std::string> HashPassword(const std::string& password);

// Whether `password` matches `hash`. A hash that is not an Argon2id string
// never matches.
bool PasswordMatches(const std::string& hash, const std::string& password);

// A random password people can type: 12 characters from letters and digits
// that are not easily confused (no 0/O, 1/l/I). For demo logins.
std::string NewDemoPassword();

// `count` random bytes as lowercase hex (session ids, CSRF tokens).
std::string RandomHex(std::size_t count);

}  // namespace xinbao::web
