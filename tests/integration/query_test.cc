// The query socket end to end: the real broker process answering
// list_events, get_event and list_alarms from event states a store already
// holds (written here directly, as the committer would have written them).
// The broker runs CURVE: the questions come from the central office's duty
// monitor (county-office), which sees every unit's events; submissions
// come with the key of the unit they name.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "storage/report_store.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/test_keys.h"
#include "tests/integration/wire_peer.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using testing::BrokerProcess;
using testing::PeerAs;
using testing::TempDir;
using testing::WirePeer;

constexpr int64_t kMinute = 60'000;
constexpr char kMonitor[] = "county-office";

// Stores one urgent report as if at `stored_at_ms` and returns its
// EventState entry.
v1::EventReport Store(storage::ReportStore& store, v1::Report report,
                      int64_t stored_at_ms) {
  v1::Report* pointer = &report;
  std::vector<storage::AppendOutcome> outcomes =
      store.Append(std::span<v1::Report* const>(&pointer, 1), stored_at_ms);
  EXPECT_TRUE(outcomes.at(0).status.ok()) << outcomes[0].status.ToString();
  v1::EventReport entry;
  entry.set_sequence(report.sequence());
  entry.set_unit_id(report.unit_id());
  entry.set_stage(report.stage());
  entry.set_stored_at_ms(report.stored_at_ms());
  entry.set_title(report.title());
  entry.set_phone_call(report.has_phone_call());
  entry.set_caller_unit_id(report.phone_call().caller_unit_id());
  entry.set_called_at_ms(report.phone_call().called_at_ms());
  return entry;
}

v1::EventState Event(const std::string& id, const std::string& responsible,
                     int64_t opened_at_ms) {
  v1::EventState event;
  event.set_event_id(id);
  event.set_responsible_unit_id(responsible);
  event.set_opened_at_ms(opened_at_ms);
  event.set_first_known_at_ms(opened_at_ms);
  return event;
}

v1::Alarm* AddAlarm(v1::EventState* event, uint32_t id, v1::AlarmKind kind,
                    int64_t raised_at_ms) {
  v1::Alarm* alarm = event->add_alarms();
  alarm->set_id(id);
  alarm->set_kind(kind);
  alarm->set_event_id(event->event_id());
  alarm->set_unit_id(event->responsible_unit_id());
  alarm->set_stage(v1::STAGE_SHI);
  alarm->set_raised_at_ms(raised_at_ms);
  alarm->set_open(true);
  alarm->set_message("告警 " + std::to_string(id));
  event->set_last_alarm_id(id);
  return alarm;
}

v1::EventAction Action(v1::EventAction::Kind kind, int64_t at_ms,
                       const std::string& other) {
  v1::EventAction action;
  action.set_kind(kind);
  action.set_at_ms(at_ms);
  action.set_unit_id("county-office");
  action.set_officer("张伟");
  action.set_reason("同一起事故");
  action.set_other_event_id(other);
  return action;
}

