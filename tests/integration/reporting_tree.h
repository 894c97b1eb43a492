// What the reporting-tree tests (issue 16) share: the units a parent
// broker registers (the demo's, for the demo key set, plus one unit per
// child broker), what a store holds, a broker's status over its query socket, and the wait
// until a broker's upward queue has drained.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "broker/config/config.h"
#include "storage/report_store.h"
#include "tests/integration/wire_peer.h"

namespace xinbao::testing {

// The demo's units and, for each child broker, its unit (id, name) of
// kind `child_kind` ("county" at a city, "city" at a province).
inline std::string UnitsWithChildren(
    const std::vector<std::pair<std::string, std::string>>& children,
    const std::string& child_kind = "county") {
  std::string text;
  const broker::BrokerConfig demo = broker::DefaultConfig();
  for (const broker::Unit& unit : demo.units.units()) {
    const char* kind = unit.kind == broker::UnitKind::kOffice       ? "office"
                       : unit.kind == broker::UnitKind::kDepartment ? "department"
                                                                    : "township";
    text += "[[units]]\nid = \"" + unit.id + "\"\nname = \"" + unit.name +
            "\"\nkind = \"" + kind + "\"\n";
    if (!unit.parent.empty()) text += "parent = \"" + unit.parent + "\"\n";
  }
  for (const auto& [id, name] : children) {
    text += "[[units]]\nid = \"" + id + "\"\nname = \"" + name + "\"\nkind = \"" +
            child_kind + "\"\n";
  }
  return text;
}

inline std::optional<v1::BrokerStatus> StatusOf(WirePeer& analyst) {
  v1::Envelope envelope;
  envelope.mutable_status();
  const std::optional<v1::Reply> reply = analyst.Ask(envelope);
  if (!reply || !reply->has_status()) return std::nullopt;
  return reply->status();
}

// Waits (bounded) until the broker's link says nothing waits to go up
// and `forwarded` have been acknowledged since it started.
inline v1::UpstreamLink DrainedLink(WirePeer& analyst, uint64_t forwarded,
                                    std::chrono::seconds bound = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  v1::UpstreamLink link;
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::optional<v1::BrokerStatus> status = StatusOf(analyst)) {
      link = status->upstream_link();
      if (link.queued() == 0 && link.forwarded() >= forwarded) return link;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "the upward queue did not drain: " << link.DebugString();
  return link;
}

// What the store in `store_dir` holds, in its order (its broker stopped
// first), and the last link position it stored from `sender` if one is
// named.
inline std::vector<v1::Report> StoredReports(const std::filesystem::path& store_dir,
                                             const std::string& sender = "",
                                             uint64_t* link_position = nullptr) {
  std::vector<v1::Report> stored;
  auto store = storage::ReportStore::Open(store_dir);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return stored;
  EXPECT_TRUE((*store)
                  ->ScanSequence(1, UINT64_MAX,
                                 [&](const v1::Report& report) {
                                   stored.push_back(report);
                                   return true;
                                 })
                  .ok());
  if (link_position != nullptr) *link_position = (*store)->LinkPosition(sender);
  return stored;
}

}  // namespace xinbao::testing
