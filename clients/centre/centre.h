// Centre (值班台): the central office's web face, run beside the broker
// (`xinbao centre`). A client of the broker like any other, with one key of
// role `gateway` whose registry entry lists the users it may act for: each
// person signs in with their own login, which names their registry user,
// and every request the program makes for them carries that user
// (Envelope.acting_user) and their name (Envelope.person), so the broker
// enforces their role and writes them in its audit log. The live view
// comes from one feed subscription (FeedRelay), passed on as Server-Sent
// Events only to persons whose role may follow the feed.
//
// Its state folder holds journal.jsonl (what persons did) and, when
// started without --logins, logins.toml with demo logins.
//
// Threads: Start serves on threads of its own until Stop or destruction.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "clients/lib/query_client.h"
#include "clients/monitor/feed_follower.h"
#include "clients/web/listen_rule.h"
#include "clients/web/login_book.h"
#include "proto/status.h"

namespace xinbao::centre {

struct CentreOptions {
  web::ListenOptions listen;  // 127.0.0.1:7690 by default (set by the CLI)
  std::filesystem::path state_dir;
  // Empty: <state_dir>/logins.toml, made from `demo_people` if missing.
  std::filesystem::path logins_file;
  std::vector<web::Login> demo_people;
  client::QueryOptions query;    // the query socket, with the gateway key
  client::QueryOptions command;  // the submit socket (merge, reopen, phone)
  // The feed, followed as `feed_user` (a registry user of role monitor the
  // gateway acts for: snapshots are the monitor's).
  client::FeedFollowerOptions feed;
  std::string feed_user;
  std::string time_zone = "Asia/Shanghai";
};

class Centre {
 public:
  static Result<std::unique_ptr<Centre>> Start(CentreOptions options,
                                               std::ostream& out);
  ~Centre();
  std::string url() const;
  void Stop();

 private:
  struct Impl;
  explicit Centre(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xinbao::centre
