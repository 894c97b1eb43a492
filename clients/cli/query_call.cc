#include "clients/cli/query_call.h"

#include <iostream>
#include <utility>

#include "clients/lib/query_client.h"
#include "clients/text/report_lines.h"

namespace xinbao::client::cli {
namespace {

// The message in the reply's body (the oneof's field number is its case).
const google::protobuf::Message& BodyOf(const v1::Reply& reply) {
  const auto* field = v1::Reply::descriptor()->FindFieldByNumber(
      static_cast<int>(reply.body_case()));
  return reply.GetReflection()->GetMessage(reply, field);
}

}  // namespace

Outcome AskQuery(const GlobalOptions& options, const std::string& endpoint,
                 v1::Envelope request, v1::Reply::BodyCase expected,
                 double default_timeout_seconds) {
  QueryOptions query;
  query.endpoint = endpoint;
  query.timeout =
      Millis(options.timeout_seconds.value_or(default_timeout_seconds));
  query.curve = options.curve;
  query.acting_user = options.acting_user;
  query.person = options.person;
  auto client = QueryClient::Open(std::move(query));
  if (!client.ok()) return {std::nullopt, Fail(client.status())};
  Result<v1::Reply> reply = (*client)->Call(std::move(request), expected);
  if (!reply.ok()) {
    std::cerr << "错误: " << reply.status().message() << std::endl;
    return {std::nullopt,
            reply.status().retryable() ? kStillPending : kRefused};
  }
  return {std::move(reply).value(), kSettled};
}

// Prints the outcome — the refusal, the body as JSON, or `text` of it —
// and returns the exit code.
int ShowAnswer(const GlobalOptions& options, const Outcome& outcome,
               const std::function<std::string(const v1::Reply&)>& text) {
  if (!outcome.reply) return outcome.exit_code;
  const v1::Reply& reply = *outcome.reply;
  if (options.json) {
    std::cout << MessageJson(BodyOf(reply)) << std::endl;
  } else if (reply.has_error()) {
    std::cerr << "错误: " << ErrorText(reply.error()) << std::endl;
  } else {
    std::cout << text(reply) << std::flush;
  }
  if (!reply.has_error()) return kSettled;
  return reply.error().retryable() ? kStillPending : kRefused;
}

}  // namespace xinbao::client::cli
