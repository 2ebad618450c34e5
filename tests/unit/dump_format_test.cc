#include "core/dump_format.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

Row Value(std::string key, std::string json) {
  return Row{"GitPoller", "file:///srv/repo.git", std::move(key), std::move(json)};
}

TEST_CASE("strict JSON values are carried verbatim") {
  auto line = EncodeRecord(Value("lastRev", R"({"master": "e2bd82"})"));
  REQUIRE(line.has_value());
  CHECK(*line ==
        R"({"class_name":"GitPoller","name":"file:///srv/repo.git","key":"lastRev","value":{"master": "e2bd82"}})"
        "\n");
}

TEST_CASE("anything else is carried as value_json text") {
  auto line = EncodeRecord(Value("k", "NaN"));
  REQUIRE(line.has_value());
  CHECK(line->find(R"("value_json":"NaN")") != std::string::npos);
  line = EncodeRecord(Value("k", "[1,\n2]"));
  CHECK(line->find(R"("value_json":"[1,\n2]")") != std::string::npos);
}

TEST_CASE("records decode back to the same bytes") {
  for (const char* json : {R"({"a": [1, 2.50, "\u00e9"]})", "NaN", " 1 ", "[1,\n2]", "{bad",
                           "\"\t\x01\"", "1e400", ""}) {
    CAPTURE(json);
    auto line = EncodeRecord(Value("k\xC3\xA9", json));
    REQUIRE(line.has_value());
    auto decoded = DecodeLine(line->substr(0, line->size() - 1));
    REQUIRE(decoded.has_value());
    CHECK(decoded->kind == DumpLine::Kind::kRecord);
    CHECK(decoded->record.class_name == "GitPoller");
    CHECK(*decoded->record.key == "k\xC3\xA9");
    CHECK(*decoded->record.value_json == json);
  }
}

TEST_CASE("an object without values has no key") {
  Row row{"buildbot.schedulers.timed.Nightly", "nightly", std::nullopt, std::nullopt};
  auto line = EncodeRecord(row);
  CHECK(*line == "{\"class_name\":\"buildbot.schedulers.timed.Nightly\",\"name\":\"nightly\"}\n");
  auto decoded = DecodeLine(line->substr(0, line->size() - 1));
  CHECK(!decoded->record.key.has_value());
}

TEST_CASE("header and trailer") {
  std::string header = EncodeHeader("2026-11-23T00:00:00Z", "sqlite");
  CHECK(header ==
        "{\"format\":\"statectl-dump\",\"version\":1,\"created\":\"2026-11-23T00:00:00Z\","
        "\"source\":\"sqlite\"}\n");
  CHECK(DecodeLine(header.substr(0, header.size() - 1))->kind == DumpLine::Kind::kHeader);
  std::string trailer = EncodeTrailer({2, 3, "ab"});
  auto decoded = DecodeLine(trailer.substr(0, trailer.size() - 1));
  REQUIRE(decoded.has_value());
  CHECK(decoded->kind == DumpLine::Kind::kTrailer);
  CHECK(decoded->trailer.objects == 2);
  CHECK(decoded->trailer.values == 3);
  CHECK(decoded->trailer.sha256 == "ab");
}

TEST_CASE("bad lines say what is wrong") {
  struct Case {
    const char* line;
    const char* message;
  };
  for (auto c : std::initializer_list<Case>{
           {"[1]", "not a JSON object"},
           {R"({"name":"n"})", "missing \"class_name\""},
           {R"({"class_name":1,"name":"n"})", "\"class_name\" is not a string"},
           {R"({"class_name":"c","name":"n","key":"k"})", "exactly one of"},
           {R"({"class_name":"c","name":"n","key":"k","value":1,"value_json":"1"})", "exactly one of"},
           {R"({"class_name":"c","name":"n","value":1})", "without a \"key\""},
           {R"({"class_name":"c","name":"n","extra":1})", "unknown field \"extra\""},
           {R"({"class_name":"c","class_name":"c","name":"n"})", "appears twice"},
           {R"({"format":"statectl-dump","version":2})", "unsupported dump version 2"},
           {R"({"format":"other","version":1})", "not a statectl dump line"},
           {R"({"class_name":"c","name":"n","key":"k","value":NaN})", "invalid JSON"},
           {R"({"class_name":"c","name":"\ud800"})", "lone UTF-16 surrogate"},
       }) {
    CAPTURE(c.line);
    auto r = DecodeLine(c.line);
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kInvalidData);
    CHECK(r.error().message().find(c.message) != std::string::npos);
  }
}

TEST_CASE("names that are not UTF-8 cannot be dumped") {
  Row row{"C", "\xFF", std::nullopt, std::nullopt};
  CHECK(EncodeRecord(row).error().code() == Code::kInvalidData);
}

}  // namespace
}  // namespace statectl
