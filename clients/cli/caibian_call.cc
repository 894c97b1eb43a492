#include "clients/cli/caibian_call.h"

#include <iostream>
#include <utility>

#include "clients/cli/query_call.h"
#include "clients/lib/submit_client.h"
#include "clients/text/caibian_text.h"
#include "clients/text/local_time.h"

namespace xinbao::client::cli {
namespace {

struct Office {
  std::string unit_id;
  std::string person;
};

// MISSING_FIELD naming "--unit" or "--by" when neither the flag nor its
// fallback gives one.
Result<Office> OfficeOf(const GlobalOptions& options, const std::string& unit,
                        const std::string& by) {
  Office office{unit.empty() ? options.unit : unit,
                by.empty() ? options.person : by};
  if (office.unit_id.empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "请用 --unit 给出中心（编辑部门）的单位编号", "--unit");
  }
  if (office.person.empty()) {
    return Status(v1::ERROR_CODE_MISSING_FIELD,
                  "请用 --by（或全局的 --person）给出经办人姓名", "--by");
  }
  return office;
}

}  // namespace


int ActAsOffice(const GlobalOptions& options, const std::string& unit,
                const std::string& by, v1::CaibianRequest action) {
  Result<Office> office = OfficeOf(options, unit, by);
  if (!office.ok()) return Fail(office.status());
  action.set_unit_id(office->unit_id);
  action.set_person(office->person);
  if (action.has_commission()) {
    action.mutable_commission()->set_office_unit_id(office->unit_id);
    action.mutable_commission()->set_officer(office->person);
  }
  v1::Envelope envelope;
  *envelope.mutable_caibian() = action;
  return ShowAnswer(
      options,
      AskQuery(options, options.endpoint, std::move(envelope),
               v1::Reply::kCaibianChanged),
      [&options, &action](const v1::Reply& reply) {
        return CaibianChangedText(action, reply.caibian_changed(),
                                  ZoneOf(reply, options.zone));
      });
}

std::string IdOrNew(const std::string& id) {
  return id.empty() ? NewUuid() : id;
}

Status ReadTime(const GlobalOptions& options, const std::string& text,
                const std::string& flag, int64_t* unix_ms) {
  if (text.empty()) return Status::Ok();
  Result<int64_t> at = ParseTime(text, flag, options.zone);
  if (!at.ok()) return at.status();
  *unix_ms = *at;
  return Status::Ok();
}

}  // namespace xinbao::client::cli
