#include "clients/cli/bulletin_commands.h"

#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/print/bulletin_pdf.h"
#include "clients/text/caibian_text.h"
#include "clients/text/local_time.h"
#include "clients/text/report_lines.h"
#include "proto/durable_file.h"

namespace xinbao::client::cli {

BulletinCommands::BulletinCommands(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  bulletin_ = app.add_subcommand(
      "bulletin", "刊物编辑：备选稿件、编排、签发、采用、批示、打印（中心）");
  bulletin_->alias("刊物");
  bulletin_->require_subcommand(1);

  series_ = bulletin_->add_subcommand("series", "列出已配置的刊物（政务信息、快报、专报……）");
  series_->alias("刊物列表");

  list_ = bulletin_->add_subcommand("list", "列出各期刊物（新的在前），可带备选稿件");
  list_->alias("列表");
  list_->add_option("--series", series_id_, "只列该刊物（刊物编号，见 bulletin series）");
  list_->add_option("--year", year_, "只列该年编号的期");
  CLI::Option* drafts = list_->add_flag("--drafts", drafts_, "只列草稿（未签发）");
  CLI::Option* issued = list_->add_flag("--issued", issued_, "只列已签发的");
  drafts->excludes(issued);
  list_->add_flag("--candidates", candidates_, "也列出备选和已编入草稿的稿件");
  list_->add_option("--limit", limit_, "最多列出几期（默认 200）");

  show_ = bulletin_->add_subcommand("show", "查看一期：版头、各篇稿件、批示、报送抄送、经过");
  show_->alias("查看");
  show_->add_option("ISSUE_ID", id_, "刊期编号")->required();

  pdf_ = bulletin_->add_subcommand("pdf", "把一期印成 PDF（草稿带“样稿”字样）");
  pdf_->alias("打印");
  pdf_->add_option("ISSUE_ID", id_, "刊期编号")->required();
  pdf_->add_option("--output", output_, "写入此 PDF 文件")->required();

  AddEditing();
  AddRecording();
}

std::optional<int> BulletinCommands::RunParsed() const {
  if (!bulletin_->parsed()) return std::nullopt;
  if (series_->parsed()) return RunSeries();
  if (list_->parsed()) return RunList();
  if (show_->parsed()) return RunShow();
  if (pdf_->parsed()) return RunPdf();
  if (item_->parsed()) return RunItem();
  if (drop_->parsed()) return RunDrop();
  if (draft_->parsed()) return RunDraft();
  if (sign_->parsed()) return RunSign();
  if (adopt_->parsed()) return RunAdopt();
  if (instruct_->parsed()) return RunInstruct();
  if (pass_up_->parsed()) return RunPassUp();
  return std::nullopt;
}

int BulletinCommands::RunSeries() const {
  v1::Envelope request;
  request.mutable_policy();
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), v1::Reply::kPolicy),
                    [](const v1::Reply& reply) {
                      return CaibianRulesText(reply.policy().caibian());
                    });
}

int BulletinCommands::RunList() const {
  v1::Envelope request;
  v1::ListBulletinsRequest* list = request.mutable_list_bulletins();
  list->set_series_id(series_id_);
  list->set_year(year_);
  if (drafts_) list->set_phase(v1::ISSUE_PHASE_DRAFT);
  if (issued_) list->set_phase(v1::ISSUE_PHASE_ISSUED);
  list->set_include_candidates(candidates_);
  list->set_limit(limit_);
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), v1::Reply::kBulletinList),
                    [this](const v1::Reply& reply) {
                      return BulletinListText(reply.bulletin_list(), candidates_,
                                              ZoneOf(reply, options_.zone));
                    });
}

int BulletinCommands::RunShow() const {
  v1::Envelope request;
  request.mutable_get_bulletin()->set_issue_id(id_);
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), v1::Reply::kBulletinDetail),
                    [this](const v1::Reply& reply) {
                      return BulletinDetailText(reply.bulletin_detail(),
                                                ZoneOf(reply, options_.zone));
                    });
}

int BulletinCommands::RunPdf() const {
  v1::Envelope request;
  request.mutable_get_bulletin()->set_issue_id(id_);
  const Outcome outcome =
      AskQuery(options_, options_.query_endpoint, std::move(request),
               v1::Reply::kBulletinDetail);
  if (!outcome.reply || outcome.reply->has_error()) {
    return ShowAnswer(options_, outcome, nullptr);
  }
  const v1::Reply& reply = *outcome.reply;
  Result<std::string> pdf = print::BulletinPdf(reply.bulletin_detail(),
                                               ZoneOf(reply, options_.zone));
  if (!pdf.ok()) return Fail(pdf.status());
  if (Status written = WriteFileDurably(output_, *pdf); !written.ok()) {
    return Fail(written);
  }
  if (options_.json) {
    std::cout << MessageJson(reply.bulletin_detail()) << std::endl;
  } else {
    std::cout << "已写入 " << output_ << std::endl;
  }
  return kSettled;
}

}  // namespace xinbao::client::cli
