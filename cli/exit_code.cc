#include "cli/exit_code.h"

namespace statectl {

int ExitCodeFor(Code code) {
  switch (code) {  // no default: -Wswitch names a new Code here
    case Code::kOk: return 0;
    case Code::kNotFound: return 1;
    case Code::kUsage: return 2;
    case Code::kInvalidData: return 3;
    case Code::kConflict: return 4;
    case Code::kDatabase: return 5;
    case Code::kOwned: return 6;
  }
  return 5;
}

}  // namespace statectl
