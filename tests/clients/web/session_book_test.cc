#include "clients/web/session_book.h"

#include <gtest/gtest.h>

namespace xinbao::web {
namespace {

Login Person() { return Login{"zhangwei", "张伟", "", "", false}; }

TEST(SessionBookTest, ASessionHasUnguessableIdAndItsOwnCsrfToken) {
  SessionBook book;
  Session one = book.Open(Person(), {});
  Session two = book.Open(Person(), {});
  EXPECT_EQ(one.id.size(), 64u);
  EXPECT_NE(one.id, two.id);
  EXPECT_NE(one.csrf_token, one.id);
  EXPECT_EQ(one.info.csrf_token(), one.csrf_token);
  EXPECT_GT(one.info.expires_at_ms(), 0);
  ASSERT_TRUE(book.Find(one.id).has_value());
  EXPECT_FALSE(book.Find("not-a-session").has_value());
}

TEST(SessionBookTest, EndsAfterIdleTimeAndAfterItsLifetime) {
  SessionLimits limits;
  limits.idle = std::chrono::minutes(30);
  limits.lifetime = std::chrono::hours(12);
  SessionBook book(limits);
  Session session = book.Open(Person(), {});
  book.AdvanceForTest(std::chrono::minutes(29));
  EXPECT_TRUE(book.Find(session.id).has_value());  // touched: idle restarts
  book.AdvanceForTest(std::chrono::minutes(31));
  EXPECT_FALSE(book.Find(session.id).has_value());

  Session busy = book.Open(Person(), {});
  for (int i = 0; i < 25; ++i) {
    book.AdvanceForTest(std::chrono::minutes(29));
    if (!book.Find(busy.id)) {
      EXPECT_GE(i, 23);  // 12 h / 29 min
      return;
    }
  }
  ADD_FAILURE() << "a session outlived its lifetime";
}

TEST(SessionBookTest, SignOutEndsTheSession) {
  SessionBook book;
  Session session = book.Open(Person(), {});
  book.Close(session.id);
  EXPECT_FALSE(book.Find(session.id).has_value());
}

TEST(SessionBookTest, LocksANameOutAfterRepeatedFailuresForAWhile) {
  SessionLimits limits;
  limits.max_failures = 3;
  limits.lockout = std::chrono::minutes(15);
  SessionBook book(limits);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(book.LockedOut("zhangwei"));
    book.RecordFailure("zhangwei");
  }
  EXPECT_TRUE(book.LockedOut("zhangwei"));
  EXPECT_FALSE(book.LockedOut("lisi"));
  book.AdvanceForTest(std::chrono::minutes(16));
  EXPECT_FALSE(book.LockedOut("zhangwei"));
}

}  // namespace
}  // namespace xinbao::web
