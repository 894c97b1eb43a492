// The snapshot a live-feed monitor starts from (zguide's Clone pattern):
// the open urgent events and the latest reports, read at one instant of the
// store together with the feed sequence stored with them, and the display
// names of every unit of the registry (feed items name units by id only). A monitor
// subscribes to the feed first, takes this snapshot, then applies only feed
// items after snapshot.feed_sequence: no gap, no duplicate.
//
// Threads: reads only; safe from the query thread.
#pragma once

#include <cstdint>

#include "broker/units/unit_registry.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/feed.pb.h"

namespace xinbao::broker {

Status BuildSnapshot(const storage::ReportStore& store,
                     const UnitRegistry& units,
                     const v1::SnapshotRequest& request, int64_t now_ms,
                     v1::Snapshot* snapshot);

}  // namespace xinbao::broker
