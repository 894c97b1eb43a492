#include "clients/desk/policy_rules.h"

namespace xinbao::desk {

v1::Envelope PolicyRequest() {
  v1::Envelope envelope;
  envelope.mutable_policy();
  return envelope;
}

v1::Reply::BodyCase PolicyBodyCase() { return v1::Reply::kPolicy; }

bool HoldsPolicy(const v1::Reply& reply) { return reply.has_policy(); }

FormRules RulesFromPolicy(const v1::Reply& reply) {
  FormRules rules;
  if (!reply.has_policy()) return rules;
  const v1::Policy& policy = reply.policy();
  for (const v1::StageElements& stage : policy.stages()) {
    if (stage.stage() < v1::STAGE_SHI || stage.stage() > v1::STAGE_GUO) continue;
    for (const v1::PolicyElement& element : stage.elements()) {
      rules.required[stage.stage() - 1].push_back(element.name());
    }
  }
  rules.max_attachment_bytes = static_cast<int64_t>(policy.max_attachment_bytes());
  rules.max_attachments = policy.max_attachments();
  if (policy.max_clock_skew_ms() > 0) rules.clock.max_skew_ms = policy.max_clock_skew_ms();
  return rules;
}

}  // namespace xinbao::desk
