// Dumps as text, for tests: write one from a Backend, read one into a stream.
#ifndef STATECTL_TESTS_SUPPORT_DUMP_TEXT_H_
#define STATECTL_TESTS_SUPPORT_DUMP_TEXT_H_

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "core/dump.h"
#include "core/import.h"

namespace statectl::testing {

struct CloseFile {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, CloseFile>;

// An unnamed temporary file holding text, positioned at its start.
inline File TempFileWith(const std::string& text) {
  File f(std::tmpfile());
  REQUIRE(f);
  std::fwrite(text.data(), 1, text.size(), f.get());
  std::rewind(f.get());
  return f;
}

inline std::string ReadAll(FILE* f) {
  std::rewind(f);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  return text;
}

// A whole dump of db as text.
inline std::string FullDump(Backend& db, const ScanOptions& options = {}) {
  File f(std::tmpfile());
  auto stats = WriteDump(db, options, f.get());
  REQUIRE_MESSAGE(stats.has_value(), stats.error().message());
  return ReadAll(f.get());
}

// A dump without its header line (which holds the time and the source).
inline std::string DumpText(Backend& db, const ScanOptions& options = {}) {
  std::string text = FullDump(db, options);
  return text.substr(text.find('\n') + 1);
}

inline Result<ImportReport> Import(Backend& db, const std::string& dump,
                                   const ImportOptions& options = {}) {
  File f = TempFileWith(dump);
  return ImportDump(db, f.get(), options);
}

}  // namespace statectl::testing

#endif  // STATECTL_TESTS_SUPPORT_DUMP_TEXT_H_
