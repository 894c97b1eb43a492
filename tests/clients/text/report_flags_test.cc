#include "clients/text/report_flags.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <regex>

#include "clients/text/local_time.h"
#include "tests/support/temp_dir.h"

namespace xinbao::client {
namespace {

namespace fs = std::filesystem;
using xinbao::testing::TempDir;

// The machine on UTC, as a new user's server often is: local times are
// still read and shown in the broker's zone (Asia/Shanghai), not the TZ.
class ChinaTime : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("TZ");
    if (old != nullptr) saved_ = old;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> saved_;
};

// 2026-11-22 10:31:05 in Beijing = 02:31:05 UTC.
constexpr int64_t kKnownInstantMs = 1795314665000;
const TimeZone kShanghai;  // the default: Asia/Shanghai

using ParseTimeTest = ChinaTime;

TEST_F(ParseTimeTest, AcceptsEveryForm) {
  const std::pair<std::string, int64_t> cases[] = {
      {"2026-11-22 10:31:05", kKnownInstantMs},
      {"2026-11-22 10:31", kKnownInstantMs - 5000},
      {"2026/11/22 10:31:05", kKnownInstantMs},
      {"2026-11-22T10:31:05", kKnownInstantMs},
      {"  2026-11-22 10:31:05 ", kKnownInstantMs},
      {"2026-11-22T10:31:05+08:00", kKnownInstantMs},
      {"2026-11-22T10:31:05+0800", kKnownInstantMs},
      {"2026-11-22T02:31:05Z", kKnownInstantMs},
      {"2026-11-22T02:31:05.250Z", kKnownInstantMs + 250},
      {"2026-11-21T21:31:05-05:00", kKnownInstantMs},
      {"2024-02-29 23:59Z", 1709251140000},
      {"1795314665000", kKnownInstantMs},
  };
  for (const auto& [text, expected] : cases) {
    auto parsed = ParseTime(text, "--occurred", kShanghai);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(*parsed, expected) << text;
  }
}

TEST_F(ParseTimeTest, RejectsJunk) {
  for (const char* text :
       {"", "yesterday", "2026-11-22", "2026-02-30 10:00", "2025-02-29 10:00",
        "2026-13-01 10:00", "2026-11-22 24:00", "2026-11-22 10:60",
        "2026-11-22 10:31:05+25:00", "2026-11-22 10:31:05 extra", "-5",
        "2026-11-22T10:31:05.Z", "99999999999999999999999"}) {
    auto parsed = ParseTime(text, "--occurred", kShanghai);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), v1::ERROR_CODE_INVALID_FIELD);
    EXPECT_EQ(parsed.status().field(), "--occurred");
  }
}

TEST_F(ParseTimeTest, ReadsLocalTimeInTheZoneGiven) {
  Result<TimeZone> utc = TimeZone::Load("UTC");
  ASSERT_TRUE(utc.ok());
  auto parsed = ParseTime("2026-11-22 02:31:05", "--occurred", *utc);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, kKnownInstantMs);
  // A time skipped by a daylight-saving change never happened there.
  Result<TimeZone> berlin = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  EXPECT_FALSE(ParseTime("2026-03-29 02:30", "--occurred", *berlin).ok());
  EXPECT_TRUE(ParseTime("2026-03-29 03:30", "--occurred", *berlin).ok());
  // Its refusal names the zone it read the time in.
  auto junk = ParseTime("2026-02-30 10:00", "--occurred", kShanghai);
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("Asia/Shanghai"), std::string::npos);
}

TEST_F(ParseTimeTest, FormatsLocalTime) {
  EXPECT_EQ(FormatLocalTime(kKnownInstantMs, kShanghai), "2026-11-22 10:31:05");
  EXPECT_EQ(FormatLocalTime(kKnownInstantMs + 999, kShanghai), "2026-11-22 10:31:05");
}

using ReportFlagsTest = ChinaTime;

