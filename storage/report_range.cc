// ReportStore: ranges of reports for replay — a time range resolved to a
// sequence range, and resumable filtered reads through one index (several
// prefixes of it merged in sequence order).
#include <rocksdb/iterator.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "storage/layout.h"
#include "storage/report_store.h"
#include "storage/report_store_impl.h"

namespace xinbao::storage {

namespace {

template <typename T>
bool AnyOf(const std::vector<T>& wanted, const T& value) {
  return wanted.empty() ||
         std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

// One prefix of an index, walked from a sequence on: its keys are the
// prefix followed by seq(8).
struct IndexCursor {
  std::string prefix;
  std::unique_ptr<rocksdb::Iterator> it;

  // The sequence at the cursor, or 0 once past the prefix or `last`.
  uint64_t Sequence(uint64_t last) const {
    if (!it->Valid()) return 0;
    const std::string_view key = it->key().ToStringView();
    if (key.size() != prefix.size() + layout::kSequenceSize ||
        key.substr(0, prefix.size()) != prefix) {
      return 0;
    }
    const uint64_t sequence = layout::TrailingSequence(key);
    return sequence <= last ? sequence : 0;
  }
};

// The prefixes of the most selective index `filter` allows, and its family;
// no prefixes when the filter is empty.
Family IndexFor(const ReportFilter& filter, std::vector<std::string>* prefixes) {
  prefixes->clear();
  auto named = [&](const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      prefixes->push_back(name);
      prefixes->back().push_back('\0');
    }
  };
  auto tagged = [&](char tag, const auto& values) {
    for (const auto value : values) {
      layout::AppendKindPrefix(&prefixes->emplace_back(), tag, value);
    }
  };
  if (!filter.event_ids.empty()) {
    named(filter.event_ids);
    return Family::kByEvent;
  }
  if (!filter.unit_ids.empty()) {
    named(filter.unit_ids);
    return Family::kByUnit;
  }
  if (!filter.stages.empty()) {
    tagged(layout::kStageTag, filter.stages);
    return Family::kByKind;
  }
  if (!filter.kinds.empty()) {
    tagged(layout::kKindTag, filter.kinds);
    return Family::kByKind;
  }
  return Family::kReports;
}

}  // namespace

bool ReportFilter::Matches(const v1::Report& report) const {
  return AnyOf(unit_ids, report.unit_id()) && AnyOf(kinds, report.kind()) &&
         AnyOf(event_ids, report.event_id()) && AnyOf(stages, report.stage());
}

Result<SequenceRange> ReportStore::ResolveRange(uint64_t first, uint64_t last,
                                                int64_t from_ms,
                                                int64_t to_ms) const {
  const uint64_t stored_last = next_sequence() - 1;
  SequenceRange range{std::max<uint64_t>(first, 1),
                      last == 0 ? stored_last : std::min(last, stored_last)};
  if (from_ms == 0 && to_ms == 0) return range;
  const std::optional<int64_t> from =
      from_ms != 0 ? std::optional<int64_t>(from_ms) : std::nullopt;
  const std::optional<int64_t> to =
      to_ms != 0 ? std::optional<int64_t>(to_ms) : std::nullopt;
  Result<SequenceRange> stored = impl_->StoredBetween(from, to, stored_last);
  if (!stored.ok()) return stored.status();
  range.first = std::max(range.first, stored->first);
  range.last = std::min(range.last, stored->last);
  return range;
}

Result<SequenceRange> ReportStore::Impl::StoredBetween(
    std::optional<int64_t> from_ms, std::optional<int64_t> to_ms,
    uint64_t stored_last) const {
  SequenceRange range{1, stored_last};
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kByTime)));
  std::string target;
  // The first report stored at `at` or later (by_time holds each batch's
  // first report), or none.
  auto first_at = [&](int64_t at) -> std::optional<uint64_t> {
    target.clear();
    layout::AppendTimePrefix(&target, at);
    it->Seek(target);
    if (!it->Valid()) return std::nullopt;
    return layout::TrailingSequence(it->key().ToStringView());
  };
  if (from_ms.has_value()) {
    range.first = first_at(*from_ms).value_or(stored_last + 1);
  }
  if (to_ms.has_value()) {
    // Every report before the first one stored at to_ms or later.
    if (const std::optional<uint64_t> after = first_at(*to_ms)) {
      range.last = std::min(range.last, *after - 1);
    }
  }
  if (!it->status().ok()) return StorageFailure("按时间定位失败", it->status());
  return range;
}

