// Writes the binary and JSON seed corpora of tests/fuzz from the tests'
// own request builders (tests/support), with times against kFuzzNowMs:
//   fuzz_seed_corpus <corpus folder>     e.g. tests/fuzz/corpus
// Valid requests of every kind, and near-valid ones (another version, the
// wrong socket, an id too long, a bad enum). The text corpora (config,
// user_registry, key_file, work_calendar, centre_params) are files written
// by hand in their folders; this program only adds a key file pair made
// by `xinbao keygen`'s code. Existing files of the same names are
// overwritten; nothing else is removed.
#include <google/protobuf/util/json_util.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "proto/curve_keys.h"
#include "tests/fuzz/fuzz_rules.h"
#include "tests/fuzz/seed_reports.h"
#include "tests/support/caibian_requests.h"
#include "tests/support/duban_requests.h"
#include "xinbao/v1/wire.pb.h"
#include "xinbao/web/api.pb.h"

namespace xinbao::fuzz {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& file, const std::string& bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
  Require(out.good(), "cannot write a corpus file");
}

v1::Envelope Request(const std::string& id) {
  v1::Envelope envelope;
  envelope.set_protocol_version(1);
  envelope.set_request_id(id);
  return envelope;
}

void WriteEnvelope(const fs::path& folder, const std::string& name,
                   v1::Envelope envelope) {
  if (envelope.protocol_version() == 0) envelope.set_protocol_version(1);
  Write(folder / name, envelope.SerializeAsString());
}

void SubmitCorpus(const fs::path& folder) {
  const std::vector<v1::Report> reports = SeedReports();
  const char* const names[] = {"submit-general", "submit-urgent-shi",
                               "submit-urgent-qing", "submit-urgent-guo"};
  for (std::size_t i = 0; i < reports.size(); ++i) {
    v1::Envelope submit = Request(names[i]);
    *submit.mutable_submit()->mutable_report() = reports[i];
    WriteEnvelope(folder, names[i], submit);
  }
  v1::Envelope old = Request("submit-version-2");
  *old.mutable_submit()->mutable_report() = reports[0];
  old.set_protocol_version(2);
  WriteEnvelope(folder, "near-version-2", old);
  v1::Envelope future = Request("submit-future");
  *future.mutable_submit()->mutable_report() = reports[1];
  future.mutable_submit()->mutable_report()->set_written_at_ms(kFuzzNowMs +
                                                                86'400'000);
  WriteEnvelope(folder, "near-written-in-future", future);
  v1::Envelope stranger = Request("submit-stranger");
  *stranger.mutable_submit()->mutable_report() = reports[0];
  stranger.mutable_submit()->mutable_report()->set_unit_id("no-such-unit");
  WriteEnvelope(folder, "near-unknown-unit", stranger);
  v1::Envelope query = Request("query-on-submit");
  query.mutable_list_events();
  WriteEnvelope(folder, "near-query-request", query);

  v1::Envelope merge = Request("merge-1");
  merge.mutable_merge_events()->set_unit_id(testing::kOffice);
  merge.mutable_merge_events()->set_officer("张主任");
  merge.mutable_merge_events()->set_from_event_id("seed-event-2");
  merge.mutable_merge_events()->set_into_event_id("seed-event-1");
  merge.mutable_merge_events()->set_reason("同一起事故，分别报来");
  WriteEnvelope(folder, "merge-events", merge);
  v1::Envelope reopen = Request("reopen-1");
  reopen.mutable_reopen_event()->set_unit_id(testing::kOffice);
  reopen.mutable_reopen_event()->set_officer("张主任");
  reopen.mutable_reopen_event()->set_event_id("seed-event-1");
  reopen.mutable_reopen_event()->set_reason("伤者情况有变化");
  WriteEnvelope(folder, "reopen-event", reopen);

  WriteEnvelope(folder, "duban-issue",
                testing::IssueRequest("seed-item-1", "hekou", {"chengguan"}));
  WriteEnvelope(folder, "duban-sign",
                testing::StepRequest("seed-item-1", "step-sign",
                                     v1::STEP_KIND_SIGN, "hekou"));
  WriteEnvelope(folder, "duban-result",
                testing::StepRequest("seed-item-1", "step-result",
                                     v1::STEP_KIND_RESULT, "hekou",
                                     "物资已补齐：编织袋2000条、救生衣150件。"));
  WriteEnvelope(folder, "duban-return",
                testing::StepRequest("seed-item-1", "step-return",
                                     v1::STEP_KIND_RETURN, testing::kOffice,
                                     "清单缺数量", "hekou"));

  v1::Envelope put_item = Request("caibian-put-item");
  *put_item.mutable_caibian() =
      testing::PutItemAction("seed-bulletin-item", "河口镇交通事故处置情况", {2, 3});
  WriteEnvelope(folder, "caibian-put-item", put_item);
  v1::Envelope put_issue = Request("caibian-put-issue");
  *put_issue.mutable_caibian() =
      testing::PutIssueAction("seed-issue", "daily", {"seed-bulletin-item"});
  WriteEnvelope(folder, "caibian-put-issue", put_issue);
  v1::Envelope sign = Request("caibian-sign");
  *sign.mutable_caibian() = testing::SignAction("seed-issue", 1);
  WriteEnvelope(folder, "caibian-sign", sign);
}

