// The one check of a decoded request on the submit socket: each body goes
// to its own rules, and what belongs on the query socket is sent there.
#include "broker/ingest/submit_request.h"

#include <gtest/gtest.h>

#include "tests/support/duban_requests.h"
#include "tests/support/sample_reports.h"

namespace xinbao::broker {
namespace {

class SubmitRequestTest : public ::testing::Test {
 protected:
  Status Check(const v1::Envelope& envelope) {
    return CheckSubmitRequest(envelope, validator_, config_, testing::NowMs());
  }

  BrokerConfig config_ = DefaultConfig();
  ReportValidator validator_{config_.limits, config_.units, config_.security};
};

TEST_F(SubmitRequestTest, AValidReportIsAccepted) {
  v1::Envelope envelope;
  *envelope.mutable_submit()->mutable_report() = testing::GeneralReport("k1");
  EXPECT_TRUE(Check(envelope).ok()) << Check(envelope).ToString();
}

TEST_F(SubmitRequestTest, TheReportRulesApply) {
  v1::Envelope envelope;
  *envelope.mutable_submit()->mutable_report() = testing::GeneralReport("k2");
  envelope.mutable_submit()->mutable_report()->clear_title();
  const Status status = Check(envelope);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_MISSING_FIELD);
  EXPECT_EQ(status.field(), "report.title");
}

TEST_F(SubmitRequestTest, OnlyTheOfficeIssuesDuban) {
  EXPECT_TRUE(Check(testing::IssueRequest("item-1", "hekou")).ok());
  v1::Envelope from_town = testing::IssueRequest("item-2", "hekou");
  from_town.mutable_issue_duban()->mutable_item()->set_office_unit_id("hekou");
  EXPECT_EQ(Check(from_town).code(), v1::ERROR_CODE_NOT_PERMITTED);
}

TEST_F(SubmitRequestTest, AQuestionIsSentToTheQuerySocket) {
  v1::Envelope envelope;
  envelope.mutable_list_events();
  const Status status = Check(envelope);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_UNKNOWN_REQUEST);
  EXPECT_NE(status.message().find(config_.query_endpoint), std::string::npos)
      << status.message();
}

}  // namespace
}  // namespace xinbao::broker
