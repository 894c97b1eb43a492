#include "clients/web/json_lines_file.h"

#include <gtest/gtest.h>

#include <fstream>

#include "clients/web/json_mapping.h"
#include "clients/web/web_journal.h"
#include "proto/utf8.h"
#include "tests/support/temp_dir.h"

namespace xinbao::web {
namespace {

TEST(JsonLinesFileTest, AppendsLinesThatSurviveReopeningAndSkipsATornLastLine) {
  testing::TempDir dir;
  const auto path = dir.path() / "journal.jsonl";
  {
    Result<std::unique_ptr<WebJournal>> journal = WebJournal::Open(path);
    ASSERT_TRUE(journal.ok()) << journal.status().ToString();
    api::JournalEntry entry;
    entry.set_person("张伟");
    entry.set_action("submit");
    entry.set_target("key-1");
    entry.set_outcome("ok");
    ASSERT_TRUE((*journal)->Append(entry).ok());
    entry.set_target("key-2");
    ASSERT_TRUE((*journal)->Append(entry).ok());
  }
  std::ofstream(path, std::ios::app) << "{\"name\":\"半行";  // a crash mid-write
  Result<std::unique_ptr<WebJournal>> reopened = WebJournal::Open(path);
  ASSERT_TRUE(reopened.ok());
  Result<std::vector<api::JournalEntry>> tail = (*reopened)->Tail(10);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].person(), "张伟");
  EXPECT_EQ((*tail)[1].target(), "key-2");
  EXPECT_GT((*tail)[0].at_ms(), 0);
}

TEST(JsonMappingTest, SixtyFourBitIntegersTravelAsStringsAndUnknownFieldsAreRefused) {
  api::Queued queued;
  queued.set_ordinal(9007199254740993ull);  // 2^53 + 1: not exact as a JS number
  std::string json = ToJson(queued);
  EXPECT_NE(json.find("\"ordinal\":\"9007199254740993\""), std::string::npos) << json;
  api::Queued back;
  ASSERT_TRUE(FromJson(json, &back).ok());
  EXPECT_EQ(back.ordinal(), 9007199254740993ull);
  EXPECT_EQ(FromJson("{\"ordinal\":\"1\",\"extra\":1}", &back).code(),
            v1::ERROR_CODE_MALFORMED);
  EXPECT_EQ(FromJson("not json", &back).code(), v1::ERROR_CODE_MALFORMED);
}

TEST(JsonMappingTest, ARefusalOfTextThatIsNotUtf8IsItselfUtf8) {
  api::SignInRequest form;
  const Status status = FromJson("{\"name\":\"\xE5\xBC\xA0\xF6\"}", &form);
  EXPECT_EQ(status.code(), v1::ERROR_CODE_MALFORMED);
  EXPECT_TRUE(IsValidUtf8(status.message())) << status.message();
}

}  // namespace
}  // namespace xinbao::web
