#include "clients/web/login_book.h"

#include <gtest/gtest.h>

#include <fstream>

#include "clients/web/password.h"
#include "tests/support/temp_dir.h"

namespace xinbao::web {
namespace {

Login Person(const std::string& name, const std::string& password) {
  Result<std::string> hash = HashPassword(password);
  EXPECT_TRUE(hash.ok());
  return Login{name, "张伟", "duty-1", *hash, false};
}

TEST(LoginBookTest, StoresOnlyArgon2idHashesAndSignsInWithTheRightPassword) {
  testing::TempDir dir;
  LoginBook book;
  book.Put(Person("zhangwei", "correct horse"));
  ASSERT_TRUE(book.Save(dir.path() / "logins.toml").ok());
  std::ifstream in(dir.path() / "logins.toml");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text.find("correct horse"), std::string::npos);
  EXPECT_NE(text.find("$argon2id$"), std::string::npos);

  Result<LoginBook> loaded = LoginBook::Load(dir.path() / "logins.toml");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  std::optional<Login> in_ok = loaded->SignIn("zhangwei", "correct horse");
  ASSERT_TRUE(in_ok.has_value());
  EXPECT_EQ(in_ok->display, "张伟");
  EXPECT_EQ(in_ok->user, "duty-1");
  EXPECT_FALSE(loaded->SignIn("zhangwei", "wrong").has_value());
  EXPECT_FALSE(loaded->SignIn("nobody", "correct horse").has_value());
}

TEST(LoginBookTest, ADisabledLoginCannotSignIn) {
  LoginBook book;
  Login login = Person("li", "secret-pass");
  login.disabled = true;
  book.Put(login);
  EXPECT_FALSE(book.SignIn("li", "secret-pass").has_value());
}

TEST(LoginBookTest, RefusesAPlainPasswordAndDuplicatesInChinese) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "plain.toml")
      << "[[login]]\nname = \"a\"\npassword_hash = \"123456\"\n";
  Result<LoginBook> plain = LoginBook::Load(dir.path() / "plain.toml");
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().message().find("Argon2id"), std::string::npos);

  std::string hash = HashPassword("x").value();
  std::ofstream(dir.path() / "twice.toml")
      << "[[login]]\nname = \"a\"\npassword_hash = \"" << hash << "\"\n"
      << "[[login]]\nname = \"a\"\npassword_hash = \"" << hash << "\"\n";
  Result<LoginBook> twice = LoginBook::Load(dir.path() / "twice.toml");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("重复"), std::string::npos);
}

}  // namespace
}  // namespace xinbao::web
