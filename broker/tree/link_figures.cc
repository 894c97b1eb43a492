#include "broker/tree/link_figures.h"

namespace xinbao::broker {

void LinkFigures::Silent(const std::string& problem) {
  std::lock_guard<std::mutex> lock(mutex_);
  link_.set_connected(false);
  link_.set_problem(problem);
}

void LinkFigures::Forwarded(uint64_t sequence, uint64_t parent_sequence,
                            int64_t at_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  link_.set_connected(true);
  link_.set_last_forwarded_sequence(sequence);
  link_.set_parent_sequence(parent_sequence);
  link_.set_last_forwarded_at_ms(at_ms);
  link_.set_forwarded(link_.forwarded() + 1);
  // The parent answers again: a silence is over (a refusal stays shown).
  if (link_.refused() == 0) link_.clear_problem();
}

void LinkFigures::Refused(const std::string& problem) {
  std::lock_guard<std::mutex> lock(mutex_);
  link_.set_connected(true);
  link_.set_refused(link_.refused() + 1);
  link_.set_problem(problem);
}

void LinkFigures::Problem(const std::string& problem) {
  std::lock_guard<std::mutex> lock(mutex_);
  link_.set_problem(problem);
}

v1::UpstreamLink LinkFigures::Reading() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return link_;
}

}  // namespace xinbao::broker
