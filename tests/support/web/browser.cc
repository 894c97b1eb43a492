#include "tests/support/web/browser.h"

#include <fstream>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "tests/support/web/chromedriver_process.h"

namespace xinbao::testing {

namespace {

// W3C's key for an element reference in JSON.
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";
constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr int kPageLoadMs = 30'000;

// `text` in double quotes, for command names in errors.
std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

// Decodes standard base64 (padding optional); throws on other characters.
std::string DecodeBase64(const std::string& text) {
  constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  bytes.reserve(text.size() / 4 * 3);
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    const std::size_t digit = kDigits.find(c);
    if (digit == std::string_view::npos) {
      throw std::runtime_error("Screenshot: the answer is not base64");
    }
    buffer = (buffer << 6) | static_cast<unsigned>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return bytes;
}

Element ToElement(const Json& reference) {
  return Element{AsString(Member(reference, kElementKey))};
}

Json Strings(const std::vector<std::string>& texts) {
  std::vector<Json> items;
  for (const std::string& text : texts) items.push_back(JsonString(text));
  return JsonArray(std::move(items));
}

// The members of a WebDriver cookie object; absent optional ones stay empty.
Cookie ToCookie(const Json& object) {
  const auto& fields = object.struct_value().fields();
  const auto text = [&](const char* key) {
    const auto found = fields.find(key);
    return found == fields.end() ? std::string() : AsString(found->second);
  };
  const auto flag = [&](const char* key) {
    const auto found = fields.find(key);
    return found != fields.end() && AsBool(found->second);
  };
  Cookie cookie;
  cookie.name = AsString(Member(object, "name"));
  cookie.value = AsString(Member(object, "value"));
  cookie.domain = text("domain");
  cookie.path = text("path");
  cookie.secure = flag("secure");
  cookie.http_only = flag("httpOnly");
  cookie.same_site = text("sameSite");
  return cookie;
}

}  // namespace

Browser::Browser(const ChromeDriverProcess& driver, BrowserOptions options)
    : client_(driver.port()) {
  std::vector<std::string> args = {
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      "--user-data-dir=" + profile_.path().string(),
      "--lang=" + options.language,
      "--window-size=" + std::to_string(options.width) + "," +
          std::to_string(options.height),
      // Chromium ends when chromedriver does, even if chromedriver is
      // killed: nothing is left running.
      "--remote-debugging-pipe",
  };
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  // Headless Chromium ignores --lang for navigator.language and
  // Accept-Language; the profile preference sets both.
  const Json chrome_options = JsonObject({
      {"binary", JsonString(kBinary)},
      {"args", Strings(args)},
      {"prefs",
       JsonObject({{"intl.accept_languages", JsonString(options.language)}})},
  });
  const Json capabilities = JsonObject({
      {"browserName", JsonString("chrome")},
      {"pageLoadStrategy", JsonString("normal")},
      {"timeouts", JsonObject({{"pageLoad", JsonNumber(kPageLoadMs)},
                               {"script", JsonNumber(30'000)},
                               {"implicit", JsonNumber(0)}})},
      {"goog:chromeOptions", chrome_options},
  });
  const Json created = client_.Post(
      "/session",
      JsonObject(
          {{"capabilities", JsonObject({{"alwaysMatch", capabilities}})}}),
      "NewSession");
  session_ = AsString(Member(created, "sessionId"));
  try {
    SetViewportSize(options.width, options.height);
  } catch (...) {
    EndSession();
    throw;
  }
}

Browser::~Browser() { EndSession(); }

void Browser::EndSession() noexcept {
  if (session_.empty()) return;
  try {
    client_.Delete(Path(""), "DeleteSession");
  } catch (const std::exception&) {
    // chromedriver is gone already; Chromium went with it.
  }
  session_.clear();
}

std::string Browser::Path(const std::string& tail) const {
  return "/session/" + session_ + tail;
}

std::string Browser::ElementPath(const Element& element,
                                 const std::string& tail) const {
  return Path("/element/" + element.id + tail);
}

void Browser::Navigate(const std::string& url) {
  client_.Post(Path("/url"), JsonObject({{"url", JsonString(url)}}),
               "Navigate(" + Quoted(url) + ")");
}

std::string Browser::CurrentUrl() {
  return AsString(client_.Get(Path("/url"), "CurrentUrl"));
}

std::string Browser::Title() {
  return AsString(client_.Get(Path("/title"), "Title"));
}

std::string Browser::PageSource() {
  return AsString(client_.Get(Path("/source"), "PageSource"));
}

Element Browser::FindCss(const std::string& selector) {
  return ToElement(
      client_.Post(Path("/element"),
                   JsonObject({{"using", JsonString("css selector")},
                               {"value", JsonString(selector)}}),
                   "FindCss(" + Quoted(selector) + ")"));
}

std::vector<Element> Browser::FindAllCss(const std::string& selector) {
  const Json found =
      client_.Post(Path("/elements"),
                   JsonObject({{"using", JsonString("css selector")},
                               {"value", JsonString(selector)}}),
                   "FindAllCss(" + Quoted(selector) + ")");
  std::vector<Element> elements;
  for (const Json& reference : AsList(found)) {
    elements.push_back(ToElement(reference));
  }
  return elements;
}

Element Browser::WaitForCss(const std::string& selector,
                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::vector<Element> found = FindAllCss(selector);
    if (!found.empty()) return found.front();
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error("WaitForCss(" + Quoted(selector) +
                               "): nothing matched within " +
                               std::to_string(timeout.count()) + " ms");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

std::string Browser::WaitForText(const std::string& selector,
                                 const std::string& text,
                                 std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<std::string> seen;
  while (true) {
    std::vector<Element> found = FindAllCss(selector);
    if (!found.empty()) {
      try {
        seen = Text(found.front());
        if (seen->find(text) != std::string::npos) return *seen;
      } catch (const WebDriverError& error) {
        // Replaced between finding and reading it: look again.
        if (error.error() != "stale element reference") throw;
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error(
          "WaitForText(" + Quoted(selector) + ", " + Quoted(text) +
          "): not within " + std::to_string(timeout.count()) + " ms; " +
          (seen ? "the text was " + Quoted(*seen) : "nothing matched"));
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void Browser::Click(const Element& element) {
  client_.Post(ElementPath(element, "/click"), JsonObject({}), "Click");
}

void Browser::Clear(const Element& element) {
  client_.Post(ElementPath(element, "/clear"), JsonObject({}), "Clear");
}

void Browser::SendKeys(const Element& element, const std::string& text) {
  client_.Post(ElementPath(element, "/value"),
               JsonObject({{"text", JsonString(text)}}),
               "SendKeys(" + Quoted(text) + ")");
}

std::string Browser::Text(const Element& element) {
  return AsString(client_.Get(ElementPath(element, "/text"), "Text"));
}

std::optional<std::string> Browser::Attribute(const Element& element,
                                              const std::string& name) {
  const Json value = client_.Get(ElementPath(element, "/attribute/" + name),
                                 "Attribute(" + Quoted(name) + ")");
  if (value.kind_case() == Json::kNullValue) return std::nullopt;
  return AsString(value);
}

Json Browser::Property(const Element& element, const std::string& name) {
  return client_.Get(ElementPath(element, "/property/" + name),
                     "Property(" + Quoted(name) + ")");
}

Json Browser::ExecuteScript(const std::string& script, std::vector<Json> args) {
  return client_.Post(Path("/execute/sync"),
                      JsonObject({{"script", JsonString(script)},
                                  {"args", JsonArray(std::move(args))}}),
                      "ExecuteScript");
}

Json Browser::ElementArg(const Element& element) {
  return JsonObject({{kElementKey, JsonString(element.id)}});
}

void Browser::SetWindowSize(int width, int height) {
  client_.Post(Path("/window/rect"),
               JsonObject({{"width", JsonNumber(width)},
                           {"height", JsonNumber(height)}}),
               "SetWindowSize(" + std::to_string(width) + ", " +
                   std::to_string(height) + ")");
}

void Browser::SetViewportSize(int width, int height) {
  // The window's frame takes some of its height (and maybe width): size
  // the window by what the viewport lacks or has too much, and check.
  int inner_width = 0;
  int inner_height = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const Json inner = ExecuteScript(
        "return {width: window.innerWidth, height: window.innerHeight};");
    inner_width = static_cast<int>(AsNumber(Member(inner, "width")));
    inner_height = static_cast<int>(AsNumber(Member(inner, "height")));
    if (inner_width == width && inner_height == height) return;
    const Json outer = client_.Get(Path("/window/rect"), "GetWindowRect");
    SetWindowSize(static_cast<int>(AsNumber(Member(outer, "width"))) + width -
                      inner_width,
                  static_cast<int>(AsNumber(Member(outer, "height"))) + height -
                      inner_height);
  }
  throw std::runtime_error("SetViewportSize(" + std::to_string(width) + ", " +
                           std::to_string(height) + "): the viewport stays " +
                           std::to_string(inner_width) + "×" +
                           std::to_string(inner_height));
}

std::string Browser::ScreenshotPng() {
  return DecodeBase64(AsString(client_.Get(Path("/screenshot"), "Screenshot")));
}

void Browser::Screenshot(const std::filesystem::path& path) {
  const std::string png = ScreenshotPng();
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  out.close();
  if (!out)
    throw std::runtime_error("Screenshot: cannot write " + path.string());
}

std::vector<Cookie> Browser::GetCookies() {
  const Json found = client_.Get(Path("/cookie"), "GetCookies");
  std::vector<Cookie> cookies;
  for (const Json& object : AsList(found)) {
    cookies.push_back(ToCookie(object));
  }
  return cookies;
}

}  // namespace xinbao::testing
