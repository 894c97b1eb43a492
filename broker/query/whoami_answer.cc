#include "broker/query/whoami_answer.h"

#include <string>

namespace xinbao::broker {

const char* BrokerVersion() { return XINBAO_VERSION; }

void AnswerWhoAmI(const User* user, const User* via, const BrokerConfig& config,
                  int64_t now_ms, v1::WhoAmI* answer) {
  answer->set_broker_time_ms(now_ms);
  answer->set_max_clock_skew_ms(config.limits.max_clock_skew_ms);
  answer->set_broker_version(BrokerVersion());
  answer->set_time_zone(config.zone().name());
  if (user == nullptr) return;
  answer->set_authenticated(true);
  answer->set_user(user->name);
  answer->set_unit_id(user->unit_id);
  if (const Unit* unit = config.units.Find(user->unit_id)) {
    answer->set_unit_name(unit->name);
  }
  answer->set_role(std::string(RoleName(user->role)));
  if (via != nullptr) answer->set_via(via->name);
  for (const std::string& name : user->acts_for) answer->add_acts_for(name);
}

}  // namespace xinbao::broker
