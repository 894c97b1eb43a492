// ReportStore::Append: the write path. One WriteBatch per call. The only
// read on the way of a new report is its dedupe lookup (a bloom-filtered
// point Get); a stored report is read back only for a resubmission.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <span>
#include <string>

#include "proto/wire_fields.h"
#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

namespace {

// Scratch batches larger than this are dropped after the write rather than
// kept (with their capacity) for the next call.
constexpr size_t kMaxRetainedBatchBytes = size_t{1} << 20;

// Checks the fields that become parts of keys: they must not contain \0,
// and the unit and idempotency key must be present.
Status CheckKeyFields(const v1::Report* report) {
  if (report == nullptr) {
    return Status(v1::ERROR_CODE_INVALID_FIELD, "报告为空", "report");
  }
  struct KeyField {
    std::string_view value;
    std::string_view field;
    bool required;
  };
  const KeyField fields[] = {
      {report->unit_id(), "report.unit_id", true},
      {report->idempotency_key(), "report.idempotency_key", true},
      {report->event_id(), "report.event_id", false},
  };
  const bool forwarded = report->has_forwarded();
  const KeyField origin[] = {
      {report->forwarded().origin_broker(), "report.forwarded.origin_broker",
       forwarded},
      {report->forwarded().origin_unit_id(), "report.forwarded.origin_unit_id",
       forwarded},
  };
  for (const std::span<const KeyField> group : {std::span<const KeyField>(fields),
                                                std::span<const KeyField>(origin)}) {
    for (const KeyField& f : group) {
      if (f.required && f.value.empty()) {
        return Status(v1::ERROR_CODE_INVALID_FIELD,
                      std::string(f.field) + " 不能为空", std::string(f.field));
      }
      if (layout::HasNul(f.value)) return NulInName(f.field);
    }
  }
  return Status::Ok();
}

// Whether two reports say the same, ignoring what the store assigned —
// and, for two forwarded reports (the same origin, unit and key: one
// report), the way each came: the unit that forwarded it here, its hops,
// its place in the sender's queue and the origin's names.
bool SameContent(const v1::Report& a, const v1::Report& b) {
  const google::protobuf::Descriptor* report = v1::Report::descriptor();
  const google::protobuf::Descriptor* way = v1::Forwarding::descriptor();
  google::protobuf::util::MessageDifferencer differ;
  differ.IgnoreField(report->FindFieldByNumber(v1::Report::kSequenceFieldNumber));
  differ.IgnoreField(report->FindFieldByNumber(v1::Report::kStoredAtMsFieldNumber));
  if (a.has_forwarded() && b.has_forwarded()) {
    differ.IgnoreField(report->FindFieldByNumber(v1::Report::kUnitIdFieldNumber));
    // The origin's names are as each way knows them (the county's
    // register, or the city's for a 越级 report): labels, not content.
    for (int number : {v1::Forwarding::kOriginUnitNameFieldNumber,
                       v1::Forwarding::kOriginBrokerNameFieldNumber,
                       v1::Forwarding::kHopsFieldNumber,
                       v1::Forwarding::kHopNamesFieldNumber,
                       v1::Forwarding::kLinkPositionFieldNumber,
                       v1::Forwarding::kAfterPositionFieldNumber}) {
      differ.IgnoreField(way->FindFieldByNumber(number));
    }
  }
  return differ.Compare(a, b);
}

// The outcome of `report`, whose unit and key already belong to `original`
// (acknowledged with `ack`).
AppendOutcome DuplicateOutcome(const v1::Report& original, StoredAck ack,
                               const v1::Report& report) {
  if (!SameContent(original, report)) {
    return {Status(v1::ERROR_CODE_IDEMPOTENCY_KEY_REUSED,
                   "该单位已用这个幂等键提交过内容不同的报告，请换一个新的键",
                   "report.idempotency_key"),
            {}};
  }
  ack.duplicate = true;
  return {Status::Ok(), ack};
}

}  // namespace

AppendOutcome ReportStore::Impl::StoredDuplicateOutcome(
    const StoredAck& ack, const v1::Report& report) const {
  v1::Report original;
  bool found = false;
  Status status =
      ReadReport(rocksdb::ReadOptions(), ack.sequence, &original, &found);
  if (status.ok() && !found) {
    status = Corruption("幂等键指向的第 " + std::to_string(ack.sequence) +
                        " 号报告不存在");
  }
  if (!status.ok()) return {status, {}};
  return DuplicateOutcome(original, ack, report);
}

