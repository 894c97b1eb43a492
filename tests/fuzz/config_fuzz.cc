// Fuzz target: the broker's TOML configuration, through ParseConfig() —
// the LoadConfig() an operator's file goes through, without the disk. The
// file "lives" in a folder that does not exist, so a [calendar] file it
// names is refused as unreadable rather than read.
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>

#include "broker/config/config.h"
#include "tests/fuzz/fuzz_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace xinbao;
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::off);
    return true;
  }();
  (void)quiet;
  Result<broker::BrokerConfig> config = broker::ParseConfig(
      fuzz::AsText(data, size), "/nonexistent-xinbao-fuzz/xinbao-broker.toml");
  fuzz::RequireTyped(config.status());
  return 0;
}
