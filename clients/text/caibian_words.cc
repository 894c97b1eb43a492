#include "clients/text/caibian_words.h"

#include "clients/text/local_time.h"
#include "proto/names.h"

namespace xinbao::client {

std::string MinuteText(int64_t unix_ms, const TimeZone& zone) {
  return FormatTime(unix_ms, zone, "%Y-%m-%d %H:%M");
}

std::string AdoptionWords(const v1::Adoption& adoption) {
  std::string text = std::string(LeaderLevelName(adoption.level())) + "《" +
                     adoption.series_name() + "》" + adoption.reference() + "（" +
                     std::string(AdoptionOriginName(adoption.origin()));
  if (adoption.merged_units() > 1) {
    text += "，综合" + std::to_string(adoption.merged_units()) + "个单位";
  }
  text += "）";
  if (!adoption.item_title().empty()) text += "「" + adoption.item_title() + "」";
  return text;
}

std::string InstructionWords(const std::string& leader, v1::LeaderLevel level,
                             int64_t at_ms, const std::string& text,
                             const TimeZone& zone) {
  std::string words = leader + "（" + std::string(LeaderLevelName(level));
  if (at_ms != 0) words += "，" + FormatTime(at_ms, zone, "%Y-%m-%d");
  return words + "）：" + text;
}

}  // namespace xinbao::client
