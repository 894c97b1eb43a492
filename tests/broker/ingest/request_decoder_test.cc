#include "broker/ingest/request_decoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "broker/ingest/report_validator.h"
#include "tests/support/sample_reports.h"

namespace xinbao::broker {
namespace {

std::string SubmitBytes(const v1::Report& report, uint32_t version = 1) {
  v1::Envelope envelope;
  envelope.set_protocol_version(version);
  envelope.set_request_id(report.idempotency_key());
  *envelope.mutable_submit()->mutable_report() = report;
  return envelope.SerializeAsString();
}

// Overwrites the first occurrence of `from` in `bytes` with `to` (same
// length): how a client with a broken encoder corrupts a text field.
std::string Corrupt(std::string bytes, const std::string& from,
                    const std::string& to) {
  auto at = bytes.find(from);
  EXPECT_NE(at, std::string::npos);
  bytes.replace(at, from.size(), to);
  return bytes;
}

class RequestDecoderTest : public ::testing::Test {
 protected:
  void SetUp() override { QuietProtobufParseLogs(); }
  Limits limits_;
  v1::Envelope envelope_;
};

TEST_F(RequestDecoderTest, DecodesAValidSubmit) {
  v1::Report report = testing::GeneralReport("key-1");
  ASSERT_TRUE(DecodeEnvelope(SubmitBytes(report), limits_, &envelope_).ok());
  EXPECT_EQ(envelope_.request_id(), "key-1");
  EXPECT_EQ(envelope_.submit().report().title(), report.title());
}

TEST_F(RequestDecoderTest, BytesThatAreNotAnEnvelopeAreMalformed) {
  Status status = DecodeEnvelope("\xff\xff\xff\xff garbage", limits_, &envelope_);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_MALFORMED);
  EXPECT_FALSE(status.message().empty());
}

TEST_F(RequestDecoderTest, InvalidUtf8NamesTheFieldAndKeepsTheRequestId) {
  v1::Report report = testing::GeneralReport("key-2");
  report.set_place("PLACE-MARKER");
  std::string bytes = Corrupt(SubmitBytes(report), "PLACE-MARKER",
                              std::string("PLACE-\xC3\x28" "ARKER"));
  Status status = DecodeEnvelope(bytes, limits_, &envelope_);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_INVALID_UTF8);
  EXPECT_EQ(status.field(), "report.place");
  EXPECT_EQ(envelope_.request_id(), "key-2");
}

TEST_F(RequestDecoderTest, OversizeMessageIsRefusedBeforeParsing) {
  limits_.max_message_bytes = 2048;
  v1::Report report = testing::GeneralReport("key-3");
  report.set_body(std::string(4096, 'a'));
  Status status = DecodeEnvelope(SubmitBytes(report), limits_, &envelope_);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_MESSAGE_TOO_LARGE);
  EXPECT_EQ(envelope_.request_id(), "key-3");
}

TEST_F(RequestDecoderTest, OtherProtocolVersionsAreRefused) {
  Status status = DecodeEnvelope(SubmitBytes(testing::GeneralReport("k"), 2),
                                 limits_, &envelope_);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_UNSUPPORTED_VERSION);
  status = DecodeEnvelope(SubmitBytes(testing::GeneralReport("k"), 0), limits_,
                          &envelope_);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_UNSUPPORTED_VERSION);
}

TEST_F(RequestDecoderTest, EnvelopeWithoutBodyIsAnUnknownRequest) {
  v1::Envelope empty;
  empty.set_protocol_version(1);
  empty.set_request_id("r");
  Status status =
      DecodeEnvelope(empty.SerializeAsString(), limits_, &envelope_);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_UNKNOWN_REQUEST);
}

TEST_F(RequestDecoderTest, ActingUserAndPersonAreCheckedOnEveryRequest) {
  struct Case {
    std::string acting_user;
    std::string person;
    v1::ErrorCode code;  // UNSPECIFIED: accepted
    std::string field;
  };
  std::string chinese_64;
  for (int i = 0; i < 64; ++i) chinese_64 += "张";
  const std::vector<Case> cases = {
      {"", "", v1::ERROR_CODE_UNSPECIFIED, ""},
      {"county-office", "张三", v1::ERROR_CODE_UNSPECIFIED, ""},
      {std::string(64, 'a'), chinese_64, v1::ERROR_CODE_UNSPECIFIED, ""},
      {std::string(65, 'a'), "", v1::ERROR_CODE_FIELD_TOO_LONG, "acting_user"},
      {"值班员", "", v1::ERROR_CODE_INVALID_FIELD, "acting_user"},
      {"duty officer", "", v1::ERROR_CODE_INVALID_FIELD, "acting_user"},
      {"", chinese_64 + "张", v1::ERROR_CODE_FIELD_TOO_LONG, "person"},
      {"", "张三\n管理员", v1::ERROR_CODE_INVALID_FIELD, "person"},
      {"", "张三\t", v1::ERROR_CODE_INVALID_FIELD, "person"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.acting_user + " / " + c.person);
    v1::Envelope envelope;
    envelope.set_protocol_version(1);
    envelope.set_request_id("r");
    envelope.mutable_whoami();
    envelope.set_acting_user(c.acting_user);
    envelope.set_person(c.person);
    const Status status =
        DecodeEnvelope(envelope.SerializeAsString(), limits_, &envelope_);
    EXPECT_EQ(status.code(), c.code) << status.ToString();
    EXPECT_EQ(status.field(), c.field);
    EXPECT_EQ(status.message().empty(), status.ok());
  }
}

