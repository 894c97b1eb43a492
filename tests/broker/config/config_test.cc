#include "broker/config/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

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
  EXPECT_EQ(config->metrics.listen, "127.0.0.1:9464");
  EXPECT_FALSE(config->metrics.allow_remote);
}

TEST(BrokerConfig, TextParsesAsTheFileItCameFrom) {
  const std::filesystem::path example =
      XINBAO_SOURCE_DIR "/deploy/xinbao-broker.toml";
  std::ifstream in(example);
  const std::string text((std::istreambuf_iterator<char>(in)),
                         std::istreambuf_iterator<char>());
  auto parsed = ParseConfig(text, example);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->data_dir, "/var/lib/xinbao");
  EXPECT_TRUE(parsed->security.curve);
  auto typo = ParseConfig("[limits]\nmax_attachment = 2\n", "/etc/x.toml");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().field(), "limits.max_attachment");
  auto broken = ParseConfig("[limits\n", "/etc/x.toml");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("/etc/x.toml"), std::string::npos)
      << broken.status().message();
}

TEST(BrokerConfig, NumbersBeyondWhatASettingHoldsAreRefused) {
  const std::string plain = "[security]\nmode = \"insecure\"\n";
  for (const char* text :
       {"[commit]\nmax_batch = 1e300\n", "[commit]\nmax_batch = -inf\n",
        "[limits]\nmax_clock_skew_seconds = 9223372036854775807\n",
        "[log]\nrefusals_per_second = 4294967297\n"}) {
    auto config = ParseConfig(plain + text, "/etc/x.toml");
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.status().code(), v1::ERROR_CODE_INVALID_FIELD) << text;
  }
  // A float with a whole value is still read as before.
  auto whole = ParseConfig(plain + "[commit]\nmax_batch = 64.0\n", "/etc/x.toml");
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(whole->commit.max_batch, 64u);
  auto skew = ParseConfig(plain + "[limits]\nmax_clock_skew_seconds = 60\n",
                          "/etc/x.toml");
  ASSERT_TRUE(skew.ok()) << skew.status().ToString();
  EXPECT_EQ(skew->limits.max_clock_skew_ms, 60'000);
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
store_cache_mb = 256
[limits]
max_attachments = 2
max_clock_skew_seconds = 60
min_free_disk_mb = 2048
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
  EXPECT_EQ(config->limits.min_free_disk_mb, 2048);
  EXPECT_EQ(DefaultConfig().limits.min_free_disk_mb, 512);
  EXPECT_EQ(config->store_cache_bytes, std::size_t{256} << 20);
  EXPECT_EQ(DefaultConfig().store_cache_bytes, std::size_t{64} << 20);
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
      {"[limits]\nmin_free_disk_mb = -5\n", "limits.min_free_disk_mb"},
      {"[broker]\nstore_cache_mb = 4\n", "broker.store_cache_mb"},
      {"[broker]\nstore_cache_mb = 100000\n", "broker.store_cache_mb"},
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

TEST(LogConfig, LevelAndRefusalLinesFromTheLogTable) {
  testing::TempDir dir;
  const BrokerConfig defaults = DefaultConfig();
  EXPECT_EQ(defaults.log.level, LogLevel::kInfo);
  EXPECT_EQ(defaults.log.refusals_per_second, 5);
  auto config = LoadConfig(
      Write(dir, "[log]\nlevel = \"DEBUG\"\nrefusals_per_second = 20\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->log.level, LogLevel::kDebug);
  EXPECT_EQ(config->log.refusals_per_second, 20);
  auto warning = LoadConfig(Write(dir, "[log]\nlevel = \"warning\"\n"));
  ASSERT_TRUE(warning.ok()) << warning.status().ToString();
  EXPECT_EQ(warning->log.level, LogLevel::kWarn);
  EXPECT_EQ(warning->log.refusals_per_second, 5);
}

TEST(MetricsConfig, OffByDefaultOnLoopbackWhenSet) {
  testing::TempDir dir;
  EXPECT_FALSE(DefaultConfig().metrics.enabled());
  auto config = LoadConfig(Write(dir, "[metrics]\nlisten = \"127.0.0.1:9464\"\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->metrics.enabled());
  Result<HostPort> address = MetricsAddress(config->metrics);
  ASSERT_TRUE(address.ok());
  EXPECT_EQ(address->host, "127.0.0.1");
  EXPECT_EQ(address->port, 9464);
  auto off = LoadConfig(Write(dir, "[metrics]\nlisten = \"\"\n"));
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_FALSE(off->metrics.enabled());
  auto any_port = LoadConfig(Write(dir, "[metrics]\nlisten = \":0\"\n"));
  ASSERT_TRUE(any_port.ok()) << any_port.status().ToString();
  EXPECT_EQ(MetricsAddress(any_port->metrics)->port, 0);
  auto remote = LoadConfig(Write(
      dir, "[metrics]\nlisten = \"0.0.0.0:9464\"\nallow_remote = true\n"));
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  EXPECT_EQ(MetricsAddress(remote->metrics)->host, "0.0.0.0");
}

TEST(MetricsConfig, ABadOrRemoteListenIsRefusedInPlainChinese) {
  testing::TempDir dir;
  auto remote = LoadConfig(Write(dir, "[metrics]\nlisten = \"0.0.0.0:9464\"\n"));
  ASSERT_FALSE(remote.ok());
  EXPECT_EQ(remote.status().field(), "metrics.listen");
  EXPECT_NE(remote.status().message().find("allow_remote = true"),
            std::string::npos)
      << remote.status().message();
  for (const char* text :
       {"[metrics]\nlisten = \"127.0.0.1:http\"\n",
        "[metrics]\nlisten = \"127.0.0.1:70000\"\n",
        "[metrics]\nlisten = 9464\n",
        "[metrics]\nallow_remote = \"yes\"\n",
        "[metrics]\nlisten_on = \":9464\"\n"}) {
    auto refused = LoadConfig(Write(dir, text));
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_EQ(refused.status().code(), v1::ERROR_CODE_INVALID_FIELD) << text;
    EXPECT_TRUE(refused.status().field().starts_with("metrics.")) << text;
    EXPECT_NE(refused.status().message().find("配置项 metrics."),
              std::string::npos)
        << refused.status().message();
  }
}

TEST(LogConfig, ABadLevelIsRefusedInPlainChineseWithTheLevelsListed) {
  testing::TempDir dir;
  auto config = LoadConfig(Write(dir, "[log]\nlevel = \"verbose\"\n"));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(config.status().field(), "log.level");
  EXPECT_EQ(config.status().message(),
            "配置项 log.level: 日志级别 \"verbose\" 不认识；应为 trace（最详细）、"
            "debug、info（默认）、warn、error（只记错误）之一");
  for (const char* text : {"[log]\nrefusals_per_second = 0\n",
                           "[log]\nrefusals_per_second = \"5\"\n",
                           "[log]\nlevle = \"info\"\n", "[log]\nlevel = 3\n"}) {
    auto refused = LoadConfig(Write(dir, text));
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_TRUE(refused.status().field().starts_with("log.")) << text;
  }
}

TEST(BackupConfig, FolderScheduleAndRetentionFromTheBackupTable) {
  testing::TempDir dir;
  const BrokerConfig defaults = DefaultConfig();
  EXPECT_EQ(defaults.backup_dir(), defaults.data_dir / "backups");
  EXPECT_EQ(defaults.backup.every_ms, 0);
  EXPECT_EQ(defaults.backup.keep, 7);
  auto config = LoadConfig(Write(
      dir, "[broker]\ndata_dir = \"/srv/xb\"\n[backup]\ndir = \"nightly\"\n"
           "every = \"12h\"\nkeep = 14\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->backup_dir(), std::filesystem::path("/srv/xb/nightly"));
  EXPECT_EQ(config->backup.every_ms, 12 * 3600 * 1000);
  EXPECT_EQ(config->backup.keep, 14);
  auto absolute = LoadConfig(Write(dir, "[backup]\ndir = \"/mnt/b\"\n"
                                        "every = \"none\"\n"));
  ASSERT_TRUE(absolute.ok()) << absolute.status().ToString();
  EXPECT_EQ(absolute->backup_dir(), std::filesystem::path("/mnt/b"));
  EXPECT_EQ(absolute->backup.every_ms, 0);
}

TEST(BackupConfig, MistakesAreRefusedWithTheKeyNamed) {
  testing::TempDir dir;
  auto often = LoadConfig(Write(dir, "[backup]\nevery = \"30s\"\n"));
  ASSERT_FALSE(often.ok());
  EXPECT_EQ(often.status().field(), "backup.every");
  EXPECT_NE(often.status().message().find("至少应为 1 分钟"), std::string::npos)
      << often.status().message();
  for (const char* text :
       {"[backup]\nkeep = 0\n", "[backup]\nkeep = 1001\n",
        "[backup]\ndir = \"\"\n", "[backup]\nevery = \"daily\"\n",
        "[backup]\nkept = 3\n"}) {
    auto refused = LoadConfig(Write(dir, text));
    ASSERT_FALSE(refused.ok()) << text;
    EXPECT_TRUE(refused.status().field().starts_with("backup.")) << text;
  }
}

TEST(FairnessConfig, SharesFromTheFairnessTableWithTheirDefaults) {
  testing::TempDir dir;
  const BrokerConfig defaults = DefaultConfig();
  EXPECT_EQ(defaults.fairness.unit_in_flight, 256u);
  EXPECT_EQ(defaults.fairness.unit_rate, 0);
  EXPECT_EQ(defaults.fairness.unit_per_batch, 32u);
  auto config = LoadConfig(Write(
      dir, "[fairness]\nunit_in_flight = 64\nunit_rate = 500\n"
           "unit_per_batch = 128\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->fairness.unit_in_flight, 64u);
  EXPECT_EQ(config->fairness.unit_rate, 500);
  EXPECT_EQ(config->fairness.unit_per_batch, 128u);
  auto off = LoadConfig(Write(
      dir, "[fairness]\nunit_in_flight = 0\nunit_per_batch = 0\n"));
  ASSERT_TRUE(off.ok()) << off.status().ToString();
  EXPECT_EQ(off->fairness.unit_in_flight, 0u);
  EXPECT_EQ(off->fairness.unit_rate, 0);
  EXPECT_EQ(off->fairness.unit_per_batch, 0u);
  // A file without the table keeps the embedded shares.
  auto kept = LoadConfig(Write(dir, "[log]\nlevel = \"warn\"\n"));
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->fairness.unit_in_flight, 256u);
  EXPECT_EQ(kept->fairness.unit_per_batch, 32u);
}

TEST(FairnessConfig, MistakesAreRefusedWithTheKeyNamed) {
  testing::TempDir dir;
  const struct {
    const char* text;
    const char* field;
  } kCases[] = {
      {"[fairness]\nunit_in_flight = -1\n", "fairness.unit_in_flight"},
      {"[fairness]\nunit_in_flight = 1000001\n", "fairness.unit_in_flight"},
      {"[fairness]\nunit_in_flight = \"many\"\n", "fairness.unit_in_flight"},
      {"[fairness]\nunit_rate = 2.5\n", "fairness.unit_rate"},
      {"[fairness]\nunit_rate = -3\n", "fairness.unit_rate"},
      {"[fairness]\nunit_per_batch = 1e300\n", "fairness.unit_per_batch"},
      {"[fairness]\nunit_inflight = 8\n", "fairness.unit_inflight"},
  };
  for (const auto& c : kCases) {
    auto refused = LoadConfig(Write(dir, c.text));
    ASSERT_FALSE(refused.ok()) << c.text;
    EXPECT_EQ(refused.status().code(), v1::ERROR_CODE_INVALID_FIELD) << c.text;
    EXPECT_EQ(refused.status().field(), c.field) << c.text;
    EXPECT_FALSE(refused.status().message().empty()) << c.text;
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

// [calendar]: the working-day calendar file and office hours.

TEST(CalendarConfig, WithoutACalendarTableTheBuiltInCalendarHolds) {
  testing::TempDir dir;
  auto config = LoadConfig(Write(dir, "[limits]\nmax_attachments = 2\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->calendar.origin(), "内置日历");
  EXPECT_EQ(config->calendar.years(), (std::vector<int>{2026, 2027}));
  EXPECT_EQ(config->calendar.office_hours(), DefaultOfficeHours());
  EXPECT_EQ(DefaultConfig().calendar.years(), config->calendar.years());
}

TEST(CalendarConfig, AFileBesideTheConfigLoadsAndOfficeHoursApply) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "etc" / "calendar");
  const std::filesystem::path calendar = dir / "etc" / "calendar" / "days.toml";
  std::ofstream(calendar) << "[[year]]\nyear = 2031\nstatus = \"provisional\"\n"
                             "source = \"法定节日\"\nholidays = [\"2031-01-01\"]\n";
  // Relative to the config file's folder, not the working directory.
  auto config = LoadConfig(WriteConfig(dir, R"(
[calendar]
file = "calendar/days.toml"
office_hours = ["09:00-12:00", "13:30-18:00"]
)", "etc/broker.toml"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->calendar.origin(), calendar.string());
  EXPECT_EQ(config->calendar.years(), std::vector<int>{2031});
  EXPECT_EQ(config->calendar.provisional_years(), std::vector<int>{2031});
  EXPECT_EQ(config->calendar.office_hours(),
            (std::vector<OfficeWindow>{{9 * 60, 12 * 60}, {13 * 60 + 30, 18 * 60}}));
  // An absolute path is taken as it is; office hours alone keep the
  // built-in days.
  auto absolute = LoadConfig(Write(
      dir, "[calendar]\nfile = \"" + calendar.string() + "\"\n"));
  ASSERT_TRUE(absolute.ok()) << absolute.status().ToString();
  EXPECT_EQ(absolute->calendar.years(), std::vector<int>{2031});
  auto hours = LoadConfig(Write(dir, "[calendar]\noffice_hours = [\"08:00-16:00\"]\n"));
  ASSERT_TRUE(hours.ok()) << hours.status().ToString();
  EXPECT_EQ(hours->calendar.origin(), "内置日历");
  EXPECT_EQ(hours->calendar.office_hours(),
            (std::vector<OfficeWindow>{{8 * 60, 16 * 60}}));
}

TEST(CalendarConfig, ABadCalendarIsRefusedWithTheKeyNamed) {
  testing::TempDir dir;
  std::ofstream(dir / "dup.toml")
      << "[[year]]\nyear = 2026\nstatus = \"official\"\nsource = \"x\"\n"
         "[[year]]\nyear = 2026\nstatus = \"official\"\nsource = \"x\"\n";
  struct Case {
    std::string text;
    const char* field;
    std::string says;
  };
  const Case cases[] = {
      {"[calendar]\nfile = \"dup.toml\"\n", "calendar.file",
       (dir / "dup.toml").string() + ": 2026 年 出现了两次"},
      {"[calendar]\nfile = \"nowhere.toml\"\n", "calendar.file", "nowhere.toml"},
      {"[calendar]\nfile = 3\n", "calendar.file", "非空字符串"},
      {"[calendar]\nfiles = \"x.toml\"\n", "calendar.files", "未知的配置项"},
      {"[calendar]\noffice_hours = []\n", "calendar.office_hours", "不能为空"},
      {"[calendar]\noffice_hours = [\"9-12\"]\n", "calendar.office_hours",
       "\"9-12\""},
      {"[calendar]\noffice_hours = [\"14:00-17:00\", \"08:00-12:00\"]\n",
       "calendar.office_hours", "不重叠"},
      {"calendar = \"cn.toml\"\n", "calendar", "应为一个表"},
  };
  for (const Case& c : cases) {
    auto config = LoadConfig(Write(dir, c.text));
    ASSERT_FALSE(config.ok()) << c.text;
    EXPECT_EQ(config.status().code(), v1::ERROR_CODE_INVALID_FIELD) << c.text;
    EXPECT_EQ(config.status().field(), c.field) << c.text;
    for (const std::string& part : {std::string(c.field), c.says}) {
      EXPECT_NE(config.status().message().find(part), std::string::npos)
          << c.text << " → " << config.status().message();
    }
  }
}

}  // namespace
}  // namespace xinbao::broker

namespace xinbao::broker {
namespace {

bool SameTerms(const UrgencyTerms& a, const UrgencyTerms& b) {
  return a.answer_within == b.answer_within &&
         a.remind_before == b.remind_before &&
         a.escalate_after == b.escalate_after;
}

TEST(DubanConfig, TheExampleWritesOutTheDefaults) {
  auto config = LoadConfig(XINBAO_SOURCE_DIR "/deploy/xinbao-broker.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const DubanPolicy defaults = DefaultDubanPolicy();
  const DubanPolicy& example = config->duban;
  EXPECT_EQ(example.sign_within, defaults.sign_within);
  EXPECT_EQ(example.sign_remind_before, defaults.sign_remind_before);
  EXPECT_EQ(example.sign_escalate_after, defaults.sign_escalate_after);
  EXPECT_EQ(example.urge_sign_within, defaults.urge_sign_within);
  EXPECT_EQ(example.auto_urge, defaults.auto_urge);
  for (std::size_t i = 0; i < defaults.urgency.size(); ++i) {
    EXPECT_TRUE(SameTerms(example.urgency[i], defaults.urgency[i])) << i;
  }
  EXPECT_EQ(defaults.For(v1::URGENCY_URGENT).answer_within,
            (Span{Span::Unit::kWorkingDays, 3}));
  EXPECT_EQ(config->assessment.per_duban_overdue(), 2);
}

TEST(DubanConfig, SpansInWorkingTimeOrClockTimeAndMistakesNamed) {
  testing::TempDir dir;
  auto config = LoadConfig(WriteConfig(dir, R"(
[duban]
sign_within = "500ms"
auto_urge = false
[duban.urgency.urgent]
answer_within = "1wd"
remind_before = "2wh"
)"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->duban.sign_within, (Span{Span::Unit::kClock, 500}));
  EXPECT_FALSE(config->duban.auto_urge);
  EXPECT_EQ(config->duban.For(v1::URGENCY_URGENT).answer_within,
            (Span{Span::Unit::kWorkingDays, 1}));
  EXPECT_EQ(config->duban.For(v1::URGENCY_URGENT).remind_before,
            (Span{Span::Unit::kWorkingHours, 2 * 3600 * 1000}));
  // What the file does not set keeps its default.
  EXPECT_TRUE(SameTerms(config->duban.For(v1::URGENCY_NORMAL),
                        DefaultDubanPolicy().For(v1::URGENCY_NORMAL)));

  auto bad = LoadConfig(WriteConfig(dir, "[duban]\nsign_within = \"3 days\"\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "duban.sign_within");
  auto typo = LoadConfig(WriteConfig(dir, "[duban.urgency.urgnet]\n"));
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("urgnet"), std::string::npos)
      << typo.status().message();
}

TEST(TreeConfig, ABrokerWithoutATreeTableIsATreeOfOne) {
  const BrokerConfig defaults = DefaultConfig();
  EXPECT_TRUE(defaults.tree.id.empty());
  EXPECT_FALSE(defaults.tree.upstream.enabled());
  auto config = ParseConfig("[security]\nmode = \"insecure\"\n", "/etc/x.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_FALSE(config->tree.upstream.enabled());
}

TEST(TreeConfig, TheCountyExampleLoads) {
  auto config = LoadConfig(XINBAO_SOURCE_DIR
                           "/deploy/examples/county-with-city/county.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->tree.id, "qingshui");
  EXPECT_EQ(config->tree.upstream.unit, "qingshui");
  EXPECT_TRUE(config->tree.upstream.enabled());
  EXPECT_TRUE(config->security.curve);
  EXPECT_NE(config->units.Find("hekou"), nullptr);
}

TEST(TreeConfig, TheLinkToTheParentWithItsPolicy) {
  auto config = ParseConfig(
      "[security]\nmode = \"insecure\"\n"
      "[tree]\nid = \"qingshui\"\nname = \"清水县\"\nskip_level_from = \"II\"\n"
      "[upstream]\nendpoint = \"tcp://127.0.0.1:8601\"\nunit = \"qingshui-county\"\n"
      "query_endpoint = \"tcp://127.0.0.1:8602\"\n"
      "urgent = \"when_passed_on\"\nothers = \"never\"\n"
      "reply_timeout = \"2s\"\nwindow = 16\n",
      "/etc/x.toml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const TreePolicy& tree = config->tree;
  EXPECT_EQ(tree.id, "qingshui");
  EXPECT_EQ(tree.name, "清水县");
  EXPECT_TRUE(tree.upstream.enabled());
  EXPECT_EQ(tree.upstream.unit, "qingshui-county");
  EXPECT_EQ(tree.upstream.query_endpoint, "tcp://127.0.0.1:8602");
  EXPECT_EQ(tree.upstream.For(v1::KIND_URGENT), PassUp::kWhenPassedOn);
  EXPECT_EQ(tree.upstream.For(v1::KIND_RESEARCH), PassUp::kNever);
  EXPECT_EQ(tree.skip_level_from, v1::SEVERITY_II);
  EXPECT_EQ(tree.upstream.reply_timeout_ms, 2000);
  EXPECT_EQ(tree.upstream.window, 16u);

  // The defaults: urgent at once, the rest once passed on; the name is
  // the id when not given.
  auto plain = ParseConfig(
      "[security]\nmode = \"insecure\"\n[tree]\nid = \"city-a\"\n"
      "[upstream]\nendpoint = \"tcp://127.0.0.1:9601\"\nunit = \"city-a\"\n",
      "/etc/x.toml");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->tree.name, "city-a");
  EXPECT_EQ(plain->tree.upstream.For(v1::KIND_URGENT), PassUp::kAtOnce);
  EXPECT_EQ(plain->tree.upstream.For(v1::KIND_GENERAL_DYNAMIC),
            PassUp::kWhenPassedOn);
  EXPECT_EQ(plain->tree.skip_level_from, v1::SEVERITY_III);
}

TEST(TreeConfig, AnIncompleteOrWrongLinkIsRefusedWithTheKeyNamed) {
  const std::string insecure = "[security]\nmode = \"insecure\"\n";
  const std::string link =
      "[upstream]\nendpoint = \"tcp://127.0.0.1:8601\"\nunit = \"qingshui\"\n";
  struct Case {
    std::string text;
    std::string key;
  };
  const Case cases[] = {
      {insecure + link, "tree.id"},  // a parent needs this broker's id
      {insecure + "[tree]\nid = \"清水\"\n", "tree.id"},
      {insecure + "[tree]\nid = \"q\"\n[upstream]\nendpoint = \"city:8601\"\n"
                  "unit = \"q\"\n",
       "upstream.endpoint"},
      {insecure + "[tree]\nid = \"q\"\n[upstream]\nendpoint = \"tcp://c:1\"\n",
       "upstream.unit"},
      {insecure + "[tree]\nid = \"q\"\n" + link + "urgent = \"never\"\n",
       "upstream.urgent"},
      {insecure + "[tree]\nid = \"q\"\n" + link + "others = \"sometimes\"\n",
       "upstream.others"},
      {insecure + "[tree]\nid = \"q\"\nskip_level_from = \"V\"\n",
       "tree.skip_level_from"},
      {insecure + "[tree]\nid = \"q\"\n" + link + "skip_level_from = \"II\"\n",
       "upstream.skip_level_from"},
      {insecure + "[tree]\nid = \"q\"\n" + link + "query_endpoint = \"city:8602\"\n",
       "upstream.query_endpoint"},
      {insecure + "[tree]\nid = \"q\"\n" + link + "window = 0\n",
       "upstream.window"},
      {insecure + "[tree]\nid = \"q\"\n" + link + "parent = \"x\"\n",
       "upstream.parent"},
      // With CURVE the parent's key is needed.
      {"[security]\nsecret_key_file = \"b.key\"\nregistry_file = \"u.toml\"\n"
       "[tree]\nid = \"q\"\n" + link,
       "upstream.server_key_file"},
  };
  for (const Case& c : cases) {
    auto config = ParseConfig(c.text, "/etc/x.toml");
    ASSERT_FALSE(config.ok()) << c.text;
    EXPECT_EQ(config.status().code(), v1::ERROR_CODE_INVALID_FIELD) << c.text;
    EXPECT_EQ(config.status().field(), c.key) << config.status().message();
    EXPECT_NE(config.status().message().find("配置项 " + c.key), std::string::npos)
        << config.status().message();
  }
}

}  // namespace
}  // namespace xinbao::broker
