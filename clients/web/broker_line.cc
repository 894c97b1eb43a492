#include "clients/web/broker_line.h"

namespace xinbao::web {
namespace {
constexpr std::size_t kMaxIdle = 8;
}  // namespace

BrokerLine::BrokerLine(client::QueryOptions options)
    : options_(std::move(options)) {}

BrokerLine::~BrokerLine() = default;

Result<std::unique_ptr<client::QueryClient>> BrokerLine::Take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<client::QueryClient> client = std::move(idle_.back());
      idle_.pop_back();
      return client;
    }
  }
  return client::QueryClient::Open(options_);
}

Result<v1::Reply> BrokerLine::Call(v1::Envelope request,
                                   v1::Reply::BodyCase expected,
                                   const OnBehalf& who) {
  Result<std::unique_ptr<client::QueryClient>> client = Take();
  if (!client.ok()) return client.status();
  request.set_acting_user(who.acting_user);
  request.set_person(who.person);
  Result<v1::Reply> reply = (*client)->Call(std::move(request), expected);
  std::lock_guard lock(mutex_);
  reachable_ = reply.ok();
  if (reply.ok()) {
    if (!(*client)->time_zone().empty()) time_zone_ = (*client)->time_zone();
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(client).value());
  }
  return reply;
}

std::string BrokerLine::time_zone() {
  std::lock_guard lock(mutex_);
  return time_zone_;
}

bool BrokerLine::reachable() {
  std::lock_guard lock(mutex_);
  return reachable_;
}

}  // namespace xinbao::web
