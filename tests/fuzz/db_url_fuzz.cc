// The database URL parser and the password redaction every message passes
// through. Properties: no crash; password spans lie inside the text, in
// order, apart; redacting replaces exactly them; once SplitDbUrl has read
// a URL, neither its display form nor any message RedactUrl passes shows the
// password, whatever characters it holds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/db_url.h"
#include "tests/fuzz/fuzz_check.h"

using namespace statectl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ForgetPasswordsForTesting();

  auto spans = PasswordSpans(text);
  size_t end = 0;
  std::string expected;
  for (const TextSpan& span : spans) {
    FUZZ_CHECK(span.offset >= end && span.length > 0 && span.offset + span.length <= text.size());
    expected.append(text.substr(end, span.offset - end));
    expected += "****";
    end = span.offset + span.length;
  }
  expected.append(text.substr(end));
  std::string redacted = RedactUrl(text);
  FUZZ_CHECK(redacted == expected);
  for (const TextSpan& span : UrlPasswordSpans(text)) {
    FUZZ_CHECK(span.length > 0 && span.offset + span.length <= text.size());
  }

  // Once SplitDbUrl has read a URL, its password appears in no message.
  auto url = SplitDbUrl(text);
  if (url && url->password && !url->password->empty() &&
      url->password->find('*') == std::string::npos) {
    FUZZ_CHECK(url->display.find(*url->password) == std::string::npos);
    std::string message = "statectl: get: database URL '" + std::string(text) + "': refused";
    FUZZ_CHECK(RedactUrl(message).find(*url->password) == std::string::npos);
  }

  // A password of any characters a URL's userinfo may hold unescaped
  // (quotes, spaces, ':' and '@' included), inside a URL.
  ForgetPasswordsForTesting();
  std::string password;
  for (char c : text) {
    if (c != '/' && c != '?' && c != '%' && c != '&' && c != '*' && c != '\0') password += c;
  }
  if (!password.empty()) {
    std::string built = "postgresql://bb:" + password + "@db.example/buildbot";
    auto found = UrlPasswordSpans(built);
    FUZZ_CHECK(found.size() == 1 && built.substr(found[0].offset, found[0].length) == password);
    auto parsed = SplitDbUrl(built);
    FUZZ_CHECK(parsed.has_value() && parsed->password == password);
    FUZZ_CHECK(parsed->display.find(password) == std::string::npos);
    std::string message = "statectl: dump: cannot connect to '" + built + "': refused";
    FUZZ_CHECK(RedactUrl(message).find(password) == std::string::npos);
    std::string query = "postgresql:///buildbot?host=/run&password=" + password + "&x=1";
    found = UrlPasswordSpans(query);
    FUZZ_CHECK(found.size() == 1 && query.substr(found[0].offset, found[0].length) == password);
  }
  return 0;
}
