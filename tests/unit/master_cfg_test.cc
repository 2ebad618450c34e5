#include "core/master_cfg.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

std::string Url(const std::string& text) {
  auto url = DbUrlFromMasterCfg(text);
  return url ? *url : "ERROR " + url.error().message();
}

TEST_CASE("issue 11: the db_url forms create-master writes and the docs show") {
  // What `buildbot create-master` writes (buildbot/scripts/sample.cfg).
  CHECK(Url("c = BuildmasterConfig = {}\n"
            "c['db'] = {\n"
            "    # This specifies what database buildbot uses to store its state.\n"
            "    # It's easy to start with sqlite, but it's recommended to switch to a dedicated\n"
            "    'db_url' : \"sqlite:///state.sqlite\",\n"
            "}\n") == "sqlite:///state.sqlite");
  CHECK(Url("c['db_url'] = 'postgresql://bb@db/buildbot'\n") == "postgresql://bb@db/buildbot");
  CHECK(Url("BuildmasterConfig['db']['db_url'] = \"mysql://u@h/db\"") == "mysql://u@h/db");
  CHECK(Url("c['db'] = dict(db_url='sqlite:///other.sqlite')") == "sqlite:///other.sqlite");
  CHECK(Url("c['db'] = {'db_url': 'postgresql://bb@'\n        'db/buildbot'}") ==
        "postgresql://bb@db/buildbot");
  CHECK(Url("c[\"db\"] = {\"db_url\": r'sqlite:////srv/%(basedir)s/x.sqlite'}") ==
        "sqlite:////srv/%(basedir)s/x.sqlite");
  CHECK(Url("c['db'] = {'db_url': 'sqlite:///a\\\\b.sqlite'}") == "sqlite:///a\\b.sqlite");
}

TEST_CASE("issue 11: no db_url: Buildbot's default; comments and other strings do not count") {
  CHECK(Url("c = BuildmasterConfig = {}\nc['title'] = 'x'\n") == "sqlite:///state.sqlite");
  CHECK(Url("# c['db_url'] = 'postgresql://old'\nc['x'] = 1\n") == "sqlite:///state.sqlite");
  CHECK(Url("print('db_url is not set')\nif c['db_url'] == 'x': pass\n") == "sqlite:///state.sqlite");
  CHECK(Url("'''\nc['db_url'] = 'postgresql://in/docstring'\n'''\n") == "sqlite:///state.sqlite");
  CHECK(Url("") == "sqlite:///state.sqlite");
}

TEST_CASE("issue 11: a db_url only running master.cfg could tell is refused, naming the line") {
  for (const char* text : {"url = 'x'\nc['db'] = {'db_url': url}",
                           "c['db_url'] = os.environ['DB']",
                           "c['db'] = {'db_url': f'postgresql://bb@{host}/bb'}",
                           "c['db'] = {'db_url': util.Secret('db')}",
                           "c['db_url'] = 'postgresql://' + host",
                           "c['db_url'] = 'sqlite:///%s' % name",
                           "c['db'] = db_settings",
                           "c['db'] = {'db_url': 'sqlite:///\\x41.sqlite'}"}) {
    CAPTURE(text);
    auto url = DbUrlFromMasterCfg(text);
    REQUIRE(!url.has_value());
    CHECK(url.error().code() == Code::kUsage);
    CHECK(url.error().message().find("sets db_url in a form statectl cannot read") != std::string::npos);
  }
  CHECK(Url("\n\nc['db_url'] = url").find("ERROR line 3 ") == 0);
  CHECK(Url("c['db_url'] = 'sqlite:///a'\nc['db_url'] = 'sqlite:///b'") ==
        "ERROR lines 1 and 2 set db_url to different URLs; give the URL with --db or $STATECTL_DB");
  CHECK(Url("c['db_url'] = 'sqlite:///a'\nc['db_url'] = 'sqlite:///a'") == "sqlite:///a");
}

}  // namespace
}  // namespace statectl
