#include "clients/lib/archive_export.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

#include "xinbao/v1/caibian.pb.h"
#include "xinbao/v1/duban.pb.h"
#include "xinbao/v1/event.pb.h"
#include "xinbao/v1/report.pb.h"
#include "xinbao/v1/security.pb.h"

namespace xinbao::client {
namespace {

namespace json = google::protobuf::util;

std::unique_ptr<google::protobuf::Message> RecordMessage(
    v1::ChainRecordKind kind) {
  switch (kind) {
    case v1::CHAIN_RECORD_KIND_REPORT: return std::make_unique<v1::Report>();
    case v1::CHAIN_RECORD_KIND_EVENT: return std::make_unique<v1::EventState>();
    case v1::CHAIN_RECORD_KIND_DUBAN: return std::make_unique<v1::DubanState>();
    case v1::CHAIN_RECORD_KIND_BULLETIN_ITEM:
      return std::make_unique<v1::BulletinItem>();
    case v1::CHAIN_RECORD_KIND_BULLETIN_ISSUE:
      return std::make_unique<v1::BulletinIssue>();
    case v1::CHAIN_RECORD_KIND_COMMISSION:
      return std::make_unique<v1::CommissionState>();
    case v1::CHAIN_RECORD_KIND_ADOPTION: return std::make_unique<v1::Adoption>();
    case v1::CHAIN_RECORD_KIND_AUDIT: return std::make_unique<v1::AuditRecord>();
    default: return nullptr;
  }
}

Status WriteFailed(const std::filesystem::path& path) {
  return Status(v1::ERROR_CODE_INVALID_FIELD, "无法写入 " + path.string(),
                "out");
}

std::string ReadAll(const std::filesystem::path& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

double Number(const google::protobuf::Struct& s, const std::string& key) {
  auto found = s.fields().find(key);
  return found == s.fields().end() ? 0 : found->second.number_value();
}

std::string Text(const google::protobuf::Struct& s, const std::string& key) {
  auto found = s.fields().find(key);
  return found == s.fields().end() ? "" : found->second.string_value();
}

}  // namespace

std::string ExportLine(const v1::ChainEntry& entry) {
  json::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string line;
  if (!json::MessageToJsonString(entry, &line, options).ok()) return {};
  std::string content = "null";
  if (auto record = RecordMessage(entry.link().kind());
      record != nullptr && record->ParseFromString(entry.record())) {
    content.clear();
    (void)json::MessageToJsonString(*record, &content, options);
  }
  line.pop_back();  // the closing brace
  line += ",\"content\":" + content + "}";
  return line;
}

Result<ExportWriter> ExportWriter::Create(const std::filesystem::path& dir) {
  std::error_code error;
  if (std::filesystem::exists(dir / kExportManifestFile, error)) {
    return Status(v1::ERROR_CODE_INVALID_FIELD,
                  "目录 " + dir.string() + " 里已有一份导出：请换一个目录",
                  "out");
  }
  std::filesystem::create_directories(dir, error);
  ExportWriter writer;
  writer.dir_ = dir;
  writer.records_.open(dir / kExportRecordsFile,
                       std::ios::binary | std::ios::trunc);
  if (!writer.records_) return WriteFailed(dir / kExportRecordsFile);
  return writer;
}

Status ExportWriter::Add(const v1::ChainPage& page) {
  if (links_ == 0 && prev_hash_.empty()) prev_hash_ = page.prev_hash();
  for (const v1::ChainEntry& entry : page.entries()) {
    if (links_ == 0) first_index_ = entry.link().index();
    line_ = ExportLine(entry);
    if (line_.empty()) {
      return Status(v1::ERROR_CODE_INVALID_FIELD, "链节无法转成 JSON");
    }
    records_ << line_ << '\n';
    ++links_;
    last_index_ = entry.link().index();
    last_hash_ = entry.link().hash();
  }
  if (!records_) return WriteFailed(dir_ / kExportRecordsFile);
  return Status::Ok();
}

Status ExportWriter::Finish(const ExportRange& range, const v1::ChainHead& head,
                            int64_t exported_at_ms) {
  records_.close();
  if (!records_) return WriteFailed(dir_ / kExportRecordsFile);
  bool read = false;
  const std::string bytes = ReadAll(dir_ / kExportRecordsFile, &read);
  if (!read) return WriteFailed(dir_ / kExportRecordsFile);
  std::ostringstream manifest;
  manifest << "{\n  \"format\": \"" << kExportFormat << "\",\n"
           << "  \"label\": \"" << range.label << "\",\n"
           << "  \"from_ms\": " << range.from_ms << ",\n"
           << "  \"until_ms\": " << range.until_ms << ",\n"
           << "  \"time_zone\": \"" << range.time_zone << "\",\n"
           << "  \"first_index\": " << first_index_ << ",\n"
           << "  \"last_index\": " << last_index_ << ",\n"
           << "  \"links\": " << links_ << ",\n"
           << "  \"prev_hash\": \"" << ChainHex(prev_hash_) << "\",\n"
           << "  \"last_hash\": \""
           << ChainHex(links_ == 0 ? prev_hash_ : last_hash_) << "\",\n"
           << "  \"records_file\": \"" << kExportRecordsFile << "\",\n"
           << "  \"records_blake2b\": \"" << ChainHex(ChainBytes(ChainDigest(bytes)))
           << "\",\n"
           << "  \"broker_head\": {\"index\": " << head.index()
           << ", \"hash\": \"" << ChainHex(head.hash())
           << "\", \"linked_at_ms\": " << head.linked_at_ms() << "},\n"
           << "  \"exported_at_ms\": " << exported_at_ms << "\n}\n";
  std::ofstream out(dir_ / kExportManifestFile, std::ios::trunc);
  out << manifest.str();
  out.close();
  if (!out) return WriteFailed(dir_ / kExportManifestFile);
  return Status::Ok();
}

Result<ExportCheck> VerifyExport(const std::filesystem::path& dir,
                                 std::string_view anchor) {
  uint64_t anchor_index = 0;
  ChainHash anchor_hash{};
  if (!anchor.empty()) {
    XINBAO_RETURN_IF_ERROR(
        ParseChainAnchor(anchor, "--expect", &anchor_index, &anchor_hash));
  }
  ExportCheck check;
  auto broken = [&](std::string problem) {
    check.intact = false;
    check.problem = std::move(problem);
    return check;
  };
  bool read = false;
  const std::string manifest_text = ReadAll(dir / kExportManifestFile, &read);
  if (!read) return broken("没有 " + (dir / kExportManifestFile).string());
  google::protobuf::Struct manifest;
  if (!json::JsonStringToMessage(manifest_text, &manifest).ok() ||
      Text(manifest, "format") != kExportFormat) {
    return broken("manifest.json 不是信报存证导出的清单");
  }
  check.label = Text(manifest, "label");
  check.first_index = static_cast<uint64_t>(Number(manifest, "first_index"));
  check.last_index = static_cast<uint64_t>(Number(manifest, "last_index"));
  const std::string records = ReadAll(dir / kExportRecordsFile, &read);
  if (!read) return broken("没有 " + (dir / kExportRecordsFile).string());
  if (ChainHex(ChainBytes(ChainDigest(records))) !=
      Text(manifest, "records_blake2b")) {
    return broken("records.jsonl 与清单里的摘要不符：文件被改动过");
  }
  ChainHash prev;
  if (!ChainHashFromHex(Text(manifest, "prev_hash"), &prev)) {
    return broken("清单里的 prev_hash 不是 64 位十六进制");
  }
  // Every line first: a record rewritten later in the export (the same
  // key linked again) is checked by its last link only.
  std::vector<v1::ChainEntry> entries;
  std::map<std::pair<int, std::string>, std::size_t> last_of_key;
  json::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  std::istringstream lines(records);
  std::string line;
  while (std::getline(lines, line)) {
    v1::ChainEntry& entry = entries.emplace_back();
    if (!json::JsonStringToMessage(line, &entry, options).ok()) {
      return broken("records.jsonl 第 " + std::to_string(entries.size()) +
                    " 行无法解析");
    }
    // "content" is for people; it must still say what the record says.
    if (ExportLine(entry) != line) {
      return broken("records.jsonl 第 " + std::to_string(entries.size()) +
                    " 行的 content 与它的记录不符：被改动过");
    }
    last_of_key[{entry.link().kind(), entry.link().record_key()}] =
        entries.size() - 1;
  }
  uint64_t prev_index = check.first_index == 0 ? 0 : check.first_index - 1;
  if (anchor_index != 0 && anchor_index == prev_index) {
    check.anchor_in_range = true;
    check.anchor_matches = prev == anchor_hash;
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const v1::ChainEntry& entry = entries[i];
    const bool last = last_of_key[{entry.link().kind(),
                                   entry.link().record_key()}] == i;
    const Status linked = CheckChainLink(entry.link(), prev_index, prev,
                                         last ? &entry.record() : nullptr);
    if (!linked.ok()) return broken(linked.message());
    prev_index = entry.link().index();
    ChainHashOf(entry.link().hash(), &prev);
    if (anchor_index == prev_index) {
      check.anchor_in_range = true;
      check.anchor_matches = prev == anchor_hash;
    }
    ++check.links;
  }
  check.last_hash_hex = ChainHex(ChainBytes(prev));
  if (check.links != static_cast<uint64_t>(Number(manifest, "links")) ||
      (check.links != 0 && prev_index != check.last_index) ||
      check.last_hash_hex != Text(manifest, "last_hash")) {
    return broken("链节的数目或最后的哈希与清单不符：有链节被删掉或加进来了");
  }
  check.intact = true;
  return check;
}

}  // namespace xinbao::client
