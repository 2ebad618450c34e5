// The one statement every driver sends alike: who claims which service, in
// Buildbot's model (buildbot/db/model.py): a scheduler or change source is
// claimed by inserting (its id, the master's id) into its *_masters table.
// Columns: service name, kind, master id, master name, active, last_active.
#ifndef STATECTL_BACKENDS_SERVICE_CLAIMS_SQL_H_
#define STATECTL_BACKENDS_SERVICE_CLAIMS_SQL_H_

namespace statectl {

inline constexpr const char* kServiceClaims =
    "SELECT s.name, 'scheduler', m.id, m.name, m.active, m.last_active FROM schedulers AS s "
    "JOIN scheduler_masters AS sm ON sm.schedulerid = s.id JOIN masters AS m ON m.id = sm.masterid "
    "UNION ALL "
    "SELECT c.name, 'change source', m.id, m.name, m.active, m.last_active FROM changesources AS c "
    "JOIN changesource_masters AS cm ON cm.changesourceid = c.id "
    "JOIN masters AS m ON m.id = cm.masterid";

}  // namespace statectl

#endif  // STATECTL_BACKENDS_SERVICE_CLAIMS_SQL_H_
