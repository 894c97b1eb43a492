#include "broker/duban/upstream_items.h"

#include <cstdio>
#include <functional>

#include "proto/report_rules.h"  // IsWellFormedId

namespace xinbao::broker {
namespace {

constexpr std::size_t kMaxStepText = 4000;  // code points (duban_validator)
constexpr std::size_t kMaxPerson = 64;

// The first `limit` code points of `text` (valid UTF-8 in, valid out).
std::string Clipped(const std::string& text, std::size_t limit) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;
    if (points++ == limit) return text.substr(0, i);
  }
  return text;
}

std::size_t CodePoints(const std::string& text) {
  std::size_t points = 0;
  for (const char c : text) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return points;
}

const v1::DubanUnit* PartOf(const v1::DubanState& item, std::string_view unit_id) {
  for (const v1::DubanUnit& unit : item.units()) {
    if (unit.unit_id() == unit_id) return &unit;
  }
  return nullptr;
}

// The unit's last answer (办结报告 / 办理意见) in the item's history.
const v1::DubanStep* LastAnswer(const v1::DubanState& item, std::string_view unit_id) {
  const v1::DubanStep* last = nullptr;
  for (const v1::DubanStep& step : item.steps()) {
    if (step.kind() == v1::STEP_KIND_RESULT && step.unit_id() == unit_id) last = &step;
  }
  return last;
}

}  // namespace

std::string UpStepId(std::string_view tree_id, std::string_view kind,
                     std::string_view local_id) {
  std::string id = std::string(tree_id) + ":" + std::string(kind) + ":" +
                   std::string(local_id);
  if (IsWellFormedId(id, 64)) return id;
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string_view>{}(local_id));
  return std::string(tree_id.substr(0, 40)) + ":" + std::string(kind) + ":" + hash;
}

UpstreamItems::UpstreamItems(Terms terms, Loader load)
    : terms_(std::move(terms)), load_(std::move(load)) {}

Result<v1::UpstreamDuban*> UpstreamItems::Find(std::string_view item_id) {
  auto found = kept_.find(item_id);
  if (found != kept_.end()) return &found->second;
  Result<std::optional<v1::UpstreamDuban>> stored = load_(item_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return static_cast<v1::UpstreamDuban*>(nullptr);
  return &kept_.emplace(std::string(item_id), std::move(**stored)).first->second;
}

Result<bool> UpstreamItems::Take(const v1::DubanState& parent, std::string_view broker_id,
                                 int64_t now_ms) {
  const std::string& id = parent.item().item_id();
  if (!IsWellFormedId(id, 64)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "上级下发的督办事项编号不对：\"" + id + "\"",
                  "downward_item.duban.item.item_id");
  }
  Result<v1::UpstreamDuban*> found = Find(id);
  if (!found.ok()) return found.status();
  v1::UpstreamDuban* kept = *found;
  if (kept == nullptr) {
    kept = &kept_[id];
    kept->set_broker_id(std::string(broker_id));
    kept->set_unit_id(terms_.unit_id);
    kept->set_received_at_ms(now_ms);
  } else if (kept->item().updated_at_ms() > parent.updated_at_ms() ||
             kept->item().SerializeAsString() == parent.SerializeAsString()) {
    return false;  // fetched again (after a crash): what is kept is as new
  }
  *kept->mutable_item() = parent;
  kept->set_updated_at_ms(now_ms);
  changed_ids_.insert(id);
  return true;
}

Status UpstreamItems::Check(v1::DubanItem* item) {
  const std::string id = item->upstream().item_id();
  Result<v1::UpstreamDuban*> found = Find(id);
  if (!found.ok()) return found.status();
  const v1::UpstreamDuban* kept = *found;
  if (kept == nullptr) {
    return Status(v1::ERROR_CODE_UNKNOWN_ITEM,
                  "本级没有收到上级交办的督办事项 " + id +
                      "：只能转办上级交办给本级的事项（xinbao duban list 列出“上级交办”）",
                  "issue_duban.item.upstream.item_id");
  }
  const v1::DubanUnit* part = PartOf(kept->item(), kept->unit_id());
  if (kept->item().closed() || part == nullptr ||
      part->phase() == v1::UNIT_PHASE_DONE) {
    return Status(v1::ERROR_CODE_WRONG_STATE,
                  "上级交办的督办事项 " + id + " 本级部分已办结销号，无须再转办",
                  "issue_duban.item.upstream.item_id");
  }
  if (kept->item().suspended()) {
    return Status(v1::ERROR_CODE_WRONG_STATE,
                  "上级交办的督办事项 " + id + " 已被上级中止，恢复后才能转办",
                  "issue_duban.item.upstream.item_id");
  }
  item->mutable_upstream()->set_broker_id(kept->broker_id());
  return Status::Ok();
}

