// The analysts' routes over HTTP, against an in-process stand-in for the
// broker's query socket: what is asked of the broker and for whom, what
// the page gets back, the files, and the journal.
#include "clients/centre/analysis_routes.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>

#include "clients/text/csv.h"
#include "clients/web/json_mapping.h"
#include "clients/web/password.h"
#include "clients/web/web_server.h"
#include "tests/clients/lib/fake_broker.h"
#include "tests/support/temp_dir.h"

namespace xinbao::centre {
namespace {

using namespace std::chrono_literals;
using testing::FakeBroker;

constexpr char kPassword[] = "correct horse";

// What the stand-in answers: as the broker would, refusing as-of and stats
// to the monitor's user as the role table does.
std::vector<v1::Reply> Answer(const v1::Envelope& request, int) {
  v1::Reply reply;
  reply.set_request_id(request.request_id());
  reply.set_time_zone("Asia/Shanghai");
  if (request.acting_user() == "duty-1" && (request.has_as_of() || request.has_stats())) {
    v1::Error* error = reply.mutable_error();
    error->set_code(v1::ERROR_CODE_NOT_PERMITTED);
    error->set_message("值班员不能查询回看和考核统计");
    return {reply};
  }
  if (request.has_stats()) {
    v1::StatsTable* table = reply.mutable_stats();
    table->set_from_ms(1'793'462'400'000);
    table->set_to_ms(1'796'054'400'000);
    (*table->mutable_unit_names())["hekou"] = "河口镇";
    v1::UnitStats* unit = table->add_units();
    unit->set_unit_id("hekou");
    unit->set_rank(1);
    unit->set_score(7.5);
  } else if (request.has_replay()) {
    v1::ReplayChunk* chunk = reply.mutable_replay_chunk();
    chunk->set_chunk(1);
    chunk->set_first_sequence(1);
    chunk->set_last_sequence(3000);
    chunk->set_scanned_to_sequence(1500);
    chunk->set_done(false);
    v1::Report* report = chunk->add_reports();
    report->set_sequence(7);
    report->set_unit_id("hekou");
    report->set_kind(v1::KIND_GENERAL_DYNAMIC);
    report->set_title("城关镇开展冬季消防安全大检查");
  } else if (request.has_as_of()) {
    reply.mutable_as_of()->set_at_ms(request.as_of().at_ms());
  } else {
    reply.mutable_error()->set_code(v1::ERROR_CODE_UNKNOWN_REQUEST);
  }
  return {reply};
}

class AnalysisRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::string> hash = web::HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    logins_.Put(web::Login{"zhangwei", "张伟", "analyst-1", *hash, false});
    logins_.Put(web::Login{"lina", "李娜", "duty-1", *hash, false});
    auto journal = web::WebJournal::Open(dir_ / "journal.jsonl");
    ASSERT_TRUE(journal.ok());
    journal_ = std::move(journal).value();
    queries_ = std::make_unique<web::BrokerLine>(
        client::QueryOptions{broker_.endpoint(), 2s});
    auto server = web::WebServer::Make(web::ListenOptions{});
    ASSERT_TRUE(server.ok());
    server_ = std::move(server).value();
    gate_ = std::make_unique<web::WebGate>(
        "centre", logins_, sessions_, *journal_,
        [](const web::Login& login) -> Result<web::api::SessionInfo> {
          web::api::SessionInfo info;
          info.set_role(login.user == "duty-1" ? "monitor" : "analyst");
          info.set_time_zone("Asia/Shanghai");
          return info;
        },
        false);
    ASSERT_TRUE(server_->Bind().ok());
    gate_->Mount(server_->routes(), server_->port());
    MountAnalysis(server_->routes(), *gate_, *queries_, [](const web::Caller& caller) {
      return web::OnBehalf{caller.session.login.user, caller.session.login.display};
    });
    server_->Serve();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  // The session cookie of `name`, signed in.
  std::string SignIn(const std::string& name) {
    auto response = client_->Post(
        "/api/session", "{\"name\":\"" + name + "\",\"password\":\"" + kPassword + "\"}",
        "application/json");
    EXPECT_TRUE(response);
    if (!response) return "";
    EXPECT_EQ(response->status, 200) << response->body;
    std::string cookie = response->get_header_value("Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
  }

  httplib::Result Get(const std::string& path, const std::string& cookie) {
    return client_->Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
  }

  std::vector<web::api::JournalEntry> Journal() {
    auto entries = journal_->Tail(100);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<web::api::JournalEntry>{};
  }

  std::vector<web::api::JournalEntry> Exports() {
    std::vector<web::api::JournalEntry> exports;
    for (auto& entry : Journal()) {
      if (entry.action() == "export") exports.push_back(entry);
    }
    return exports;
  }

  xinbao::testing::TempDir dir_;
  FakeBroker broker_{Answer};
  web::LoginBook logins_;
  web::SessionBook sessions_;
  std::unique_ptr<web::WebJournal> journal_;
  std::unique_ptr<web::BrokerLine> queries_;
  std::unique_ptr<web::WebServer> server_;
  std::unique_ptr<web::WebGate> gate_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(AnalysisRoutes, EveryRouteNeedsASession) {
  for (const char* path : {"/api/stats", "/api/replay", "/api/as-of?at=1",
                           "/api/export/stats.csv", "/api/export/stats.xlsx",
                           "/api/export/replay.csv", "/api/export/replay.xlsx"}) {
    auto response = client_->Get(path);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 401) << path;
  }
  EXPECT_TRUE(broker_.requests().empty());
}

TEST_F(AnalysisRoutes, StatsAreAskedAsThePersonAndAnsweredAsJson) {
  const std::string cookie = SignIn("zhangwei");
  auto response = Get("/api/stats?month=2026-11", cookie);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
  v1::Reply reply;
  ASSERT_TRUE(web::FromJson(response->body, &reply).ok()) << response->body;
  ASSERT_EQ(reply.stats().units_size(), 1);
  EXPECT_EQ(reply.stats().unit_names().at("hekou"), "河口镇");
  EXPECT_EQ(reply.time_zone(), "Asia/Shanghai");
  const auto requests = broker_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].stats().month(), "2026-11");
  EXPECT_EQ(requests[0].acting_user(), "analyst-1");
  EXPECT_EQ(requests[0].person(), "张伟");
}

