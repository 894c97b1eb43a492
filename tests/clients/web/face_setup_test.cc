#include "clients/web/face_setup.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/temp_dir.h"

namespace xinbao::web {
namespace {

TEST(FaceSetupTest, MakesDemoLoginsOnceAndSaysSo) {
  testing::TempDir dir;
  Result<FaceBasics> first =
      SetUpFace("报送台", dir.path() / "desk", "", {Login{"xinxiyuan", "信息员", "", "", false}});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->made_demo_logins);
  ASSERT_EQ(first->logins.logins().size(), 1u);
  std::ostringstream out;
  AnnounceFace(out, "报送台", "http://127.0.0.1:7680", "单位 hekou", ListenOptions{}, false,
               dir.path() / "desk", true);
  EXPECT_NE(out.str().find("报送台已启动: http://127.0.0.1:7680"), std::string::npos);
  EXPECT_NE(out.str().find("xinxiyuan "), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("警告"), std::string::npos);

  Result<FaceBasics> again =
      SetUpFace("报送台", dir.path() / "desk", "", {Login{"other", "别人", "", "", false}});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->made_demo_logins);
  EXPECT_EQ(again->logins.logins().front().name, "xinxiyuan");  // kept, not remade
}

TEST(FaceSetupTest, PlainHttpOffLoopbackIsAnnouncedWithAWarning) {
  testing::TempDir dir;
  ListenOptions listen;
  listen.host = "10.0.0.8";
  listen.insecure_plain_http = true;
  std::ostringstream out;
  AnnounceFace(out, "值班台", "http://10.0.0.8:7690", "", listen, false, dir.path(), false);
  EXPECT_NE(out.str().find("警告: 值班台以明文 HTTP 在 10.0.0.8"), std::string::npos) << out.str();
  std::ostringstream secure;
  AnnounceFace(secure, "值班台", "https://10.0.0.8:7690", "", listen, true, dir.path(), false);
  EXPECT_EQ(secure.str().find("警告"), std::string::npos);
}

}  // namespace
}  // namespace xinbao::web
