#include "core/json_pointer.h"

#include <doctest/doctest.h>

#include "core/json_write.h"

namespace statectl {
namespace {

JsonNode Parse(const char* text) {
  auto node = ParseJson(text, JsonMode::kPython);
  REQUIRE(node.has_value());
  return std::move(*node);
}

std::string Find(const char* json, const char* pointer) {
  JsonNode root = Parse(json);
  auto path = ParseJsonPointer(pointer);
  REQUIRE(path.has_value());
  auto node = FindAt(root, *path);
  return node ? PythonDumps(**node) : "ERROR " + node.error().message();
}

TEST_CASE("RFC 6901: segments, ~0 and ~1, the whole value, empty names") {
  CHECK(*ParseJsonPointer("") == JsonPath{});
  CHECK(*ParseJsonPointer("/refs~1heads~1main") == JsonPath{"refs/heads/main"});
  CHECK(*ParseJsonPointer("/a~0b/~01") == JsonPath{"a~b", "~1"});
  CHECK(*ParseJsonPointer("/") == JsonPath{""});
  CHECK(*ParseJsonPointer("//x") == JsonPath{"", "x"});
  CHECK(FormatJsonPointer({"refs/heads/main", "a~b"}) == "/refs~1heads~1main/a~0b");
  for (const char* bad : {"master", "/a~2", "/a~"}) {
    CAPTURE(bad);
    CHECK(ParseJsonPointer(bad).error().code() == Code::kUsage);
  }
}

TEST_CASE("finding members and elements, and the first missing segment") {
  const char* rev = "{\"master\": \"e2bd\", \"refs/heads/dev\": \"b3d9\", \"l\": [1, {\"x\": null}]}";
  CHECK(Find(rev, "/master") == "\"e2bd\"");
  CHECK(Find(rev, "/refs~1heads~1dev") == "\"b3d9\"");
  CHECK(Find(rev, "/l/1/x") == "null");
  CHECK(Find(rev, "") == "{\"master\": \"e2bd\", \"refs/heads/dev\": \"b3d9\", \"l\": [1, {\"x\": null}]}");
  CHECK(Find(rev, "/dev") == "ERROR no member 'dev' (at /dev)");
  CHECK(Find(rev, "/l/1/y/z") == "ERROR no member 'y' in /l/1 (at /l/1/y/z)");
  CHECK(Find(rev, "/l/5") == "ERROR no member '5' in /l (at /l/5)");
  CHECK(Find(rev, "/l/-").find("ERROR no member '-'") == 0);
  CHECK(Find(rev, "/master/x") ==
        "ERROR /master is a string, not an object or an array: cannot look up 'x'");
  CHECK(Find(rev, "/l/01") == "ERROR /l is an array: '01' is not an index of it");
  CHECK(Find(rev, "/l/x") == "ERROR /l is an array: 'x' is not an index of it");
}

TEST_CASE("setting replaces in place, adds at the end, appends to arrays") {
  JsonNode root = Parse("{\"b\": 1, \"a\": [1, 2]}");
  REQUIRE(SetAt(root, {"b"}, Parse("1796146620.0")).ok());
  REQUIRE(SetAt(root, {"c"}, Parse("NaN")).ok());
  REQUIRE(SetAt(root, {"a", "0"}, Parse("\"x\"")).ok());
  REQUIRE(SetAt(root, {"a", "-"}, Parse("3")).ok());
  REQUIRE(SetAt(root, {"a", "3"}, Parse("4")).ok());
  CHECK(PythonDumps(root) == "{\"b\": 1796146620.0, \"a\": [\"x\", 2, 3, 4], \"c\": NaN}");
  CHECK(SetAt(root, {"a", "9"}, Parse("0")).code() == Code::kNotFound);
  CHECK(SetAt(root, {"z", "y"}, Parse("0")).message() == "no member 'z' (at /z/y)");
  CHECK(SetAt(root, {"b", "y"}, Parse("0")).code() == Code::kInvalidData);
}

TEST_CASE("removing a member or an element; absent is not found") {
  JsonNode root = Parse("{\"master\": \"a\", \"dev\": \"b\", \"l\": [1, 2, 3]}");
  REQUIRE(RemoveAt(root, {"dev"}).ok());
  REQUIRE(RemoveAt(root, {"l", "1"}).ok());
  CHECK(PythonDumps(root) == "{\"master\": \"a\", \"l\": [1, 3]}");
  CHECK(RemoveAt(root, {"dev"}).message() == "no member 'dev' (at /dev)");
  CHECK(RemoveAt(root, {"l", "-"}).code() == Code::kNotFound);
}

}  // namespace
}  // namespace statectl
