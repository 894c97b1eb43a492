// What the reporting-tree tests (issue 16) share — a county and its city
// (CountyAndCity), real processes with CURVE — the units a parent
// broker registers (the demo's, for the demo key set, plus one unit per
// child broker), what a store holds, a broker's status over its query socket, and the wait
// until a broker's upward queue has drained.
#pragma once

#include <chrono>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "broker/config/config.h"
#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/temp_dir.h"

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


// The demo's units and the county `qingshui`, which the county's broker
// stands for at the city.
inline std::string CityUnits(const std::string& county = "qingshui",
                      const std::string& county_name = "清水县") {
  return UnitsWithChildren({{county, county_name}});
}

// A county (qingshui) and its city (jiangzhou), each a real broker with
// CURVE; the county's broker key is registered at the city with role
// broker for the unit qingshui.
struct CountyAndCity {
  // `skip_level_units`: units of the county whose keys the city also
  // registers for 越级上报 (role reporter, home_broker "qingshui", the
  // unit's id there as home_unit, under the city's unit qingshui).
  // `city_sections`: more of the city's configuration ("[caibian] …").
  explicit CountyAndCity(const TempDir& dir,
                         const std::vector<std::string>& skip_level_units = {},
                         const std::string& city_sections = "") {
    county_data = dir / "county";
    city_data = dir / "city";
    std::filesystem::create_directories(dir / "county-etc");
    std::filesystem::create_directories(dir / "city-etc");
    MakeTestKeys(county_data);
    city_config = CurveConfig(
        dir / "city-etc", city_data,
        "[tree]\nid = \"jiangzhou\"\nname = \"江州市\"\n" + CityUnits() +
            city_sections);
    Result<CurveKeyPair> county_key =
        ReadKeyFile(KeysDir(county_data) / "broker.pub");
    if (!county_key.ok()) throw std::runtime_error(county_key.status().ToString());
    std::ofstream(KeysDir(city_data) / "users.toml", std::ios::app)
        << "\n[[user]]\nname = \"qingshui-broker\"\nunit = \"qingshui\"\n"
           "role = \"broker\"\npublic_key = \""
        << county_key->public_key << "\"\n";
    for (const std::string& unit : skip_level_units) {
      Result<CurveKeyPair> unit_key = ReadKeyFile(KeysDir(county_data) / (unit + ".key"));
      if (!unit_key.ok()) throw std::runtime_error(unit_key.status().ToString());
      std::ofstream(KeysDir(city_data) / "users.toml", std::ios::app)
          << "\n[[user]]\nname = \"" << unit << "-skip-level\"\nunit = \"qingshui\"\n"
             "role = \"reporter\"\npublic_key = \""
          << unit_key->public_key << "\"\nhome_broker = \"qingshui\"\nhome_unit = \""
          << unit << "\"\nhome_unit_name = \"河口镇\"\n";
    }
    city = std::make_unique<BrokerProcess>(
        city_data, "tcp://127.0.0.1:*",
        std::vector<std::string>{"--config", city_config.string()});
    county_config = CurveConfig(
        dir / "county-etc", county_data,
        "[tree]\nid = \"qingshui\"\nname = \"清水县\"\n"
        "[upstream]\nendpoint = \"" + city->endpoint() +
            "\"\nquery_endpoint = \"" + city->query_endpoint() +
            "\"\nunit = \"qingshui\"\nserver_key_file = \"" +
            (KeysDir(city_data) / "broker.pub").string() +
            "\"\nreply_timeout = \"500ms\"\n");
    county = std::make_unique<BrokerProcess>(
        county_data, "tcp://127.0.0.1:*",
        std::vector<std::string>{"--config", county_config.string()});
  }

  // After a kill -9: the city again on its endpoint, from its data; the
  // county again from its data (its own endpoints are new).
  void RestartCity() {
    const std::string endpoint = city->endpoint();
    city.reset();
    city = std::make_unique<BrokerProcess>(
        city_data, endpoint,
        std::vector<std::string>{"--config", city_config.string()});
  }
  void RestartCounty() {
    county.reset();
    county = std::make_unique<BrokerProcess>(
        county_data, "tcp://127.0.0.1:*",
        std::vector<std::string>{"--config", county_config.string()});
  }

  // What the city stored, in its order (both brokers stopped first).
  std::vector<v1::Report> CityStore() {
    EXPECT_EQ(city->Terminate(), 0);
    EXPECT_EQ(county->Terminate(), 0);
    return StoredReports(city_data / "reports", "qingshui", &link_position);
  }

  std::filesystem::path county_data;
  std::filesystem::path city_data;
  std::filesystem::path county_config;
  std::filesystem::path city_config;
  std::unique_ptr<BrokerProcess> city;
  std::unique_ptr<BrokerProcess> county;
  uint64_t link_position = 0;  // the city's, of the county (CityStore())
};

}  // namespace xinbao::testing
