// AlarmMarks: which alarms of a record were raised or cleared since the
// record was last written, for the live feed. The owner marks a record
// before its first change since the last write; Changes() then compares.
//
// Threads: one owner thread (the committer's books).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>

#include "xinbao/v1/event.pb.h"

namespace xinbao::broker {

class AlarmMarks {
 public:
  // Remembers `alarms` of record `id` as they are now, unless already
  // marked since the last Clear().
  void Mark(std::string_view id,
            const google::protobuf::RepeatedPtrField<v1::Alarm>& alarms) {
    auto [mark, inserted] = marks_.try_emplace(std::string(id));
    if (!inserted) return;
    mark->second.count = alarms.size();
    for (const v1::Alarm& alarm : alarms) {
      if (alarm.open()) mark->second.open.insert(alarm.id());
    }
  }

  bool Marked(std::string_view id) const { return marks_.count(id) != 0; }

  // Drops the mark of record `id` (it did not change after all).
  void Unmark(std::string_view id) {
    if (auto it = marks_.find(id); it != marks_.end()) marks_.erase(it);
  }

  // Appends to *out the alarms of record `id` raised since it was marked,
  // or open then and cleared since, in their present state.
  void AppendChanges(std::string_view id,
                     const google::protobuf::RepeatedPtrField<v1::Alarm>& alarms,
                     std::vector<v1::Alarm>* out) const {
    auto mark = marks_.find(id);
    if (mark == marks_.end()) return;
    for (int i = 0; i < alarms.size(); ++i) {
      const v1::Alarm& alarm = alarms[i];
      const bool raised = i >= mark->second.count;
      const bool cleared =
          !alarm.open() && mark->second.open.count(alarm.id()) != 0;
      if (raised || cleared) out->push_back(alarm);
    }
  }

  void Clear() { marks_.clear(); }

 private:
  struct Before {
    int count = 0;              // alarms the record had
    std::set<uint32_t> open;    // ids of those open
  };
  std::map<std::string, Before, std::less<>> marks_;
};

}  // namespace xinbao::broker
