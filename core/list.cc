#include "core/list.h"

#include <ctime>

#include "core/glob.h"

namespace statectl {

Status ListState(Backend& db, const ListOptions& options, const ListSink& sink) {
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  auto owners = Owners::Load((*txn)->services(), options.now ? options.now : std::time(nullptr));
  if (!owners) return owners.error();
  // The database's glob is case-sensitive: with -i it keeps everything.
  Prefilter prefilter;
  if (!options.ignore_case) prefilter = {options.class_glob, options.name_glob};
  std::string last_name;
  std::vector<Owner> of_last;
  bool any = false;
  return (*txn)->state().ReadSummary(prefilter, options.per_key, [&](const SummaryRow& row) {
    if (!GlobMatch(options.class_glob, row.class_name, options.ignore_case) ||
        !GlobMatch(options.name_glob, row.name, options.ignore_case)) {
      return Status::Ok();
    }
    if (!any || row.name != last_name) {
      any = true;
      last_name = row.name;
      of_last = owners->Of(row.name);
    }
    return sink(row, of_last.empty() ? nullptr : &of_last.front());
  });
}

}  // namespace statectl