// One question of each kind, and a submit sent to the query socket.
void QueryCorpus(const fs::path& folder) {
  const auto ask = [&folder](const std::string& name, auto fill) {
    v1::Envelope envelope = Request("q-" + name);
    fill(envelope);
    WriteEnvelope(folder, name, envelope);
  };
  ask("list-events", [](v1::Envelope& e) {
    e.mutable_list_events()->set_include_closed(true);
    e.mutable_list_events()->set_limit(10);
  });
  ask("get-event", [](v1::Envelope& e) {
    e.mutable_get_event()->set_event_id("seed-event-1");
  });
  ask("list-alarms", [](v1::Envelope& e) {
    e.mutable_list_alarms()->set_include_cleared(true);
  });
  ask("snapshot", [](v1::Envelope& e) { e.mutable_snapshot(); });
  ask("replay", [](v1::Envelope& e) {
    e.mutable_replay()->set_first_sequence(1);
    e.mutable_replay()->add_unit_ids("hekou");
    e.mutable_replay()->add_kinds(v1::KIND_URGENT);
  });
  ask("replay-credit", [](v1::Envelope& e) {
    e.mutable_replay_credit()->set_replay_id("q-replay");
    e.mutable_replay_credit()->set_credit(2);
  });
  ask("as-of", [](v1::Envelope& e) {
    e.mutable_as_of()->set_at_ms(kFuzzNowMs - 30 * 60'000);
    e.mutable_as_of()->set_include_duban(true);
  });
  ask("stats", [](v1::Envelope& e) {
    e.mutable_stats()->set_month("2026-11");
    e.mutable_stats()->set_explain(true);
  });
  ask("stats-range", [](v1::Envelope& e) {
    e.mutable_stats()->set_from_ms(kFuzzNowMs - 86'400'000);
    e.mutable_stats()->set_to_ms(kFuzzNowMs);
  });
  ask("list-audit", [](v1::Envelope& e) { e.mutable_list_audit()->set_limit(5); });
  ask("reload-registry", [](v1::Envelope& e) { e.mutable_reload_registry(); });
  ask("whoami", [](v1::Envelope& e) { e.mutable_whoami(); });
  ask("policy", [](v1::Envelope& e) { e.mutable_policy(); });
  ask("list-duban", [](v1::Envelope& e) { e.mutable_list_duban(); });
  ask("get-duban", [](v1::Envelope& e) {
    e.mutable_get_duban()->set_item_id("seed-item-1");
  });
  ask("list-bulletins", [](v1::Envelope& e) { e.mutable_list_bulletins(); });
  ask("get-bulletin", [](v1::Envelope& e) {
    e.mutable_get_bulletin()->set_issue_id("seed-issue");
  });
  ask("feedback", [](v1::Envelope& e) { e.mutable_feedback(); });
  ask("list-commissions", [](v1::Envelope& e) { e.mutable_list_commissions(); });
  ask("get-reports", [](v1::Envelope& e) {
    for (uint64_t sequence : {1, 3, 99}) {
      e.mutable_get_reports()->add_sequences(sequence);
    }
  });
  ask("status", [](v1::Envelope& e) { e.mutable_status(); });
  ask("verify-chain", [](v1::Envelope& e) { e.mutable_verify_chain(); });
  ask("export-chain", [](v1::Envelope& e) {
    e.mutable_export_chain()->set_after_index(1);
    e.mutable_export_chain()->set_limit(2);
  });
  ask("near-submit-request", [](v1::Envelope& e) {
    *e.mutable_submit()->mutable_report() = SeedReports()[0];
  });
}

void DeskCorpus(const fs::path& folder) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  int n = 0;
  for (const v1::Report& report : SeedReports()) {
    web::api::SubmitForm form;
    *form.mutable_report() = report;
    form.set_send_incomplete(n % 2 == 1);
    std::string json;
    Require(google::protobuf::util::MessageToJsonString(form, &json, options).ok(),
            "a form does not print as JSON");
    Write(folder / ("form-" + std::to_string(++n) + ".json"), json);
  }
}

void KeyFileCorpus(const fs::path& folder) {
  Result<CurveKeyPair> pair = GenerateCurveKeyPair();
  Require(pair.ok(), "no CURVE in this libzmq");
  Require(WriteKeyFiles(folder / "seed", *pair, /*overwrite=*/true).ok(),
          "cannot write the key files");
}

}  // namespace
}  // namespace xinbao::fuzz

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seed_corpus <corpus folder>\n");
    return 2;
  }
  const std::filesystem::path corpus = argv[1];
  xinbao::fuzz::SubmitCorpus(corpus / "submit_request");
  xinbao::fuzz::QueryCorpus(corpus / "query_request");
  xinbao::fuzz::DeskCorpus(corpus / "desk_form");
  xinbao::fuzz::KeyFileCorpus(corpus / "key_file");
  std::printf("seed corpora written under %s\n", corpus.c_str());
  return 0;
}
