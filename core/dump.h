// statectl dump: one consistent snapshot of the state tables, streamed.
#ifndef STATECTL_CORE_DUMP_H_
#define STATECTL_CORE_DUMP_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "core/backend.h"
#include "core/progress_sink.h"
#include "core/scan.h"
#include "core/status.h"

namespace statectl {

struct DumpStats {
  int64_t objects = 0;
  int64_t values = 0;
  int64_t orphans_skipped = 0;  // state rows without an object row, not dumped
};

// Writes a v1 dump of the objects ScanState yields for options to out, from
// one read transaction (one snapshot: the scan and the orphan count), in
// memory bounded whatever the state's size. kDatabase if out cannot be
// written; the caller must not keep a partial output. The scan runs on a
// second thread while this one encodes and writes.
Result<DumpStats> WriteDump(Backend& db, const ScanOptions& options, FILE* out,
                            const ProgressSink& progress = nullptr);

// Now, as "2026-11-23T21:08:00Z".
std::string UtcNowIso8601();

}  // namespace statectl

#endif  // STATECTL_CORE_DUMP_H_
