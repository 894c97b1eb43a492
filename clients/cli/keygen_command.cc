#include "clients/cli/keygen_command.h"

#include <filesystem>
#include <iostream>

#include "clients/text/report_lines.h"
#include "proto/curve_keys.h"

namespace xinbao::client::cli {

KeygenCommand::KeygenCommand(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  keygen_ = app.add_subcommand(
      "keygen",
      "生成 CURVE 密钥对：<前缀>.key（私钥，须保密）和 <前缀>.pub（公钥）");
  keygen_->alias("生成密钥");
  keygen_->add_option("--out", out_, "密钥文件的路径前缀（不含 .key/.pub）")
      ->required();
  keygen_->add_flag("--force", force_, "覆盖已有的密钥文件");
}

std::optional<int> KeygenCommand::RunParsed() const {
  if (!keygen_->parsed()) return std::nullopt;
  return Run();
}

int KeygenCommand::Run() const {
  const std::filesystem::path prefix(out_);
  const std::filesystem::path folder =
      prefix.has_parent_path() ? prefix.parent_path() : ".";
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                       "目录不存在: " + folder.string() + "（请先创建）",
                       "--out"));
  }
  Result<CurveKeyPair> pair = GenerateCurveKeyPair();
  if (!pair.ok()) return Fail(pair.status());
  if (Status s = WriteKeyFiles(prefix, *pair, force_); !s.ok()) return Fail(s);
  const std::string secret_file = SecretKeyFilePath(prefix).string();
  const std::string public_file = PublicKeyFilePath(prefix).string();
  if (options_.json) {
    std::cout << "{\"public_key\":" << JsonQuote(pair->public_key)
              << ",\"secret_file\":" << JsonQuote(secret_file)
              << ",\"public_file\":" << JsonQuote(public_file) << "}"
              << std::endl;
    return kSettled;
  }
  std::cout << "私钥文件: " << secret_file << "（权限 600，须保密，勿外传）\n"
            << "公钥文件: " << public_file << "（交给服务器管理员登记）\n"
            << "公钥: " << pair->public_key << std::endl;
  return kSettled;
}

}  // namespace xinbao::client::cli
