#include "broker/ingest/command_text.h"

#include "proto/utf8.h"

namespace xinbao::broker {

Status CheckTexts(std::initializer_list<CommandText> texts) {
  for (const CommandText& text : texts) {
    if (text.value.empty()) {
      if (!text.required) continue;
      return Status(v1::ERROR_CODE_MISSING_FIELD,
                    std::string("缺少必填项：") + text.label, text.path);
    }
    const std::optional<std::size_t> chars = CountCodePoints(text.value);
    if (chars && *chars > text.max_chars) {
      return Status(v1::ERROR_CODE_FIELD_TOO_LONG,
                    std::string(text.label) + "太长：最多 " +
                        std::to_string(text.max_chars) + " 个字",
                    text.path);
    }
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
