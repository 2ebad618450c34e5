// statectl list: which objects and keys exist, how big, and who owns them.
#ifndef STATECTL_CORE_LIST_H_
#define STATECTL_CORE_LIST_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/backend.h"
#include "core/guard.h"

namespace statectl {

struct ListOptions {
  std::string class_glob = "*";
  std::string name_glob = "*";
  bool ignore_case = false;  // -i: the globs match letters of either case
  bool per_key = false;      // --keys: a row per value
  int64_t now = 0;           // Unix time for "running"; 0: the clock's
};

// Gets each row with the claim on its service (the running master's first),
// or null when no master claims it.
using ListSink = std::function<Status(const SummaryRow& row, const Owner* owner)>;

// Every object (or value) matching the globs, sorted bytewise by (name,
// class_name, key) so a service's two rows stand together, from one read
// transaction: one aggregate statement, streamed, memory flat.
Status ListState(Backend& db, const ListOptions& options, const ListSink& sink);

}  // namespace statectl

#endif  // STATECTL_CORE_LIST_H_
