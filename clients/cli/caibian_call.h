// What the office's 采编 commands share (`xinbao bulletin …`, `xinbao
// commission ask|cancel`): the acting office and person, one
// CaibianRequest on the submit socket and its answer printed, and the
// flags' small parsers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "clients/cli/global_options.h"
#include "proto/status.h"
#include "xinbao/v1/caibian.pb.h"

namespace xinbao::client::cli {

// Sends `action` on the submit socket as the office `unit` (its --unit,
// else the profile's unit), done by `by` (its --by, else the global
// --person); a commission names them as its asking office and officer — QueryClient: its one retry resends the same request, so
// the action's client-minted id keeps it single — and prints
// CaibianChangedText (clients/text/caibian_text.h), the body as JSON with
// --json, or the broker's refusal in its words. Returns the exit code: 0
// done (or a repeat), 2 no office or person, 3 no answer, 4 refused
// (STALE_REVISION, WRONG_STATE, NOT_PERMITTED …).
int ActAsOffice(const GlobalOptions& options, const std::string& unit,
                const std::string& by, v1::CaibianRequest action);

// `id` when given, else a fresh UUID.
std::string IdOrNew(const std::string& id);

// `text` read as a local time (ParseTime in the options' zone) into
// `*unix_ms`; empty text leaves it 0. INVALID_FIELD naming `flag`.
Status ReadTime(const GlobalOptions& options, const std::string& text,
                const std::string& flag, int64_t* unix_ms);

}  // namespace xinbao::client::cli