Status UpstreamItems::Carried(const v1::DubanState& issued, int64_t now_ms) {
  const v1::DubanItem& item = issued.item();
  Result<v1::UpstreamDuban*> found = Find(item.upstream().item_id());
  if (!found.ok()) return found.status();
  v1::UpstreamDuban* kept = *found;
  if (kept == nullptr) return Status::Ok();  // Check() said otherwise first
  const bool first = kept->carried_by().empty();
  kept->add_carried_by(item.item_id());
  std::string units = UnitName(item.lead_unit_id()) + "（主办）";
  for (const std::string& co : item.co_unit_ids()) units += "、" + UnitName(co) + "（协办）";
  const v1::DubanUnit* part = PartOf(kept->item(), kept->unit_id());
  const bool unsigned_there = part != nullptr && part->phase() == v1::UNIT_PHASE_ISSUED;
  Queue(kept, first && unsigned_there ? v1::STEP_KIND_SIGN : v1::STEP_KIND_PROGRESS,
        item.item_id(), item.officer(),
        "已转办" + units + "办理（" + terms_.tree_name + "督办事项 " + item.item_id() + "）",
        nullptr, now_ms);
  return Status::Ok();
}

Status UpstreamItems::Stepped(const v1::DubanState& item, int64_t now_ms) {
  if (!item.closed() || item.item().upstream().item_id().empty()) return Status::Ok();
  Result<v1::UpstreamDuban*> found = Find(item.item().upstream().item_id());
  if (!found.ok()) return found.status();
  v1::UpstreamDuban* kept = *found;
  if (kept == nullptr) return Status::Ok();
  std::string text = terms_.tree_name + "转办办理完毕，各单位均已办结销号（" +
                     terms_.tree_name + "督办事项 " + item.item().item_id() + "）。";
  const v1::DubanStep* lead_answer = nullptr;
  for (const v1::DubanUnit& unit : item.units()) {
    const v1::DubanStep* answer = LastAnswer(item, unit.unit_id());
    if (unit.lead()) lead_answer = answer;
    text += "\n" + UnitName(unit.unit_id()) + (unit.lead() ? "（主办）" : "（协办）") + "：" +
            (answer != nullptr ? answer->text() : std::string("（无办结报告）"));
  }
  // Who closed it: the office's last 销号.
  std::string person = item.item().officer();
  for (const v1::DubanStep& step : item.steps()) {
    if (step.kind() == v1::STEP_KIND_ACCEPT) person = step.person();
  }
  Queue(kept, v1::STEP_KIND_RESULT, item.item().item_id(), person, Clipped(text, kMaxStepText),
        lead_answer != nullptr ? &lead_answer->attachments() : nullptr, now_ms);
  return Status::Ok();
}

void UpstreamItems::Queue(
    v1::UpstreamDuban* kept, v1::StepKind kind, std::string_view local_id,
    std::string person, std::string text,
    const google::protobuf::RepeatedPtrField<v1::Attachment>* attachments,
    int64_t now_ms) {
  const char* word = kind == v1::STEP_KIND_SIGN     ? "sign"
                     : kind == v1::STEP_KIND_RESULT ? "result"
                                                    : "progress";
  v1::DubanStepRequest& step = steps_.emplace_back();
  step.set_item_id(kept->item().item().item_id());
  step.set_step_id(UpStepId(terms_.tree_id, word, local_id));
  step.set_kind(kind);
  step.set_unit_id(kept->unit_id());
  // The person as the parent shows them: with this level's name.
  const std::string named = person + "（" + terms_.tree_name + "）";
  step.set_person(CodePoints(named) <= kMaxPerson ? named : Clipped(person, kMaxPerson));
  if (kind != v1::STEP_KIND_SIGN) step.set_text(std::move(text));
  if (attachments != nullptr) *step.mutable_attachments() = *attachments;
  kept->set_steps_queued(kept->steps_queued() + 1);
  kept->set_updated_at_ms(now_ms);
  changed_ids_.insert(kept->item().item().item_id());
}

std::string UpstreamItems::UnitName(std::string_view unit_id) const {
  const Unit* unit = terms_.units.Find(unit_id);
  return unit != nullptr ? unit->name : std::string(unit_id);
}

std::vector<const v1::UpstreamDuban*> UpstreamItems::Changed() const {
  std::vector<const v1::UpstreamDuban*> changed;
  for (const std::string& id : changed_ids_) changed.push_back(&kept_.at(id));
  return changed;
}

void UpstreamItems::Settle() {
  kept_.clear();
  changed_ids_.clear();
  steps_.clear();
}

}  // namespace xinbao::broker
