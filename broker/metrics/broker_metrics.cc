#include "broker/metrics/broker_metrics.h"

#include <initializer_list>

#include "broker/metrics/exposition.h"

namespace xinbao::broker {
namespace {

double Seconds(int64_t ms) { return static_cast<double>(ms) / 1000; }
double Number(uint64_t n) { return static_cast<double>(n); }

// A family of one sample without labels.
struct Single {
  const char* name;
  const char* type;  // "counter" or "gauge"
  const char* help;
  double value;
};

void WriteSingles(std::initializer_list<Single> families, Exposition& out) {
  for (const Single& family : families) {
    out.Family(family.name, family.type, family.help);
    out.Sample(family.name, family.value);
  }
}

// Totals and histograms since start.
void WriteTraffic(const VitalsSnapshot& v, Exposition& out) {
  WriteSingles(
      {{"xinbao_reports_stored_total", "counter",
        "New reports stored since start (repeats not counted). "
        "启动以来新存储的报告数（重复提交不计）",
        Number(v.reports_stored)},
       {"xinbao_batches_total", "counter",
        "Synced writes of reports since start, failed ones included. "
        "启动以来报告的同步写入批次数（含失败的）",
        Number(v.batches)}},
      out);
  out.AddHistogram("xinbao_batch_size_reports",
                   "Reports in one synced write. 每次同步写入的报告数",
                   v.batch_reports);
  out.AddHistogram("xinbao_write_duration_seconds",
                   "Seconds one synced write of reports took (fsync "
                   "included). 一次同步写入（含 fsync）的耗时（秒）",
                   v.write_seconds);
  out.AddHistogram("xinbao_ack_latency_seconds",
                   "Seconds from a request read off the submit socket to its "
                   "answer (ack or refusal) sent. 报送请求从读入到回复"
                   "（确认或拒绝）发出的耗时（秒）",
                   v.ack_seconds);
  out.Family("xinbao_refusals_total", "counter",
             "Requests the submit socket refused, by error code. "
             "报送端口拒绝的请求数，按错误码");
  for (const auto& [code, count] : v.refusals) {
    out.Sample("xinbao_refusals_total", Number(count),
               {{"code", v1::ErrorCode_Name(code)}});
  }
}

// Open alarms of every kind, 0 included, so that a dashboard's series do
// not appear and vanish.
void WriteAlarms(const VitalsSnapshot& v, Exposition& out) {
  out.Family("xinbao_open_alarms", "gauge",
             "Open alarms by kind (events, 督办 items, 约稿). "
             "未解除的告警数，按类别");
  const google::protobuf::EnumDescriptor* kinds = v1::AlarmKind_descriptor();
  for (int i = 0; i < kinds->value_count(); ++i) {
    const auto kind = static_cast<v1::AlarmKind>(kinds->value(i)->number());
    if (kind == v1::ALARM_KIND_UNSPECIFIED) continue;
    const auto found = v.open.alarms.find(kind);
    out.Sample("xinbao_open_alarms",
               found == v.open.alarms.end() ? 0.0 : Number(found->second),
               {{"kind", kinds->value(i)->name()}});
  }
}

// The work held open, and the other threads' figures.
void WriteOpenWork(const VitalsSnapshot& v, Exposition& out) {
  WriteSingles(
      {{"xinbao_waiting_requests", "gauge",
        "Requests accepted and not yet answered. 已接收尚未答复的请求数",
        Number(v.waiting_requests)},
       {"xinbao_open_events", "gauge", "Urgent events open. 未结束的紧急事件数",
        Number(v.open.events)}},
      out);
  WriteAlarms(v, out);
  WriteSingles(
      {{"xinbao_open_duban_items", "gauge",
        "督办 items open. 未办结的督办事项数", Number(v.open.duban_items)},
       {"xinbao_open_commissions", "gauge",
        "约稿 (commissions) open. 未结束的约稿数", Number(v.open.commissions)},
       {"xinbao_draft_issues", "gauge",
        "简报 issues not yet 签发. 尚未签发的简报期数",
        Number(v.open.draft_issues)},
       {"xinbao_feed_subscriptions", "gauge",
        "Live-feed subscriptions (drops are not counted: libzmq does not "
        "count them). 实时推送的订阅数（丢弃数 libzmq 不统计，故无此指标）",
        Number(v.feed_subscriptions)},
       {"xinbao_active_replays", "gauge",
        "Replays running now. 正在进行的回放数", Number(v.active_replays)}},
      out);
}

// The store, the disk and health.
void WriteStore(const BrokerReading& reading, Exposition& out) {
  const VitalsSnapshot& v = reading.vitals;
  WriteSingles({{"xinbao_store_bytes", "gauge",
                 "Bytes the store takes: table files, memtables and the "
                 "write-ahead log. 存储占用的字节数",
                 Number(reading.store.total())}},
               out);
  if (reading.disk.known) {
    WriteSingles(
        {{"xinbao_disk_free_bytes", "gauge",
          "Bytes free for the broker on the data directory's filesystem. "
          "数据目录所在磁盘的可用字节数",
          Number(reading.disk.free_bytes)},
         {"xinbao_disk_total_bytes", "gauge",
          "Size of the data directory's filesystem in bytes. "
          "数据目录所在磁盘的总字节数",
          Number(reading.disk.total_bytes)}},
        out);
  }
  WriteSingles(
      {{"xinbao_store_failing", "gauge",
        "1 while the store refuses writes (STORAGE_FAILURE), else 0. "
        "存储拒绝写入时为 1",
        v.store_failing_since_ms != 0 ? 1.0 : 0.0},
       {"xinbao_store_failing_since_seconds", "gauge",
        "Unix time the store began refusing writes; 0 when it does not. "
        "存储开始拒绝写入的时刻（Unix 秒），正常时为 0",
        Seconds(v.store_failing_since_ms)},
       {"xinbao_archive_chain_links", "gauge",
        "Links in the archive's hash chain: every history record stored "
        "(docs/ARCHIVE.md). 存证链的链节数",
        Number(reading.chain.index())},
       {"xinbao_store_resumes_total", "counter",
        "Times since start the store, stopped after failed writes (a full "
        "disk), took writes again by itself. 存储停止写入后自行恢复的次数",
        Number(v.store_resumes)},
       {"xinbao_committer_last_seen_seconds", "gauge",
        "Unix time the committer's loop last turned. "
        "写入线程最近一次运转的时刻（Unix 秒）",
        Seconds(v.committer_seen_ms)},
       {"xinbao_healthy", "gauge",
        "1 when the broker is healthy (as `xinbao health` and /healthz), "
        "else 0. 服务健康时为 1",
        reading.healthy() ? 1.0 : 0.0}},
      out);
}

void WritePressure(const storage::StorePressure& p, Exposition& out) {
  WriteSingles(
      {{"xinbao_rocksdb_pending_compaction_bytes", "gauge",
        "RocksDB's estimate of bytes compaction still has to rewrite. "
        "RocksDB 估计的待压缩字节数",
        Number(p.pending_compaction_bytes)},
       {"xinbao_rocksdb_write_stopped", "gauge",
        "1 while RocksDB stops writes until compaction catches up. "
        "RocksDB 暂停写入时为 1",
        p.write_stopped ? 1.0 : 0.0},
       {"xinbao_rocksdb_delayed_write_rate_bytes_per_second", "gauge",
        "The rate RocksDB slows writes to; 0 when not slowed. "
        "RocksDB 限速写入时的速率（字节/秒），未限速为 0",
        Number(p.delayed_write_rate)},
       {"xinbao_rocksdb_running_compactions", "gauge",
        "Compactions running now. 正在进行的压缩数",
        Number(p.running_compactions)},
       {"xinbao_rocksdb_running_flushes", "gauge",
        "Memtable flushes running now. 正在进行的刷盘数",
        Number(p.running_flushes)}},
      out);
}

// The store's memory: the one block cache (bounded by [broker]
// store_cache_mb) and what lies outside it.
void WriteMemory(const storage::StoreMemory& m, Exposition& out) {
  WriteSingles(
      {{"xinbao_rocksdb_block_cache_capacity_bytes", "gauge",
        "The store's block cache's bound ([broker] store_cache_mb). "
        "存储块缓存上限（字节）",
        Number(m.block_cache_capacity)},
       {"xinbao_rocksdb_block_cache_usage_bytes", "gauge",
        "Held in the block cache now: data, index and filter blocks. "
        "块缓存当前占用（字节）",
        Number(m.block_cache_usage)},
       {"xinbao_rocksdb_block_cache_pinned_bytes", "gauge",
        "Of that, pinned (in use, or level 0's index and filters). "
        "其中固定不可淘汰的部分（字节）",
        Number(m.block_cache_pinned)},
       {"xinbao_rocksdb_table_readers_bytes", "gauge",
        "Table files' readers outside the cache; stays small however much "
        "is stored. 缓存之外的表文件读取结构（字节）",
        Number(m.table_readers)},
       {"xinbao_rocksdb_memtables_bytes", "gauge",
        "Every family's memtables, those being flushed too. "
        "内存表（字节）",
        Number(m.memtables)}},
      out);
}

// The link to the parent broker (逐级报送). A parent out of reach is not
// this broker's ill health (it serves its units as ever): alert on these,
// not on xinbao_healthy.
void WriteUpstream(const v1::UpstreamLink& link, Exposition& out) {
  WriteSingles(
      {{"xinbao_upstream_connected", "gauge",
        "1 while the parent broker answers; 0 before it first did and while "
        "it is silent. 上级信报服务有应答时为 1",
        link.connected() ? 1.0 : 0.0},
       {"xinbao_upstream_queued_reports", "gauge",
        "Reports waiting to go up to the parent, not yet acknowledged there. "
        "待转报上级、尚未被上级确认的报告数",
        Number(link.queued())},
       {"xinbao_upstream_oldest_queued_seconds", "gauge",
        "How long the oldest report waiting to go up has waited; 0 when none. "
        "最早一份待转报报告已等待的秒数",
        Seconds(link.oldest_queued_ms())},
       {"xinbao_upstream_forwarded_total", "counter",
        "Reports the parent acknowledged since start. 启动以来上级确认收到的报告数",
        Number(link.forwarded())},
       {"xinbao_upstream_refused_total", "counter",
        "Reports the parent refused for good since start (kept here). "
        "启动以来被上级拒收的报告数（本级保留）",
        Number(link.refused())},
       {"xinbao_downward_received_position", "gauge",
        "The last position of the parent's 下发 queue stored here (越级 "
        "copies, adoptions). 已收到的上级下发位置",
        Number(link.down_received())},
       {"xinbao_downward_copies_new_total", "counter",
        "越级 copies from the parent of reports this broker did not hold, "
        "since start. 启动以来本级此前未收到的越级抄送数",
        Number(link.copies_new())},
       {"xinbao_downward_adoptions_total", "counter",
        "Adoptions at upper levels of reports of this branch, reported down "
        "and recorded here since start. 启动以来登记的上级采用数",
        Number(link.adoptions_new())},
       {"xinbao_duban_steps_up_queued", "gauge",
        "督办 steps this broker queued for its parent (签收, 办结报告 of its 转办 "
        "items), all told. 已排队上报上级的督办步骤数",
        Number(link.steps_queued())},
       {"xinbao_duban_steps_up_answered", "gauge",
        "Of those, the last position the parent has answered. 上级已答复到第几步",
        Number(link.steps_answered())}},
      out);
}

}  // namespace

std::string BrokerMetrics(const BrokerReading& reading,
                          const Result<storage::StorePressure>& pressure,
                          const Result<storage::StoreMemory>& memory,
                          const std::string& version,
                          const std::optional<v1::UpstreamLink>& upstream) {
  Exposition out;
  out.Family("xinbao_build_info", "gauge",
             "Always 1; the broker's version as a label. 服务版本");
  out.Sample("xinbao_build_info", 1, {{"version", version}});
  WriteSingles({{"xinbao_start_time_seconds", "gauge",
                 "Unix time the broker started. 服务启动时刻（Unix 秒）",
                 Seconds(reading.vitals.started_at_ms)}},
               out);
  WriteTraffic(reading.vitals, out);
  WriteOpenWork(reading.vitals, out);
  WriteStore(reading, out);
  if (pressure.ok()) WritePressure(pressure.value(), out);
  if (memory.ok()) WriteMemory(memory.value(), out);
  if (upstream) WriteUpstream(*upstream, out);
  return out.text();
}

}  // namespace xinbao::broker
