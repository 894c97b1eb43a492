// BrokerFace: how a web face's shared routes (督办: duban_routes.h, 采编:
// caibian_routes.h) reach the broker for a signed-in person, and which
// face they serve — the unit's desk (报送台) or the office's centre
// (值班台). The program that mounts the routes fills it: the centre asks
// as each person's registry user through its gateway key; the desk with
// the unit's own key, answering at once while the centre is away.
//
// Threads: the routes call these from the server's pool: each must be
// safe from any thread.
#pragma once

#include <functional>
#include <string>

#include "clients/web/web_gate.h"
#include "proto/status.h"
#include "xinbao/v1/wire.pb.h"

namespace xinbao::web {

struct BrokerFace {
  // One request to the broker for `caller`, answered as BrokerLine::Call.
  using Call = std::function<Result<v1::Reply>(
      const v1::Envelope&, v1::Reply::BodyCase, const Caller&)>;
  Call ask;   // the query socket
  Call send;  // the submit socket
  // The unit the caller acts for (the desk's unit; a centre person's).
  std::function<std::string(const Caller&)> unit_of;
  // The office's face (the centre), else a unit's desk.
  bool office = false;
};

}  // namespace xinbao::web
