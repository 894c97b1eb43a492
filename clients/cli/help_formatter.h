// HelpFormatter: `xinbao --help` in Chinese, its columns aligned by how
// wide text shows on a terminal (a 汉字 takes two columns), where CLI11's
// own formatter pads by bytes and misaligns every line with Chinese in it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace xinbao::client::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  // Chinese labels ("用法", "选项", "必填" …), first column 30 wide.
  HelpFormatter();

  std::string make_option(const CLI::Option* option,
                          bool is_positional) const override;
  std::string make_subcommand(const CLI::App* command) const override;

 private:
  // "  <name>" padded to the first column, then `description` (its later
  // lines indented to the same column); the description starts on the
  // next line when the name fills the column.
  std::string Row(const std::string& name,
                  const std::string& description) const;
};

// Gives `app` and its subcommands, at every level, the HelpFormatter and
// Chinese group names ("选项", "子命令"). Call after every option and
// subcommand is added.
void UseChineseHelp(CLI::App& app);

}  // namespace xinbao::client::cli
