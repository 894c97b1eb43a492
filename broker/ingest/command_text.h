// The free-text fields of the commands on the submit socket (event
// commands, 督办 requests): required or not, and at most how many
// characters. One copy of the check and its words.
//
// Threads: pure functions.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>

#include "proto/status.h"

namespace xinbao::broker {

struct CommandText {
  const std::string& value;
  std::string path;        // the field, "duban_step.text"
  const char* label;       // its Chinese label, "经办人"
  std::size_t max_chars;
  bool required = true;
};

// The first text that is missing (MISSING_FIELD, when required) or too long
// (FIELD_TOO_LONG); OK if none.
Status CheckTexts(std::initializer_list<CommandText> texts);

}  // namespace xinbao::broker
