#include "cli/words.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

using Arity = Slot::Arity;
const Positionals kGet{true, {{"KEY"}}};
const Positionals kSet{true, {{"KEY"}, {"VALUE"}}};
const Positionals kCreateOnce{true, {{"KEY"}, {"VALUE", Arity::kOptional}}};
const Positionals kObjectId{false, {{"NAME"}, {"CLASS"}}};
const Positionals kImport{false, {{"FILE", Arity::kOptional}}};
const Positionals kDelete{true, {{"KEY", Arity::kMany}}};

Result<Words> Parse(const Positionals& spec, std::vector<std::string> leftover,
                    std::vector<std::string> after = {},
                    std::optional<std::string> id = std::nullopt) {
  return ParseWords("cmd", spec, leftover, after, id);
}

std::string Error(const Result<Words>& r) {
  REQUIRE(!r.has_value());
  CHECK(r.error().code() == Code::kUsage);
  return r.error().message();
}

TEST_CASE("usage lines come from the spec") {
  CHECK(kSet.Usage() == "(NAME CLASS | --id ID) KEY VALUE");
  CHECK(kCreateOnce.Usage() == "(NAME CLASS | --id ID) KEY [VALUE]");
  CHECK(kImport.Usage() == "[FILE]");
  CHECK(kDelete.Usage() == "(NAME CLASS | --id ID) [KEY...]");
  CHECK(Positionals{}.Usage().empty());
}

TEST_CASE("an object by NAME CLASS or by --id, then the slots") {
  auto byname = Parse(kSet, {"nightly", "Nightly", "last_build", "1.0"});
  REQUIRE(byname.has_value());
  CHECK(byname->object().name == "nightly");
  CHECK(byname->object().class_name == "Nightly");
  CHECK(!byname->object().id);
  CHECK(byname->one("KEY") == "last_build");
  CHECK(byname->one("VALUE") == "1.0");
  auto byid = Parse(kSet, {"last_build", "1.0"}, {}, "7");
  REQUIRE(byid.has_value());
  CHECK(*byid->object().id == 7);
  CHECK(byid->one("KEY") == "last_build");
}

TEST_CASE("issue 10: every word after -- is positional, whatever it looks like") {
  auto r = Parse(kObjectId, {}, {"-weird", "C"});
  REQUIRE(r.has_value());
  CHECK(r->one("NAME") == "-weird");
  CHECK(r->one("CLASS") == "C");
  auto mixed = Parse(kSet, {"n", "C"}, {"--print", "-x"});
  REQUIRE(mixed.has_value());
  CHECK(mixed->one("KEY") == "--print");
  CHECK(mixed->one("VALUE") == "-x");
}

TEST_CASE("negative numbers, -Infinity and - are values; other dashed words are unknown options") {
  for (const char* value : {"-5", "-1.5", "-1e3", "-Infinity", "-", "-0"}) {
    CAPTURE(value);
    auto r = Parse(kSet, {"n", "C", "k", value});
    REQUIRE(r.has_value());
    CHECK(r->one("VALUE") == value);
  }
  for (const char* option : {"--prnt", "-x", "-NaN", "--"}) {
    CAPTURE(option);
    std::string err = Error(Parse(kSet, {"n", "C", "k", option}));
    CHECK(err.find("unknown option '" + std::string(option) + "'") == 0);
    CHECK(err.find("put -- before a value") != std::string::npos);
  }
}

TEST_CASE("missing and extra words are named, with the usage") {
  CHECK(Error(Parse(kGet, {})) ==
        "missing NAME CLASS (usage: statectl cmd [OPTIONS] (NAME CLASS | --id ID) KEY)");
  CHECK(Error(Parse(kGet, {"n"})).find("missing CLASS") == 0);
  CHECK(Error(Parse(kGet, {"n", "C"})).find("missing KEY") == 0);
  CHECK(Error(Parse(kGet, {"n", "C", "k", "x"})).find("unexpected argument 'x'") == 0);
  CHECK(Error(Parse(kGet, {"k", "x"}, {}, "7")).find("unexpected argument 'x'") == 0);
  CHECK(Error(Parse(Positionals{}, {"extra"})) ==
        "unexpected argument 'extra' (usage: statectl cmd [OPTIONS])");
}

TEST_CASE("optional and repeated slots") {
  CHECK(!Parse(kCreateOnce, {"n", "C", "k"})->optional("VALUE").has_value());
  CHECK(*Parse(kCreateOnce, {"n", "C", "k", "1"})->optional("VALUE") == "1");
  CHECK(!Parse(kImport, {})->optional("FILE"));
  CHECK(Parse(kDelete, {"n", "C"})->many("KEY").empty());
  CHECK(Parse(kDelete, {"n", "C", "a", "b", "c"})->many("KEY") ==
        std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("an --id must be a positive integer, said in statectl's words") {
  for (const char* bad : {"abc", "", "7x", "-3", "0", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK(Error(Parse(kGet, {"k"}, {}, std::string(bad))) ==
          "--id must be an object id (a positive integer), not '" + std::string(bad) + "'");
  }
}

TEST_CASE("argv splits at the first --") {
  const char* argv[] = {"statectl", "set", "n", "--", "C", "--", "-k"};
  SplitArgs args = SplitAtSeparator(7, argv);
  CHECK(args.parsed == std::vector<std::string>{"set", "n"});
  CHECK(args.after_separator == std::vector<std::string>{"C", "--", "-k"});
}

}  // namespace
}  // namespace statectl
