#include "clients/centre/analysis_routes.h"

#include <chrono>
#include <string>
#include <utility>

#include "clients/centre/analysis_export.h"
#include "clients/centre/analysis_params.h"
#include "clients/centre/notice_export.h"
#include "clients/text/local_time.h"
#include "clients/web/web_server.h"

namespace xinbao::centre {
namespace {

using httplib::Request;
using httplib::Response;
using web::Caller;
using Who = std::function<web::OnBehalf(const Caller&)>;

// How much of an export's parameters the journal keeps.
constexpr std::size_t kJournalParams = 300;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The broker's zone, in which a person's local times are read: as the
// broker named it at sign-in, else as it named it last, else the default.
TimeZone ZoneFor(const Caller& caller, web::BrokerLine& queries) {
  const TimeZone fallback;
  const std::string& named = caller.session.info.time_zone();
  return client::ZoneNamed(named.empty() ? queries.time_zone() : named, fallback);
}

// The query string as the journal writes it: "from=…&unit=…".
std::string ParamsText(const Request& request) {
  std::string text;
  for (const auto& [name, value] : request.params) {
    if (value.empty()) continue;
    text += (text.empty() ? "" : "&") + name + "=" + value;
  }
  if (text.size() > kJournalParams) text = text.substr(0, kJournalParams) + "…";
  return text;
}

class Analysis {
 public:
  Analysis(web::WebGate& gate, web::BrokerLine& queries, Who who)
      : gate_(gate), queries_(queries), who_(std::move(who)) {}

  void Stats(const Caller& caller, const Request& request, Response& response) {
    Result<v1::StatsRequest> stats =
        StatsRequestOf(request.params, ZoneFor(caller, queries_), NowMs());
    if (!stats.ok()) return web::SendError(response, stats.status());
    web::SendReply(response, AskStats(caller, *stats));
  }

  // One page of a replay: the first chunk, up to kReplayPageReports
  // reports. chunk.done false means more may match after
  // chunk.scanned_to_sequence: the page asks again from there
  // (from_seq = scanned_to_sequence + 1, to_seq = last_sequence).
  void Replay(const Caller& caller, const Request& request, Response& response) {
    Result<v1::ReplayRequest> replay =
        ReplayRequestOf(request.params, ZoneFor(caller, queries_));
    if (!replay.ok()) return web::SendError(response, replay.status());
    web::SendReply(response, AskReplay(caller, *replay));
  }

  void AsOf(const Caller& caller, const Request& request, Response& response) {
    Result<v1::AsOfRequest> as_of =
        AsOfRequestOf(request.params, ZoneFor(caller, queries_));
    if (!as_of.ok()) return web::SendError(response, as_of.status());
    v1::Envelope envelope;
    *envelope.mutable_as_of() = std::move(as_of).value();
    web::SendReply(response, queries_.Call(envelope, v1::Reply::kAsOf, who_(caller)));
  }

  void ExportStats(const Caller& caller, const Request& request, Response& response,
                   ExportFormat format) {
    Result<v1::StatsRequest> stats =
        StatsRequestOf(request.params, ZoneFor(caller, queries_), NowMs());
    if (!stats.ok()) return web::SendError(response, stats.status());
    const std::string what = Extension("stats", format) + " " + stats->month();
    Result<v1::Reply> reply = AskStats(caller, *stats);
    if (!reply.ok() || reply->has_error()) return Refused(caller, what, reply, response);
    Send(caller, what,
         StatsExport(reply->stats(), stats->month(), format, Context(caller, *reply)),
         response);
  }

  // The monthly 通报: the stats with every unit's score lines (explain),
  // as the office sends them out; the office is the person's unit.
  void ExportNotice(const Caller& caller, const Request& request, Response& response,
                    NoticeFile file) {
    Result<v1::StatsRequest> stats =
        StatsRequestOf(request.params, ZoneFor(caller, queries_), NowMs());
    if (!stats.ok()) return web::SendError(response, stats.status());
    stats->set_explain(true);
    const std::string what = NoticeName(file) + " " + stats->month();
    Result<v1::Reply> reply = AskStats(caller, *stats);
    if (!reply.ok() || reply->has_error()) return Refused(caller, what, reply, response);
    Send(caller, what,
         NoticeExport(reply->stats(), stats->month(), file, caller.session.info.unit_name(),
                      Context(caller, *reply)),
         response);
  }

  void ExportReplay(const Caller& caller, const Request& request, Response& response,
                    ExportFormat format) {
    Result<v1::ReplayRequest> replay =
        ReplayRequestOf(request.params, ZoneFor(caller, queries_));
    if (!replay.ok()) return web::SendError(response, replay.status());
    std::string what = Extension("replay", format) + " " + ParamsText(request);
    Result<v1::Reply> reply = AskReplay(caller, *replay);
    if (!reply.ok() || reply->has_error()) return Refused(caller, what, reply, response);
    const v1::ReplayChunk& chunk = reply->replay_chunk();
    what += "（" + std::to_string(chunk.reports_size()) + " 份" +
            (chunk.done() ? "" : "，未完") + "）";
    Send(caller, what, ReplayExport(*replay, chunk, format, Context(caller, *reply)),
         response);
  }

