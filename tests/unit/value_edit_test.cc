#include "core/value_edit.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

ValueEdit Set(JsonPath path, std::string json, std::optional<std::string> expect = std::nullopt) {
  ValueEdit edit;
  edit.path = std::move(path);
  edit.json = std::move(json);
  edit.expect = std::move(expect);
  return edit;
}

std::string Apply(std::optional<std::string> stored, const ValueEdit& edit) {
  auto r = ApplyEdit(stored, edit);
  return r ? *r : "ERROR " + r.error().message();
}

TEST_CASE("a member edit keeps every other byte as json.dumps(json.loads(stored)) gives") {
  std::string stored = "{\"master\":\"e2bd\", \"when\": 1796146620.0, \"n\": NaN, \"big\": 1e16}";
  CHECK(Apply(stored, Set({"master"}, "\"b3d9\"")) ==
        "{\"master\": \"b3d9\", \"when\": 1796146620.0, \"n\": NaN, \"big\": 1e+16}");
  CHECK(Apply(stored, Set({"new"}, "[1,2.50]")) ==
        "{\"master\": \"e2bd\", \"when\": 1796146620.0, \"n\": NaN, \"big\": 1e+16, \"new\": [1, 2.5]}");
  ValueEdit remove;
  remove.op = ValueEdit::Op::kRemove;
  remove.path = {"n"};
  CHECK(Apply(stored, remove) == "{\"master\": \"e2bd\", \"when\": 1796146620.0, \"big\": 1e+16}");
}

TEST_CASE("a whole value is stored as Buildbot stores it") {
  CHECK(Apply(std::nullopt, Set({}, "{\"a\":1}")) == "{\"a\": 1}");
  CHECK(Apply("\"old\"", Set({}, "2")) == "2");
}

TEST_CASE("compare-and-swap: the value or member must be the expected JSON, in stored form") {
  CHECK(Apply("{\"a\": 1.0}", Set({}, "2", "{\"a\":1.0}")) == "2");
  CHECK(Apply("{\"a\": 1.0}", Set({}, "2", "{\"a\":1}")) ==
        "ERROR --expect does not hold: the stored value is {\"a\": 1.0}; nothing written");
  CHECK(Apply(std::nullopt, Set({}, "2", "1")) ==
        "ERROR --expect does not hold: the stored value is absent; nothing written");
  CHECK(Apply("{\"n\": 41}", Set({"n"}, "42", "41")) == "{\"n\": 42}");
  CHECK(Apply("{\"n\": 43}", Set({"n"}, "42", "41")) ==
        "ERROR --expect does not hold: /n is 43; nothing written");
  CHECK(Apply("{}", Set({"n"}, "42", "41")) ==
        "ERROR --expect does not hold: /n is absent; nothing written");
  CHECK(ApplyEdit("{\"n\": 43}", Set({"n"}, "42", "41")).error().code() == Code::kConflict);
}

TEST_CASE("what an edit cannot do: absent keys, bad JSON, paths through scalars") {
  CHECK(ApplyEdit(std::nullopt, Set({"a"}, "1")).error().code() == Code::kNotFound);
  CHECK(ApplyEdit("{bad", Set({"a"}, "1")).error().message().find("stored value: invalid JSON") == 0);
  CHECK(ApplyEdit("\"s\"", Set({"a"}, "1")).error().code() == Code::kInvalidData);
  CHECK(CheckEdit(Set({}, "{bad")).message().find("value: invalid JSON") == 0);
  CHECK(CheckEdit(Set({}, "1", "{bad")).message().find("--expect: invalid JSON") == 0);
}

}  // namespace
}  // namespace statectl
