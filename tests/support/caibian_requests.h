// 采编 actions as tests send them (the office's 张敏 of the demo county
// unless the caller sets unit_id and person).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "xinbao/v1/caibian.pb.h"

namespace xinbao::testing {

// put_item: a new item (base_revision 0) `id` titled `title`, its body the
// title after "（编辑后的正文）", made from the stored reports `sources`.
inline v1::CaibianRequest PutItemAction(const std::string& id, const std::string& title,
                                        std::initializer_list<uint64_t> sources) {
  v1::CaibianRequest action;
  action.set_unit_id("county-office");
  action.set_person("张敏");
  v1::PutItem* put = action.mutable_put_item();
  put->set_item_id(id);
  put->set_title(title);
  put->set_body("（编辑后的正文）" + title);
  for (uint64_t sequence : sources) put->add_source_sequences(sequence);
  return action;
}

// put_issue: a new draft `id` of `series` listing `items` in that order.
inline v1::CaibianRequest PutIssueAction(const std::string& id, const std::string& series,
                                         std::initializer_list<std::string> items) {
  v1::CaibianRequest action;
  action.set_unit_id("county-office");
  action.set_person("张敏");
  v1::PutIssue* put = action.mutable_put_issue();
  put->set_issue_id(id);
  put->set_series_id(series);
  for (const std::string& item : items) put->add_item_ids(item);
  return action;
}

// issue_bulletin (签发) of draft `id` at revision `base_revision`.
inline v1::CaibianRequest SignAction(const std::string& id, uint32_t base_revision) {
  v1::CaibianRequest action;
  action.set_unit_id("county-office");
  action.set_person("张敏");
  action.mutable_issue_bulletin()->set_issue_id(id);
  action.mutable_issue_bulletin()->set_base_revision(base_revision);
  return action;
}

}  // namespace xinbao::testing