TEST_F(ReportFlagsTest, FlagsFillTheReport) {
  ReportFlags flags;
  flags.unit = "chengguan";
  flags.kind = "紧急信息";
  flags.event_id = "ev-1";
  flags.stage = "shi";
  flags.severity = "III";
  flags.title = "城关镇发生一起道路交通事故";
  flags.body = "正文";
  flags.place = "城关镇人民路";
  flags.occurred = "2026-11-22 10:31:05";
  flags.injured = 3;
  flags.measures = "已封闭路段";
  flags.approver = "王某";
  flags.contact = "李某";
  flags.phone = "0000-1234567";
  flags.source = "派出所";
  flags.losses = "两车受损";
  flags.scope = "人民路";
  flags.trend = "可控";
  flags.key = "key-1";
  flags.responsible_unit = "chengguan-cun";
  flags.corrects = "key-0";
  flags.phone_caller_unit = "gongan";
  flags.phone_caller = "交警大队 张某 0000-110";
  flags.called_at = "2026-11-22 10:31:05";
  flags.taken_by = "值班员 赵某";
  auto report = ApplyReportFlags(v1::Report(), flags);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->unit_id(), "chengguan");
  EXPECT_EQ(report->kind(), v1::KIND_URGENT);
  EXPECT_EQ(report->event_id(), "ev-1");
  EXPECT_EQ(report->stage(), v1::STAGE_SHI);
  EXPECT_EQ(report->severity(), v1::SEVERITY_III);
  EXPECT_EQ(report->title(), "城关镇发生一起道路交通事故");
  EXPECT_EQ(report->occurred_at_ms(), kKnownInstantMs);
  ASSERT_TRUE(report->has_casualties());
  EXPECT_EQ(report->casualties().dead(), 0u);
  EXPECT_EQ(report->casualties().injured(), 3u);
  EXPECT_EQ(report->approver(), "王某");
  EXPECT_EQ(report->contact_name(), "李某");
  EXPECT_EQ(report->contact_phone(), "0000-1234567");
  EXPECT_EQ(report->source(), "派出所");
  EXPECT_EQ(report->losses(), "两车受损");
  EXPECT_EQ(report->scope(), "人民路");
  EXPECT_EQ(report->trend(), "可控");
  EXPECT_EQ(report->measures(), "已封闭路段");
  EXPECT_EQ(report->idempotency_key(), "key-1");
  EXPECT_EQ(report->classification(), v1::CLASSIFICATION_INTERNAL);
  EXPECT_EQ(report->responsible_unit_id(), "chengguan-cun");
  EXPECT_EQ(report->corrects_key(), "key-0");
  ASSERT_TRUE(report->has_phone_call());
  EXPECT_EQ(report->phone_call().caller_unit_id(), "gongan");
  EXPECT_EQ(report->phone_call().caller(), "交警大队 张某 0000-110");
  EXPECT_EQ(report->phone_call().called_at_ms(), kKnownInstantMs);
  EXPECT_EQ(report->phone_call().taken_by(), "值班员 赵某");
}

TEST_F(ReportFlagsTest, NoCasualtyOrPhoneFlagLeavesThemUnset) {
  ReportFlags flags;
  flags.title = "t";
  auto report = ApplyReportFlags(v1::Report(), flags);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->has_casualties());
  EXPECT_FALSE(report->has_phone_call());  // not a phone log
  flags.dead = 0;  // "zero dead" is a figure, not "unknown"
  report = ApplyReportFlags(v1::Report(), flags);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->has_casualties());
}

TEST_F(ReportFlagsTest, EventIdNewMintsAUuid) {
  ReportFlags flags;
  flags.event_id = "new";
  auto first = ApplyReportFlags(v1::Report(), flags);
  auto second = ApplyReportFlags(v1::Report(), flags);
  ASSERT_TRUE(first.ok() && second.ok());
  const std::regex uuid_v4(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(first->event_id(), uuid_v4))
      << first->event_id();
  EXPECT_NE(first->event_id(), second->event_id());
}