TEST_F(AnalysisRoutes, BadParametersAreRefusedInChineseBeforeAskingTheBroker) {
  const std::string cookie = SignIn("zhangwei");
  for (const char* path : {"/api/stats?month=2026-13", "/api/replay?from=tomorrow",
                           "/api/replay?kind=rumour", "/api/as-of",
                           "/api/export/replay.xlsx?unit=%E6%B2%B3",
                           "/api/export/stats.csv?month=x"}) {
    auto response = Get(path, cookie);
    ASSERT_TRUE(response) << path;
    EXPECT_EQ(response->status, 400) << path;
    web::api::ApiError error;
    ASSERT_TRUE(web::FromJson(response->body, &error).ok()) << response->body;
    EXPECT_FALSE(error.message().empty());
    EXPECT_FALSE(error.field().empty()) << path;
    EXPECT_EQ(response->get_header_value("Content-Disposition"), "") << path;
  }
  EXPECT_TRUE(broker_.requests().empty());
  EXPECT_TRUE(Exports().empty());
}

TEST_F(AnalysisRoutes, ReplayAsksForOnePageAndTheChunkSaysMoreRemain) {
  const std::string cookie = SignIn("zhangwei");
  auto response = Get(
      "/api/replay?from=2026-11-01T00:00&to=1796054400000&unit=hekou&kind=urgent&"
      "stage=&event=",
      cookie);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
  v1::Reply reply;
  ASSERT_TRUE(web::FromJson(response->body, &reply).ok());
  EXPECT_FALSE(reply.replay_chunk().done());
  EXPECT_EQ(reply.replay_chunk().scanned_to_sequence(), 1500u);
  EXPECT_NE(response->body.find("\"done\":false"), std::string::npos);
  const auto requests = broker_.requests();
  ASSERT_EQ(requests.size(), 1u);  // no credit, no cancel: see AskReplay
  const v1::ReplayRequest& replay = requests[0].replay();
  EXPECT_EQ(replay.credit(), 1u);
  EXPECT_EQ(replay.chunk_reports(), 1000u);
  EXPECT_EQ(replay.from_ms(), 1'793'462'400'000);
  EXPECT_EQ(replay.to_ms(), 1'796'054'400'000);
  ASSERT_EQ(replay.unit_ids_size(), 1);
  EXPECT_EQ(replay.kinds(0), v1::KIND_URGENT);
  EXPECT_EQ(requests[0].acting_user(), "analyst-1");
}

