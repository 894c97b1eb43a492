// QueryClient against an in-process stand-in for the broker: answers,
// refusals, silence, stray and wrong replies.
#include "clients/lib/query_client.h"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/clients/lib/fake_broker.h"

namespace xinbao::client {
namespace {

using namespace std::chrono_literals;
using xinbao::testing::FakeBroker;

v1::Reply ListFor(const v1::Envelope& request) {
  v1::Reply reply;
  reply.set_request_id(request.request_id());
  reply.mutable_event_list()->add_events()->set_event_id("ev-1");
  return reply;
}

std::vector<v1::Reply> Answer(const v1::Envelope& request, int) {
  return {ListFor(request)};
}

std::unique_ptr<QueryClient> Open(const std::string& endpoint,
                                  std::chrono::milliseconds timeout = 2s) {
  auto client = QueryClient::Open(QueryOptions{endpoint, timeout});
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return client.ok() ? std::move(client).value() : nullptr;
}

v1::Envelope ListEvents() {
  v1::Envelope request;
  request.mutable_list_events()->set_overdue_only(true);
  return request;
}

TEST(QueryClient, ReturnsTheAnswer) {
  FakeBroker broker(Answer);
  auto client = Open(broker.endpoint());
  ASSERT_NE(client, nullptr);
  auto reply = client->Call(ListEvents(), v1::Reply::kEventList);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  ASSERT_EQ(reply->event_list().events_size(), 1);
  EXPECT_EQ(reply->event_list().events(0).event_id(), "ev-1");
  const auto requests = broker.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].protocol_version(), 1u);
  EXPECT_EQ(requests[0].request_id().size(), 36u);
  EXPECT_TRUE(requests[0].list_events().overdue_only());
}

TEST(QueryClient, ARefusalIsAnAnswer) {
  FakeBroker broker([](const v1::Envelope& request, int) {
    v1::Reply reply;
    reply.set_request_id(request.request_id());
    Status(v1::ERROR_CODE_UNKNOWN_EVENT, "没有这个事件", "get_event.event_id")
        .ToWire(reply.mutable_error());
    return std::vector<v1::Reply>{reply};
  });
  auto client = Open(broker.endpoint());
  ASSERT_NE(client, nullptr);
  auto reply = client->Call(ListEvents(), v1::Reply::kEventDetail);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->error().code(), v1::ERROR_CODE_UNKNOWN_EVENT);
}

TEST(QueryClient, ResendsOnceAfterSilence) {
  FakeBroker broker([](const v1::Envelope& request, int attempt) {
    return attempt == 1 ? std::vector<v1::Reply>{} : Answer(request, attempt);
  });
  auto client = Open(broker.endpoint(), 200ms);
  ASSERT_NE(client, nullptr);
  auto reply = client->Call(ListEvents(), v1::Reply::kEventList);
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  const auto requests = broker.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].request_id(), requests[1].request_id());
}

TEST(QueryClient, GivesUpAfterTwoSilences) {
  FakeBroker broker(
      [](const v1::Envelope&, int) { return std::vector<v1::Reply>{}; });
  auto client = Open(broker.endpoint(), 100ms);
  ASSERT_NE(client, nullptr);
  const auto start = std::chrono::steady_clock::now();
  auto reply = client->Call(ListEvents(), v1::Reply::kEventList);
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(reply.status().retryable()) << reply.status().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(broker.requests().size(), 2u);
}

TEST(QueryClient, NobodyListening) {
  auto client = Open("tcp://127.0.0.1:1", 100ms);
  ASSERT_NE(client, nullptr);
  auto reply = client->Call(ListEvents(), v1::Reply::kEventList);
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(reply.status().retryable());
  EXPECT_NE(reply.status().message().find("tcp://127.0.0.1:1"),
            std::string::npos);
}

