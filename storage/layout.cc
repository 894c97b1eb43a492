#include "storage/layout.h"

namespace xinbao::storage::layout {

namespace {

constexpr uint64_t kSignBit = uint64_t{1} << 63;

}  // namespace

void PutFixed64(std::string* out, uint64_t value) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  out->append(buf, sizeof(buf));
}

uint64_t DecodeFixed64(const char* p) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value = (value << 8) | static_cast<unsigned char>(p[i]);
  }
  return value;
}

void AppendSequenceKey(std::string* out, uint64_t sequence) {
  PutFixed64(out, sequence);
}

void AppendDedupeKey(std::string* out, std::string_view unit_id,
                     std::string_view idempotency_key) {
  out->append(unit_id);
  out->push_back('\0');
  out->append(idempotency_key);
}

void AppendReportDedupeKey(std::string* out, const v1::Report& report) {
  if (!report.has_forwarded()) {
    AppendDedupeKey(out, report.unit_id(), report.idempotency_key());
    return;
  }
  out->push_back(kForwardedUnitTag);
  out->append(report.forwarded().origin_broker());
  out->push_back('/');
  out->append(report.forwarded().origin_unit_id());
  out->push_back('\0');
  out->append(report.idempotency_key());
}

void AppendDedupeValue(std::string* out, uint64_t sequence,
                       int64_t stored_at_ms) {
  PutFixed64(out, sequence);
  PutFixed64(out, static_cast<uint64_t>(stored_at_ms));
}

bool ParseDedupeValue(std::string_view value, uint64_t* sequence,
                      int64_t* stored_at_ms) {
  if (value.size() != kDedupeValueSize) return false;
  *sequence = DecodeFixed64(value.data());
  *stored_at_ms = static_cast<int64_t>(DecodeFixed64(value.data() + 8));
  return true;
}

void AppendNamedKey(std::string* out, std::string_view name,
                    uint64_t sequence) {
  out->append(name);
  out->push_back('\0');
  PutFixed64(out, sequence);
}

void AppendNamedLimit(std::string* out, std::string_view name) {
  out->append(name);
  out->push_back('\1');
}

void AppendTimeKey(std::string* out, int64_t stored_at_ms, uint64_t sequence) {
  AppendTimePrefix(out, stored_at_ms);
  PutFixed64(out, sequence);
}

void AppendTimePrefix(std::string* out, int64_t stored_at_ms) {
  PutFixed64(out, static_cast<uint64_t>(stored_at_ms) ^ kSignBit);
}

void AppendKindPrefix(std::string* out, char tag, int value) {
  out->push_back(tag);
  out->push_back(static_cast<char>(static_cast<uint8_t>(value)));
}

void AppendKindKey(std::string* out, char tag, int value, uint64_t sequence) {
  AppendKindPrefix(out, tag, value);
  PutFixed64(out, sequence);
}

void AppendHistoryKey(std::string* out, std::string_view event_id,
                      int64_t at_ms) {
  out->append(event_id);
  out->push_back('\0');
  AppendTimePrefix(out, at_ms);
}

int64_t HistoryKeyTime(std::string_view key) {
  return static_cast<int64_t>(TrailingSequence(key) ^ kSignBit);
}

}  // namespace xinbao::storage::layout
