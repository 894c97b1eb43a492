// CurveZMQ keys and key files (proto/curve_keys.h): generation, the checks
// a key must pass, writing and reading both kinds of file, and every
// refusal of a file that is wrong.
#include "proto/curve_keys.h"

#include <grp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;

CurveKeyPair Generate() {
  Result<CurveKeyPair> pair = GenerateCurveKeyPair();
  EXPECT_TRUE(pair.ok()) << pair.status().ToString();
  return pair.ok() ? *pair : CurveKeyPair{};
}

void WriteText(const fs::path& file, const std::string& text,
               fs::perms perms = fs::perms::owner_read |
                                 fs::perms::owner_write) {
  std::ofstream(file, std::ios::binary) << text;
  fs::permissions(file, perms);
}

unsigned Mode(const fs::path& file) {
  struct stat info {};
  EXPECT_EQ(::stat(file.c_str(), &info), 0) << file;
  return info.st_mode & 0777;
}

std::string KeyLines(const CurveKeyPair& pair) {
  std::string text = "public = \"" + pair.public_key + "\"\n";
  if (!pair.secret_key.empty()) {
    text += "secret = \"" + pair.secret_key + "\"\n";
  }
  return text;
}

TEST(CurveKeys, GeneratedPairsAreKeysThatBelongTogether) {
  const CurveKeyPair pair = Generate();
  EXPECT_EQ(pair.public_key.size(), kCurveKeyTextLength);
  EXPECT_TRUE(IsCurveKey(pair.public_key));
  EXPECT_TRUE(IsCurveKey(pair.secret_key));
  Result<std::string> derived = PublicKeyOf(pair.secret_key);
  ASSERT_TRUE(derived.ok()) << derived.status().ToString();
  EXPECT_EQ(*derived, pair.public_key);
  EXPECT_NE(Generate().secret_key, pair.secret_key);
}

TEST(CurveKeys, IsCurveKeyNeedsFortyCharactersOfTheAlphabet) {
  const std::string good = Generate().public_key;
  struct Case {
    const char* what;
    std::string text;
    bool is_key;
  };
  const Case cases[] = {
      {"generated", good, true},
      {"empty", "", false},
      {"39 characters", good.substr(0, 39), false},
      {"41 characters", good + "0", false},
      {"a space", " " + good.substr(1), false},
      {"a quote", "\"" + good.substr(1), false},
      {"a tilde", "~" + good.substr(1), false},
      {"a comma", good.substr(0, 39) + ",", false},
      {"Chinese", "密" + good.substr(3), false},
      // Z85 of a value past 2^32: the right alphabet, but no key.
      {"overflow", std::string(kCurveKeyTextLength, '#'), false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsCurveKey(c.text), c.is_key) << c.what << ": " << c.text;
  }
}

TEST(CurveKeys, PublicKeyOfRefusesWhatIsNotAKey) {
  Result<std::string> derived = PublicKeyOf("not a key");
  ASSERT_FALSE(derived.ok());
  EXPECT_EQ(derived.status().code(), v1::ERROR_CODE_INVALID_FIELD);
}

TEST(CurveKeys, WrittenFilesReadBack) {
  testing::TempDir dir;
  const CurveKeyPair pair = Generate();
  const fs::path prefix = dir / "hekou";
  ASSERT_TRUE(WriteKeyFiles(prefix, pair).ok());

  EXPECT_EQ(SecretKeyFilePath(prefix), dir / "hekou.key");
  EXPECT_EQ(PublicKeyFilePath(prefix), dir / "hekou.pub");
  EXPECT_EQ(Mode(dir / "hekou.key"), 0600u);
  EXPECT_EQ(Mode(dir / "hekou.pub"), 0644u);
  EXPECT_FALSE(fs::exists(dir / "hekou.key.tmp"));
  EXPECT_FALSE(fs::exists(dir / "hekou.pub.tmp"));

  Result<CurveKeyPair> secret = ReadKeyFile(dir / "hekou.key");
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_EQ(secret->public_key, pair.public_key);
  EXPECT_EQ(secret->secret_key, pair.secret_key);

  Result<CurveKeyPair> public_only = ReadKeyFile(dir / "hekou.pub");
  ASSERT_TRUE(public_only.ok()) << public_only.status().ToString();
  EXPECT_EQ(public_only->public_key, pair.public_key);
  EXPECT_TRUE(public_only->secret_key.empty());
}

