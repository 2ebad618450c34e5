// The whole dump reader. The first input byte picks the mode:
//  even: the rest of the input is read as a dump; whatever it is, the reader
//        returns without crashing, and if it accepts it, the records it
//        handed over are in strict bytewise order;
//  odd:  a sound dump of a few records drawn from the input is damaged as
//        the next bytes say (cut at an offset, a byte changed, two lines
//        swapped, a line repeated or dropped); if the reader still accepts
//        the damaged file, it must have handed over exactly the records of
//        the sound one. A damaged dump is never accepted as other state.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/digest.h"
#include "core/dump_format.h"
#include "core/dump_reader.h"
#include "tests/fuzz/fuzz_check.h"

using namespace statectl;

namespace {

struct Input {
  const uint8_t* p;
  size_t n;
  uint8_t Byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  size_t Number(size_t below) {
    size_t v = Byte();
    v = v * 256 + Byte();
    return below ? v % below : 0;
  }
};

using Records = std::vector<std::tuple<std::string, std::string, std::optional<std::string>,
                                       std::optional<std::string>>>;

// Reads text as a dump; the records handed over, and whether it was accepted.
bool Read(const std::string& text, Records* out) {
  FILE* in = text.empty() ? fopen("/dev/null", "r")
                          : fmemopen(const_cast<char*>(text.data()), text.size(), "r");
  FUZZ_CHECK(in != nullptr);
  auto trailer = ReadDump(in, [&](const Row& row, int64_t, int64_t) {
    out->emplace_back(row.class_name, row.name, row.key, row.value_json);
    return Status::Ok();
  });
  std::fclose(in);
  return trailer.has_value();
}

std::string SoundDump(Input& in) {
  // A few objects and values in bytewise order, names from a small alphabet
  // so that neighbours share prefixes.
  static const char* kWords[] = {"a", "b", "ab", "poller", "Nightly", "lastRev", "é", "x y"};
  static const char* kValues[] = {"1", "\"rev\"", "{\"master\": \"abc\"}", "[1, 2]", "NaN",
                                  "null", "1.5", "\"\\u00e9\""};
  std::vector<Row> rows;
  int objects = 1 + in.Byte() % 4;
  for (int o = 0; o < objects; ++o) {
    Row base;
    base.class_name = std::string("C") + kWords[in.Byte() % 8];
    base.name = kWords[in.Byte() % 8] + std::to_string(o);
    int values = in.Byte() % 4;
    if (values == 0) rows.push_back(base);
    for (int v = 0; v < values; ++v) {
      Row row = base;
      row.key = kWords[in.Byte() % 8] + std::to_string(v);
      row.value_json = kValues[in.Byte() % 8];
      rows.push_back(row);
    }
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::tie(a.class_name, a.name, a.key) < std::tie(b.class_name, b.name, b.key);
  });
  std::string body;
  DumpTrailer trailer;
  const Row* previous = nullptr;
  for (const Row& row : rows) {
    if (previous && previous->class_name == row.class_name && previous->name == row.name &&
        previous->key == row.key) {
      continue;
    }
    if (!previous || previous->class_name != row.class_name || previous->name != row.name) {
      ++trailer.objects;
    }
    if (row.key) ++trailer.values;
    body += EncodeRecord(row).value();
    previous = &row;
  }
  Sha256 sha;
  sha.Update(body);
  trailer.sha256 = sha.HexDigest();
  return EncodeHeader("2026-12-01T00:00:00Z", "sqlite") + body + EncodeTrailer(trailer);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::string Damage(const std::string& sound, Input& in) {
  std::string text = sound;
  std::vector<std::string> lines = Lines(sound);
  switch (in.Byte() % 5) {
    case 0:  // cut
      text.resize(in.Number(text.size()));
      break;
    case 1: {  // a byte changed
      size_t at = in.Number(text.size());
      uint8_t x = in.Byte();
      text[at] = static_cast<char>(text[at] ^ (x ? x : 1));
      break;
    }
    case 2: {  // two lines swapped
      size_t a = in.Number(lines.size()), b = in.Number(lines.size());
      std::swap(lines[a], lines[b]);
      text.clear();
      for (auto& l : lines) text += l;
      break;
    }
    case 3: {  // a line repeated
      size_t a = in.Number(lines.size());
      lines.insert(lines.begin() + a, lines[a]);
      text.clear();
      for (auto& l : lines) text += l;
      break;
    }
    default: {  // a line dropped
      size_t a = in.Number(lines.size());
      lines.erase(lines.begin() + a);
      text.clear();
      for (auto& l : lines) text += l;
      break;
    }
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in{data, size};
  uint8_t mode = in.Byte();
  if (mode % 2 == 0) {
    std::string text(reinterpret_cast<const char*>(in.p), in.n);
    Records records;
    if (Read(text, &records)) {
      for (size_t i = 1; i < records.size(); ++i) {
        FUZZ_CHECK(std::tie(std::get<0>(records[i - 1]), std::get<1>(records[i - 1]),
                            std::get<2>(records[i - 1])) <
                   std::tie(std::get<0>(records[i]), std::get<1>(records[i]),
                            std::get<2>(records[i])));
      }
    }
    return 0;
  }
  std::string sound = SoundDump(in);
  Records expected;
  FUZZ_CHECK(Read(sound, &expected));
  std::string damaged = Damage(sound, in);
  Records got;
  if (Read(damaged, &got)) FUZZ_CHECK(got == expected);
  return 0;
}
