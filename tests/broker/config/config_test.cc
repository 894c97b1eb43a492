#include "broker/config/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/broker/config/config_files.h"
#include "tests/support/temp_dir.h"

namespace xinbao::broker {
namespace {

std::filesystem::path Write(const testing::TempDir& dir,
                            const std::string& text) {
  return WriteConfig(dir, text);
}

TEST(BrokerConfig, EmbeddedDefaultsServeTheDemoCountyOnLoopback) {
  BrokerConfig config = DefaultConfig();
  EXPECT_EQ(config.submit_endpoint, "tcp://127.0.0.1:7601");
  ASSERT_NE(config.units.Find("chengguan"), nullptr);
  EXPECT_EQ(config.units.Find("chengguan")->name, "城关镇");
  EXPECT_EQ(config.units.Find("gongan")->kind, UnitKind::kDepartment);
}

TEST(BrokerConfig, TheShippedExampleConfigLoads) {
  auto config = LoadConfig(XINBAO_SOURCE_DIR "/deploy/xinbao-broker.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->data_dir, "/var/lib/xinbao");
  EXPECT_NE(config->units.Find("chengguan"), nullptr);
  EXPECT_EQ(config->security.max_classification, v1::CLASSIFICATION_INTERNAL);
}

TEST(BrokerConfig, AConfigFileMeansCurveUnlessItSaysInsecure) {
  testing::TempDir dir;
  const std::filesystem::path path = dir / "plain.toml";
  std::ofstream(path) << "[limits]\nmax_attachments = 2\n";
  auto refused = LoadConfig(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "security.secret_key_file");
  EXPECT_NE(refused.status().message().find("mode = \"insecure\""),
            std::string::npos);
  std::ofstream(path) << "[security]\nsecret_key_file = \"/k/broker.key\"\n"
                         "registry_file = \"/k/users.toml\"\n";
  auto curve = LoadConfig(path);
  ASSERT_TRUE(curve.ok()) << curve.status().ToString();
  EXPECT_TRUE(curve->security.curve);
  EXPECT_FALSE(DefaultConfig().security.curve);  // in-process tests only
  auto insecure = LoadConfig(Write(dir, "[limits]\nmax_attachments = 2\n"));
  ASSERT_TRUE(insecure.ok());
  EXPECT_FALSE(insecure->security.curve);
}

TEST(BrokerConfig, FileOverridesOnlyWhatItSets) {
  testing::TempDir dir;
  auto config = LoadConfig(Write(dir, R"(
[broker]
submit_endpoint = "tcp://127.0.0.1:9999"
[limits]
max_attachments = 2
max_clock_skew_seconds = 60
[[units]]
id = "town-a"
name = "甲镇"
kind = "township"
)"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->submit_endpoint, "tcp://127.0.0.1:9999");
  EXPECT_EQ(config->data_dir, DefaultConfig().data_dir);
  EXPECT_EQ(config->limits.max_attachments, 2u);
  EXPECT_EQ(config->limits.max_clock_skew_ms, 60'000);
  EXPECT_EQ(config->units.units().size(), 1u);
  EXPECT_EQ(config->units.Find("chengguan"), nullptr);
}

TEST(BrokerConfig, RefusesMistakesWithTheKeyNamed) {
  testing::TempDir dir;
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {"[broker]\ndata_dri = \"x\"\n", "broker.data_dri"},
      {"[limits]\nmax_attachments = -1\n", "limits.max_attachments"},
      {"[[units]]\nid = \"a b\"\n", "units.id"},
      {"[[units]]\nid = \"a\"\nkind = \"village\"\n", "units.kind"},
      {"[[units]]\nid = \"a\"\nparent = \"nobody\"\n", "units.parent"},
      {"[[units]]\nid = \"a\"\n[[units]]\nid = \"a\"\n", "units.id"},
      {"[security]\nmax_clasification = \"secret\"\n",
       "security.max_clasification"},
      {"[security]\nmax_classification = 3\n", "security.max_classification"},
      {"security = 1\n", "security"},
  };
  for (const Case& c : cases) {
    auto config = LoadConfig(Write(dir, c.text));
    ASSERT_FALSE(config.ok()) << c.text;
    EXPECT_EQ(config.status().field(), c.field) << c.text;
  }
}

TEST(BrokerConfig, SyntaxErrorSaysWhere) {
  testing::TempDir dir;
  auto config = LoadConfig(Write(dir, "[broker\n"));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("line 1"), std::string::npos)
      << config.status().message();
}

TEST(BrokerConfig, ClassificationCeilingInEnglishOrChinese) {
  testing::TempDir dir;
  struct Case {
    const char* value;
    v1::Classification level;
  };
  const Case cases[] = {
      {"public", v1::CLASSIFICATION_PUBLIC},
      {"公开", v1::CLASSIFICATION_PUBLIC},
      {"internal", v1::CLASSIFICATION_INTERNAL},
      {"内部", v1::CLASSIFICATION_INTERNAL},
      {"Secret", v1::CLASSIFICATION_SECRET},
      {"秘密", v1::CLASSIFICATION_SECRET},
      {"confidential", v1::CLASSIFICATION_CONFIDENTIAL},
      {"机密", v1::CLASSIFICATION_CONFIDENTIAL},
      {"top-secret", v1::CLASSIFICATION_TOP_SECRET},
      {"绝密", v1::CLASSIFICATION_TOP_SECRET},
  };
  for (const Case& c : cases) {
    auto config = LoadConfig(Write(
        dir, "[security]\nmax_classification = \"" + std::string(c.value) +
                 "\"\n"));
    ASSERT_TRUE(config.ok()) << c.value << ": " << config.status().ToString();
    EXPECT_EQ(config->security.max_classification, c.level) << c.value;
  }
  // Absent: the default, 内部.
  auto config = LoadConfig(Write(dir, "[security]\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->security.max_classification, v1::CLASSIFICATION_INTERNAL);
}

TEST(BrokerConfig, UnknownClassificationIsRefusedWithTheLevelsListed) {
  testing::TempDir dir;
  auto config =
      LoadConfig(Write(dir, "[security]\nmax_classification = \"绝对机密\"\n"));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().field(), "security.max_classification");
  const std::string& message = config.status().message();
  EXPECT_NE(message.find("\"绝对机密\" 不是密级"), std::string::npos) << message;
  EXPECT_NE(message.find("公开、内部、秘密、机密、绝密"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace xinbao::broker
