// SessionBook: who is signed in to a web face.
//
// A session is a random 256-bit id carried in an HttpOnly, SameSite=Strict
// cookie (Secure under TLS), with its own random CSRF token that every
// state-changing request must send back in the X-CSRF-Token header. A
// session ends at sign-out, after `idle` without a request (a live page's
// event stream counts), or `lifetime` after sign-in (a duty shift),
// whichever comes first. Sessions live in memory: restarting the web
// program signs everyone out.
//
// Failed sign-ins are counted per login name: after `max_failures` within
// `lockout`, that name is refused until `lockout` has passed.
//
// Threads: every method is safe from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "clients/web/login_book.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::web {

struct SessionLimits {
  std::chrono::seconds idle{std::chrono::minutes(30)};
  std::chrono::seconds lifetime{std::chrono::hours(12)};
  std::size_t max_failures = 5;
  std::chrono::seconds lockout{std::chrono::minutes(15)};
};

struct Session {
  std::string id;
  std::string csrf_token;
  Login login;  // password_hash cleared
  // What the page is told at GET /api/session (csrf_token included): the
  // role and unit the broker holds this person to, set at sign-in.
  api::SessionInfo info;
  std::chrono::system_clock::time_point signed_in;
};

class SessionBook {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SessionBook(SessionLimits limits = {});

  // A new session for `login`; `info` as the program described the person
  // (its csrf_token and expires_at_ms are filled in here).
  Session Open(const Login& login, api::SessionInfo info);
  // The live session with this id, touched (its idle time starts again);
  // nullopt if unknown or expired (an expired one is forgotten).
  std::optional<Session> Find(const std::string& id);
  void Close(const std::string& id);
  // Closes every session of the login named `name` (a disabled login).
  void CloseAllOf(const std::string& name);

  // Whether `name` is locked out now; RecordFailure counts one failure.
  bool LockedOut(const std::string& name);
  void RecordFailure(const std::string& name);
  void ClearFailures(const std::string& name);

  std::size_t size();
  const SessionLimits& limits() const { return limits_; }

  // For tests: pretend `by` has passed.
  void AdvanceForTest(Clock::duration by);

 private:
  struct Entry {
    Session session;
    Clock::time_point opened;
    Clock::time_point last_seen;
  };
  struct Failures {
    std::size_t count = 0;
    Clock::time_point first;
  };
  Clock::time_point Now() const { return Clock::now() + skew_; }

  const SessionLimits limits_;
  std::mutex mutex_;
  std::map<std::string, Entry> sessions_;
  std::map<std::string, Failures> failures_;
  Clock::duration skew_{};
};

}  // namespace xinbao::web