 private:
  Result<v1::Reply> AskStats(const Caller& caller, const v1::StatsRequest& stats) {
    v1::Envelope envelope;
    *envelope.mutable_stats() = stats;
    return queries_.Call(envelope, v1::Reply::kStats, who_(caller));
  }

  // The replay's first chunk. With credit 1 the broker sends that chunk
  // only; when it is not the last, the broker keeps the replay waiting for
  // credit. A ReplayCredit{cancel} would end it at once, but the broker
  // answers an accepted credit with nothing, and must get it on the
  // connection that started the replay: BrokerLine::Call waits for a reply
  // (twice its timeout, then drops the connection) and may pick another
  // pooled connection. So no cancel is sent: the broker drops a replay
  // left without credit after 60 s (docs/PROTOCOL.md, "Limits").
  Result<v1::Reply> AskReplay(const Caller& caller, const v1::ReplayRequest& replay) {
    v1::Envelope envelope;
    *envelope.mutable_replay() = replay;
    return queries_.Call(envelope, v1::Reply::kReplayChunk, who_(caller));
  }

  ExportContext Context(const Caller& caller, const v1::Reply& reply) {
    return ExportContext{client::ZoneOf(reply, ZoneFor(caller, queries_)),
                         caller.session.login.display, NowMs()};
  }

  static std::string Extension(const std::string& name, ExportFormat format) {
    return name + (format == ExportFormat::kCsv ? ".csv" : ".xlsx");
  }

  static std::string NoticeName(NoticeFile file) {
    switch (file) {
      case NoticeFile::kPdf: return "notice.pdf";
      case NoticeFile::kWorkbook: return "notice.xlsx";
      case NoticeFile::kRankingCsv: return "notice.csv";
      case NoticeFile::kLinesCsv: return "notice-lines.csv";
    }
    return "notice";
  }

  // The broker refused (or could not be asked): journaled, then answered.
  void Refused(const Caller& caller, const std::string& what,
               const Result<v1::Reply>& reply, Response& response) {
    gate_.Journal(caller, "export", what, web::ReplyOutcome(reply));
    web::SendReply(response, reply);
  }

  // Data leaving the system: journaled before the file goes out.
  void Send(const Caller& caller, const std::string& what, Result<ExportFile> file,
            Response& response) {
    if (!file.ok()) {
      gate_.Journal(caller, "export", what, file.status().message());
      return web::SendError(response, file.status());
    }
    gate_.Journal(caller, "export", what, "ok");
    response.set_header("Content-Disposition", ContentDisposition(*file));
    response.set_content(file->bytes, file->media_type);
  }

  web::WebGate& gate_;
  web::BrokerLine& queries_;
  const Who who_;
};

}  // namespace

void MountAnalysis(httplib::Server& routes, web::WebGate& gate,
                   web::BrokerLine& queries,
                   std::function<web::OnBehalf(const web::Caller&)> who) {
  auto analysis = std::make_shared<Analysis>(gate, queries, std::move(who));
  auto reading = [&gate, analysis](auto member) {
    return gate.Reading([analysis, member](const Caller& caller, const Request& request,
                                           Response& response) {
      ((*analysis).*member)(caller, request, response);
    });
  };
  auto exporting = [&gate, analysis](auto member, ExportFormat format) {
    return gate.Reading([analysis, member, format](const Caller& caller,
                                                   const Request& request,
                                                   Response& response) {
      ((*analysis).*member)(caller, request, response, format);
    });
  };
  routes.Get("/api/stats", reading(&Analysis::Stats));
  routes.Get("/api/replay", reading(&Analysis::Replay));
  routes.Get("/api/as-of", reading(&Analysis::AsOf));
  routes.Get("/api/export/stats.csv", exporting(&Analysis::ExportStats, ExportFormat::kCsv));
  routes.Get("/api/export/stats.xlsx",
             exporting(&Analysis::ExportStats, ExportFormat::kXlsx));
  auto notice = [&gate, analysis](NoticeFile file) {
    return gate.Reading([analysis, file](const Caller& caller, const Request& request,
                                         Response& response) {
      analysis->ExportNotice(caller, request, response, file);
    });
  };
  routes.Get("/api/export/notice.pdf", notice(NoticeFile::kPdf));
  routes.Get("/api/export/notice.xlsx", notice(NoticeFile::kWorkbook));
  routes.Get("/api/export/notice.csv", notice(NoticeFile::kRankingCsv));
  routes.Get("/api/export/notice-lines.csv", notice(NoticeFile::kLinesCsv));
  routes.Get("/api/export/replay.csv",
             exporting(&Analysis::ExportReplay, ExportFormat::kCsv));
  routes.Get("/api/export/replay.xlsx",
             exporting(&Analysis::ExportReplay, ExportFormat::kXlsx));
}

}  // namespace xinbao::centre
