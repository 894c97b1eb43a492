// The archive chain's digest begun in one place and finished in another
// (proto/chain_hash.h PartialDigest): the broker's frontend begins a
// report's digest on its wire bytes and the writer finishes it with the
// fields the store appends. The link hashes an export is checked with
// must come out the same as a digest of the whole record.
#include <gtest/gtest.h>

#include <string>

#include "proto/chain_hash.h"

namespace xinbao {
namespace {

TEST(PartialDigest, FinishedWithTheRestItIsTheDigestOfTheWhole) {
  std::string record;
  for (int i = 0; i < 300; ++i) record += "城关镇报告" + std::to_string(i);
  // Every split across BLAKE2b's 128-byte blocks: before, at and after.
  for (std::size_t split : {0ul, 1ul, 127ul, 128ul, 129ul, 1000ul,
                            record.size() - 13, record.size()}) {
    PartialDigest begun;
    begun.Add(std::string_view(record).substr(0, split));
    EXPECT_EQ(begun.Finish(std::string_view(record).substr(split)),
              ChainDigest(record))
        << "split at " << split;
  }
}

TEST(PartialDigest, FinishingLeavesItAsItWasAndAddsUp) {
  PartialDigest begun;
  begun.Add("abc");
  begun.Add("def");
  const ChainHash first = begun.Finish("ghi");
  EXPECT_EQ(begun.Finish("ghi"), first);  // Finish did not consume it
  EXPECT_EQ(first, ChainDigest("abcdefghi"));
  EXPECT_NE(begun.Finish("ghj"), first);
  const PartialDigest copy = begun;
  EXPECT_EQ(copy.Finish("ghi"), first);
  EXPECT_EQ(PartialDigest().Finish(""), ChainDigest(""));
}

}  // namespace
}  // namespace xinbao