Result<uint64_t> ReportStore::ReadRange(const ReportFilter& filter,
                                        uint64_t from, uint64_t last,
                                        const RangeStep& step,
                                        const RangeVisitor& visit) const {
  if (from > last) return last;
  for (const auto* names : {&filter.unit_ids, &filter.event_ids}) {
    for (const std::string& name : *names) {
      if (layout::HasNul(name)) return NulInName("filter");
    }
  }
  rocksdb::ReadOptions options;
  std::vector<std::string> prefixes;
  const Family family = IndexFor(filter, &prefixes);
  std::size_t visited = 0;
  std::size_t read = 0;
  v1::Report report;

  if (family == Family::kReports) {
    std::string lower, upper;
    layout::AppendSequenceKey(&lower, from);
    if (last != std::numeric_limits<uint64_t>::max()) {
      layout::AppendSequenceKey(&upper, last + 1);
    }
    const rocksdb::Slice upper_bound(upper);
    if (!upper.empty()) options.iterate_upper_bound = &upper_bound;
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(options, impl_->family(family)));
    for (it->Seek(lower); it->Valid(); it->Next()) {
      const uint64_t sequence = layout::TrailingSequence(it->key().ToStringView());
      if (!report.ParseFromArray(it->value().data(),
                                 static_cast<int>(it->value().size()))) {
        return Corruption("第 " + std::to_string(sequence) + " 号报告无法解析");
      }
      ++read;
      if (filter.Matches(report)) {
        ++visited;
        if (!visit(report, it->value().ToStringView())) return sequence;
      }
      if (visited >= step.max_reports || read >= step.max_keys) return sequence;
    }
    if (!it->status().ok()) return StorageFailure("读取报告失败", it->status());
    return last;
  }

  std::vector<IndexCursor> cursors;
  cursors.reserve(prefixes.size());
  std::string target;
  for (std::string& prefix : prefixes) {
    IndexCursor& cursor = cursors.emplace_back();
    cursor.it.reset(impl_->db->NewIterator(options, impl_->family(family)));
    target = prefix;
    layout::PutFixed64(&target, from);
    cursor.it->Seek(target);
    cursor.prefix = std::move(prefix);
  }
  rocksdb::PinnableSlice bytes;
  while (true) {
    IndexCursor* next = nullptr;
    uint64_t sequence = 0;
    for (IndexCursor& cursor : cursors) {
      const uint64_t at = cursor.Sequence(last);
      if (at != 0 && (next == nullptr || at < sequence)) {
        next = &cursor;
        sequence = at;
      }
    }
    if (next == nullptr) break;
    target.clear();
    layout::AppendSequenceKey(&target, sequence);
    bytes.Reset();
    const rocksdb::Status got = impl_->db->Get(
        options, impl_->family(Family::kReports), target, &bytes);
    if (got.IsNotFound()) {
      return Corruption("索引指向的第 " + std::to_string(sequence) +
                        " 号报告不存在");
    }
    if (!got.ok()) return StorageFailure("读取报告失败", got);
    if (!report.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return Corruption("第 " + std::to_string(sequence) + " 号报告无法解析");
    }
    ++read;
    if (filter.Matches(report)) {
      ++visited;
      if (!visit(report, bytes.ToStringView())) return sequence;
    }
    next->it->Next();
    if (visited >= step.max_reports || read >= step.max_keys) return sequence;
  }
  for (const IndexCursor& cursor : cursors) {
    if (!cursor.it->status().ok()) {
      return StorageFailure("读取索引失败", cursor.it->status());
    }
  }
  return last;
}

Status ReportStore::Impl::BackfillKinds() {
  std::unique_ptr<rocksdb::Iterator> it(
      db->NewIterator(rocksdb::ReadOptions(), family(Family::kReports)));
  constexpr std::size_t kReportsPerBatch = 10000;
  rocksdb::WriteBatch fill;
  std::size_t in_batch = 0;
  v1::Report report;
  auto flush = [&]() -> Status {
    rocksdb::Status status = db->Write(write_options, &fill);
    fill.Clear();
    in_batch = 0;
    if (!status.ok()) return StorageFailure("补写类别索引失败", status);
    return Status::Ok();
  };
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!report.ParseFromArray(it->value().data(),
                               static_cast<int>(it->value().size()))) {
      return Corruption("报告无法解析");
    }
    const uint64_t sequence = layout::TrailingSequence(it->key().ToStringView());
    entry.clear();
    layout::AppendKindKey(&entry, layout::kKindTag, report.kind(), sequence);
    rocksdb::Status status = fill.Put(family(Family::kByKind), entry, "");
    if (status.ok() && report.stage() != v1::STAGE_UNSPECIFIED) {
      entry.clear();
      layout::AppendKindKey(&entry, layout::kStageTag, report.stage(), sequence);
      status = fill.Put(family(Family::kByKind), entry, "");
    }
    if (!status.ok()) return StorageFailure("补写类别索引失败", status);
    if (++in_batch == kReportsPerBatch) XINBAO_RETURN_IF_ERROR(flush());
  }
  if (!it->status().ok()) return StorageFailure("扫描报告失败", it->status());
  return flush();
}

}  // namespace xinbao::storage
