#include "clients/cli/help_formatter.h"

#include <functional>
#include <memory>

#include "clients/text/display_width.h"

namespace xinbao::client::cli {

HelpFormatter::HelpFormatter() {
  label("Usage", "用法");
  label("OPTIONS", "选项");
  label("SUBCOMMAND", "子命令");
  label("SUBCOMMANDS", "子命令");
  label("Positionals", "位置参数");
  label("REQUIRED", "必填");
  label("Needs", "需要");
  label("Excludes", "不能与");
  label("Env", "环境变量");
  label("TEXT", "文字");
  label("INT", "整数");
  label("UINT", "非负整数");
  label("FLOAT", "数");
  column_width(30);
}

std::string HelpFormatter::Row(const std::string& name,
                               const std::string& description) const {
  const std::string first = "  " + name;
  std::string out = first;
  if (!description.empty()) {
    const std::string indent(column_width_, ' ');
    out = DisplayWidth(first) >= column_width_
              ? first + "\n" + indent
              : PadRight(first, column_width_);
    for (const char c : description) {
      out += c;
      if (c == '\n') out += indent;
    }
  }
  return out + "\n";
}

std::string HelpFormatter::make_option(const CLI::Option* option,
                                       bool is_positional) const {
  return Row(make_option_name(option, is_positional) + make_option_opts(option),
             make_option_desc(option));
}

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
  return Row(command->get_display_name(true), command->get_description());
}

void UseChineseHelp(CLI::App& app) {
  const auto formatter = std::make_shared<HelpFormatter>();
  const auto every_option = [](CLI::Option*) { return true; };
  const auto every_command = [](CLI::App*) { return true; };
  // Every level: `xinbao bulletin --help` and `xinbao bulletin item
  // --help` too.
  std::function<void(CLI::App&)> apply = [&](CLI::App& of) {
    of.formatter(formatter);
    for (CLI::Option* option : of.get_options(every_option)) {
      if (option->get_group() == "Options") option->group("选项");
    }
    for (CLI::App* command : of.get_subcommands(every_command)) {
      command->group("子命令");
      apply(*command);
    }
  };
  apply(app);
}

}  // namespace xinbao::client::cli
