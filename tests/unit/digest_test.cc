#include "core/digest.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("SHA-256 and SHA-1 give the standard digests, as lower-case hex") {
  Sha256 empty;
  CHECK(empty.HexDigest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 abc;
  abc.Update("abc");
  CHECK(abc.HexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha1Hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST_CASE("SHA-256 in pieces equals SHA-256 of the whole") {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += std::to_string(i) + "\n";
  Sha256 whole, pieces;
  whole.Update(text);
  for (size_t at = 0; at < text.size(); at += 777) pieces.Update(std::string_view(text).substr(at, 777));
  CHECK(pieces.HexDigest() == whole.HexDigest());
}

}  // namespace
}  // namespace statectl
