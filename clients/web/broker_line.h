// BrokerLine: a web program's requests to the broker's query and submit
// sockets, from many HTTP threads at once, each on behalf of a person.
//
// Every request carries `person` (Envelope.person: the broker writes it in
// its audit records) and, for a gateway key, `acting_user` (the registered
// user the broker then holds the request to: that user's role and unit).
// QueryClients are kept in a small pool, one per concurrent caller; a
// client that met silence is dropped, not reused.
//
// Threads: Call is safe from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "clients/lib/query_client.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::web {

// Whom a request is for.
struct OnBehalf {
  std::string acting_user;  // empty: the program's own key
  std::string person;       // the person's name
};

class BrokerLine {
 public:
  explicit BrokerLine(client::QueryOptions options);
  ~BrokerLine();

  // As QueryClient::Call, with `who` written into the envelope.
  Result<v1::Reply> Call(v1::Envelope request, v1::Reply::BodyCase expected,
                         const OnBehalf& who);
  // The broker's zone as its last reply named it ("" before any).
  std::string time_zone();
  // Whether the last call got an answer.
  bool reachable();

 private:
  Result<std::unique_ptr<client::QueryClient>> Take();

  const client::QueryOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<client::QueryClient>> idle_;
  std::string time_zone_;
  bool reachable_ = false;
};

}  // namespace xinbao::web
