#include "clients/cli/usage_error.h"

#include <algorithm>

namespace xinbao::client::cli {
namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Whether CLI11 raised an error of type E.
template <class E>
bool Is(const CLI::Error& error) {
  return dynamic_cast<const E*>(&error) != nullptr;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The text after the first ": " of `message` (CLI11's "name: detail").
std::string After(const std::string& message, std::string_view separator) {
  const auto at = message.find(separator);
  return at == std::string::npos ? message
                                 : message.substr(at + separator.size());
}

std::string Before(const std::string& message, std::string_view separator) {
  return message.substr(0, message.find(separator));
}

// The tokens of CLI11's ExtrasError message, in command-line order (CLI11
// lists them last first).
std::vector<std::string> ExtraTokens(const std::string& message) {
  std::vector<std::string> tokens;
  std::string rest = After(message, ": ");
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    tokens.insert(tokens.begin(), rest.substr(0, space));
    if (space == std::string::npos) break;
    rest = rest.substr(space + 1);
  }
  return tokens;
}

// Every command name and alias of `app`.
std::vector<std::string> CommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command :
       const_cast<CLI::App&>(app).get_subcommands(
           [](CLI::App*) { return true; })) {
    names.push_back(command->get_name());
    for (const std::string& alias : command->get_aliases()) {
      names.push_back(alias);
    }
  }
  return names;
}

// Every long option ("--title") of `app`.
std::vector<std::string> OptionNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option :
       app.get_options([](const CLI::Option*) { return true; })) {
    for (const std::string& name : option->get_lnames()) {
      names.push_back("--" + name);
    }
  }
  return names;
}

// "不认识的选项 --titel；您要的是不是 --title？" for an option of the command
// being parsed or of xinbao itself.
std::string UnknownOption(const CLI::App& app, const CLI::App* command,
                          const std::string& token) {
  const std::string option = Before(token, "=");
  std::vector<std::string> names = OptionNames(app);
  if (command != nullptr) {
    const std::vector<std::string> own = OptionNames(*command);
    names.insert(names.end(), own.begin(), own.end());
  }
  std::string text = "不认识的选项 " + option;
  if (const auto nearest = NearestName(option, names)) {
    text += "；您要的是不是 " + *nearest + "？";
  }
  return text;
}

// The message when no command was recognised.
std::string NoCommand(const CLI::App& app) {
  const std::vector<std::string> left = app.remaining();
  if (left.empty()) {
    return "缺少命令：请在 xinbao 后写出要做的事，例如 xinbao submit（报送）";
  }
  const std::string& token = left.front();
  if (StartsWith(token, "-")) return UnknownOption(app, nullptr, token);
  std::string text = "没有 \"" + token + "\" 这个命令";
  if (const auto nearest = NearestName(token, CommandNames(app))) {
    text += "；您要的是不是 xinbao " + *nearest + "？";
  }
  return text;
}

// CLI11's message for `error`, in Chinese. `command` is the subcommand
// being parsed.
std::string Translated(const CLI::App& app, const CLI::App* command,
                       const CLI::Error& error) {
  const std::string what = error.what();
  if (Is<CLI::RequiredError>(error)) {
    return "缺少必填项 " + Before(what, " is required");
  }
  if (Is<CLI::ExtrasError>(error)) {
    const std::vector<std::string> tokens = ExtraTokens(what);
    for (const std::string& token : tokens) {
      if (StartsWith(token, "-")) return UnknownOption(app, command, token);
    }
    std::string text = "多余的参数:";
    for (const std::string& token : tokens) text += " " + token;
    return text;
  }
  if (Is<CLI::ConversionError>(error)) {
    if (StartsWith(what, "Could not convert: ")) {
      const std::string rest = After(what, "Could not convert: ");
      return Before(rest, " = ") + " 的值 " + After(rest, " = ") +
             " 无法识别（应为数字）";
    }
    return "参数的值无法识别: " + what;
  }
  if (Is<CLI::ValidationError>(error)) {
    const std::string name = Before(what, ": ");
    const std::string detail = After(what, ": Value ");
    const std::string value = Before(detail, " ");
    if (detail.find("not in range") != std::string::npos) {
      return name + " 的值 " + value + " 超出允许的范围";
    }
    return name + " 的值 " + value + " 无法识别";
  }
  if (Is<CLI::ArgumentMismatch>(error)) {
    return Before(what, ": ") + " 后面缺少值，或给的值个数不对";
  }
  if (Is<CLI::RequiresError>(error)) {
    return Before(what, " requires ") + " 需要同时给出 " +
           After(what, " requires ");
  }
  if (Is<CLI::ExcludesError>(error)) {
    return Before(what, " excludes ") + " 与 " + After(what, " excludes ") +
           " 不能同时给出";
  }
  return "命令行有误: " + what;
}

}  // namespace

std::optional<std::string> NearestName(std::string_view typed,
                                       const std::vector<std::string>& names) {
  std::optional<std::string> nearest;
  std::size_t best = 0;
  for (const std::string& name : names) {
    const std::size_t distance = EditDistance(typed, name);
    const std::size_t allowed = name.size() <= 3 ? 1 : 2;
    if (distance > allowed || distance >= typed.size()) continue;
    if (!nearest || distance < best) {
      nearest = name;
      best = distance;
    }
  }
  return nearest;
}

std::string UsageErrorText(const CLI::App* app, const CLI::Error& error) {
  const std::vector<CLI::App*> parsed = app->get_subcommands();
  const CLI::App* command = parsed.empty() ? nullptr : parsed.front();
  const bool no_command =
      command == nullptr &&
      (Is<CLI::ExtrasError>(error) ||
       (Is<CLI::RequiredError>(error) &&
        StartsWith(error.what(), "A subcommand")));
  const std::string text =
      no_command ? NoCommand(*app) : Translated(*app, command, error);
  const std::string help =
      command == nullptr ? "xinbao --help"
                         : "xinbao " + command->get_name() + " --help";
  return "错误: " + text + "\n（" + help + " 查看用法）\n";
}

}  // namespace xinbao::client::cli