TEST_F(RequestDecoderTest, APersonThatIsNotUtf8IsNamedAsTheField) {
  v1::Envelope envelope;
  envelope.set_protocol_version(1);
  envelope.set_request_id("r-person");
  envelope.mutable_whoami();
  envelope.set_person("PERSON");
  const std::string bytes =
      Corrupt(envelope.SerializeAsString(), "PERSON", "PER\xC3\x28N");
  const Status status = DecodeEnvelope(bytes, limits_, &envelope_);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_INVALID_UTF8);
  EXPECT_EQ(status.field(), "person");
  EXPECT_EQ(envelope_.request_id(), "r-person");
}

TEST_F(RequestDecoderTest, LocatesTheReportBytesInsideTheEnvelope) {
  v1::Report report = testing::UrgentShiReport("key-5", "evt-5");
  const std::string payload = SubmitBytes(report);
  std::string_view encoded = LocateEncodedReport(payload);
  v1::Report parsed;
  ASSERT_TRUE(parsed.ParseFromArray(encoded.data(), static_cast<int>(encoded.size())));
  EXPECT_EQ(parsed.SerializeAsString(), report.SerializeAsString());

  // Two occurrences of the submit field merge on parse: not one span.
  v1::Envelope extra;
  extra.mutable_submit()->mutable_report()->set_place("补充地点");
  EXPECT_TRUE(LocateEncodedReport(payload + extra.SerializeAsString()).empty());
  EXPECT_TRUE(LocateEncodedReport("not protobuf \xff").empty());
}

TEST_F(RequestDecoderTest, SurvivesEveryTruncationOfAValidMessage) {
  // A cheap stand-in for fuzzing: every prefix must decode or be refused.
  const std::string bytes = SubmitBytes(testing::UrgentShiReport("k", "e"));
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    Status status = DecodeEnvelope(bytes.substr(0, n), limits_, &envelope_);
    if (!status.ok()) {
      EXPECT_FALSE(status.message().empty());
    }
  }
}

TEST_F(RequestDecoderTest, RandomlyMutatedRequestsAreDecodedOrRefusedNeverCrash) {
  // Deterministic mutation fuzzing: flips, insertions, deletions and
  // splices of valid requests, through the decoder and the validator as
  // the frontend runs them. Every outcome is OK or a typed refusal.
  BrokerConfig config = DefaultConfig();
  ReportValidator validator(config.limits, config.units);
  const std::string seeds[] = {
      SubmitBytes(testing::UrgentShiReport("fuzz-1", "evt-1")),
      SubmitBytes(testing::GeneralReport("fuzz-2")),
  };
  std::mt19937 random(20261122);
  int refused = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = seeds[round % 2];
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const std::size_t at = random() % bytes.size();
      switch (random() % 4) {
        case 0: bytes[at] = static_cast<char>(random()); break;
        case 1: bytes.insert(at, 1, static_cast<char>(random())); break;
        case 2: bytes.erase(at, 1 + random() % 8); break;
        case 3: bytes += bytes.substr(at, random() % 16); break;
      }
    }
    Status status = DecodeEnvelope(bytes, limits_, &envelope_);
    if (status.ok()) {
      status = validator.Check(envelope_.submit().report(), testing::NowMs());
      const std::string_view located = LocateEncodedReport(bytes);
      if (!located.empty()) {
        ASSERT_GE(located.data(), bytes.data());
        ASSERT_LE(located.data() + located.size(), bytes.data() + bytes.size());
      }
    }
    if (!status.ok()) {
      ++refused;
      ASSERT_NE(status.code(), v1::ERROR_CODE_UNSPECIFIED);
      ASSERT_FALSE(status.message().empty()) << status.ToString();
    }
  }
  EXPECT_GT(refused, 10000);  // the mutations do reach the refusal paths
}

}  // namespace
}  // namespace xinbao::broker
