#include "backends/postgres/pg_copy.h"

#include <doctest/doctest.h>

#include <string>

namespace statectl::pg {
namespace {

const std::string kHeader("PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0", 19);

std::string Be16(int v) { return {static_cast<char>(v >> 8 & 0xff), static_cast<char>(v & 0xff)}; }
std::string Be32(int64_t v) { return Be16(static_cast<int>(v >> 16 & 0xffff)) + Be16(static_cast<int>(v & 0xffff)); }

// A tuple message: a field count, then each field (nullopt: NULL).
std::string Tuple(std::vector<std::optional<std::string>> fields) {
  std::string out = Be16(static_cast<int>(fields.size()));
  for (const auto& f : fields) {
    if (!f) {
      out += Be32(-1);
    } else {
      out += Be32(static_cast<int64_t>(f->size())) + *f;
    }
  }
  return out;
}

TEST_CASE("binary COPY: the header, tuples with NULLs and empty fields, the trailer") {
  BinaryCopyReader reader;  // the fields view the message: keep each alive while read
  std::string message = kHeader + Tuple({"GitPoller", std::nullopt, ""});
  auto first = reader.Tuple(message);
  REQUIRE(first.has_value());
  REQUIRE((*first)->size() == 3);
  CHECK(*(**first)[0] == "GitPoller");
  CHECK(!(**first)[1].has_value());
  CHECK((**first)[2]->empty());
  std::string bytes("a\0\xff\n", 4);
  message = Tuple({bytes});
  auto second = reader.Tuple(message);
  REQUIRE(second.has_value());
  CHECK(*(**second)[0] == bytes);
  auto trailer = reader.Tuple(Be16(0xffff));
  REQUIRE(trailer.has_value());
  CHECK((*trailer)->empty());
}

TEST_CASE("binary COPY: a header alone, and a header with an extension area") {
  BinaryCopyReader alone;
  CHECK((*alone.Tuple(kHeader))->empty());
  std::string extended = kHeader.substr(0, 15) + Be32(3) + "xyz" + Tuple({"v"});
  BinaryCopyReader reader;
  auto tuple = reader.Tuple(extended);  // extended outlives the views
  REQUIRE(tuple.has_value());
  CHECK(*(**tuple)[0] == "v");
}

TEST_CASE("binary COPY: anything malformed is a database error, never a read past the data") {
  std::string good = kHeader + Tuple({"abc"});
  for (size_t cut = 0; cut < good.size(); ++cut) {
    if (cut == kHeader.size()) continue;  // a header alone is fine
    CAPTURE(cut);
    BinaryCopyReader reader;
    auto r = reader.Tuple(good.substr(0, cut));
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kDatabase);
  }
  BinaryCopyReader wrong_signature;
  CHECK(!wrong_signature.Tuple("PGCOPY\n\xfe\r\n" + std::string(10, '\0')).has_value());
  BinaryCopyReader huge_extension;
  CHECK(!huge_extension.Tuple(kHeader.substr(0, 15) + Be32(0x7fffffff)).has_value());
}

TEST_CASE("int8 fields are 8 big-endian bytes") {
  CHECK(*Int8Field(std::string("\0\0\0\0\0\0\x01\x02", 8)) == 258);
  CHECK(*Int8Field(std::string(8, '\xff')) == -1);
  CHECK(!Int8Field("1234").has_value());
}

TEST_CASE("COPY text fields escape what the format reads specially") {
  std::string out;
  std::string field = "a\\b\tc\nd\re\xc3\xa9";
  AppendCopyField(out, &field);
  out += '|';
  AppendCopyField(out, nullptr);
  CHECK(out == "a\\\\b\\tc\\nd\\re\xc3\xa9|\\N");
}

TEST_CASE("text[] elements are quoted, backslash and double quote escaped") {
  std::string out = "{";
  AppendArrayElement(out, "a\"b\\c, {d} NULL");
  out += ',';
  AppendArrayElement(out, "");
  out += '}';
  CHECK(out == "{\"a\\\"b\\\\c, {d} NULL\",\"\"}");
}

}  // namespace
}  // namespace statectl::pg