// Fills a store with five events:
//   evt-a  hekou's 事, opened a minute ago, no alarms; its units also
//          name "old-unit", since removed from the registry;
//   evt-b  opened by a phone call three hours ago, no written 事 since: an
//          open OVERDUE alarm and a cleared MISSING_ELEMENTS one;
//   evt-c  qingshan's 事 and 续报一, with evt-d (gongan's 事, carrying an
//          attachment) merged into it; an open MISSING_ELEMENTS alarm;
//   evt-d  merged into evt-c;
//   evt-z  closed.
void SeedStore(const std::filesystem::path& dir, int64_t now) {
  std::filesystem::create_directories(dir);
  Result<std::unique_ptr<storage::ReportStore>> opened =
      storage::ReportStore::Open(dir);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  storage::ReportStore& store = **opened;

  v1::EventState b = Event("evt-b", "hekou", now - 180 * kMinute);
  v1::Report call =
      testing::UrgentShiReport("b-call", "evt-b", "county-office");
  call.set_severity(v1::SEVERITY_I);
  call.mutable_phone_call()->set_caller_unit_id("hekou");
  call.mutable_phone_call()->set_called_at_ms(now - 181 * kMinute);
  *b.add_reports() = Store(store, call, now - 180 * kMinute);
  b.set_severity(v1::SEVERITY_I);
  v1::Alarm* missing =
      AddAlarm(&b, 1, v1::ALARM_KIND_MISSING_ELEMENTS, now - 180 * kMinute);
  missing->set_open(false);
  missing->set_cleared_at_ms(now - 170 * kMinute);
  missing->set_cleared_reason("已补报");
  AddAlarm(&b, 2, v1::ALARM_KIND_OVERDUE, now - 120 * kMinute);

  v1::EventState c = Event("evt-c", "qingshan", now - 60 * kMinute);
  v1::EventState d = Event("evt-d", "qingshan", now - 50 * kMinute);
  *c.add_reports() =
      Store(store, testing::UrgentShiReport("c-shi", "evt-c", "qingshan"),
            now - 60 * kMinute);
  v1::Report with_photo = testing::UrgentShiReport("d-shi", "evt-d", "gongan");
  v1::Attachment* photo = with_photo.add_attachments();
  photo->set_name("现场.jpg");
  photo->set_media_type("image/jpeg");
  photo->set_data("JPEG-BYTES");
  v1::EventReport d_shi = Store(store, with_photo, now - 50 * kMinute);
  *d.add_reports() = d_shi;
  d_shi.set_filed_event_id("evt-d");
  *c.add_reports() = d_shi;
  v1::Report qing = testing::UrgentShiReport("c-qing", "evt-c", "qingshan");
  qing.set_stage(v1::STAGE_QING);
  v1::EventReport c_qing = Store(store, qing, now - 20 * kMinute);
  c_qing.set_followup(1);
  *c.add_reports() = c_qing;
  c.add_merged_from("evt-d");
  d.set_merged_into("evt-c");
  *c.add_actions() =
      Action(v1::EventAction::KIND_MERGED_IN, now - 30 * kMinute, "evt-d");
  *d.add_actions() =
      Action(v1::EventAction::KIND_MERGED_INTO, now - 30 * kMinute, "evt-c");
  AddAlarm(&c, 1, v1::ALARM_KIND_MISSING_ELEMENTS, now - 60 * kMinute);

  v1::EventState a = Event("evt-a", "hekou", now - kMinute);
  v1::Report a_shi = testing::UrgentShiReport("a-shi", "evt-a");
  a_shi.set_severity(v1::SEVERITY_IV);
  *a.add_reports() = Store(store, a_shi, now - kMinute);
  a.add_units("hekou");
  a.add_units("old-unit");

  v1::EventState z = Event("evt-z", "donghu", now - 100 * kMinute);
  *z.add_reports() =
      Store(store, testing::UrgentShiReport("z-shi", "evt-z", "donghu"),
            now - 100 * kMinute);
  z.set_closed(true);
  z.set_closed_at_ms(now - 90 * kMinute);

  Status put = store.PutEvents(storage::EventWrites{{&a, &b, &c, &d, &z}});
  ASSERT_TRUE(put.ok()) << put.ToString();
}

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(
        SeedStore(dir_ / "data" / "reports", testing::NowMs()));
    broker_ = std::make_unique<BrokerProcess>(dir_ / "data");
    ASSERT_FALSE(broker_->query_endpoint().empty());
    peer_ = PeerAs(*broker_, broker_->query_endpoint(), kMonitor);
  }

  // Sends `envelope` (version 1, a fresh request id) and returns the reply.
  v1::Reply Ask(const v1::Envelope& envelope) {
    std::optional<v1::Reply> reply = peer_->Ask(envelope);
    if (!reply) {
      ADD_FAILURE() << "no reply to " << envelope.ShortDebugString();
      return {};
    }
    return *reply;
  }

  std::vector<std::string> ListedIds(const v1::ListEventsRequest& request) {
    v1::Envelope envelope;
    *envelope.mutable_list_events() = request;
    const v1::Reply reply = Ask(envelope);
    EXPECT_TRUE(reply.has_event_list()) << reply.ShortDebugString();
    std::vector<std::string> ids;
    for (const v1::EventState& event : reply.event_list().events()) {
      ids.push_back(event.event_id());
    }
    return ids;
  }

  v1::Reply GetEvent(const std::string& event_id) {
    v1::Envelope envelope;
    envelope.mutable_get_event()->set_event_id(event_id);
    return Ask(envelope);
  }

  // (event id, alarm id, open) of each alarm listed, in order.
  std::vector<std::tuple<std::string, uint32_t, bool>> ListedAlarms(
      bool include_cleared) {
    v1::Envelope envelope;
    envelope.mutable_list_alarms()->set_include_cleared(include_cleared);
    const v1::Reply reply = Ask(envelope);
    EXPECT_TRUE(reply.has_alarm_list()) << reply.ShortDebugString();
    std::vector<std::tuple<std::string, uint32_t, bool>> alarms;
    for (const v1::Alarm& alarm : reply.alarm_list().alarms()) {
      alarms.emplace_back(alarm.event_id(), alarm.id(), alarm.open());
    }
    return alarms;
  }

  TempDir dir_;
  std::unique_ptr<BrokerProcess> broker_;
  std::unique_ptr<WirePeer> peer_;
};

