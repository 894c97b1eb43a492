// DemoLogin: a web face started without a logins file makes one, so the
// README's first command works on embedded defaults, as the broker makes
// demo keys: one login per person given, each with a fresh random password
// printed once and kept beside it in demo-logins.txt (0600) for the demo.
// Never used when a logins file is named.
//
// Threads: call before serving.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "clients/web/login_book.h"
#include "proto/status.h"

namespace xinbao::web {

// `people`: name, display and user of each login (password_hash ignored).
// Loads `path` if it exists; otherwise writes it with fresh passwords and
// writes "<name> <password> <display>" lines to `passwords`.
Result<LoginBook> LoadOrMakeDemoLogins(const std::filesystem::path& path,
                                       const std::vector<Login>& people,
                                       const std::filesystem::path& passwords);

}  // namespace xinbao::web