TEST(CurveKeys, HandWrittenPublicFileWithCommentsIsRead) {
  testing::TempDir dir;
  const CurveKeyPair pair = Generate();
  WriteText(dir / "broker.pub",
            "\xEF\xBB\xBF# 清河县信息报送中心\r\n\r\n  # 2026 年启用\r\n"
            "public=\"" +
                pair.public_key + "\"   # 服务器公钥\r\n\n",
            fs::perms::owner_read | fs::perms::owner_write |
                fs::perms::group_read | fs::perms::others_read);
  Result<CurveKeyPair> read = ReadKeyFile(dir / "broker.pub");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->public_key, pair.public_key);
  EXPECT_TRUE(read->secret_key.empty());
}

TEST(CurveKeys, WrongFilesAreRefusedNamingTheFile) {
  const CurveKeyPair pair = Generate();
  const CurveKeyPair other = Generate();
  struct Case {
    const char* what;
    std::string text;
  };
  const Case cases[] = {
      {"empty file", ""},
      {"comments only", "# 只有注释\n"},
      {"secret without public", "secret = \"" + pair.secret_key + "\"\n"},
      {"bad Z85", "public = \"" + pair.public_key.substr(0, 39) + "~\"\n"},
      {"short key", "public = \"" + pair.public_key.substr(0, 39) + "\"\n"},
      {"long key", "public = \"" + pair.public_key + "0\"\n"},
      {"bad secret", KeyLines({pair.public_key, "0" + pair.public_key})},
      {"mismatched secret", KeyLines({pair.public_key, other.secret_key})},
      {"unknown name", KeyLines(pair) + "role = \"monitor\"\n"},
      {"twice public",
       KeyLines(pair) + "public = \"" + pair.public_key + "\"\n"},
      {"no quotes", "public = " + pair.public_key + "\n"},
      {"single quotes", "public = '" + pair.public_key + "'\n"},
      {"text after the value", KeyLines(pair) + "public = \"x\" y\n"},
      {"a section", "[keys]\n" + KeyLines(pair)},
      {"a bare word", KeyLines(pair) + "public\n"},
  };
  testing::TempDir dir;
  const fs::path file = dir / "wrong.key";
  for (const Case& c : cases) {
    WriteText(file, c.text);
    Result<CurveKeyPair> read = ReadKeyFile(file);
    ASSERT_FALSE(read.ok()) << c.what;
    EXPECT_EQ(read.status().code(), v1::ERROR_CODE_INVALID_FIELD) << c.what;
    EXPECT_EQ(read.status().field(), file.string()) << c.what;
    EXPECT_NE(read.status().message().find(file.string()), std::string::npos)
        << c.what << ": " << read.status().message();
    // The text alone (as tests/fuzz reads it) is refused the same way.
    Result<CurveKeyPair> parsed = ParseKeyFile(c.text, file);
    ASSERT_FALSE(parsed.ok()) << c.what;
    EXPECT_EQ(parsed.status().ToString(), read.status().ToString()) << c.what;
  }
}

TEST(CurveKeys, MissingFileIsRefused) {
  testing::TempDir dir;
  Result<CurveKeyPair> read = ReadKeyFile(dir / "absent.key");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(read.status().message().find("不存在"), std::string::npos);
}

// What ReadKeyFile says to a user who may not read `file`. Root reads any
// file whatever its mode, so under root the read runs in a child process
// that has given up root for nobody (uid 65534), as the broker runs as its
// own service user; nullopt if it cannot give it up.
std::optional<std::string> MessageToAnotherUser(const fs::path& file) {
  if (::geteuid() != 0) {
    Result<CurveKeyPair> read = ReadKeyFile(file);
    return read.ok() ? "read" : read.status().message();
  }
  int fds[2];
  if (::pipe(fds) != 0) return std::nullopt;
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return std::nullopt;
  }
  if (child == 0) {
    ::close(fds[0]);
    std::string message = "\x01";  // could not give up root
    if (::setgroups(0, nullptr) == 0 && ::setgid(65534) == 0 &&
        ::setuid(65534) == 0) {
      Result<CurveKeyPair> read = ReadKeyFile(file);
      message = read.ok() ? "read" : read.status().message();
    }
    (void)!::write(fds[1], message.data(), message.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string message;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
    message.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (message == "\x01") return std::nullopt;
  return message;
}

// The broker started by a user who may not read its key file: the message
// names the permission, not a missing key.
TEST(CurveKeys, AFileThisUserMayNotReadIsRefusedAsSuch) {
  testing::TempDir dir;
  // Others may pass through the folder, but not read the file in it.
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_exec |
                                  fs::perms::others_exec);
  ASSERT_TRUE(WriteKeyFiles(dir / "broker", Generate()).ok());
  const fs::path file = dir / "broker.key";
  fs::permissions(file, fs::perms::none);
  const std::optional<std::string> message = MessageToAnotherUser(file);
  if (!message) GTEST_SKIP() << "this test process cannot give up root";
  EXPECT_NE(message->find("无法读取密钥文件 " + file.string() + "：权限不足"),
            std::string::npos)
      << *message;
  EXPECT_EQ(message->find("公钥"), std::string::npos) << *message;
}

