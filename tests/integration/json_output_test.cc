// `--json` across the command line: every command writes 64-bit integers
// (sequences, *_ms times, the outbox's ordinals) as JSON strings, as
// protobuf's JSON mapping does, so that a script reads them one way
// whatever the command (README.md, "JSON output").
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"
#include "tests/integration/test_keys.h"
#include "tests/support/sample_reports.h"
#include "tests/support/temp_dir.h"

namespace xinbao {
namespace {

using google::protobuf::Value;
using testing::BrokerProcess;
using testing::CliAs;
using testing::RunCommand;

bool Is64BitName(const std::string& key) {
  auto ends_with = [&key](std::string_view suffix) {
    return key.size() >= suffix.size() &&
           key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  // Error.retry_after_ms is a uint32 (a number in JSON), the one _ms that
  // is not 64-bit.
  return (ends_with("_ms") && key != "retry_after_ms") ||
         ends_with("sequence") || key == "ordinal";
}

// Walks `value`, counting the 64-bit members and naming those that are not
// strings in `wrong`.
void Check64BitMembers(const Value& value, int* seen,
                       std::vector<std::string>* wrong) {
  if (value.has_struct_value()) {
    for (const auto& [key, member] : value.struct_value().fields()) {
      if (Is64BitName(key)) {
        ++*seen;
        if (member.kind_case() != Value::kStringValue) wrong->push_back(key);
      }
      Check64BitMembers(member, seen, wrong);
    }
  } else if (value.has_list_value()) {
    for (const Value& item : value.list_value().values()) {
      Check64BitMembers(item, seen, wrong);
    }
  }
}

// Every JSON line of `output` (lines starting with '{') parses, holds at
// least one 64-bit member, and has all of them as strings.
void ExpectStringIntegers(const testing::CommandResult& result,
                          const std::string& command) {
  std::istringstream lines(result.output);
  std::string line;
  int seen = 0;
  std::vector<std::string> wrong;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '{') continue;
    Value value;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &value).ok())
        << command << ": " << line;
    Check64BitMembers(value, &seen, &wrong);
  }
  EXPECT_GT(seen, 0) << command << " printed no 64-bit member:\n"
                     << result.output;
  EXPECT_TRUE(wrong.empty()) << command << " printed as numbers: "
                             << ::testing::PrintToString(wrong) << "\n"
                             << result.output;
}

TEST(JsonOutput, SixtyFourBitIntegersAreStringsInEveryCommand) {
  testing::TempDir dir;
  BrokerProcess broker(dir / "data");
  const std::string outbox = (dir / "outbox").string();
  const std::vector<std::string> report = {
      "--unit", "hekou", "--kind", "urgent", "--event-id", "new",
      "--stage", "事", "--title", "河口镇发生山体滑坡", "--body",
      "今日6时许，河口镇李家村发生山体滑坡。", "--occurred",
      "2026-01-05 06:10"};
  auto args = [&](std::vector<std::string> head,
                  const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };

  const auto submitted = RunCommand(CliAs(
      broker, "hekou",
      args({"--json", "submit", "--endpoint", broker.endpoint(), "--outbox",
            outbox},
           report)));
  ASSERT_EQ(submitted.exit_code, 0) << submitted.output;
  ExpectStringIntegers(submitted, "submit");
  const auto id_at = submitted.output.find("\"event_id\":\"");
  ASSERT_NE(id_at, std::string::npos) << submitted.output;
  const std::string event_id = submitted.output.substr(
      id_at + 12, submitted.output.find('"', id_at + 12) - id_at - 12);

  // A refused report stays in the outbox's rejected/ folder.
  const auto refused = RunCommand(CliAs(
      broker, "hekou",
      args({"--json", "submit", "--endpoint", broker.endpoint(), "--outbox",
            outbox, "--classification", "secret", "--event-id", event_id},
           {"--unit", "hekou", "--kind", "urgent", "--stage", "情", "--title",
            "续报", "--body", "正文"})));
  ASSERT_EQ(refused.exit_code, 4) << refused.output;
  ExpectStringIntegers(RunCommand(CliAs(broker, "hekou",
                                        {"--json", "outbox", "--outbox",
                                         outbox})),
                       "outbox");

  const std::string query = broker.query_endpoint();
  struct Command {
    const char* user;
    std::vector<std::string> args;
  };
  const std::vector<Command> commands = {
      {"county-office", {"events"}},
      {"county-office", {"event", event_id}},
      {"county-office", {"overdue"}},
      {"county-office",
       {"watch", "--once", "--feed-endpoint", broker.feed_endpoint()}},
      {"analyst", {"replay"}},
      {"analyst", {"as-of", std::to_string(testing::NowMs())}},
      {"analyst", {"stats"}},
      {"admin", {"audit"}},
  };
  for (const Command& command : commands) {
    const auto result = RunCommand(CliAs(
        broker, command.user,
        args({"--json", "--query-endpoint", query}, command.args)));
    ASSERT_EQ(result.exit_code, 0) << command.args[0] << "\n" << result.output;
    ExpectStringIntegers(result, command.args[0]);
  }
}

}  // namespace
}  // namespace xinbao
