// `xinbao bulletin` (刊物编辑): the central office's bulletins
// (docs/CAIBIAN.md) on the command line.
//
//   xinbao bulletin series        (the policy answer's 采编 rules) query socket
//   xinbao bulletin list [--series S] [--year Y] [--drafts|--issued]
//                        [--candidates] [--limit N]              query socket
//   xinbao bulletin show ISSUE_ID                                query socket
//   xinbao bulletin pdf ISSUE_ID --output FILE                   query socket
//   xinbao bulletin item [ID] --title T (--body T | --body-file F)
//                        --source SEQ… [--commentary T] [--base-revision N]
//   xinbao bulletin drop ID --reason T --base-revision N
//   xinbao bulletin draft [ISSUE_ID] --series S --item ID… [--approver NAME]
//                        [--classification 内部] [--compiled-by T]
//                        [--send-to T] [--copy-to T] [--corrects ISSUE_ID]
//                        [--base-revision N]
//   xinbao bulletin sign ISSUE_ID --base-revision N             (签发)
//   xinbao bulletin adopt (--report SEQ | --item ID) --level 市级
//                        --kind 快报 --series-name T --reference 期号
//                        [--adopted TIME] [--id ADOPTION_ID]
//   xinbao bulletin instruct ITEM_ID --leader NAME --level 县级 --text T
//                        [--at TIME] [--id INSTRUCTION_ID]
//   xinbao bulletin pass-up SEQ                  (转报上级, the reporting tree)
//
// The office's actions (item … instruct) go to the submit socket as one
// CaibianRequest each, as the office --unit (else the profile's unit) by
// --by (else the global --person). Every client-minted id can be given
// (ID, ISSUE_ID, --id) so that a command retried across runs is safe;
// without one a fresh UUID is minted per command and printed (the query
// client's one retry resends the same request). `item ID` and `draft
// ISSUE_ID` without --base-revision make the record under that id; to
// edit, give the revision the edit was made on (`bulletin show`, `list
// --candidates`): an older one is refused STALE_REVISION. `pdf` writes the
// issue as clients/print/bulletin_pdf.h lays it out (a draft carries
// 样稿), wholly or not at all. With --json each command prints the Reply's
// body as one JSON line (`pdf` still writes the file). Exit codes as in
// global_options.h: 0 done, 2 a bad flag or an unwritable file, 3 no
// answer, 4 the broker refused (in its words).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "clients/cli/global_options.h"

namespace xinbao::client::cli {

class BulletinCommands {
 public:
  // Adds `bulletin` and its subcommands to `app`; both must outlive this.
  BulletinCommands(CLI::App& app, const GlobalOptions& options);

  // Runs the subcommand that was parsed; nullopt if none of these was.
  std::optional<int> RunParsed() const;

 private:
  // bulletin_commands.cc: the questions.
  int RunSeries() const;
  int RunList() const;
  int RunShow() const;
  int RunPdf() const;
  // bulletin_edit_commands.cc: the office's actions.
  void AddEditing();
  void AddRecording();
  int RunItem() const;
  int RunDrop() const;
  int RunDraft() const;
  int RunSign() const;
  int RunAdopt() const;
  int RunInstruct() const;
  int RunPassUp() const;
  // Adds --unit and --by to an action's subcommand.
  void AddOffice(CLI::App* command);

  const GlobalOptions& options_;
  CLI::App* bulletin_ = nullptr;
  CLI::App* series_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* pdf_ = nullptr;
  CLI::App* item_ = nullptr;
  CLI::App* drop_ = nullptr;
  CLI::App* draft_ = nullptr;
  CLI::App* sign_ = nullptr;
  CLI::App* adopt_ = nullptr;
  CLI::App* instruct_ = nullptr;
  CLI::App* pass_up_ = nullptr;

  // list
  std::string series_id_;
  int32_t year_ = 0;
  bool drafts_ = false;
  bool issued_ = false;
  bool candidates_ = false;
  uint32_t limit_ = 0;
  // show, pdf, sign, draft, drop, item, instruct: the record's id
  std::string id_;
  std::string output_;
  // item
  std::string title_;
  std::string body_;
  std::string body_file_;
  std::vector<uint64_t> sources_;
  std::string commentary_;
  uint32_t base_revision_ = 0;
  // drop
  std::string reason_;
  // draft
  std::vector<std::string> items_;
  std::string approver_;
  std::string classification_;
  std::string compiled_by_;
  std::string send_to_;
  std::string copy_to_;
  std::string corrects_;
  // adopt, pass-up
  uint64_t report_ = 0;
  std::string item_id_;
  std::string level_;
  std::string kind_;
  std::string series_name_;
  std::string reference_;
  std::string at_;
  std::string record_id_;
  // instruct
  std::string leader_;
  std::string text_;
  // every action
  std::string unit_;
  std::string by_;
};

}  // namespace xinbao::client::cli