TEST_F(ReportFlagsTest, BadValuesNameTheFlag) {
  const std::pair<void (*)(ReportFlags&), std::string> cases[] = {
      {[](ReportFlags& f) { f.kind = "gossip"; }, "--kind"},
      {[](ReportFlags& f) { f.stage = "5"; }, "--stage"},
      {[](ReportFlags& f) { f.severity = "V"; }, "--severity"},
      {[](ReportFlags& f) { f.classification = "open"; }, "--classification"},
      {[](ReportFlags& f) { f.occurred = "tomorrow"; }, "--occurred"},
      {[](ReportFlags& f) { f.attachments = {"/nonexistent/x.jpg"}; },
       "--attach"},
      {[](ReportFlags& f) { f.called_at = "昨天晚上"; }, "--called-at"},
      {[](ReportFlags& f) { f.called_at = "2026-02-30 10:00"; }, "--called-at"},
      {[](ReportFlags& f) { f.responsible_unit = ""; }, "--responsible-unit"},
      {[](ReportFlags& f) { f.corrects = ""; }, "--corrects"},
      {[](ReportFlags& f) {
         f.key = "k-1";
         f.corrects = "k-1";  // a report cannot correct itself
       },
       "--corrects"},
  };
  for (const auto& [set, flag] : cases) {
    ReportFlags flags;
    set(flags);
    auto report = ApplyReportFlags(v1::Report(), flags);
    ASSERT_FALSE(report.ok()) << flag;
    EXPECT_EQ(report.status().field(), flag);
  }
}

TEST_F(ReportFlagsTest, AnyPhoneFlagMakesAPhoneLog) {
  // One flag is enough; the rest of the log stays as the file had it.
  v1::Report from_file;
  from_file.mutable_phone_call()->set_caller("市民 王某");
  ReportFlags only_taker;
  only_taker.taken_by = "值班员 钱某";
  auto report = ApplyReportFlags(from_file, only_taker);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->phone_call().caller(), "市民 王某");
  EXPECT_EQ(report->phone_call().taken_by(), "值班员 钱某");
  EXPECT_EQ(report->phone_call().called_at_ms(), 0);

  ReportFlags only_time;
  only_time.called_at = "1795314665000";
  report = ApplyReportFlags(v1::Report(), only_time);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->has_phone_call());
  EXPECT_EQ(report->phone_call().called_at_ms(), kKnownInstantMs);
}

TEST_F(ReportFlagsTest, AttachmentsAreReadWithTheirMediaType) {
  TempDir dir;
  std::ofstream(dir / "现场.JPG", std::ios::binary)
      << std::string("\xff\xd8\x00x", 4);
  std::ofstream(dir / "notes.bin", std::ios::binary) << "abc";
  ReportFlags flags;
  flags.attachments = {dir / "现场.JPG", dir / "notes.bin"};
  auto report = ApplyReportFlags(v1::Report(), flags);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->attachments_size(), 2);
  EXPECT_EQ(report->attachments(0).name(), "现场.JPG");
  EXPECT_EQ(report->attachments(0).media_type(), "image/jpeg");
  EXPECT_EQ(report->attachments(0).data(), std::string("\xff\xd8\x00x", 4));
  EXPECT_EQ(report->attachments(1).media_type(), "application/octet-stream");
  EXPECT_EQ(MediaTypeFor("a.pdf"), "application/pdf");
  EXPECT_EQ(MediaTypeFor("a.Png"), "image/png");
}

TEST_F(ReportFlagsTest, FlagsOverrideTheFile) {
  TempDir dir;
  std::ofstream(dir / "report.json") << R"({
    "unitId": "file-unit", "kind": "KIND_URGENT", "title": "文件标题",
    "body": "文件正文", "classification": "CLASSIFICATION_SECRET",
    "casualties": {"dead": 1, "injured": 2},
    "occurred_at_ms": "1795314665000"
  })";
  auto loaded = LoadReportFile(dir / "report.json");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ReportFlags flags;
  flags.title = "命令行标题";
  flags.dead = 4;
  auto report = ApplyReportFlags(std::move(loaded).value(), flags);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->unit_id(), "file-unit");
  EXPECT_EQ(report->title(), "命令行标题");
  EXPECT_EQ(report->body(), "文件正文");
  EXPECT_EQ(report->casualties().dead(), 4u);
  EXPECT_EQ(report->casualties().injured(), 2u);
  EXPECT_EQ(report->occurred_at_ms(), kKnownInstantMs);
  EXPECT_EQ(report->classification(), v1::CLASSIFICATION_SECRET);
}

