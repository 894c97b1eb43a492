#include "clients/web/session_book.h"

#include "clients/web/password.h"

namespace xinbao::web {

SessionBook::SessionBook(SessionLimits limits) : limits_(limits) {}

Session SessionBook::Open(const Login& login, api::SessionInfo info) {
  Session session;
  session.id = RandomHex(32);
  session.csrf_token = RandomHex(32);
  session.login = login;
  session.login.password_hash.clear();
  session.signed_in = std::chrono::system_clock::now();
  info.set_csrf_token(session.csrf_token);
  info.set_expires_at_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
                             (session.signed_in + limits_.lifetime).time_since_epoch())
                             .count());
  session.info = std::move(info);
  std::lock_guard lock(mutex_);
  Clock::time_point now = Now();
  sessions_[session.id] = Entry{session, now, now};
  return session;
}

std::optional<Session> SessionBook::Find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(id);
  if (found == sessions_.end()) return std::nullopt;
  Clock::time_point now = Now();
  Entry& entry = found->second;
  if (now - entry.last_seen > limits_.idle ||
      now - entry.opened > limits_.lifetime) {
    sessions_.erase(found);
    return std::nullopt;
  }
  entry.last_seen = now;
  return entry.session;
}

void SessionBook::Close(const std::string& id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void SessionBook::CloseAllOf(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&](const auto& item) {
    return item.second.session.login.name == name;
  });
}

bool SessionBook::LockedOut(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto found = failures_.find(name);
  if (found == failures_.end()) return false;
  if (Now() - found->second.first > limits_.lockout) {
    failures_.erase(found);
    return false;
  }
  return found->second.count >= limits_.max_failures;
}

void SessionBook::RecordFailure(const std::string& name) {
  std::lock_guard lock(mutex_);
  Clock::time_point now = Now();
  Failures& failures = failures_[name];
  if (failures.count == 0 || now - failures.first > limits_.lockout) {
    failures = Failures{0, now};
  }
  ++failures.count;
}

void SessionBook::ClearFailures(const std::string& name) {
  std::lock_guard lock(mutex_);
  failures_.erase(name);
}

std::size_t SessionBook::size() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionBook::AdvanceForTest(Clock::duration by) {
  std::lock_guard lock(mutex_);
  skew_ += by;
}

}  // namespace xinbao::web
