// How `xinbao` answers a command line it cannot parse, --version and
// --help: in Chinese, naming the bad token and the nearest command or
// option, exit code 2 for a usage error; help columns aligned by display
// width. No broker is needed: nothing here gets past parsing.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "clients/text/display_width.h"
#include "tests/integration/broker_process.h"
#include "tests/integration/command.h"

namespace xinbao {
namespace {

using testing::CliBinary;
using testing::RunCommand;

testing::CommandResult Xinbao(std::vector<std::string> args) {
  args.insert(args.begin(), CliBinary());
  return RunCommand(args);
}

struct UsageCase {
  std::vector<std::string> args;
  std::vector<std::string> said;  // each must appear in the output
};

TEST(CliUsage, ErrorsNameTheTokenInChineseAndExitWith2) {
  const UsageCase cases[] = {
      {{"sumbit"}, {"没有 \"sumbit\" 这个命令", "xinbao submit"}},
      {{"outbx"}, {"\"outbx\"", "xinbao outbox"}},
      {{"--colour", "flush"}, {"不认识的选项 --colour"}},
      {{"submit", "--titel", "标题"}, {"不认识的选项 --titel", "--title"}},
      {{}, {"缺少命令"}},
      {{"keygen"}, {"缺少必填项 --out"}},
      {{"submit", "--dead", "abc"}, {"--dead 的值 abc 无法识别"}},
      {{"--timeout", "-1", "flush"}, {"--timeout 的值 -1"}},
      {{"new-event-id", "extra"}, {"多余的参数: extra"}},
      {{"submit", "--title"}, {"--title 后面缺少值"}},
  };
  for (const UsageCase& c : cases) {
    const auto result = Xinbao(c.args);
    const std::string line = ::testing::PrintToString(c.args);
    EXPECT_EQ(result.exit_code, 2) << line << "\n" << result.output;
    for (const std::string& said : c.said) {
      EXPECT_NE(result.output.find(said), std::string::npos)
          << line << " should say " << said << ":\n"
          << result.output;
    }
    for (const char* english : {"A subcommand", "is required", "not expected",
                                "Could not convert", "Run with --help"}) {
      EXPECT_EQ(result.output.find(english), std::string::npos)
          << line << ":\n" << result.output;
    }
  }
}

TEST(CliUsage, VersionIsTheProjectVersion) {
  const auto result = Xinbao({"--version"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "xinbao " XINBAO_VERSION "\n");
}

// Every description in a help listing starts at the same terminal column,
// Chinese aliases and all.
TEST(CliUsage, HelpColumnsAlignByDisplayWidth) {
  struct Help {
    std::vector<std::string> args;
    std::vector<std::string> descriptions;
  };
  const Help helps[] = {
      {{"--help"},
       {"保存并报送一份报告", "列出待发和被拒绝的报告", "生成一个新的事件编号",
        "报送服务器地址", "每行输出一个 JSON 对象"}},
      {{"submit", "--help"}, {"标题", "报告 JSON 文件", "死亡人数"}},
  };
  for (const Help& help : helps) {
    const auto result = Xinbao(help.args);
    ASSERT_EQ(result.exit_code, 0) << result.output;
    for (const std::string& description : help.descriptions) {
      std::istringstream lines(result.output);
      std::string line;
      bool found = false;
      while (std::getline(lines, line)) {
        const auto at = line.find(description);
        if (at == std::string::npos || at == 0) continue;
        found = true;
        EXPECT_EQ(client::DisplayWidth(line.substr(0, at)), 30u)
            << "\"" << line << "\"";
        break;
      }
      EXPECT_TRUE(found) << description << " not in:\n" << result.output;
    }
  }
}

}  // namespace
}  // namespace xinbao
