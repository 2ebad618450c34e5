// Database URLs as Buildbot's master.cfg has them (SQLAlchemy's form), taken
// apart. What the parts mean (a file path, libpq keywords) is each driver's
// own business: backends/*/..._url.h read them.
#ifndef STATECTL_CORE_DB_URL_H_
#define STATECTL_CORE_DB_URL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace statectl {

inline constexpr std::string_view kDefaultDbUrl = "sqlite:///state.sqlite";

struct QueryArg {
  std::string name, value;  // percent-decoded
};

// dialect[+driver]://[user[:password]@][host][:port][/database][?query]
struct DbUrl {
  std::string display;  // the URL as given, password masked: safe to print
  std::string dialect;  // the part before any "+driver", as written
  std::optional<std::string> user, password;  // percent-decoded
  std::string host;                           // as written; [::1] loses its brackets
  std::string port;                           // digits, or empty
  // After the '/' that ends the authority, as written (SQLAlchemy does not
  // decode it); "sqlite:////abs" gives "/abs". Empty when absent.
  std::string database;
  bool has_database = false;  // a '/' after the authority, even with nothing after it
  std::vector<QueryArg> query;
};

// Takes url apart. kUsage (the message shows the masked URL) when it is not
// of the form above: no "://", a bad %-escape, an unclosed '[', a port that
// is not a number.
Result<DbUrl> SplitDbUrl(std::string_view url);

// kUsage "database URL <display>: what".
Status UrlUsageError(const DbUrl& url, std::string_view what);

// Where passwords are in text: the password of every
// "scheme://user:password@host" in it, and the value of a "password=" query
// argument of such a URL (libpq's keyword); in order, not overlapping.
struct TextSpan {
  size_t offset = 0, length = 0;
};
std::vector<TextSpan> PasswordSpans(std::string_view text);

// The password spans of one URL exactly as SplitDbUrl reads it: between the
// userinfo's first ':' and the authority's last '@', whatever characters lie
// there (quotes and spaces too), and each password= query value. word may
// have text before the scheme ("--db=postgresql://..."), not after the URL.
std::vector<TextSpan> UrlPasswordSpans(std::string_view word);

// Makes RedactUrl mask password wherever it appears from now on (SplitDbUrl
// and the argv masking call it for every password they see). Any thread.
void RememberPassword(std::string_view password);
void ForgetPasswordsForTesting();

// text with every remembered password, then each of its PasswordSpans,
// replaced by "****"; anything else unchanged. Every error line passes
// through it, so a URL echoed back (a mistyped option, say) shows no
// password, even one with a quote or a space that PasswordSpans alone would
// not see the end of. Any thread.
std::string RedactUrl(std::string_view text);

}  // namespace statectl

#endif  // STATECTL_CORE_DB_URL_H_