// The file takes every spelling the flags take (proto/names.h), and the
// proto enum names.
TEST(ReportFile, AcceptsTheSpellingsTheFlagsAccept) {
  TempDir dir;
  struct Case {
    const char* member;
    const char* spelling;
    int expected;
  };
  const Case cases[] = {
      {"kind", "general", v1::KIND_GENERAL_DYNAMIC},
      {"kind", "一般动态", v1::KIND_GENERAL_DYNAMIC},
      {"kind", "紧急信息", v1::KIND_URGENT},
      {"kind", "Urgent", v1::KIND_URGENT},
      {"kind", "KIND_RESEARCH", v1::KIND_RESEARCH},
      {"stage", "事", v1::STAGE_SHI},
      {"stage", "qing", v1::STAGE_QING},
      {"stage", "终报", v1::STAGE_GUO},
      {"stage", "STAGE_YIN", v1::STAGE_YIN},
      {"severity", "Ⅲ", v1::SEVERITY_III},
      {"severity", "III", v1::SEVERITY_III},
      {"severity", "1", v1::SEVERITY_I},
      {"severity", "较大", v1::SEVERITY_III},
      {"severity", "SEVERITY_IV", v1::SEVERITY_IV},
      {"classification", "内部", v1::CLASSIFICATION_INTERNAL},
      {"classification", "public", v1::CLASSIFICATION_PUBLIC},
      {"classification", "top-secret", v1::CLASSIFICATION_TOP_SECRET},
      {"classification", "CLASSIFICATION_SECRET", v1::CLASSIFICATION_SECRET},
  };
  for (const Case& c : cases) {
    std::ofstream(dir / "report.json", std::ios::trunc)
        << R"({"unitId": "hekou", "title": "标题", )"
        << R"("occurredAtMs": 1795314665000, ")" << c.member << R"(": ")"
        << c.spelling << R"("})";
    auto report = LoadReportFile(dir / "report.json");
    ASSERT_TRUE(report.ok()) << c.member << " " << c.spelling << ": "
                             << report.status().ToString();
    const auto* field = report->GetDescriptor()->FindFieldByName(c.member);
    EXPECT_EQ(report->GetReflection()->GetEnumValue(*report, field),
              c.expected)
        << c.member << " " << c.spelling;
    EXPECT_EQ(report->unit_id(), "hekou");
    EXPECT_EQ(report->occurred_at_ms(), kKnownInstantMs) << c.spelling;
  }
}

TEST(ReportFile, AnUnknownSpellingNamesTheMemberAndTheChoices) {
  TempDir dir;
  std::ofstream(dir / "report.json") << R"({"kind": "urgent", "stage": "明天"})";
  auto report = LoadReportFile(dir / "report.json");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(report.status().field(), "--file");
  const std::string& message = report.status().message();
  EXPECT_NE(message.find("report.json"), std::string::npos) << message;
  EXPECT_NE(message.find("stage"), std::string::npos) << message;
  EXPECT_NE(message.find("明天"), std::string::npos) << message;
  EXPECT_NE(message.find("事 情 因 果"), std::string::npos) << message;
}

TEST(ReportFile, ErrorsNameTheFile) {
  TempDir dir;
  const std::pair<std::string, std::string> cases[] = {
      {"broken.json", "{\"title\": "},
      {"unknown.json", R"({"titel": "x"})"},
      {"badenum.json", R"({"kind": "KIND_GOSSIP"})"},
      {"array.json", "[]"},
  };
  for (const auto& [name, text] : cases) {
    std::ofstream(dir / name) << text;
    auto report = LoadReportFile(dir / name);
    ASSERT_FALSE(report.ok()) << name;
    EXPECT_EQ(report.status().field(), "--file");
    EXPECT_NE(report.status().message().find(name), std::string::npos)
        << report.status().message();
  }
  auto missing = LoadReportFile(dir / "missing.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().field(), "--file");
}

}  // namespace
}  // namespace xinbao::client
