#include "broker/query/broker_reading.h"

namespace xinbao::broker {

BrokerReading ReadBroker(const Vitals& vitals, const storage::ReportStore& store,
                         const BrokerConfig& config, int64_t now_ms) {
  BrokerReading reading;
  const Result<storage::StoreSize> size = store.Size();
  if (size.ok()) reading.store = size.value();
  reading.chain = store.chain_head();
  reading.vitals = vitals.Read();
  reading.disk = DiskSpaceOf(config.data_dir);
  reading.problems = HealthProblems(reading.vitals, reading.disk,
                                    config.limits.min_free_disk_mb, now_ms);
  if (!size.ok()) {
    reading.problems.push_back("无法读取存储的大小：" + size.status().message());
  }
  return reading;
}

}  // namespace xinbao::broker
