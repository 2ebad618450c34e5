// simdjson's yes (core/fast_json_check.h) is only ever a yes the strict
// scanner gives too: on edge cases and on the generated JSON corpus.
#include "core/fast_json_check.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/json_parse.h"

namespace statectl {
namespace {

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

// Loads the plug-in the build made, once for the whole test binary.
bool PluginLoaded() {
#ifdef STATECTL_SIMDJSON_PLUGIN
  static const bool loaded = [] {
    std::string why;
    bool ok = LoadFastJsonCheck(STATECTL_SIMDJSON_PLUGIN, &why);
    if (!ok) MESSAGE("cannot load " STATECTL_SIMDJSON_PLUGIN ": " << why);
    return ok;
  }();
  return loaded;
#else
  return false;
#endif
}

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_CASE("issue 14: simdjson's yes is the strict scanner's yes") {
#ifndef STATECTL_SIMDJSON_PLUGIN
  MESSAGE("built without libsimdjson-dev: the plug-in is not there to test");
  return;
#endif
  REQUIRE(PluginLoaded());
  CHECK(FastJsonCheckLoaded());
  // What a dump carries by the million: simdjson must say yes, or it is no
  // faster at all.
  for (const char* text : {R"({"main": "e2bd82", "dev": [1, 2.5, -0, 1e10, true, null]})",
                           R"("caf\u00e9 \ud83d\ude00")", "1795460700.25", "0", "[]", "{}",
                           "18446744073709551615", R"({"a": {"b": {"c": []}}})"}) {
    CAPTURE(text);
    CHECK(FastStrictJsonYes(text));
    CHECK(IsStrictJson(text));
  }
  // Where the two may differ, simdjson must not be the one saying yes.
  const std::string edge[] = {
      R"("\ud800")", R"(["\udc00\ud800"])",                          // lone surrogates
      "123456789012345678901234567890", "-99999999999999999999",   // past 64 bits
      "1e400", "-1e-400", "0." "5", std::string(5000, '7'),         // out of range, long
      Nested(kFastCheckMaxDepth), Nested(kFastCheckMaxDepth + 1),   // at and past its depth
      Nested(kMaxJsonDepth), Nested(kMaxJsonDepth + 1),             // at and past ours
      "NaN", "Infinity", "[1,]", "{\"a\":1} x", "01", "\"\x01\"", std::string("[\0]", 3),
      "\"\xff\"", "\"\xed\xa0\x80\"", " 1", "1 ", "", "{\"a\" 1}", "tru", "[\"a\\x\"]"};
  for (const std::string& text : edge) {
    CAPTURE(text.substr(0, 40));
    if (FastStrictJsonYes(text)) CHECK(IsStrictJson(text));
  }
  CHECK(!FastStrictJsonYes(Nested(kFastCheckMaxDepth + 1)));
}

TEST_CASE("issue 14: simdjson's yes is the strict scanner's yes on the generated corpus") {
#ifndef STATECTL_SIMDJSON_PLUGIN
  return;
#endif
  REQUIRE(PluginLoaded());
  const char* path = std::getenv("STATECTL_JSON_CORPUS");
  REQUIRE_MESSAGE(path != nullptr, "STATECTL_JSON_CORPUS is not set (ctest sets it)");
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  int cases = 0, yes = 0, failures = 0;
  while (std::getline(in, line)) {
    std::string input = FromHex(line.substr(0, line.find('\t')));
    bool fast = FastStrictJsonYes(input);
    yes += fast;
    if (fast && !IsStrictJson(input) && ++failures <= 5) {
      FAIL_CHECK("simdjson accepts what the strict scanner refuses: " << input);
    }
    ++cases;
  }
  CHECK(cases >= 10000);
  CHECK(yes > cases / 10);  // it does say yes, to the many plain texts
  CHECK(failures == 0);
}

}  // namespace
}  // namespace statectl
