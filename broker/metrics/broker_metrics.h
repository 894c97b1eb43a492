// The broker's metric families: everything GET /metrics shows, written
// from one BrokerReading (broker/query/broker_reading.h: the Vitals copy,
// the store's size, the disk, the health problems) and the store's write
// pressure and memory (RocksDB's properties). Names start with `xinbao_`, carry their
// unit (`_seconds`, `_bytes`, `_total`), and each HELP line says it in
// English and Chinese; docs/OPERATIONS.md lists them.
//
// Not exposed: the live feed's drops. libzmq's XPUB drops a message for a
// subscriber past its high-water mark without counting it, so there is no
// true number to show.
//
// Threads: a pure function of its arguments.
#pragma once

#include <optional>
#include <string>

#include "broker/query/broker_reading.h"
#include "proto/status.h"
#include "storage/report_store.h"
#include "xinbao/v1/tree.pb.h"

namespace xinbao::broker {

// The whole exposition text (version 0.0.4). `pressure` or `memory` not
// ok: their xinbao_rocksdb_* families are left out (a sample that is not
// known is not shown as 0).
// `upstream`: the link to the parent broker (broker/tree) when there is
// one: the xinbao_upstream_* families; none: they are left out.
std::string BrokerMetrics(const BrokerReading& reading,
                          const Result<storage::StorePressure>& pressure,
                          const Result<storage::StoreMemory>& memory,
                          const std::string& version,
                          const std::optional<v1::UpstreamLink>& upstream =
                              std::nullopt);

}  // namespace xinbao::broker