void ReportStore::Impl::AddIndex(Family f, std::string_view key,
                                 std::string_view value) {
  index_entries.push_back({f, static_cast<uint32_t>(index_bytes.size()),
                           static_cast<uint32_t>(key.size()),
                           static_cast<uint32_t>(value.size())});
  index_bytes.append(key);
  index_bytes.append(value);
}

rocksdb::Status ReportStore::Impl::PutIndexes() {
  const std::string_view bytes = index_bytes;
  auto key_of = [bytes](const IndexEntry& e) {
    return bytes.substr(e.at, e.key_size);
  };
  std::sort(index_entries.begin(), index_entries.end(),
            [&](const IndexEntry& a, const IndexEntry& b) {
              if (a.family != b.family) return a.family < b.family;
              return key_of(a) < key_of(b);
            });
  rocksdb::Status status;
  for (const IndexEntry& e : index_entries) {
    const std::string_view k = key_of(e);
    const std::string_view v = bytes.substr(e.at + e.key_size, e.value_size);
    status = batch.Put(family(e.family), rocksdb::Slice(k.data(), k.size()),
                       rocksdb::Slice(v.data(), v.size()));
    if (!status.ok()) break;
  }
  index_entries.clear();
  index_bytes.clear();
  return status;
}

rocksdb::Status ReportStore::Impl::AddToBatch(const v1::Report& report,
                                              const ChainHash& digest) {
  const uint64_t sequence = report.sequence();
  rocksdb::Status status;
  auto put = [&](Family f, const std::string& k,
                 const std::string& v) {
    if (status.ok()) status = batch.Put(family(f), k, v);
  };
  const std::string empty;

  entry.clear();
  layout::AppendSequenceKey(&entry, sequence);
  put(Family::kReports, entry, value);
  AddPendingLink(&links, v1::CHAIN_RECORD_KIND_REPORT, entry, digest,
                 report.stored_at_ms());
  entry.clear();
  layout::AppendDedupeValue(&entry, sequence, report.stored_at_ms());
  AddIndex(Family::kDedupe, key, entry);
  entry.clear();
  layout::AppendNamedKey(&entry, report.unit_id(), sequence);
  AddIndex(Family::kByUnit, entry, empty);
  // The stored-time index is sparse: the first report of each batch. Stored
  // time never steps back, so the first key at or after a time names the
  // first report stored then (layout.h).
  if (fresh.empty()) {
    entry.clear();
    layout::AppendTimeKey(&entry, report.stored_at_ms(), sequence);
    put(Family::kByTime, entry, empty);
  }
  if (!report.event_id().empty()) {
    entry.clear();
    layout::AppendNamedKey(&entry, report.event_id(), sequence);
    AddIndex(Family::kByEvent, entry, empty);
  }
  entry.clear();
  layout::AppendKindKey(&entry, layout::kKindTag, report.kind(), sequence);
  AddIndex(Family::kByKind, entry, empty);
  if (report.stage() != v1::STAGE_UNSPECIFIED) {
    entry.clear();
    layout::AppendKindKey(&entry, layout::kStageTag, report.stage(), sequence);
    AddIndex(Family::kByKind, entry, empty);
  }
  return status;
}

std::vector<AppendOutcome> ReportStore::Append(
    std::span<v1::Report* const> reports, int64_t now_ms) {
  std::vector<NewReport> items;
  items.reserve(reports.size());
  for (v1::Report* report : reports) items.push_back({report, {}});
  return Append(items, now_ms);
}

std::vector<AppendOutcome> ReportStore::Append(
    std::span<const NewReport> items, int64_t now_ms) {
  return Append(items, now_ms, EventHook());
}