TEST(CurveKeys, MissingUnreadableAndMalformedFilesSayWhichTheyAre) {
  testing::TempDir dir;
  fs::create_directory(dir / "folder.key");
  WriteText(dir / "empty.key", "");
  const struct {
    fs::path file;
    const char* says;
  } cases[] = {
      {dir / "absent.key", "文件不存在"},
      {dir / "folder.key", "不是普通文件"},
      {dir / "empty.key", "缺少公钥"},
  };
  for (const auto& c : cases) {
    Result<CurveKeyPair> read = ReadKeyFile(c.file);
    ASSERT_FALSE(read.ok()) << c.file;
    EXPECT_EQ(read.status().code(), v1::ERROR_CODE_INVALID_FIELD) << c.file;
    EXPECT_EQ(read.status().field(), c.file.string());
    EXPECT_NE(read.status().message().find(c.says), std::string::npos)
        << read.status().message();
  }
}

TEST(CurveKeys, SecretFileOthersMayReadIsRefused) {
  testing::TempDir dir;
  const CurveKeyPair pair = Generate();
  ASSERT_TRUE(WriteKeyFiles(dir / "me", pair).ok());
  for (const fs::perms extra : {fs::perms::group_read, fs::perms::others_read,
                                fs::perms::group_write}) {
    fs::permissions(dir / "me.key",
                    fs::perms::owner_read | fs::perms::owner_write | extra);
    Result<CurveKeyPair> read = ReadKeyFile(dir / "me.key");
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_NE(read.status().message().find("chmod 600"), std::string::npos)
        << read.status().message();
  }
  // A public file may be read by anyone.
  EXPECT_TRUE(ReadKeyFile(dir / "me.pub").ok());
}

TEST(CurveKeys, ExistingFilesAreKeptUnlessOverwriteIsAsked) {
  testing::TempDir dir;
  const CurveKeyPair first = Generate();
  const CurveKeyPair second = Generate();
  ASSERT_TRUE(WriteKeyFiles(dir / "me", first).ok());

  const Status refused = WriteKeyFiles(dir / "me", second);
  EXPECT_EQ(refused.code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_NE(refused.message().find("--force"), std::string::npos);
  EXPECT_EQ(ReadKeyFile(dir / "me.key")->secret_key, first.secret_key);
  EXPECT_EQ(ReadKeyFile(dir / "me.pub")->public_key, first.public_key);

  // Only the public file there is enough to refuse, and the secret file is
  // not written either.
  fs::remove(dir / "me.key");
  EXPECT_FALSE(WriteKeyFiles(dir / "me", second).ok());
  EXPECT_FALSE(fs::exists(dir / "me.key"));

  ASSERT_TRUE(WriteKeyFiles(dir / "me", second, /*overwrite=*/true).ok());
  EXPECT_EQ(ReadKeyFile(dir / "me.key")->secret_key, second.secret_key);
  EXPECT_EQ(ReadKeyFile(dir / "me.pub")->public_key, second.public_key);
  EXPECT_EQ(Mode(dir / "me.key"), 0600u);
}

TEST(CurveKeys, PairsThatAreNotPairsAreNotWritten) {
  testing::TempDir dir;
  const CurveKeyPair pair = Generate();
  const CurveKeyPair other = Generate();
  EXPECT_FALSE(WriteKeyFiles(dir / "a", {pair.public_key, ""}).ok());
  EXPECT_FALSE(
      WriteKeyFiles(dir / "b", {pair.public_key, other.secret_key}).ok());
  EXPECT_FALSE(WriteKeyFiles(dir / "c", {"short", pair.secret_key}).ok());
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

}  // namespace
}  // namespace xinbao
