#include "clients/web/demo_login.h"

#include "clients/web/password.h"
#include "proto/durable_file.h"

namespace xinbao::web {

Result<LoginBook> LoadOrMakeDemoLogins(const std::filesystem::path& path,
                                       const std::vector<Login>& people,
                                       const std::filesystem::path& passwords) {
  std::error_code error;
  if (std::filesystem::exists(path, error)) return LoginBook::Load(path);
  LoginBook book;
  std::string lines =
      "# 演示登录（由程序生成）：登录名 口令 姓名\n";
  for (Login login : people) {
    std::string password = NewDemoPassword();
    Result<std::string> hash = HashPassword(password);
    if (!hash.ok()) return hash.status();
    login.password_hash = *hash;
    lines += login.name + " " + password + " " + login.display + "\n";
    book.Put(std::move(login));
  }
  XINBAO_RETURN_IF_ERROR(WriteFileDurably(passwords, lines));
  XINBAO_RETURN_IF_ERROR(book.Save(path));
  return book;
}

}  // namespace xinbao::web
