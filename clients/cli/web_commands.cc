#include "clients/cli/web_commands.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "clients/centre/centre.h"
#include "clients/desk/desk.h"
#include "clients/web/login_book.h"
#include "clients/web/password.h"

namespace xinbao::client::cli {
namespace {

void AddListenFlags(CLI::App* command, std::string* listen, std::string* cert,
                    std::string* key, bool* plain) {
  command->add_option("--listen", *listen, "网页监听地址 主机:端口")
      ->capture_default_str();
  command->add_option("--tls-cert", *cert, "TLS 证书（PEM）；在本机以外的地址上提供网页时必需");
  command->add_option("--tls-key", *key, "TLS 私钥（PEM）");
  command->add_flag("--insecure-plain-http", *plain,
                    "允许在本机以外的地址上用明文 HTTP（口令和会话不加密，仅限隔离网络）");
}

// Blocks SIGINT and SIGTERM in every thread started after this, and waits
// for one of them.
class StopSignal {
 public:
  StopSignal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  void Wait() {
    int signal = 0;
    sigwait(&set_, &signal);
  }

 private:
  sigset_t set_;
};

std::string ReadPassword(const std::string& prompt) {
  bool terminal = isatty(STDIN_FILENO);
  termios saved{};
  if (terminal) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~ECHO;
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << std::endl;
  }
  return password;
}

}  // namespace

WebCommands::WebCommands(CLI::App& app, const GlobalOptions& options)
    : options_(options) {
  desk_ = app.add_subcommand(
      "desk", "报送台：在浏览器里写报告、看发件箱和待报事项（本单位的网页）");
  desk_->alias("报送台");
  AddListenFlags(desk_, &flags_.listen, &flags_.tls_cert, &flags_.tls_key,
                 &flags_.insecure_plain_http);
  desk_->add_option("--state", flags_.state_dir,
                    "报送台目录：发件箱、送达记录、操作记录、登录名册")
      ->capture_default_str();
  desk_->add_option("--unit", flags_.unit, "本单位编号（不给则用客户端配置的 unit）");
  desk_->add_option("--logins", flags_.logins,
                    "登录名册文件（不给则在报送台目录生成演示登录）");

  centre_ = app.add_subcommand(
      "centre", "值班台：中心的突发事件大屏、告警、电话登记、考核统计和回放（网页）");
  centre_->alias("值班台");
  AddListenFlags(centre_, &flags_.centre_listen, &flags_.tls_cert, &flags_.tls_key,
                 &flags_.insecure_plain_http);
  centre_->add_option("--state", flags_.centre_state_dir, "值班台目录：操作记录、登录名册")
      ->capture_default_str();
  centre_->add_option("--logins", flags_.logins,
                      "登录名册文件（不给则在值班台目录生成演示登录）");
  centre_->add_option("--feed-user", flags_.feed_user,
                      "跟随实时动态时代其行事的名录用户（值班员角色）")
      ->capture_default_str();

  web_login_ = app.add_subcommand(
      "web-login", "网页登录名册：增加登录、改口令或停用（口令从标准输入读）");
  web_login_->alias("网页登录");
  web_login_->add_option("--file", flags_.file, "登录名册文件")->required();
  web_login_->add_option("--name", flags_.name, "登录名（字母、数字、._-）")->required();
  web_login_->add_option("--display", flags_.display, "姓名，显示在页面和操作记录中");
  web_login_->add_option("--user", flags_.user, "值班台：代其行事的名录用户");
  web_login_->add_flag("--disable", flags_.disable, "停用该登录");
}

bool WebCommands::ParsedIsLocal() const { return web_login_->parsed(); }

std::optional<int> WebCommands::RunParsed() const {
  if (desk_->parsed()) return RunDesk();
  if (centre_->parsed()) return RunCentre();
  if (web_login_->parsed()) return RunWebLogin();
  return std::nullopt;
}

Status WebCommands::Listen(const std::string& address,
                           web::ListenOptions* listen) const {
  XINBAO_RETURN_IF_ERROR(web::ParseListenAddress(address, listen));
  listen->tls_certificate = flags_.tls_cert;
  listen->tls_private_key = flags_.tls_key;
  listen->insecure_plain_http = flags_.insecure_plain_http;
  return Status::Ok();
}

