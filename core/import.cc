#include "core/import.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <tuple>

#include "core/digest.h"
#include "core/dump_format.h"
#include "core/json.h"

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
class DumpReader {
 public:
  using Visitor = std::function<Status(const Row&, int64_t line_no)>;

  static Status Read(FILE* in, const Visitor& visit) {
    if (std::fseek(in, 0, SEEK_SET) != 0) {
      return Status::Database(std::string("cannot rewind the dump: ") + std::strerror(errno));
    }
    return DumpReader(in).Run(visit);
  }

 private:
  explicit DumpReader(FILE* in) : in_(in) {}

  Status Run(const Visitor& visit) {
    LineBuffer buf;
    ssize_t len;
    int64_t line_no = 0;
    std::optional<DumpTrailer> trailer;
    Sha256 sha;
    int64_t objects = 0, values = 0;
    while ((len = getline(&buf.data, &buf.capacity, in_)) >= 0) {
      ++line_no;
      std::string_view line(buf.data, static_cast<size_t>(len));
      auto fail = [&](const Status& st) { return st.WithContext("line " + std::to_string(line_no)); };
      if (trailer) return fail(Status::InvalidData("data after the dump's end line"));
      bool has_newline = !line.empty() && line.back() == '\n';
      std::string_view body = has_newline ? line.substr(0, line.size() - 1) : line;
      auto decoded = DecodeLine(body);
      if (!decoded) return fail(decoded.error());
      if (line_no == 1) {
        if (decoded->kind != DumpLine::Kind::kHeader) {
          return fail(Status::InvalidData("not a statectl dump (no header line)"));
        }
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
      const Row& row = decoded->record;
      auto sort_key = std::make_tuple(row.class_name, row.name, row.key.has_value(),
                                      row.key.value_or(std::string()));
      if (previous_ && !(*previous_ < sort_key)) {
        return fail(Status::InvalidData(
            "record out of order or repeated (dumps are sorted by class_name, name, key)"));
      }
      if (!previous_ || std::get<0>(*previous_) != row.class_name ||
          std::get<1>(*previous_) != row.name) {
        ++objects;
      }
      previous_ = std::move(sort_key);
      if (row.key) ++values;
      STATECTL_RETURN_IF_ERROR(visit(row, line_no));
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
    if (sha.HexDigest() != trailer->sha256) {
      return Status::InvalidData("checksum mismatch: the dump was altered or damaged");
    }
    return Status::Ok();
  }

  FILE* in_;
  std::optional<std::tuple<std::string, std::string, bool, std::string>> previous_;
};

std::string Quoted(const Row& row) {
  std::string out;
  AppendJsonString(out, row.class_name);
  out += ' ';
  AppendJsonString(out, row.name);
  if (row.key) {
    out += ' ';
    AppendJsonString(out, *row.key);
  }
  return out;
}

// Applies records in one transaction. In a dry run the transaction is a
// snapshot read and objects that would be created are remembered as absent.
class Applier {
 public:
  Applier(Txn& txn, const ImportOptions& options, const ChangeSink& changes)
      : txn_(txn), options_(options), changes_(changes) {}

  Status Apply(const Row& row, int64_t line_no) {
    auto in_line = [&](const Status& st) { return st.WithContext("line " + std::to_string(line_no)); };
    if (!current_ || current_->name != row.name || current_->class_name != row.class_name) {
      current_ = ObjectName{row.name, row.class_name};
      auto found = txn_.FindObject(*current_);
      if (!found) return in_line(found.error());
      current_id_ = *found;
      if (!current_id_) {
        ++report_.objects_created;
        Note("create object " + Quoted(Row{row.class_name, row.name, {}, {}}));
        if (!options_.dry_run) {
          auto id = txn_.InsertObject(*current_);
          if (!id) return in_line(id.error());
          current_id_ = *id;
        }
      }
    }
    if (!row.key) return Status::Ok();
    std::optional<std::string> stored;
    if (current_id_) {
      auto got = txn_.GetValue(*current_id_, *row.key);
      if (!got) return in_line(got.error());
      stored = std::move(*got);
    }
    const std::string& value = *row.value_json;
    if (!stored) {
      ++report_.values_added;
      Note("add " + Quoted(row));
      if (!options_.dry_run) {
        auto inserted = txn_.InsertValue(*current_id_, *row.key, value);
        if (!inserted) return in_line(inserted.error());
      }
      return Status::Ok();
    }
    if (*stored == value) {
      ++report_.values_unchanged;
      return Status::Ok();
    }
    switch (options_.on_conflict) {
      case OnConflict::kFail:
        return in_line(Status::Conflict(
            "stored value of " + Quoted(row) +
            " differs from the dump's (use --on-conflict skip or overwrite); nothing written"));
      case OnConflict::kSkip:
        ++report_.values_skipped;
        Note("skip " + Quoted(row));
        return Status::Ok();
      case OnConflict::kOverwrite:
        ++report_.values_updated;
        Note("update " + Quoted(row));
        if (!options_.dry_run) {
          auto updated = txn_.UpdateValue(*current_id_, *row.key, value);
          if (!updated) return in_line(updated.error());
        }
        return Status::Ok();
    }
    return Status::Ok();
  }

  const ImportReport& report() const { return report_; }

 private:
  void Note(const std::string& line) {
    if (options_.dry_run && changes_) changes_(line);
  }

  Txn& txn_;
  const ImportOptions& options_;
  const ChangeSink& changes_;
  std::optional<ObjectName> current_;
  std::optional<int64_t> current_id_;
  ImportReport report_;
};

}  // namespace

Result<ImportReport> ImportDump(Backend& db, FILE* in, const ImportOptions& options,
                                const ChangeSink& changes) {
  // Pass 1: the whole dump is sound before the database is touched.
  STATECTL_RETURN_IF_ERROR(DumpReader::Read(in, [](const Row&, int64_t) { return Status::Ok(); }));
  // Pass 2: apply; the reader checks again, so a dump changed in between
  // rolls back.
  // A dry run reads a snapshot, except with --init, where the tables it may
  // create are needed to look in; that transaction is rolled back.
  bool write = !options.dry_run;
  auto txn = db.Begin(write || options.init ? TxnMode::kWrite : TxnMode::kSnapshotRead);
  if (!txn) return txn.error();
  if (options.init) STATECTL_RETURN_IF_ERROR((*txn)->CreateSchema());
  Applier applier(**txn, options, changes);
  STATECTL_RETURN_IF_ERROR(DumpReader::Read(
      in, [&](const Row& row, int64_t line_no) { return applier.Apply(row, line_no); }));
  if (write) STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return applier.report();
}

Result<FILE*> SpoolToTempFile(FILE* in) {
  // tmpfile(3) ignores $TMPDIR; an operator whose /tmp is small sets it.
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/statectl-import-XXXXXX";
  int fd = mkstemp(path.data());
  if (fd < 0) {
    return Status::Database("cannot create a temporary file in " + path.substr(0, path.rfind('/')) +
                            ": " + std::strerror(errno));
  }
  unlink(path.c_str());  // gone when closed, whatever happens
  FILE* tmp = fdopen(fd, "w+b");
  if (!tmp) {
    close(fd);
    return Status::Database(std::string("cannot open a temporary file: ") + std::strerror(errno));
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, in)) > 0) {
    if (std::fwrite(buf, 1, n, tmp) != n) {
      std::fclose(tmp);
      return Status::Database(std::string("cannot spool standard input: ") + std::strerror(errno));
    }
  }
  if (std::ferror(in)) {
    std::fclose(tmp);
    return Status::Database(std::string("cannot read standard input: ") + std::strerror(errno));
  }
  return tmp;
}

}  // namespace statectl
