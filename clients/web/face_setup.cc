#include "clients/web/face_setup.h"

#include "clients/web/demo_login.h"
#include "proto/durable_file.h"

namespace xinbao::web {

namespace fs = std::filesystem;

Result<FaceBasics> SetUpFace(const std::string& face, const fs::path& state_dir,
                             const fs::path& logins_file,
                             const std::vector<Login>& demo_people) {
  std::error_code error;
  fs::create_directories(state_dir, error);
  if (error) {
    return Status(v1::ERROR_CODE_STORAGE_FAILURE,
                  "无法创建" + face + "目录 " + state_dir.string() + ": " +
                      error.message());
  }
  FaceBasics basics;
  const bool demo = logins_file.empty();
  const fs::path file = demo ? state_dir / "logins.toml" : logins_file;
  basics.made_demo_logins = demo && !fs::exists(file, error);
  Result<LoginBook> logins =
      demo ? LoadOrMakeDemoLogins(file, demo_people, state_dir / "demo-logins.txt")
           : LoginBook::Load(file);
  if (!logins.ok()) return logins.status();
  basics.logins = std::move(logins).value();
  Result<std::unique_ptr<WebJournal>> journal =
      WebJournal::Open(state_dir / "journal.jsonl");
  if (!journal.ok()) return journal.status();
  basics.journal = std::move(journal).value();
  return basics;
}

void AnnounceFace(std::ostream& out, const std::string& face,
                  const std::string& url, const std::string& detail,
                  const ListenOptions& listen, bool tls,
                  const fs::path& state_dir, bool made_demo_logins) {
  out << face << "已启动: " << url << "  " << detail << std::endl;
  if (!IsLoopback(listen.host) && !tls) {
    out << "警告: " << face << "以明文 HTTP 在 " << listen.host
        << " 上提供服务，口令和会话在网络上不加密！" << std::endl;
  }
  if (made_demo_logins) {
    const fs::path passwords = state_dir / "demo-logins.txt";
    out << "演示登录已生成（" << passwords.string() << "）:" << std::endl;
    Result<std::string> lines = ReadWholeFile(passwords, 1 << 16, "演示登录");
    if (lines.ok()) out << *lines;
  }
  out << std::flush;
}

}  // namespace xinbao::web
