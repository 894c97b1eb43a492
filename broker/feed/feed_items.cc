#include "broker/feed/feed_items.h"

#include "broker/duban/duban_view.h"
#include "proto/report_origin.h"

namespace xinbao::broker {

void SummarizeReport(const v1::Report& report, const v1::EventNote* note,
                     v1::ReportSummary* summary) {
  summary->set_sequence(report.sequence());
  summary->set_stored_at_ms(report.stored_at_ms());
  summary->set_unit_id(report.unit_id());
  summary->set_kind(report.kind());
  summary->set_title(report.title());
  summary->set_classification(report.classification());
  summary->set_origin_unit_name(OriginUnitName(report));
  summary->set_origin_broker_name(OriginBrokerName(report));
  if (report.kind() == v1::KIND_URGENT) {
    summary->set_event_id(note != nullptr ? note->event_id() : report.event_id());
    summary->set_stage(report.stage());
    summary->set_severity(report.severity());
    if (note != nullptr) {
      summary->set_followup(note->followup());
      *summary->mutable_anomalies() = note->anomalies();
    }
  }
}

void AddReportItem(FeedBatch* batch, const v1::Report& report,
                   const v1::EventNote* note) {
  SummarizeReport(report, note, batch->Add()->mutable_report());
}

void AddEventItems(FeedBatch* batch,
                   std::span<const v1::EventState* const> events,
                   std::span<const v1::Alarm> alarms) {
  for (const v1::EventState* event : events) {
    *batch->Add()->mutable_event() = *event;
  }
  for (const v1::Alarm& alarm : alarms) {
    *batch->Add()->mutable_alarm()->mutable_alarm() = alarm;
  }
}

void AddDubanItems(FeedBatch* batch,
                   std::span<const v1::DubanState* const> items) {
  for (const v1::DubanState* item : items) {
    *batch->Add()->mutable_duban() = Redacted(*item);
  }
}

uint64_t NumberItems(FeedBatch* batch, uint64_t last, int64_t at_ms) {
  for (v1::FeedItem* item : batch->items) {
    item->set_feed_sequence(++last);
    item->set_at_ms(at_ms);
  }
  return last;
}

}  // namespace xinbao::broker
