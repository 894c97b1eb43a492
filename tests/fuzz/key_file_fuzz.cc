// Fuzz target: a CURVE key file's text (.key or .pub, as `xinbao keygen`
// writes them and both programs read them) through ParseKeyFile(), the
// ReadKeyFile() without the disk. An accepted file holds a public key and,
// if any, the secret key that belongs to it.
#include <cstddef>
#include <cstdint>

#include "proto/curve_keys.h"
#include "tests/fuzz/fuzz_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace xinbao;
  Result<CurveKeyPair> pair = ParseKeyFile(fuzz::AsText(data, size), "fuzz.key");
  fuzz::RequireTyped(pair.status());
  if (!pair.ok()) return 0;
  fuzz::Require(IsCurveKey(pair->public_key), "an accepted file without a key");
  if (!pair->secret_key.empty()) {
    Result<std::string> derived = PublicKeyOf(pair->secret_key);
    fuzz::Require(derived.ok() && *derived == pair->public_key,
                  "an accepted secret key that is not the public key's");
  }
  return 0;
}
