// IssueNumbers: the numbers the next issue of each series gets — 第N期
// counts within a calendar year (the broker's zone), 总第N期 over the
// series' whole life. Counted from the issued issues, so the committer
// (which numbers) and the query thread (which previews) agree.
//
// Threads: a value; one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "xinbao/v1/caibian.pb.h"

namespace xinbao::broker {

class IssueNumbers {
 public:
  struct Next {
    int32_t year = 0;
    uint32_t number = 0;  // 第N期 of `year`
    uint32_t total = 0;   // 总第N期
  };

  // Counts one issue; drafts are ignored.
  void Count(const v1::BulletinIssue& issue);
  // The numbers of the next issue of `series_id` numbered in `year`.
  Next For(std::string_view series_id, int32_t year) const;
  void Clear();

 private:
  std::map<std::pair<std::string, int32_t>, uint32_t, std::less<>> last_;
  std::map<std::string, uint32_t, std::less<>> total_;
};

// "2026年第12期" (the reference an adoption carries).
std::string IssueReference(int32_t year, uint32_t number);

}  // namespace xinbao::broker
