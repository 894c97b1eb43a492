// The analysts' part of the dashboard program: the month's statistics per
// unit (table and chart), replay and as-of over the stored history, and
// their export as CSV and Excel (.xlsx). Every request goes to the broker
// as the signed-in person's user (`who`), so the broker's role table holds:
// a monitor gets NOT_PERMITTED for as-of, a reporter sees its own unit.
//
//   GET /api/stats?month=YYYY-MM            StatsTable
//   GET /api/replay?from=&to=&unit=&kind=   ReplayChunk (at most 1000)
//   GET /api/as-of?at=MS[&event=ID]         AsOfState
//   GET /api/export/stats.csv|.xlsx?month=  the stats table as a file
//   GET /api/export/replay.csv|.xlsx?…      the replayed reports as a file
//
// Threads: handlers run on the server's pool.
#pragma once

#include <httplib.h>

#include <functional>

#include "clients/web/broker_line.h"
#include "clients/web/web_gate.h"

namespace xinbao::centre {

void MountAnalysis(httplib::Server& routes, web::WebGate& gate,
                   web::BrokerLine& queries,
                   std::function<web::OnBehalf(const web::Caller&)> who);

}  // namespace xinbao::centre
