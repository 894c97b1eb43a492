// `xinbao keygen`: the real command line writes a key pair that the key
// file reader (proto/curve_keys.h) accepts, with the right modes, and
// never replaces existing keys unless told to.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "proto/curve_keys.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

namespace fs = std::filesystem;
using testing::CliBinary;
using testing::RunCommand;

std::vector<std::string> Keygen(const fs::path& prefix,
                                std::vector<std::string> more = {}) {
  std::vector<std::string> args = {CliBinary(), "keygen", "--out",
                                   prefix.string()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

unsigned Mode(const fs::path& file) {
  struct stat info {};
  EXPECT_EQ(::stat(file.c_str(), &info), 0) << file;
  return info.st_mode & 0777;
}

std::string ReadText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

// The key pair in <prefix>.key, checked to agree with <prefix>.pub.
CurveKeyPair ReadPair(const fs::path& prefix) {
  Result<CurveKeyPair> secret = ReadKeyFile(SecretKeyFilePath(prefix));
  Result<CurveKeyPair> public_only = ReadKeyFile(PublicKeyFilePath(prefix));
  EXPECT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_TRUE(public_only.ok()) << public_only.status().ToString();
  if (!secret.ok() || !public_only.ok()) return {};
  EXPECT_EQ(public_only->public_key, secret->public_key);
  EXPECT_TRUE(public_only->secret_key.empty());
  return *secret;
}

TEST(Keygen, WritesBothFilesAndPrintsThePublicKey) {
  testing::TempDir dir;
  const fs::path prefix = dir / "hekou";
  auto result = RunCommand(Keygen(prefix));
  ASSERT_EQ(result.exit_code, 0) << result.output;

  EXPECT_EQ(Mode(dir / "hekou.key"), 0600u);
  EXPECT_EQ(Mode(dir / "hekou.pub"), 0644u);
  const CurveKeyPair pair = ReadPair(prefix);
  EXPECT_NE(result.output.find("公钥: " + pair.public_key + "\n"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find((dir / "hekou.key").string()), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find((dir / "hekou.pub").string()), std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find(pair.secret_key), std::string::npos)
      << "the secret key must not be printed";
}

TEST(Keygen, JsonNamesTheKeyAndTheFiles) {
  testing::TempDir dir;
  const fs::path prefix = dir / "broker";
  auto result = RunCommand(Keygen(prefix, {"--json"}));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const CurveKeyPair pair = ReadPair(prefix);
  EXPECT_EQ(result.output,
            "{\"public_key\":\"" + pair.public_key + "\",\"secret_file\":\"" +
                (dir / "broker.key").string() + "\",\"public_file\":\"" +
                (dir / "broker.pub").string() + "\"}\n");
}

TEST(Keygen, SecondRunWithoutForceExits2AndChangesNothing) {
  testing::TempDir dir;
  const fs::path prefix = dir / "me";
  ASSERT_EQ(RunCommand(Keygen(prefix)).exit_code, 0);
  const std::string secret_text = ReadText(dir / "me.key");
  const std::string public_text = ReadText(dir / "me.pub");

  auto again = RunCommand(Keygen(prefix));
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;
  EXPECT_EQ(ReadText(dir / "me.key"), secret_text);
  EXPECT_EQ(ReadText(dir / "me.pub"), public_text);
  EXPECT_EQ(Mode(dir / "me.key"), 0600u);

  auto forced = RunCommand(Keygen(prefix, {"--force"}));
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_NE(ReadText(dir / "me.key"), secret_text);
  EXPECT_NE(forced.output.find("公钥: " + ReadPair(prefix).public_key),
            std::string::npos)
      << forced.output;
}

TEST(Keygen, MissingFolderIsALocalError) {
  testing::TempDir dir;
  auto result = RunCommand(Keygen(dir / "absent" / "me"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("目录不存在"), std::string::npos)
      << result.output;
  EXPECT_FALSE(fs::exists(dir / "absent"));
}

}  // namespace
}  // namespace xinbao
