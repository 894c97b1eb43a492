// Fuzz target: the query parameters of the duty centre's analysts' routes
// (/api/stats, /api/replay, /api/as-of and their exports) through
// StatsRequestOf(), ReplayRequestOf() and AsOfRequestOf(), in the broker's
// zone at kFuzzNowMs. The input is a query string, "k=v&k=v…", split as a
// server would (no percent-decoding: every byte already reaches the
// parsers as it is).
#include <cstddef>
#include <cstdint>
#include <string>

#include "clients/centre/analysis_params.h"
#include "tests/fuzz/fuzz_rules.h"

namespace xinbao::fuzz {
namespace {

centre::QueryParams ParamsOf(std::string_view query) {
  centre::QueryParams params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    const std::size_t equals = pair.find('=');
    params.emplace(std::string(pair.substr(0, equals)),
                   equals == std::string_view::npos
                       ? std::string()
                       : std::string(pair.substr(equals + 1)));
  }
  return params;
}

}  // namespace
}  // namespace xinbao::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace xinbao;
  const TimeZone* const zone = &fuzz::BrokerZone();
  const centre::QueryParams params = fuzz::ParamsOf(fuzz::AsText(data, size));
  fuzz::RequireTyped(
      centre::StatsRequestOf(params, *zone, fuzz::kFuzzNowMs).status());
  fuzz::RequireTyped(centre::ReplayRequestOf(params, *zone).status());
  fuzz::RequireTyped(centre::AsOfRequestOf(params, *zone).status());
  return 0;
}
