// LoginBook: the persons who may sign in to a web face, kept in a TOML file
// the office's administrator edits with `xinbao web-login` (never by hand
// for passwords: only Argon2id hashes are stored).
//
//   [[login]]
//   name = "zhangwei"            # what the person types (ASCII, 1–32)
//   display = "张伟"              # shown on pages, written in the journals
//   user = "duty-1"              # centre: the registry user acted as
//   password_hash = "$argon2id$v=19$…"
//   disabled = false             # optional: a disabled login cannot sign in
//
// At a desk `user` is not used: the desk acts as its unit's key.
//
// Threads: a loaded LoginBook is immutable; safe to read from any thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "proto/status.h"

namespace xinbao::web {

struct Login {
  std::string name;
  std::string display;
  std::string user;
  std::string password_hash;
  bool disabled = false;
};

class LoginBook {
 public:
  // Reads `path`. A missing or unreadable file, bad TOML, a login without
  // name or hash, a duplicate name: INVALID_FIELD naming the file and the
  // entry, in plain Chinese.
  static Result<LoginBook> Load(const std::filesystem::path& path);
  // Writes the book to `path` durably (0600).
  Status Save(const std::filesystem::path& path) const;

  // The login named `name` that may sign in with `password`; nullopt for a
  // wrong name, wrong password or a disabled login (the caller does not
  // learn which). Takes about as long whether or not the name exists.
  std::optional<Login> SignIn(const std::string& name,
                              const std::string& password) const;

  // Adds or replaces the login named login.name.
  void Put(Login login);
  const std::vector<Login>& logins() const { return logins_; }

 private:
  std::vector<Login> logins_;
};

// Whether `name` is a valid login name: 1–32 of [A-Za-z0-9._-].
bool ValidLoginName(const std::string& name);

}  // namespace xinbao::web
