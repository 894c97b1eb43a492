#include "broker/start_check.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>

#include "broker/security/user_registry.h"
#include "proto/durable_file.h"

namespace xinbao::broker {
namespace {

namespace fs = std::filesystem;

Status DataDirProblem(const std::string& why) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, "数据目录 " + why,
                "broker.data_dir");
}

// Whether this user may make files in `folder`; empty if so, else why not.
std::string WhyNotWritable(const fs::path& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) return "不是目录";
  if (::access(folder.c_str(), W_OK | X_OK) != 0) return SystemReason(errno);
  return {};
}

// The data folder and the store in it must be writable; a folder not there
// yet must be one start can make (its nearest existing parent writable).
Status CheckDataDir(const fs::path& data_dir) {
  std::error_code error;
  const fs::path dir = fs::absolute(data_dir, error);
  if (error) return DataDirProblem(data_dir.string() + " 无法确定位置");
  fs::path existing = dir;
  while (!fs::exists(existing, error) && existing.has_relative_path()) {
    existing = existing.parent_path();
  }
  if (existing != dir) {
    const std::string why = WhyNotWritable(existing);
    if (why.empty()) return Status::Ok();
    return DataDirProblem(data_dir.string() + " 不存在，也无法创建（" +
                          existing.string() + " " + why + "）");
  }
  for (const fs::path& folder : {dir, dir / "reports"}) {
    if (folder != dir && !fs::exists(folder, error)) break;
    const std::string why = WhyNotWritable(folder);
    if (!why.empty()) {
      return DataDirProblem(data_dir.string() + " 不可写：" +
                            folder.string() + " " + why);
    }
  }
  return Status::Ok();
}

// "2026、2027".
std::string YearList(const std::vector<int>& years) {
  std::string list;
  for (int year : years) {
    list += (list.empty() ? "" : "、") + std::to_string(year);
  }
  return list;
}

}  // namespace

std::vector<std::string> StartWarnings(const BrokerConfig& config,
                                       int64_t now_ms) {
  std::vector<std::string> warnings;
  const WorkCalendar& calendar = config.calendar;
  const std::string file = "工作日历（" + calendar.origin() + "）";
  const std::vector<int> provisional = calendar.provisional_years();
  if (!provisional.empty()) {
    warnings.push_back(
        file + "中 " + YearList(provisional) +
        " 年为暂定安排（只有法定节日，调休尚未公布），按工作日计算的期限可能"
        "不准；国务院公布放假安排后请更新日历文件（[calendar] file）");
  }
  const int year = config.zone().CivilOf(now_ms).year;
  const std::vector<int> years = calendar.years();
  if (std::find(years.begin(), years.end(), year) == years.end()) {
    warnings.push_back(file + "未包含今年（" + std::to_string(year) +
                       " 年），按工作日计算的期限都将被拒绝；请更新日历文件"
                       "（[calendar] file）");
  }
  return warnings;
}

Result<CurveKeyPair> ReadServerKeys(const fs::path& path) {
  Result<CurveKeyPair> keys = ReadKeyFile(path);
  if (!keys.ok()) return keys.status();
  if (keys->secret_key.empty()) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "服务器密钥文件 " + path.string() +
                      " 只有公钥：应为 xinbao keygen 生成的 .key 文件",
                  "security.secret_key_file");
  }
  return keys;
}

std::vector<Status> CheckStart(const BrokerConfig& config) {
  std::vector<Status> problems;
  if (config.security.curve) {
    const Result<CurveKeyPair> keys =
        ReadServerKeys(config.security.secret_key_file);
    if (!keys.ok()) problems.push_back(keys.status());
    const Result<UserRegistry> users =
        LoadUserRegistry(config.security.registry_file, config.units);
    if (!users.ok()) {
      const std::string file = config.security.registry_file.string();
      const Status& why = users.status();
      problems.push_back(
          why.message().find(file) != std::string::npos
              ? why
              : Status(why.code(), "用户名录 " + file + ": " + why.message(),
                       why.field()));
    }
  }
  if (Status dir = CheckDataDir(config.data_dir); !dir.ok()) {
    problems.push_back(std::move(dir));
  }
  return problems;
}

}  // namespace xinbao::broker