TEST_F(AnalysisRoutes, TheBrokersRefusalIsA403WithItsMessage) {
  const std::string cookie = SignIn("lina");
  auto response = Get("/api/as-of?at=1793462400000", cookie);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  web::api::ApiError error;
  ASSERT_TRUE(web::FromJson(response->body, &error).ok());
  EXPECT_EQ(error.code(), "ERROR_CODE_NOT_PERMITTED");
  EXPECT_EQ(error.message(), "值班员不能查询回看和考核统计");
  ASSERT_EQ(broker_.requests().size(), 1u);
  EXPECT_EQ(broker_.requests()[0].acting_user(), "duty-1");
  EXPECT_EQ(broker_.requests()[0].as_of().at_ms(), 1'793'462'400'000);
}

TEST_F(AnalysisRoutes, ExportsAreDownloadsAndEveryOneIsJournaled) {
  const std::string cookie = SignIn("zhangwei");
  auto csv = Get("/api/export/stats.csv?month=2026-11", cookie);
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  // Debian's cpp-httplib client percent-decodes header values as it reads
  // them: the encoded form on the wire is ContentDisposition's (tested in
  // analysis_export_test.cc).
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"xinbao-stats-2026-11.csv\"; "
            "filename*=UTF-8''考核统计-2026-11.csv");
  EXPECT_TRUE(csv->body.starts_with(client::kUtf8Bom));
  EXPECT_NE(csv->body.find("河口镇"), std::string::npos);
  EXPECT_EQ(csv->get_header_value("Cache-Control"), "no-store");

  auto xlsx = Get("/api/export/stats.xlsx?month=2026-11", cookie);
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200) << xlsx->body;
  EXPECT_TRUE(xlsx->body.starts_with(std::string_view("PK\x03\x04", 4)));
  EXPECT_NE(xlsx->get_header_value("Content-Disposition").find("2026-11.xlsx"),
            std::string::npos);

  auto replay = Get("/api/export/replay.xlsx?from=2026-11-01T00:00&unit=hekou", cookie);
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 200) << replay->body;
  EXPECT_TRUE(replay->body.starts_with(std::string_view("PK\x03\x04", 4)));
  auto replay_csv = Get("/api/export/replay.csv?unit=hekou", cookie);
  ASSERT_TRUE(replay_csv);
  EXPECT_TRUE(replay_csv->body.starts_with(std::string(client::kUtf8Bom) + "序号,"));

  const auto exports = Exports();
  ASSERT_EQ(exports.size(), 4u);
  EXPECT_EQ(exports[0].target(), "stats.csv 2026-11");
  EXPECT_EQ(exports[1].target(), "stats.xlsx 2026-11");
  EXPECT_EQ(exports[2].target(),
            "replay.xlsx from=2026-11-01T00:00&unit=hekou（1 份，未完）");
  for (const auto& entry : exports) {
    EXPECT_EQ(entry.outcome(), "ok");
    EXPECT_EQ(entry.person(), "张伟");
    EXPECT_EQ(entry.login(), "zhangwei");
  }
}

TEST_F(AnalysisRoutes, ARefusedExportIsJournaledWithTheRefusal) {
  const std::string cookie = SignIn("lina");
  auto response = Get("/api/export/stats.xlsx?month=2026-11", cookie);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(response->get_header_value("Content-Disposition"), "");
  const auto exports = Exports();
  ASSERT_EQ(exports.size(), 1u);
  EXPECT_EQ(exports[0].target(), "stats.xlsx 2026-11");
  EXPECT_EQ(exports[0].outcome(), "值班员不能查询回看和考核统计");
}

}  // namespace
}  // namespace xinbao::centre
