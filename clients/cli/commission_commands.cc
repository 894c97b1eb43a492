#include "clients/cli/commission_commands.h"

#include <utility>

#include "clients/cli/caibian_call.h"
#include "clients/cli/query_call.h"
#include "clients/text/caibian_text.h"

namespace xinbao::client::cli {

CommissionCommands::CommissionCommands(CLI::App& app,
                                       const GlobalOptions& options)
    : options_(options) {
  commission_ = app.add_subcommand("commission", "约稿：向单位约稿、查看回复情况、取消（中心）");
  commission_->alias("约稿");
  commission_->require_subcommand(1);

  ask_ = commission_->add_subcommand("ask", "向一个或几个单位约稿");
  ask_->alias("约");
  ask_->add_option("--topic", topic_, "约稿题目")->required();
  ask_->add_option("--to", to_, "被约稿单位编号（可多个）")->required();
  ask_->add_option("--due", due_, "截止时间（默认按工作日计算），写法同 submit 的 --occurred");
  ask_->add_option("--requirements", requirements_, "要求");
  ask_->add_option("--id", id_, "约稿编号（重试时给出同一个；默认自动生成并显示）");
  ask_->add_option("--unit", unit_, "中心单位编号（默认配置文件的 unit）");
  ask_->add_option("--by", by_, "经办人姓名（默认 --person）");

  list_ = commission_->add_subcommand("list", "列出约稿及各单位回复情况（单位只见约本单位的）");
  list_->alias("列表");
  list_->add_flag("--all", all_, "也列出已结束、已取消的");
  list_->add_option("--unit", unit_, "只列约了该单位的");

  cancel_ = commission_->add_subcommand("cancel", "取消一项约稿（须写理由）");
  cancel_->alias("取消");
  cancel_->add_option("ID", id_, "约稿编号")->required();
  cancel_->add_option("--reason", reason_, "取消的理由")->required();
  cancel_->add_option("--unit", unit_, "中心单位编号（默认配置文件的 unit）");
  cancel_->add_option("--by", by_, "经办人姓名（默认 --person）");
}

std::optional<int> CommissionCommands::RunParsed() const {
  if (!commission_->parsed()) return std::nullopt;
  if (ask_->parsed()) return RunAsk();
  if (list_->parsed()) return RunList();
  if (cancel_->parsed()) return RunCancel();
  return std::nullopt;
}

int CommissionCommands::RunAsk() const {
  v1::CaibianRequest action;
  v1::Commission* commission = action.mutable_commission();
  commission->set_commission_id(IdOrNew(id_));
  commission->set_topic(topic_);
  commission->set_requirements(requirements_);
  for (const std::string& unit : to_) commission->add_unit_ids(unit);
  int64_t due = 0;
  if (Status s = ReadTime(options_, due_, "--due", &due); !s.ok()) return Fail(s);
  commission->set_due_at_ms(due);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

int CommissionCommands::RunList() const {
  v1::Envelope request;
  request.mutable_list_commissions()->set_include_closed(all_);
  request.mutable_list_commissions()->set_unit_id(unit_);
  return ShowAnswer(options_,
                    AskQuery(options_, options_.query_endpoint,
                             std::move(request), v1::Reply::kCommissionList),
                    [this](const v1::Reply& reply) {
                      return CommissionListText(reply.commission_list(),
                                                Now(options_, reply));
                    });
}

int CommissionCommands::RunCancel() const {
  v1::CaibianRequest action;
  action.mutable_cancel_commission()->set_commission_id(id_);
  action.mutable_cancel_commission()->set_reason(reason_);
  return ActAsOffice(options_, unit_, by_, std::move(action));
}

}  // namespace xinbao::client::cli