int WebCommands::RunDesk() const {
  desk::DeskOptions desk_options;
  if (Status s = Listen(flags_.listen, &desk_options.listen); !s.ok()) return Fail(s);
  desk_options.state_dir = flags_.state_dir;
  desk_options.logins_file = flags_.logins;
  desk_options.unit_id = flags_.unit.empty() ? options_.unit : flags_.unit;
  desk_options.submit.endpoint = options_.endpoint;
  desk_options.submit.curve = options_.curve;
  desk_options.submit.reply_timeout = Millis(options_.reply_timeout_seconds);
  desk_options.query.endpoint = options_.query_endpoint;
  desk_options.query.curve = options_.curve;
  desk_options.query.timeout = Millis(options_.timeout_seconds.value_or(kQueryTimeoutSeconds));
  desk_options.time_zone = options_.zone.name();
  StopSignal stop;
  Result<std::unique_ptr<desk::Desk>> desk = desk::Desk::Start(desk_options, std::cout);
  if (!desk.ok()) return Fail(desk.status());
  stop.Wait();
  std::cout << "报送台已停止" << std::endl;
  return kSettled;
}

int WebCommands::RunCentre() const {
  centre::CentreOptions centre_options;
  if (Status s = Listen(flags_.centre_listen, &centre_options.listen); !s.ok()) {
    return Fail(s);
  }
  centre_options.state_dir = flags_.centre_state_dir;
  centre_options.logins_file = flags_.logins;
  // The demo broker's users (broker/security/demo_keys.h) its demo
  // gateway may act for.
  centre_options.demo_people = {
      web::Login{"zhiban", "值班员", "county-office", "", false},
      web::Login{"fenxi", "分析员", "analyst", "", false},
      web::Login{"guanli", "管理员", "admin", "", false},
  };
  const auto timeout = Millis(options_.timeout_seconds.value_or(kQueryTimeoutSeconds));
  centre_options.query.endpoint = options_.query_endpoint;
  centre_options.query.curve = options_.curve;
  centre_options.query.timeout = timeout;
  centre_options.command.endpoint = options_.endpoint;
  centre_options.command.curve = options_.curve;
  centre_options.command.timeout = timeout;
  centre_options.feed.feed_endpoint = options_.feed_endpoint;
  centre_options.feed.query_endpoint = options_.query_endpoint;
  centre_options.feed.curve = options_.curve;
  centre_options.feed_user = flags_.feed_user;
  centre_options.time_zone = options_.zone.name();
  StopSignal stop;
  Result<std::unique_ptr<centre::Centre>> centre =
      centre::Centre::Start(centre_options, std::cout);
  if (!centre.ok()) return Fail(centre.status());
  stop.Wait();
  std::cout << "值班台已停止" << std::endl;
  return kSettled;
}

int WebCommands::RunWebLogin() const {
  if (!web::ValidLoginName(flags_.name)) {
    return Fail(Status(v1::ERROR_CODE_INVALID_FIELD,
                       "登录名应为 1 到 32 个字母、数字或 ._-"));
  }
  web::LoginBook book;
  std::error_code error;
  if (std::filesystem::exists(flags_.file, error)) {
    Result<web::LoginBook> loaded = web::LoginBook::Load(flags_.file);
    if (!loaded.ok()) return Fail(loaded.status());
    book = std::move(loaded).value();
  }
  web::Login login;
  for (const web::Login& existing : book.logins()) {
    if (existing.name == flags_.name) login = existing;
  }
  login.name = flags_.name;
  if (!flags_.display.empty()) login.display = flags_.display;
  if (login.display.empty()) login.display = flags_.name;
  if (!flags_.user.empty()) login.user = flags_.user;
  login.disabled = flags_.disable;
  if (!flags_.disable || login.password_hash.empty()) {
    std::string password = ReadPassword("口令: ");
    if (isatty(STDIN_FILENO) && ReadPassword("再输一次: ") != password) {
      return Fail(Status(v1::ERROR_CODE_INVALID_FIELD, "两次输入的口令不一致"));
    }
    if (password.size() < 8) {
      return Fail(Status(v1::ERROR_CODE_INVALID_FIELD, "口令至少 8 个字符"));
    }
    Result<std::string> hash = web::HashPassword(password);
    if (!hash.ok()) return Fail(hash.status());
    login.password_hash = *hash;
  }
  book.Put(login);
  if (Status s = book.Save(flags_.file); !s.ok()) return Fail(s);
  std::cout << (flags_.disable ? "已停用登录 " : "已保存登录 ") << login.name
            << "（" << login.display << "）" << std::endl;
  return kSettled;
}

}  // namespace xinbao::client::cli
