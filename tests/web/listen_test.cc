// How a web face may be reached: loopback by default; another address only
// with TLS, or knowingly with --insecure-plain-http and a loud warning; TLS
// for real (a self-signed certificate, an HTTPS client); the security
// headers on every answer; sign-out ends the session. Nothing here listens
// beyond 127.0.0.1. No browser needed:
// cpp-httplib's own client speaks to the real `xinbao desk`.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/support/temp_dir.h"
#include "tests/web/demo_logins.h"
#include "tests/web/web_face_process.h"

namespace xinbao::testing {
namespace {

class ListenTest : public ::testing::Test {
 protected:
  std::vector<std::string> Desk(std::vector<std::string> extra) {
    std::vector<std::string> args = {"--endpoint", broker_.endpoint(), "--query-endpoint",
                                     broker_.query_endpoint(), "desk", "--unit", "hekou",
                                     "--state", (dir_.path() / "desk").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return CliAs(broker_, "hekou", args);
  }

  TempDir dir_;
  BrokerProcess broker_{dir_.path() / "broker"};
};

// (The warning printed with --insecure-plain-http is tested without
// listening beyond loopback: tests/clients/web/face_setup_test.cc.)
TEST_F(ListenTest, PlainHttpOffLoopbackIsRefused) {
  CommandResult refused = RunCommand(Desk({"--listen", "0.0.0.0:0"}));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("必须启用 TLS"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("--insecure-plain-http"), std::string::npos);
}

TEST_F(ListenTest, EveryAnswerCarriesTheSecurityHeadersAndSignOutEndsTheSession) {
  WebFaceProcess desk(Desk({"--listen", "127.0.0.1:0"}));
  httplib::Client client(desk.url());
  httplib::Result page = client.Get("/");
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(page->status, 200);
  const std::string policy = page->get_header_value("Content-Security-Policy");
  EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(client.Get("/api/outbox")->status, 401);

  const std::string origin = desk.url();
  httplib::Headers headers = {{"Origin", origin}};
  httplib::Result wrong = client.Post("/api/session", headers,
                                      R"({"name":"xinxiyuan","password":"nope"})",
                                      "application/json");
  EXPECT_EQ(wrong->status, 401);
  httplib::Result elsewhere = client.Post(
      "/api/session", {{"Origin", "http://evil.example"}},
      R"({"name":"xinxiyuan","password":")" + DemoPassword(dir_.path() / "desk", "xinxiyuan") + "\"}", "application/json");
  EXPECT_EQ(elsewhere->status, 403);  // another site cannot sign a browser in
  httplib::Result in = client.Post(
      "/api/session", headers,
      R"({"name":"xinxiyuan","password":")" + DemoPassword(dir_.path() / "desk", "xinxiyuan") + "\"}", "application/json");
  ASSERT_EQ(in->status, 200) << in->body;
  const std::string cookie = in->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  const std::string session = cookie.substr(0, cookie.find(';'));
  const std::string token = in->body.substr(in->body.find("\"csrf_token\":\"") + 14, 64);
  httplib::Headers signed_in = {{"Cookie", session}, {"Origin", origin}};
  EXPECT_EQ(client.Get("/api/outbox", signed_in)->status, 200);
  EXPECT_EQ(client.Delete("/api/session", signed_in)->status, 403);  // no CSRF token
  signed_in.emplace("X-CSRF-Token", token);
  EXPECT_EQ(client.Delete("/api/session", signed_in)->status, 204);
  EXPECT_EQ(client.Get("/api/outbox", signed_in)->status, 401);
}

TEST_F(ListenTest, TlsServesHttpsWithStrictTransportSecurity) {
  const auto cert = dir_.path() / "cert.pem";
  const auto key = dir_.path() / "key.pem";
  CommandResult made = RunCommand(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
       "-subj", "/CN=127.0.0.1", "-keyout", key.string(), "-out", cert.string()});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  WebFaceProcess desk(Desk({"--listen", "127.0.0.1:0", "--tls-cert", cert.string(),
                            "--tls-key", key.string()}));
  ASSERT_EQ(desk.url().rfind("https://", 0), 0u) << desk.url();
  httplib::SSLClient client("127.0.0.1", std::stoi(desk.url().substr(desk.url().rfind(':') + 1)));
  client.enable_server_certificate_verification(false);
  httplib::Result page = client.Get("/login.html");
  ASSERT_TRUE(page) << httplib::to_string(page.error());
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Strict-Transport-Security").find("max-age"),
            std::string::npos);
  EXPECT_NE(page->body.find("登录"), std::string::npos);
  httplib::Client plain("http://127.0.0.1:" + desk.url().substr(desk.url().rfind(':') + 1));
  EXPECT_FALSE(plain.Get("/login.html") && plain.Get("/login.html")->status == 200);
}

}  // namespace
}  // namespace xinbao::testing
