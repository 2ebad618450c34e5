#include "core/dump.h"

#include <cerrno>
#include <cstring>
#include <ctime>

#include "core/digest.h"
#include "core/dump_format.h"
#include "core/pipeline.h"

namespace statectl {
namespace {

class DumpWriter {
 public:
  explicit DumpWriter(FILE* out) : out_(out) {}

  Status Write(const std::string& line, bool digest = true) {
    if (digest) sha_.Update(line);
    bytes_ += static_cast<int64_t>(line.size());
    if (fwrite(line.data(), 1, line.size(), out_) != line.size()) {
      return Status::Database(std::string("cannot write the dump: ") + std::strerror(errno));
    }
    return Status::Ok();
  }
  std::string Digest() { return sha_.HexDigest(); }
  int64_t bytes() const { return bytes_; }

 private:
  FILE* out_;
  int64_t bytes_ = 0;
  Sha256 sha_;
};

// Lines go from the scanning thread, which encodes them, to the writing
// one, which checksums and writes them, in batches this big (up to four in
// flight): encoding (a JSON check of every value) costs about what the
// scan's second half does, the checksum and the write far less.
constexpr size_t kBatchBytes = 256 << 10;

struct Lines {
  std::string text;  // whole record lines
  int64_t records = 0;
};

}  // namespace

std::string UtcNowIso8601() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

Result<DumpStats> WriteDump(Backend& db, const ScanOptions& options, FILE* out,
                            const ProgressSink& progress) {
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  DumpWriter writer(out);
  // The header (time, source) stays out of the checksum: dumps of the same
  // state end with the same line, whenever and from whichever backend.
  STATECTL_RETURN_IF_ERROR(writer.Write(EncodeHeader(UtcNowIso8601(), db.Kind()), false));
  DumpStats stats;  // counted on the scanning thread, read after it ends
  int64_t records = 0;
  auto write_batch = [&](Lines& lines) -> Status {
    int64_t before = records;
    records += lines.records;
    STATECTL_RETURN_IF_ERROR(writer.Write(lines.text));
    if (progress && (records >> 12) != (before >> 12)) progress(records, writer.bytes());
    return Status::Ok();
  };
  // A second thread reads the database and encodes while this one
  // checksums and writes: the database's page reads and the line work
  // overlap.
  std::optional<int64_t> orphans;
  auto scan = [&](const PushBatch<Lines>& push) -> Status {
    Lines lines;
    std::string last_class, last_name;
    STATECTL_RETURN_IF_ERROR(ScanState((*txn)->state(), options, [&](Row& row) -> Status {
      if (stats.objects == 0 || row.class_name != last_class || row.name != last_name) {
        ++stats.objects;
        last_class = row.class_name;
        last_name = row.name;
      }
      if (row.key) ++stats.values;
      Status encoded = AppendRecord(lines.text, row);
      if (!encoded.ok()) return encoded.WithContext("object " + ObjectLabel(row.name, row.class_name));
      ++lines.records;
      if (lines.text.size() < kBatchBytes) return Status::Ok();
      if (!push(std::move(lines))) return Status::Database("dump stopped");  // writer failed
      lines = Lines();
      lines.text.reserve(kBatchBytes + (kBatchBytes >> 2));
      return Status::Ok();
    }));
    push(std::move(lines));
    auto counted = (*txn)->schema().CountOrphanValues();  // the same snapshot
    if (!counted) return counted.error();
    orphans = *counted;
    return Status::Ok();
  };
  STATECTL_RETURN_IF_ERROR(RunPipeline<Lines>(2, scan, write_batch));
  stats.orphans_skipped = orphans.value_or(0);
  STATECTL_RETURN_IF_ERROR(
      writer.Write(EncodeTrailer({stats.objects, stats.values, writer.Digest()}), false));
  if (fflush(out) != 0 || ferror(out)) {
    return Status::Database(std::string("cannot write the dump: ") + std::strerror(errno));
  }
  if (progress) progress(records, writer.bytes());
  return stats;
}

}  // namespace statectl
