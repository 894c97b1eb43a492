// The batch's claimed dedupe keys: what Append asks of them to answer a
// repeat inside one batch with the report that claimed its key.
#include "storage/batch_keys.h"

#include <gtest/gtest.h>

#include <string>

namespace xinbao::storage {
namespace {

using namespace std::string_literals;

TEST(BatchKeys, FindsEachKeyWithThePositionThatClaimedItAndNothingElse) {
  BatchKeys keys;
  keys.Clear(4);
  EXPECT_EQ(keys.Find("chengguan\0k-1"s), std::nullopt);
  keys.Add("chengguan\0k-1"s, 0);
  keys.Add("hekou\0k-1"s, 3);
  EXPECT_EQ(keys.Find("chengguan\0k-1"s), 0u);
  EXPECT_EQ(keys.Find("hekou\0k-1"s), 3u);
  // Same idempotency key, another unit; a key that is a prefix of one.
  EXPECT_EQ(keys.Find("donghu\0k-1"s), std::nullopt);
  EXPECT_EQ(keys.Find("chengguan\0k-"s), std::nullopt);
  EXPECT_EQ(keys.Find("chengguan"), std::nullopt);
}

TEST(BatchKeys, ANewBatchForgetsTheLastOnesKeys) {
  BatchKeys keys;
  keys.Clear(2);
  keys.Add("hekou\0a"s, 1);
  keys.Clear(2);
  EXPECT_EQ(keys.Find("hekou\0a"s), std::nullopt);
  keys.Add("hekou\0b"s, 0);
  EXPECT_EQ(keys.Find("hekou\0b"s), 0u);
}

TEST(BatchKeys, HoldsMoreKeysThanItWasToldToExpect) {
  BatchKeys keys;
  keys.Clear(1);
  constexpr std::size_t kKeys = 5000;
  for (std::size_t i = 0; i < kKeys; ++i) {
    keys.Add("unit-" + std::to_string(i % 7) + '\0' + std::to_string(i), i);
  }
  for (std::size_t i = 0; i < kKeys; ++i) {
    EXPECT_EQ(keys.Find("unit-" + std::to_string(i % 7) + '\0' + std::to_string(i)), i);
  }
  EXPECT_EQ(keys.Find("unit-0\0"s + std::to_string(kKeys)), std::nullopt);
}

TEST(BatchKeys, IsEmptyBeforeItsFirstBatch) {
  const BatchKeys keys;
  EXPECT_EQ(keys.Find("hekou\0a"s), std::nullopt);
}

}  // namespace
}  // namespace xinbao::storage
