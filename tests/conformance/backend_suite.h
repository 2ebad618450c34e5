// One suite for every driver: the TEST_CASEs in backend_suite.cc see only
// the Backend interface. Each runner (sqlite_main.cc, postgresql_main.cc,
// mysql_main.cc)
// defines MakeFreshDatabase().
#ifndef STATECTL_TESTS_CONFORMANCE_BACKEND_SUITE_H_
#define STATECTL_TESTS_CONFORMANCE_BACKEND_SUITE_H_

#include <memory>

#include "core/backend.h"

namespace statectl::conformance {

// A new, empty database with Buildbot's tables, gone when this is destroyed.
class Database {
 public:
  virtual ~Database() = default;
  // A new connection to this database (several may be open at once).
  virtual std::unique_ptr<Backend> Connect() = 0;
  // Whether names and keys may hold characters beyond U+FFFF (MySQL's
  // utf8mb3 tables, Buildbot's, cannot: such a write is kInvalidData).
  virtual bool HoldsAstralCharacters() const { return true; }
};

std::unique_ptr<Database> MakeFreshDatabase();

}  // namespace statectl::conformance

#endif  // STATECTL_TESTS_CONFORMANCE_BACKEND_SUITE_H_