std::vector<AppendOutcome> ReportStore::Append(
    std::span<const NewReport> items, int64_t now_ms, const EventHook& hook) {
  Impl& impl = *impl_;
  // Stored time never steps back (a clock set back stores the last time
  // again), so a stored-time range is a sequence range.
  now_ms = std::max(now_ms, impl.last_stored_at);
  std::vector<AppendOutcome> outcomes(items.size());
  impl.batch.Clear();
  impl.pending.clear();
  impl.batch_keys.Clear(items.size());
  impl.fresh.clear();
  impl.links.clear();
  impl.index_entries.clear();
  impl.index_bytes.clear();
  impl.DropPendingQueues();
  impl.batch_link_positions.clear();
  // Only this thread stores next_sequence, so a relaxed load is current.
  uint64_t next = impl.next_sequence.load(std::memory_order_relaxed);
  rocksdb::Status added;  // The first failure to add to the batch.

  for (size_t i = 0; i < items.size(); ++i) {
    AppendOutcome& outcome = outcomes[i];
    outcome.status = CheckKeyFields(items[i].report);
    if (!outcome.status.ok()) continue;
    v1::Report& report = *items[i].report;
    impl.key.clear();
    layout::AppendReportDedupeKey(&impl.key, report);

    // A duplicate of a new report earlier in this batch stands or falls
    // with it.
    if (const std::optional<size_t> earlier = impl.batch_keys.Find(impl.key)) {
      outcome = DuplicateOutcome(*items[*earlier].report,
                                 outcomes[*earlier].ack, report);
      if (outcome.status.ok()) outcome.status = impl.CheckLinkOrder(report, true);
      if (outcome.status.ok()) impl.pending.push_back(i);
      continue;
    }
    std::optional<StoredAck> stored;
    outcome.status = impl.FindAck(rocksdb::ReadOptions(), impl.key, &stored);
    if (!outcome.status.ok()) continue;
    if (stored.has_value()) {
      outcome = impl.StoredDuplicateOutcome(*stored, report);
      bool moved = false;
      if (outcome.status.ok()) {
        outcome.status = impl.CheckLinkOrder(report, true, &moved);
      }
      // A repeat that moves its sender's position is written with the batch.
      if (outcome.status.ok() && moved) impl.pending.push_back(i);
      continue;
    }

    report.set_sequence(next);
    report.set_stored_at_ms(now_ms);
    // Report has no map fields, so plain serialization is deterministic.
    const NewReport& item = items[i];
    if (!item.encoded.empty()) {
      impl.value.assign(item.encoded);
      AppendVarintField(&impl.value, v1::Report::kSequenceFieldNumber, next);
      AppendVarintField(&impl.value, v1::Report::kStoredAtMsFieldNumber,
                        static_cast<uint64_t>(now_ms));
    } else if (!report.SerializeToString(&impl.value)) {
      report.clear_sequence();
      report.clear_stored_at_ms();
      outcome.status = Status(v1::ERROR_CODE_MESSAGE_TOO_LARGE,
                              "报告太大，无法保存", "report");
      continue;
    }
    outcome.status = impl.CheckLinkOrder(report, false);
    if (!outcome.status.ok()) {
      report.clear_sequence();
      report.clear_stored_at_ms();
      continue;
    }
    // The frontend began the digest on the wire bytes: only what the store
    // appended to them is left to hash.
    const ChainHash digest =
        item.digest != nullptr && !item.encoded.empty()
            ? item.digest->Finish(
                  std::string_view(impl.value).substr(item.encoded.size()))
            : ChainDigest(impl.value);
    rocksdb::Status status = impl.AddToBatch(report, digest);
    if (added.ok()) added = status;
    outcome.ack = StoredAck{next, now_ms, false};
    impl.fresh.push_back(&report);
    impl.batch_keys.Add(impl.key, i);
    impl.pending.push_back(i);
    ++next;
  }
  if (impl.pending.empty()) return outcomes;
  if (added.ok()) added = impl.PutIndexes();
  Status refused;  // The hook's failure, if it failed.
  if (hook && !impl.fresh.empty() && added.ok()) {
    Result<EventWrites> events = hook(impl.fresh);
    if (events.ok()) {
      added = impl.AddEventsToBatch(*events);
    } else {
      refused = events.status();
      added = rocksdb::Status::Aborted("event hook failed");
    }
  }

  // Each sender's last position, in the batch of what moved it.
  if (added.ok()) added = impl.AddLinksToBatch();
  const rocksdb::Status written =
      added.ok() ? impl.WriteLinked(&impl.batch, &impl.links) : added;
  impl.links.clear();
  if (impl.batch.GetDataSize() > kMaxRetainedBatchBytes) {
    impl.batch = rocksdb::WriteBatch();
  }
  if (written.ok()) {
    if (next != impl.next_sequence.load(std::memory_order_relaxed)) {
      impl.last_stored_at = now_ms;
    }
    impl.next_sequence.store(next, std::memory_order_release);
    impl.KeepUpwardAndLinks();
    return outcomes;
  }
  impl.DropPendingQueues();
  impl.batch_link_positions.clear();
  // Nothing of the batch is stored: undo what this call assigned.
  const Status failure =
      !refused.ok() ? refused
                    : StorageFailure("存储失败，报告未保存，请稍后重试", written);
  for (size_t i : impl.pending) {
    if (!outcomes[i].ack.duplicate) {
      items[i].report->clear_sequence();
      items[i].report->clear_stored_at_ms();
    }
    outcomes[i] = AppendOutcome{failure, {}};
  }
  return outcomes;
}

}  // namespace xinbao::storage
