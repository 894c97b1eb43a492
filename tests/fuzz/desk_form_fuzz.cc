// Fuzz target: the body of the report desk's POST /api/submit (and
// /api/resend), as the desk reads it — web::FromJson() into a SubmitForm,
// ReportOf() for the desk's unit, client::Stamped(), then FormProblems()
// under the rules the broker's default policy announces (AnswerPolicy,
// read back through RulesFromPolicy as the desk does). A refused body is
// a typed Status; every problem found names a field, a code and a
// message, all UTF-8 (they go back to the page as JSON).
#include <cstddef>
#include <cstdint>

#include "broker/config/config.h"
#include "broker/query/policy_answer.h"
#include "clients/desk/policy_rules.h"
#include "clients/desk/report_form.h"
#include "clients/lib/submit_client.h"
#include "clients/web/json_mapping.h"
#include "tests/fuzz/fuzz_rules.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::fuzz {
namespace {

// The form rules of a desk whose broker runs the default configuration.
desk::FormRules DefaultRules() {
  v1::Reply reply;
  broker::AnswerPolicy(broker::DefaultConfig(), reply.mutable_policy());
  desk::FormRules rules = desk::RulesFromPolicy(reply);
  rules.clock.whose = "本机";
  return rules;
}

}  // namespace
}  // namespace xinbao::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace xinbao;
  static const desk::FormRules* const rules =
      new desk::FormRules(fuzz::DefaultRules());
  web::api::SubmitForm form;
  const Status parsed = web::FromJson(fuzz::AsText(data, size), &form);
  fuzz::RequireTyped(parsed);
  if (!parsed.ok()) return 0;
  const v1::Report report =
      client::Stamped(desk::ReportOf(form, "chengguan"));
  desk::FormRules now = *rules;
  now.clock.now_ms = report.written_at_ms();  // the desk's clock, as stamped
  for (const web::api::FieldProblem& problem :
       desk::FormProblems(report, form.send_incomplete(), now)) {
    fuzz::Require(!problem.field().empty() && !problem.code().empty() &&
                      !problem.message().empty(),
                  "a form problem without field, code or message");
    fuzz::Require(IsValidUtf8(problem.message()) && IsValidUtf8(problem.field()),
                  "a form problem that is not UTF-8");
  }
  return 0;
}
