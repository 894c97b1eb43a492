#include "broker/query/status_answer.h"

#include "broker/query/broker_reading.h"
#include "broker/query/whoami_answer.h"

namespace xinbao::broker {
namespace {

void FillFigures(const VitalsSnapshot& figures, v1::BrokerStatus* answer) {
  v1::BatchFigures* last = answer->mutable_last_batch();
  last->set_reports(figures.last_batch.reports);
  last->set_records(figures.last_batch.records);
  last->set_write_us(figures.last_batch.write_us);
  last->set_at_ms(figures.last_batch.at_ms);
  last->set_failed(figures.last_batch.failed);
  answer->set_batches(figures.batches);
  answer->set_reports_stored(figures.reports_stored);
  for (const auto& [code, count] : figures.refusals) {
    v1::RefusalCount* refusal = answer->add_refusals();
    refusal->set_code(code);
    refusal->set_name(v1::ErrorCode_Name(code));
    refusal->set_count(count);
  }
  answer->set_open_events(figures.open.events);
  for (const auto& [kind, count] : figures.open.alarms) {
    v1::OpenAlarmCount* alarms = answer->add_open_alarms();
    alarms->set_kind(kind);
    alarms->set_count(count);
  }
  answer->set_open_duban_items(figures.open.duban_items);
  answer->set_open_commissions(figures.open.commissions);
  answer->set_draft_issues(figures.open.draft_issues);
  answer->set_feed_subscriptions(figures.feed_subscriptions);
  answer->set_active_replays(figures.active_replays);
  answer->set_waiting_requests(figures.waiting_requests);
  answer->set_store_failing_since_ms(figures.store_failing_since_ms);
  answer->set_store_resumes(figures.store_resumes);
  answer->set_store_resumed_at_ms(figures.store_resumed_at_ms);
  for (const auto& [id, child] : figures.children) *answer->add_children() = child;
}

}  // namespace

void AnswerStatus(const Vitals& vitals, const storage::ReportStore& store,
                    const BrokerConfig& config, const User* user,
                    int64_t now_ms, v1::BrokerStatus* answer) {
  BrokerReading reading = ReadBroker(vitals, store, config, now_ms);
  const VitalsSnapshot& figures = reading.vitals;
  answer->set_version(BrokerVersion());
  answer->set_started_at_ms(figures.started_at_ms);
  answer->set_uptime_ms(now_ms - figures.started_at_ms);
  answer->set_broker_time_ms(now_ms);
  answer->set_time_zone(config.zone().name());
  answer->set_security_mode(config.security.curve ? "curve" : "insecure");
  if (user != nullptr) answer->set_role(std::string(RoleName(user->role)));
  answer->set_data_dir(config.data_dir.string());
  answer->set_store_sst_bytes(reading.store.sst_bytes);
  answer->set_store_memtable_bytes(reading.store.memtable_bytes);
  answer->set_store_wal_bytes(reading.store.wal_bytes);
  answer->set_store_bytes(reading.store.total());
  answer->set_disk_free_bytes(reading.disk.free_bytes);
  answer->set_disk_total_bytes(reading.disk.total_bytes);
  FillFigures(figures, answer);
  *answer->mutable_chain_head() = reading.chain;
  // The reporting tree: this broker's place in it (the link to the parent
  // is the query server's to add: broker/tree).
  answer->set_broker_id(config.tree.id);
  answer->set_broker_name(config.tree.name);
  for (std::string& problem : reading.problems) {
    answer->add_problems(std::move(problem));
  }
  answer->set_healthy(answer->problems_size() == 0);
}

}  // namespace xinbao::broker
