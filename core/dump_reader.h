// Reading a v1 dump stream, checking everything the format promises.
#ifndef STATECTL_CORE_DUMP_READER_H_
#define STATECTL_CORE_DUMP_READER_H_

#include <cstdint>
#include <cstdio>
#include <functional>

#include "core/backend.h"
#include "core/dump_format.h"
#include "core/status.h"

namespace statectl {

// Called with each record, its line number and the bytes read so far.
using DumpVisitor = std::function<Status(const Row&, int64_t line_no, int64_t bytes)>;

// Reads the dump in `in` to its end, line by line (memory is one line,
// whatever the dump's size), handing each record to visit: the header, every
// line, the bytewise (class_name, name, key) order, and at the end the
// counts and checksum of the end line are checked. Any fault is
// kInvalidData naming the line; so only when ReadDump returns its end line
// (counts and digest, all verified) was the whole dump sound. Stops at
// visit's first error and returns it.
Result<DumpTrailer> ReadDump(FILE* in, const DumpVisitor& visit);

}  // namespace statectl

#endif  // STATECTL_CORE_DUMP_READER_H_
