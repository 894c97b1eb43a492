#include "proto/chain_hash.h"

#include <sodium.h>

#include <charconv>
#include <cstring>

namespace xinbao {
namespace {

constexpr std::string_view kDomain = "xinbao-chain-1";

void PutBig(crypto_generichash_state* state, uint64_t value, int bytes) {
  unsigned char out[8];
  for (int i = 0; i < bytes; ++i) {
    out[i] = static_cast<unsigned char>(value >> (8 * (bytes - 1 - i)));
  }
  crypto_generichash_update(state, out, static_cast<unsigned long long>(bytes));
}

void Put(crypto_generichash_state* state, std::string_view bytes) {
  crypto_generichash_update(
      state, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

ChainHash ChainDigest(std::string_view bytes) {
  ChainHash out;
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return out;
}

static_assert(sizeof(crypto_generichash_state) <= 384 &&
              alignof(crypto_generichash_state) <= 64);

PartialDigest::PartialDigest() {
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_),
                          nullptr, 0, kChainHashSize);
}

void PartialDigest::Add(std::string_view bytes) {
  Put(reinterpret_cast<crypto_generichash_state*>(state_), bytes);
}

ChainHash PartialDigest::Finish(std::string_view rest) const {
  crypto_generichash_state state;
  std::memcpy(&state, state_, sizeof state);
  Put(&state, rest);
  ChainHash out;
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

ChainHash ChainLinkHash(uint64_t index, const ChainHash& prev,
                        v1::ChainRecordKind kind, std::string_view record_key,
                        const ChainHash& digest, int64_t linked_at_ms) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kChainHashSize);
  Put(&state, kDomain);
  PutBig(&state, index, 8);
  crypto_generichash_update(&state, prev.data(), prev.size());
  PutBig(&state, static_cast<uint32_t>(kind), 4);
  PutBig(&state, static_cast<uint32_t>(record_key.size()), 4);
  Put(&state, record_key);
  crypto_generichash_update(&state, digest.data(), digest.size());
  PutBig(&state, static_cast<uint64_t>(linked_at_ms), 8);
  ChainHash out;
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

std::string ChainBytes(const ChainHash& hash) {
  return std::string(reinterpret_cast<const char*>(hash.data()), hash.size());
}

bool ChainHashOf(std::string_view bytes, ChainHash* out) {
  if (bytes.size() != kChainHashSize) return false;
  for (std::size_t i = 0; i < kChainHashSize; ++i) {
    (*out)[i] = static_cast<uint8_t>(bytes[i]);
  }
  return true;
}

std::string ChainHex(std::string_view hash_bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash_bytes.size() * 2);
  for (unsigned char c : hash_bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0xF]);
  }
  return hex;
}

bool ChainHashFromHex(std::string_view hex, ChainHash* out) {
  if (hex.size() != 2 * kChainHashSize) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < kChainHashSize; ++i) {
    const int high = nibble(hex[2 * i]), low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    (*out)[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return true;
}

Status CheckChainLink(const v1::ChainLink& link, uint64_t prev_index,
                      const ChainHash& prev, const std::string* record) {
  const std::string where = "第 " + std::to_string(prev_index + 1) + " 个链节";
  if (link.index() != prev_index + 1) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "链节缺失：" + where + "处见到的是第 " +
                      std::to_string(link.index()) + " 个",
                  "index");
  }
  ChainHash digest, hash;
  if (!ChainHashOf(link.record_digest(), &digest) ||
      !ChainHashOf(link.hash(), &hash)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "链节被改动：" + where + "的摘要或哈希不是 32 字节", "hash");
  }
  if (ChainLinkHash(link.index(), prev, link.kind(), link.record_key(), digest,
                    link.linked_at_ms()) != hash) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "链节被改动：" + where + "的哈希与它的内容和前一个链节对不上",
                  "hash");
  }
  if (record != nullptr && ChainDigest(*record) != digest) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "记录被改动：" + where + "所链的" +
                      std::string(ChainKindName(link.kind())) +
                      "记录与链上的摘要不符",
                  "record");
  }
  return Status::Ok();
}

std::string_view ChainKindName(v1::ChainRecordKind kind) {
  switch (kind) {
    case v1::CHAIN_RECORD_KIND_REPORT: return "报告";
    case v1::CHAIN_RECORD_KIND_EVENT: return "事件";
    case v1::CHAIN_RECORD_KIND_DUBAN: return "督办事项";
    case v1::CHAIN_RECORD_KIND_BULLETIN_ITEM: return "稿件";
    case v1::CHAIN_RECORD_KIND_BULLETIN_ISSUE: return "简报期次";
    case v1::CHAIN_RECORD_KIND_COMMISSION: return "约稿";
    case v1::CHAIN_RECORD_KIND_ADOPTION: return "采用";
    case v1::CHAIN_RECORD_KIND_AUDIT: return "审计";
    default: return "未知";
  }
}

std::string ChainHeadText(const v1::ChainHead& head, const TimeZone& zone) {
  if (head.index() == 0) return "尚无链节";
  return "第 " + std::to_string(head.index()) + " 个链节（" +
         zone.Format(head.linked_at_ms(), "%Y-%m-%d %H:%M:%S") + "） " +
         ChainHex(head.hash());
}

std::string ChainCheckText(const v1::ChainCheck& check, const TimeZone& zone) {
  std::string text;
  if (check.intact()) {
    text = "存证链完好：" + std::to_string(check.links_checked()) +
           " 个链节，" + std::to_string(check.records_checked()) +
           " 条记录，都与链相符（用时 " + std::to_string(check.took_ms()) +
           " 毫秒）\n";
    text += "链头：" + ChainHeadText(check.head(), zone) + "\n";
    text += "请把链头记下（或与早先记下的比对）：库被整体改写时，只有链外"
            "记下的链头能发现\n";
    return text;
  }
  const v1::ChainBreak& broken = check.first_break();
  text = "存证链已断！";
  if (broken.index() != 0) {
    text += "第 " + std::to_string(broken.index()) + " 个链节";
  }
  text += "（" + std::string(ChainKindName(broken.kind())) + "记录";
  if (!broken.record_key().empty()) {
    text += "，键 " + ChainHex(broken.record_key());
  }
  text += "）：" + broken.reason() + "\n";
  // The links themselves hold together up to here (a changed record
  // leaves them whole).
  text += "链节本身相接完好至：" + ChainHeadText(check.head(), zone) + "\n";
  text += "已核对 " + std::to_string(check.links_checked()) + " 个链节、" +
          std::to_string(check.records_checked()) + " 条记录（用时 " +
          std::to_string(check.took_ms()) + " 毫秒）\n";
  return text;
}

Status ParseChainAnchor(std::string_view text, std::string_view flag,
                        uint64_t* index, ChainHash* hash) {
  const std::size_t colon = text.find(':');
  const Status bad(v1::ERROR_CODE_INVALID_FIELD,
                   std::string(flag) +
                       " 应写成 链节序号:链头哈希（64 位十六进制），如 "
                       "1024:3f2a…，即 xinbao verify 或备份记下的链头",
                   std::string(flag));
  if (colon == std::string_view::npos) return bad;
  const std::string_view number = text.substr(0, colon);
  auto [end, error] =
      std::from_chars(number.data(), number.data() + number.size(), *index);
  if (error != std::errc() || end != number.data() + number.size() ||
      *index == 0 || !ChainHashFromHex(text.substr(colon + 1), hash)) {
    return bad;
  }
  return Status::Ok();
}

}  // namespace xinbao
