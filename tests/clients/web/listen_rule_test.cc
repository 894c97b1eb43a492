#include "clients/web/listen_rule.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace xinbao::web {
namespace {

TEST(ListenRuleTest, LoopbackNeedsNothingMore) {
  ListenOptions options;
  EXPECT_TRUE(CheckListen(options).ok());
  options.host = "127.0.0.5";
  EXPECT_TRUE(CheckListen(options).ok());
  options.host = "::1";
  EXPECT_TRUE(CheckListen(options).ok());
}

TEST(ListenRuleTest, PlainHttpOffLoopbackIsRefusedUnlessAskedForByName) {
  ListenOptions options;
  options.host = "0.0.0.0";
  Status refused = CheckListen(options);
  EXPECT_EQ(refused.code(), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_NE(refused.message().find("TLS"), std::string::npos);
  EXPECT_NE(refused.message().find("--insecure-plain-http"), std::string::npos);
  options.insecure_plain_http = true;
  EXPECT_TRUE(CheckListen(options).ok());
}

TEST(ListenRuleTest, TlsFilesComeInReadablePairs) {
  testing::TempDir dir;
  ListenOptions options;
  options.host = "10.1.2.3";
  options.tls_certificate = dir.path() / "cert.pem";
  EXPECT_EQ(CheckListen(options).field(), "tls");  // key missing
  options.tls_private_key = dir.path() / "key.pem";
  EXPECT_EQ(CheckListen(options).field(), "tls");  // files missing
  std::ofstream(options.tls_certificate) << "x";
  std::ofstream(options.tls_private_key) << "x";
  EXPECT_TRUE(CheckListen(options).ok());
}

TEST(ListenRuleTest, ParsesAddresses) {
  ListenOptions options;
  ASSERT_TRUE(ParseListenAddress("0.0.0.0:8443", &options).ok());
  EXPECT_EQ(options.host, "0.0.0.0");
  EXPECT_EQ(options.port, 8443);
  ASSERT_TRUE(ParseListenAddress(":7690", &options).ok());
  EXPECT_EQ(options.host, "0.0.0.0");
  EXPECT_EQ(options.port, 7690);
  ASSERT_TRUE(ParseListenAddress("[::1]:7680", &options).ok());
  EXPECT_EQ(options.host, "::1");
  EXPECT_EQ(ParseListenAddress("localhost:http", &options).code(),
            v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(ParseListenAddress("1.2.3.4:70000", &options).code(),
            v1::ERROR_CODE_INVALID_FIELD);
}

}  // namespace
}  // namespace xinbao::web