using UnitNames = std::map<std::string, std::string>;

UnitNames Sorted(const google::protobuf::Map<std::string, std::string>& names) {
  return UnitNames(names.begin(), names.end());
}

std::size_t Position(const std::vector<std::string>& ids,
                     const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) - ids.begin();
}

TEST_F(QueryTest, ListEventsGivesOpenEventsMostRecentlyOpenedFirst) {
  EXPECT_EQ(ListedIds({}),
            (std::vector<std::string>{"evt-a", "evt-c", "evt-b"}));

  v1::ListEventsRequest first_only;
  first_only.set_limit(1);
  EXPECT_EQ(ListedIds(first_only), std::vector<std::string>{"evt-a"});

  // evt-b's 事 is hours overdue under any policy; evt-a owes nothing yet.
  // (The broker's clock may add alarms to evt-c: it is not asserted on.)
  v1::ListEventsRequest overdue;
  overdue.set_overdue_only(true);
  const std::vector<std::string> ids = ListedIds(overdue);
  EXPECT_LT(Position(ids, "evt-b"), ids.size());
  EXPECT_EQ(Position(ids, "evt-a"), ids.size());

  v1::Envelope closed;
  closed.mutable_list_events()->set_include_closed(true);
  const v1::Reply refused = Ask(closed);
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(refused.error().field(), "list_events.include_closed");
}

TEST_F(QueryTest, GetEventGivesReportsOfMergedEventsAndTheTimeline) {
  const v1::Reply reply = GetEvent("evt-c");
  ASSERT_TRUE(reply.has_event_detail()) << reply.ShortDebugString();
  const v1::EventDetail& detail = reply.event_detail();
  EXPECT_EQ(detail.event().event_id(), "evt-c");
  std::vector<std::string> keys;
  for (const v1::Report& report : detail.reports()) {
    keys.push_back(report.idempotency_key());
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"c-shi", "d-shi", "c-qing"}));
  ASSERT_EQ(detail.reports(1).attachments_size(), 1);
  EXPECT_EQ(detail.reports(1).attachments(0).name(), "现场.jpg");
  EXPECT_EQ(detail.reports(1).attachments(0).media_type(), "image/jpeg");
  EXPECT_TRUE(detail.reports(1).attachments(0).data().empty());

  std::vector<std::string> lines;
  for (const v1::TimelineEntry& entry : detail.timeline()) {
    lines.push_back(entry.text());
  }
  EXPECT_LT(Position(lines, "青山乡 首报（事）"), lines.size());
  EXPECT_LT(
      Position(lines, "县公安局 首报（事）（所报事件 evt-d 已并入本事件）"),
      lines.size());
  EXPECT_LT(Position(lines, "青山乡 续报一（情）"), lines.size());
  EXPECT_LT(
      Position(lines,
               "事件 evt-d 并入本事件（经办：清河县委办公室 张伟）（理由："
               "同一起事故）"),
      lines.size());

  // The merged-away event is still there, saying where it went.
  const v1::Reply merged = GetEvent("evt-d");
  ASSERT_TRUE(merged.has_event_detail()) << merged.ShortDebugString();
  EXPECT_EQ(merged.event_detail().event().merged_into(), "evt-c");
  ASSERT_EQ(merged.event_detail().reports_size(), 1);

  // A closed event is not listed but can still be read.
  const v1::Reply closed = GetEvent("evt-z");
  ASSERT_TRUE(closed.has_event_detail()) << closed.ShortDebugString();
  EXPECT_TRUE(closed.event_detail().event().closed());
}

