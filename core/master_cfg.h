// The database a master uses, read from its master.cfg without running it.
//
// master.cfg is Python; statectl never executes it. It reads the forms
// `buildbot create-master` writes and Buildbot's documentation shows:
//   c['db'] = {'db_url': "sqlite:///state.sqlite"}
//   c['db_url'] = 'postgresql://bb@db/buildbot'
//   BuildmasterConfig['db']['db_url'] = "..."      dict(db_url="...")
// where the value is a plain string literal (adjacent literals joined).
#ifndef STATECTL_CORE_MASTER_CFG_H_
#define STATECTL_CORE_MASTER_CFG_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace statectl {

// The db_url the text of a master.cfg sets: the literal's value (its
// escapes decoded as Python does for the simple ones), or Buildbot's
// default sqlite:///state.sqlite when it never sets one. kUsage naming the
// line when it sets db_url (or c['db']) in a form only running it could
// tell (a variable, a call, an f-string, a secret, an operator), or to two
// different literals.
Result<std::string> DbUrlFromMasterCfg(std::string_view text);

// DbUrlFromMasterCfg of dir's master.cfg; nullopt when dir has none.
// kDatabase when it cannot be read; kUsage as above, naming the file.
Result<std::optional<std::string>> ReadMasterCfgDbUrl(const std::string& dir);

}  // namespace statectl

#endif  // STATECTL_CORE_MASTER_CFG_H_
