#include "core/db_url.h"

#include <algorithm>
#include <mutex>

namespace statectl {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding, as SQLAlchemy applies to user, password and query values.
Result<std::string> PercentDecode(std::string_view s, std::string_view what) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int hi = i + 2 < s.size() ? HexDigit(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? HexDigit(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Status::Usage("bad %-escape in the " + std::string(what));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// "a=1&b=%2F" as SQLAlchemy reads it: pairs, %-decoded, empty ones skipped.
Result<std::vector<QueryArg>> SplitQuery(std::string_view query) {
  std::vector<QueryArg> args;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view arg = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (arg.empty()) continue;
    size_t eq = arg.find('=');
    auto name = PercentDecode(arg.substr(0, eq), "query");
    auto value = PercentDecode(eq == std::string_view::npos ? "" : arg.substr(eq + 1), "query");
    if (!name) return name.error();
    if (!value) return value.error();
    args.push_back({std::move(*name), std::move(*value)});
  }
  return args;
}

// The passwords statectl was given (RememberPassword), for RedactUrl.
struct RememberedPasswords {
  std::mutex mu;
  std::vector<std::string> texts;  // longest first
};

RememberedPasswords& Remembered() {
  static RememberedPasswords* remembered = new RememberedPasswords;  // never destroyed
  return *remembered;
}

// text with every span replaced by "****".
std::string MaskSpans(std::string_view text, const std::vector<TextSpan>& spans) {
  std::string out;
  size_t done = 0;
  for (const TextSpan& span : spans) {
    if (span.offset < done) continue;
    out += text.substr(done, span.offset - done);
    out += "****";
    done = span.offset + span.length;
  }
  out += text.substr(done);
  return out;
}

}  // namespace

void RememberPassword(std::string_view password) {
  if (password.empty() || password == "****") return;
  RememberedPasswords& r = Remembered();
  std::lock_guard<std::mutex> lock(r.mu);
  if (std::find(r.texts.begin(), r.texts.end(), password) != r.texts.end()) return;
  r.texts.emplace_back(password);
  std::stable_sort(r.texts.begin(), r.texts.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void ForgetPasswordsForTesting() {
  RememberedPasswords& r = Remembered();
  std::lock_guard<std::mutex> lock(r.mu);
  r.texts.clear();
}

std::vector<TextSpan> UrlPasswordSpans(std::string_view word) {
  std::vector<TextSpan> spans;
  size_t sep = word.find("://");
  if (sep == std::string_view::npos) return spans;
  size_t start = sep + 3;
  std::string_view rest = word.substr(start);
  size_t q = rest.find('?');
  std::string_view authority = rest.substr(0, q).substr(0, rest.substr(0, q).find('/'));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    size_t colon = authority.substr(0, at).find(':');
    if (colon != std::string_view::npos && at > colon + 1) {
      spans.push_back({start + colon + 1, at - colon - 1});
    }
  }
  if (q == std::string_view::npos) return spans;
  for (size_t arg = start + q + 1; arg < word.size();) {
    size_t amp = word.find('&', arg);
    if (amp == std::string_view::npos) amp = word.size();
    std::string_view pair = word.substr(arg, amp - arg);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && eq + 1 < pair.size()) {
      auto name = PercentDecode(pair.substr(0, eq), "query");
      if (name && *name == "password") spans.push_back({arg + eq + 1, pair.size() - eq - 1});
    }
    arg = amp + 1;
  }
  return spans;
}

Status UrlUsageError(const DbUrl& url, std::string_view what) {
  return Status::Usage("database URL " + url.display + ": " + std::string(what));
}

Result<DbUrl> SplitDbUrl(std::string_view text) {
  DbUrl url;
  auto spans = UrlPasswordSpans(text);
  for (const TextSpan& span : spans) {
    std::string_view raw = text.substr(span.offset, span.length);
    RememberPassword(raw);
    if (auto decoded = PercentDecode(raw, "password")) RememberPassword(*decoded);
  }
  url.display = RedactUrl(MaskSpans(text, spans));
  size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return Status::Usage("database URL '" + url.display +
                         "' is not of the form dialect://...; e.g. sqlite:///state.sqlite");
  }
  std::string_view scheme = text.substr(0, sep);
  url.dialect = std::string(scheme.substr(0, scheme.find('+')));
  std::string_view rest = text.substr(sep + 3);
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    auto args = SplitQuery(rest.substr(q + 1));
    if (!args) return UrlUsageError(url, args.error().message());
    url.query = std::move(*args);
    rest = rest.substr(0, q);
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    url.has_database = true;
    url.database = std::string(rest.substr(slash + 1));
  }
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    auto user = PercentDecode(userinfo.substr(0, colon), "user name");
    if (!user) return UrlUsageError(url, user.error().message());
    if (!user->empty()) url.user = std::move(*user);
    if (colon != std::string_view::npos) {
      auto password = PercentDecode(userinfo.substr(colon + 1), "password");
      if (!password) return UrlUsageError(url, password.error().message());
      url.password = std::move(*password);
    }
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {  // [::1]:5432
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return UrlUsageError(url, "unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!port.empty() && port.find_first_not_of("0123456789") != std::string_view::npos) {
    return UrlUsageError(url, "port '" + std::string(port) + "' is not a number");
  }
  url.host = std::string(host);
  url.port = std::string(port);
  return url;
}