TEST_F(QueryTest, GetEventOfAnUnknownEventIsRefused) {
  const v1::Reply reply = GetEvent("evt-nope");
  ASSERT_TRUE(reply.has_error());
  EXPECT_EQ(reply.error().code(), v1::ERROR_CODE_UNKNOWN_EVENT);
  EXPECT_NE(reply.error().message().find("evt-nope"), std::string::npos);
  EXPECT_FALSE(reply.error().retryable());

  const v1::Reply empty = GetEvent("");
  ASSERT_TRUE(empty.has_error());
  EXPECT_EQ(empty.error().code(), v1::ERROR_CODE_MISSING_FIELD);
  const v1::Reply bad = GetEvent("evt 1/../x");
  ASSERT_TRUE(bad.has_error());
  EXPECT_EQ(bad.error().code(), v1::ERROR_CODE_INVALID_FIELD);
}

TEST_F(QueryTest, ListAlarmsGivesOpenAlarmsFirstThenByRaisedTime) {
  using Alarm = std::tuple<std::string, uint32_t, bool>;
  const Alarm b_overdue{"evt-b", 2, true}, c_missing{"evt-c", 1, true},
      b_cleared{"evt-b", 1, false};
  auto before = [](const std::vector<Alarm>& alarms, const Alarm& x,
                   const Alarm& y) {
    const auto at_x = std::find(alarms.begin(), alarms.end(), x);
    const auto at_y = std::find(alarms.begin(), alarms.end(), y);
    return at_x != alarms.end() && at_y != alarms.end() && at_x < at_y;
  };
  // The broker's clock may raise more alarms; these must be there, in
  // this order.
  const std::vector<Alarm> open = ListedAlarms(false);
  EXPECT_TRUE(before(open, b_overdue, c_missing));
  EXPECT_TRUE(std::none_of(open.begin(), open.end(),
                           [](const Alarm& a) { return !std::get<2>(a); }));

  const std::vector<Alarm> all = ListedAlarms(true);
  EXPECT_TRUE(before(all, b_overdue, c_missing));
  EXPECT_TRUE(before(all, c_missing, b_cleared));
  EXPECT_TRUE(std::is_partitioned(
      all.begin(), all.end(), [](const Alarm& a) { return std::get<2>(a); }));
}

TEST_F(QueryTest, RepliesNameTheUnitsTheyMention) {
  // evt-c: qingshan's event and alarm, gongan's report of the merged
  // evt-d, the office that merged it.
  const v1::Reply detail = GetEvent("evt-c");
  ASSERT_TRUE(detail.has_event_detail()) << detail.ShortDebugString();
  EXPECT_EQ(Sorted(detail.event_detail().unit_names()),
            (UnitNames{{"county-office", "清河县委办公室"},
                       {"gongan", "县公安局"},
                       {"qingshan", "青山乡"}}));

  v1::Envelope list_events, list_alarms;
  list_events.mutable_list_events();
  list_alarms.mutable_list_alarms();
  const v1::Reply events = Ask(list_events), alarms = Ask(list_alarms);
  ASSERT_TRUE(events.has_event_list()) << events.ShortDebugString();
  ASSERT_TRUE(alarms.has_alarm_list()) << alarms.ShortDebugString();
  // The open events: closed evt-z's donghu is not named, nor evt-a's
  // unit the registry no longer knows.
  EXPECT_EQ(Sorted(events.event_list().unit_names()),
            (UnitNames{{"county-office", "清河县委办公室"},
                       {"gongan", "县公安局"},
                       {"hekou", "河口镇"},
                       {"qingshan", "青山乡"}}));
  // The open alarms are evt-b's (hekou) and evt-c's (qingshan); the
  // broker's clock may raise more, for these same units.
  EXPECT_EQ(Sorted(alarms.alarm_list().unit_names()),
            (UnitNames{{"hekou", "河口镇"}, {"qingshan", "青山乡"}}));
}