TEST(QueryClient, StrayRepliesAreIgnored) {
  FakeBroker broker([](const v1::Envelope& request, int) {
    v1::Reply stray = ListFor(request);
    stray.set_request_id("an-earlier-question");
    stray.mutable_event_list()->mutable_events(0)->set_event_id("stray");
    return std::vector<v1::Reply>{stray, ListFor(request)};
  });
  auto client = Open(broker.endpoint());
  ASSERT_NE(client, nullptr);
  auto reply = client->Call(ListEvents(), v1::Reply::kEventList);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->event_list().events(0).event_id(), "ev-1");
}

TEST(QueryClient, AnotherKindOfReplyIsMalformed) {
  FakeBroker broker(Answer);
  auto client = Open(broker.endpoint());
  ASSERT_NE(client, nullptr);
  auto reply = client->Call(ListEvents(), v1::Reply::kAlarmList);
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), v1::ERROR_CODE_MALFORMED);
  EXPECT_NE(reply.status().message().find("alarm_list"), std::string::npos)
      << reply.status().message();
}

TEST(QueryClient, EveryRequestCarriesTheActingUserAndPersonWhenSet) {
  FakeBroker broker(Answer);
  QueryOptions options{broker.endpoint(), 2s};
  options.acting_user = "duty";
  options.person = "张三";
  auto client = QueryClient::Open(std::move(options));
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  ASSERT_TRUE((*client)->Call(ListEvents(), v1::Reply::kEventList).ok());
  // A request that names its own keeps them: one client, many persons.
  v1::Envelope other = ListEvents();
  other.set_acting_user("analyst");
  other.set_person("李四");
  ASSERT_TRUE((*client)->Call(other, v1::Reply::kEventList).ok());
  const auto requests = broker.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].acting_user(), "duty");
  EXPECT_EQ(requests[0].person(), "张三");
  EXPECT_EQ(requests[1].acting_user(), "analyst");
  EXPECT_EQ(requests[1].person(), "李四");

  // Without them, nothing is added.
  FakeBroker plain(Answer);
  auto own = Open(plain.endpoint());
  ASSERT_TRUE(own->Call(ListEvents(), v1::Reply::kEventList).ok());
  EXPECT_TRUE(plain.requests()[0].acting_user().empty());
  EXPECT_TRUE(plain.requests()[0].person().empty());
}

TEST(QueryClient, PolicyAsksForThePolicy) {
  FakeBroker broker([](const v1::Envelope& request, int) {
    v1::Reply reply;
    reply.set_request_id(request.request_id());
    if (request.has_policy()) {
      reply.mutable_policy()->set_preset("city");
      reply.mutable_policy()->set_max_attachments(8);
    }
    return std::vector<v1::Reply>{reply};
  });
  auto client = Open(broker.endpoint());
  Result<v1::Policy> policy = client->Policy();
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ(policy->preset(), "city");
  EXPECT_EQ(policy->max_attachments(), 8u);
  ASSERT_EQ(broker.requests().size(), 1u);
  EXPECT_TRUE(broker.requests()[0].has_policy());
}

TEST(QueryClient, APolicyRefusalIsAStatus) {
  FakeBroker broker([](const v1::Envelope& request, int) {
    v1::Reply reply;
    reply.set_request_id(request.request_id());
    Status(v1::ERROR_CODE_NOT_PERMITTED, "无权", "acting_user")
        .ToWire(reply.mutable_error());
    return std::vector<v1::Reply>{reply};
  });
  auto client = Open(broker.endpoint());
  Result<v1::Policy> policy = client->Policy();
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().code(), v1::ERROR_CODE_NOT_PERMITTED);
  EXPECT_EQ(policy.status().message(), "无权");
  EXPECT_EQ(policy.status().field(), "acting_user");
}

TEST(QueryClient, BadEndpointIsRefusedAtOpen) {
  auto client = QueryClient::Open(QueryOptions{"not an endpoint", 1s});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), v1::ERROR_CODE_INVALID_FIELD);
  EXPECT_EQ(client.status().field(), "endpoint");
}

}  // namespace
}  // namespace xinbao::client
