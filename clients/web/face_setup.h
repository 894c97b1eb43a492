// FaceSetup: how a web face (desk, centre) starts — its state folder, its
// logins (the given file, or demo logins it makes in the folder), its
// journal — and how it says it is serving. One copy for both faces.
//
// Threads: call before serving.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "clients/web/listen_rule.h"
#include "clients/web/login_book.h"
#include "clients/web/web_journal.h"
#include "proto/status.h"

namespace xinbao::web {

struct FaceBasics {
  LoginBook logins;
  bool made_demo_logins = false;
  std::unique_ptr<WebJournal> journal;  // <state_dir>/journal.jsonl
};

// Creates `state_dir`; loads `logins_file`, or when it is empty
// <state_dir>/logins.toml, made from `demo_people` if missing (with
// demo-logins.txt beside it); opens the journal. `face` names the program
// in messages ("报送台").
Result<FaceBasics> SetUpFace(const std::string& face,
                             const std::filesystem::path& state_dir,
                             const std::filesystem::path& logins_file,
                             const std::vector<Login>& demo_people);

// "<face>已启动: <url>  <detail>", a loud warning for plain HTTP off
// loopback, and the demo logins when they were just made.
void AnnounceFace(std::ostream& out, const std::string& face,
                  const std::string& url, const std::string& detail,
                  const ListenOptions& listen, bool tls,
                  const std::filesystem::path& state_dir, bool made_demo_logins);

}  // namespace xinbao::web
