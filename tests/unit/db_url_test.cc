#include "core/db_url.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("URLs are taken apart as SQLAlchemy does; user, password and query decoded") {
  auto url = SplitDbUrl("postgresql+psycopg2://bb:p%40ss%3Aw@db.example:5433/buildbot?a=1&b=%2F&&c");
  REQUIRE(url.has_value());
  CHECK(url->dialect == "postgresql");
  CHECK(*url->user == "bb");
  CHECK(*url->password == "p@ss:w");
  CHECK(url->host == "db.example");
  CHECK(url->port == "5433");
  CHECK(url->database == "buildbot");
  REQUIRE(url->query.size() == 3);
  CHECK(url->query[1].name == "b");
  CHECK(url->query[1].value == "/");
  CHECK(url->query[2].value == "");
  CHECK(url->display == "postgresql+psycopg2://bb:****@db.example:5433/buildbot?a=1&b=%2F&&c");
}

TEST_CASE("the database part is kept as written: sqlite paths, four slashes, %XX") {
  CHECK(SplitDbUrl("sqlite:///state.sqlite")->database == "state.sqlite");
  CHECK(SplitDbUrl("sqlite:////abs/s.db")->database == "/abs/s.db");
  CHECK(SplitDbUrl("sqlite:///a%20b.db")->database == "a%20b.db");
  CHECK(SplitDbUrl("sqlite:////srv/a@b:c/s.db")->host.empty());  // the path is not an authority
  CHECK(SplitDbUrl("sqlite:///")->has_database);
  CHECK(!SplitDbUrl("sqlite://")->has_database);
  CHECK(SplitDbUrl("postgresql://[::1]:5433/db")->host == "::1");
  CHECK(SplitDbUrl("postgresql://[::1]:5433/db")->port == "5433");
  CHECK(!SplitDbUrl("postgresql://h/db")->user.has_value());
  CHECK(SplitDbUrl("postgresql://u:@h/db")->password == std::string());
}

TEST_CASE("malformed URLs are usage errors without the password") {
  for (const char* bad : {"state.sqlite", "://x", "postgresql://u:secret@h:port/db",
                          "postgresql://u:secret%zz@h/db", "postgresql://u:secret@[::1/db",
                          "postgresql://u:secret@h/db?x=%zz"}) {
    CAPTURE(bad);
    auto r = SplitDbUrl(bad);
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kUsage);
    CHECK(r.error().message().find("secret") == std::string::npos);
  }
}

TEST_CASE("passwords never reach a message") {
  CHECK(RedactUrl("postgresql://bb:s3cret@db:5432/bb") == "postgresql://bb:****@db:5432/bb");
  CHECK(RedactUrl("postgresql://bb@db/bb") == "postgresql://bb@db/bb");
  CHECK(RedactUrl("sqlite:///state.sqlite") == "sqlite:///state.sqlite");
  CHECK(RedactUrl("mysql://u:p@ss@h/db") == "mysql://u:****@h/db");
  CHECK(RedactUrl("unknown option '--dbb=postgresql://a:pw1@h/db' and sqlite:///x, "
                  "postgres://b:pw2@[::1]:5/db?host=/s") ==
        "unknown option '--dbb=postgresql://a:****@h/db' and sqlite:///x, "
        "postgres://b:****@[::1]:5/db?host=/s");
  // libpq's password keyword in the query is a password too
  CHECK(RedactUrl("postgresql://bb@db/bb?sslmode=require&password=s3cret&x=1") ==
        "postgresql://bb@db/bb?sslmode=require&password=****&x=1");
  CHECK(RedactUrl("postgresql://u:a@db/bb?password=b") == "postgresql://u:****@db/bb?password=****");
  CHECK(RedactUrl("postgresql://db/bb?nopassword=x") == "postgresql://db/bb?nopassword=x");
}

TEST_CASE("issue 13: password spans are where argv masking writes") {
  std::string url = "postgresql://bb:s3cret@db/bb?password=two";
  auto spans = PasswordSpans(url);
  REQUIRE(spans.size() == 2);
  CHECK(url.substr(spans[0].offset, spans[0].length) == "s3cret");
  CHECK(url.substr(spans[1].offset, spans[1].length) == "two");
  CHECK(PasswordSpans("sqlite:///state.sqlite").empty());
}

TEST_CASE("issue 13 (found by fuzzing): a password with a quote or a space never reaches a message") {
  ForgetPasswordsForTesting();
  for (std::string password : {"it's", "two words", "q\"uote", "a:b@c"}) {
    CAPTURE(password);
    std::string url = "postgresql://bb:" + password + "@db.example/buildbot";
    auto spans = UrlPasswordSpans("--db=" + url);
    REQUIRE(spans.size() == 1);
    CHECK(("--db=" + url).substr(spans[0].offset, spans[0].length) == password);
    auto parsed = SplitDbUrl(url);
    REQUIRE(parsed.has_value());
    CHECK(parsed->password == password);
    CHECK(parsed->display == "postgresql://bb:****@db.example/buildbot");
    std::string message = "statectl: get: cannot connect to '" + url + "': timeout";
    CHECK(RedactUrl(message).find(password) == std::string::npos);
  }
  ForgetPasswordsForTesting();
}

TEST_CASE("two URLs in one text reaching one query give one span") {
  std::string text = "://x:///db?host=/run&password=hunter0";
  auto spans = PasswordSpans(text);
  REQUIRE(spans.size() == 1);
  CHECK(text.substr(spans[0].offset, spans[0].length) == "hunter0");
}

}  // namespace
}  // namespace statectl
