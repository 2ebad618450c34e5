#include "core/dump_reader.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "core/digest.h"
#include "core/dump_format.h"

namespace statectl {
namespace {

// getline(3)'s buffer, freed however the reader returns.
struct LineBuffer {
  char* data = nullptr;
  size_t capacity = 0;
  LineBuffer() = default;
  LineBuffer(const LineBuffer&) = delete;
  LineBuffer& operator=(const LineBuffer&) = delete;
  ~LineBuffer() { std::free(data); }
};

// Reads a dump line by line, checking everything the format promises, and
// hands each record to a visitor. Memory is one line, whatever the dump's size.
class DumpReaderImpl {
 public:
  explicit DumpReaderImpl(FILE* in) : in_(in) {}

  Result<DumpTrailer> Run(const DumpVisitor& visit) {
    LineBuffer buf;
    ssize_t len;
    int64_t line_no = 0;
    std::optional<DumpTrailer> trailer;
    Sha256 sha;  // of the record lines: what the end line carries
    // Dumps from statectl before 2026-11-23 digested the header line too;
    // their backups must stay importable, so that digest is kept as well.
    Sha256 sha_with_header;
    int64_t objects = 0, values = 0;
    while ((len = getline(&buf.data, &buf.capacity, in_)) >= 0) {
      ++line_no;
      bytes_ += len;
      std::string_view line(buf.data, static_cast<size_t>(len));
      auto fail = [&](const Status& st) { return st.WithContext("line " + std::to_string(line_no)); };
      if (trailer) return fail(Status::InvalidData("data after the dump's end line"));
      bool has_newline = !line.empty() && line.back() == '\n';
      std::string_view body = has_newline ? line.substr(0, line.size() - 1) : line;
      auto decoded = DecodeLine(body);
      if (!decoded && !has_newline) {
        return fail(Status::InvalidData("dump is truncated: the last line is cut"));
      }
      if (!decoded) return fail(decoded.error());

      if (line_no == 1) {
        if (decoded->kind != DumpLine::Kind::kHeader) {
          return fail(Status::InvalidData("not a statectl dump (no header line)"));
        }
        sha_with_header.Update(line);
        continue;
      }
      if (decoded->kind == DumpLine::Kind::kHeader) {
        return fail(Status::InvalidData("a second header line"));
      }
      if (decoded->kind == DumpLine::Kind::kTrailer) {
        trailer = decoded->trailer;
        continue;
      }
      if (!has_newline) return fail(Status::InvalidData("dump is truncated: the last line is cut"));
      sha.Update(line);
      sha_with_header.Update(line);
      Row& row = decoded->record;
      if (have_previous_ && !InOrder(previous_, row)) {
        return fail(Status::InvalidData(
            "record out of order or repeated (dumps are sorted by class_name, name, key)"));
      }
      if (!have_previous_ || previous_.class_name != row.class_name ||
          previous_.name != row.name) {
        ++objects;
      }
      if (row.key) ++values;
      STATECTL_RETURN_IF_ERROR(visit(row, line_no, bytes_));
      std::swap(previous_, row);  // no copy: the decoded row is done with
      have_previous_ = true;
    }
    if (std::ferror(in_)) {
      return Status::Database(std::string("cannot read the dump: ") + std::strerror(errno));
    }
    if (line_no == 0) return Status::InvalidData("the dump is empty");
    if (!trailer) {
      return Status::InvalidData("dump is truncated: no end line after line " +
                                 std::to_string(line_no));
    }
    if (trailer->objects != objects || trailer->values != values) {
      return Status::InvalidData("end line counts " + std::to_string(trailer->objects) +
                                 " objects and " + std::to_string(trailer->values) +
                                 " values, the dump holds " + std::to_string(objects) + " and " +
                                 std::to_string(values));
    }
    if (sha.HexDigest() != trailer->sha256 && sha_with_header.HexDigest() != trailer->sha256) {
      return Status::InvalidData("checksum mismatch: the dump was altered or damaged");
    }
    return *trailer;
  }

  FILE* in_;
  int64_t bytes_ = 0;
  // Strictly ascending (class_name, name, key), an object's keyless record first.
  static bool InOrder(const Row& a, const Row& b) {
    if (int c = a.class_name.compare(b.class_name)) return c < 0;
    if (int c = a.name.compare(b.name)) return c < 0;
    if (!a.key || !b.key) return !a.key && b.key;
    return *a.key < *b.key;
  }

  Row previous_;
  bool have_previous_ = false;
};

}  // namespace

Result<DumpTrailer> ReadDump(FILE* in, const DumpVisitor& visit) {
  return DumpReaderImpl(in).Run(visit);
}

}  // namespace statectl