TEST_F(QueryTest, RefusesWhatIsNotAQueryAndKeepsAnswering) {
  v1::Envelope submit;
  *submit.mutable_submit()->mutable_report() =
      testing::GeneralReport("wrong-socket");
  v1::Reply reply = Ask(submit);
  ASSERT_TRUE(reply.has_error());
  EXPECT_EQ(reply.error().code(), v1::ERROR_CODE_UNKNOWN_REQUEST);
  EXPECT_NE(reply.error().message().find("报送端口"), std::string::npos);

  v1::Envelope merge;
  merge.mutable_merge_events()->set_from_event_id("evt-a");
  merge.mutable_merge_events()->set_into_event_id("evt-b");
  reply = Ask(merge);
  ASSERT_TRUE(reply.has_error());
  EXPECT_EQ(reply.error().code(), v1::ERROR_CODE_UNKNOWN_REQUEST);

  reply = Ask(v1::Envelope());  // no body
  ASSERT_TRUE(reply.has_error());
  EXPECT_EQ(reply.error().code(), v1::ERROR_CODE_UNKNOWN_REQUEST);

  constexpr char kGarbage[] = "\xff\xfe garbage \x00\x01";
  peer_->SendPayload(std::string(kGarbage, sizeof kGarbage - 1));
  std::optional<v1::Reply> garbage = peer_->Receive();
  ASSERT_TRUE(garbage && garbage->has_error());
  EXPECT_EQ(garbage->error().code(), v1::ERROR_CODE_MALFORMED);

  peer_->SendFrames({"no empty delimiter"});
  std::optional<v1::Reply> frames = peer_->Receive();
  ASSERT_TRUE(frames && frames->has_error());
  EXPECT_EQ(frames->error().code(), v1::ERROR_CODE_MALFORMED);

  v1::Envelope old_version;
  old_version.mutable_list_events();
  old_version.set_protocol_version(2);
  peer_->SendPayload(old_version.SerializeAsString());
  std::optional<v1::Reply> version = peer_->Receive();
  ASSERT_TRUE(version && version->has_error());
  EXPECT_EQ(version->error().code(), v1::ERROR_CODE_UNSUPPORTED_VERSION);

  // Still answering, queries and submissions alike.
  EXPECT_EQ(ListedIds({}).size(), 3u);
  std::optional<v1::Reply> ack = testing::UnitSubmitters(*broker_).Submit(
      testing::GeneralReport("after-queries"));
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->ShortDebugString() : "");
  EXPECT_EQ(broker_->Terminate(), 0);
}

TEST(QueryAfterSubmit, ASubmittedUrgentReportCanBeQueriedAtOnce) {
  TempDir dir;
  BrokerProcess broker(dir / "data");
  std::optional<v1::Reply> ack = testing::UnitSubmitters(broker).Submit(
      testing::UrgentShiReport("fresh-shi", "evt-fresh"));
  ASSERT_TRUE(ack && ack->has_ack()) << (ack ? ack->ShortDebugString() : "");

  // The ack is sent after the event state is written: no waiting needed.
  std::unique_ptr<WirePeer> asker =
      PeerAs(broker, broker.query_endpoint(), kMonitor);
  v1::Envelope envelope;
  envelope.set_protocol_version(1);
  envelope.mutable_get_event()->set_event_id("evt-fresh");
  asker->SendPayload(envelope.SerializeAsString());
  std::optional<v1::Reply> reply = asker->Receive();
  ASSERT_TRUE(reply && reply->has_event_detail())
      << (reply ? reply->ShortDebugString() : "");
  const v1::EventDetail& detail = reply->event_detail();
  ASSERT_EQ(detail.reports_size(), 1);
  EXPECT_EQ(detail.reports(0).sequence(), ack->ack().sequence());
  ASSERT_GE(detail.timeline_size(), 1);
  EXPECT_EQ(detail.timeline(0).text(), "河口镇 首报（事）");
  EXPECT_EQ(detail.timeline(0).sequence(), ack->ack().sequence());
}

}  // namespace
}  // namespace xinbao