std::vector<TextSpan> PasswordSpans(std::string_view text) {
  std::vector<TextSpan> spans;
  for (size_t sep = text.find("://"); sep != std::string_view::npos;
       sep = text.find("://", sep + 3)) {
    size_t auth_start = sep + 3;
    size_t auth_end = text.find_first_of("/?# \t'\"", auth_start);
    if (auth_end == std::string_view::npos) auth_end = text.size();
    std::string_view authority = text.substr(auth_start, auth_end - auth_start);
    size_t at = authority.rfind('@');
    size_t colon = authority.find(':');
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
      spans.push_back({auth_start + colon + 1, at - colon - 1});
    }
    // libpq's own keyword in the query: ...?password=secret&...
    size_t end = text.find_first_of(" \t'\"", auth_end);
    if (end == std::string_view::npos) end = text.size();
    std::string_view rest = text.substr(auth_end, end - auth_end);
    for (size_t p = rest.find("password="); p != std::string_view::npos;
         p = rest.find("password=", p + 1)) {
      if (p == 0 || (rest[p - 1] != '?' && rest[p - 1] != '&')) continue;
      size_t value = p + 9;
      size_t value_end = rest.find('&', value);
      if (value_end == std::string_view::npos) value_end = rest.size();
      spans.push_back({auth_end + value, value_end - value});
    }
  }
  std::sort(spans.begin(), spans.end(),
            [](const TextSpan& a, const TextSpan& b) { return a.offset < b.offset; });
  // Two URLs in one text can both reach the same query: keep spans apart.
  std::vector<TextSpan> apart;
  for (const TextSpan& span : spans) {
    if (span.length == 0) continue;
    if (!apart.empty() && span.offset < apart.back().offset + apart.back().length) {
      size_t end = std::max(apart.back().offset + apart.back().length, span.offset + span.length);
      apart.back().length = end - apart.back().offset;
      continue;
    }
    apart.push_back(span);
  }
  return apart;
}

std::string RedactUrl(std::string_view text) {
  std::string out(text);
  {
    RememberedPasswords& r = Remembered();
    std::lock_guard<std::mutex> lock(r.mu);
    for (const std::string& password : r.texts) {
      for (size_t at = out.find(password); at != std::string::npos;
           at = out.find(password, at + 4)) {
        out.replace(at, password.size(), "****");
      }
    }
  }
  return MaskSpans(out, PasswordSpans(out));
}

}  // namespace statectl
