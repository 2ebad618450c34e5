// What only the MySQL/MariaDB driver does: saying which writes cannot roll
// back (MyISAM tables), and refusing values that do not fit value_json
// before they are sent, whatever its declared size.
#include <doctest/doctest.h>

#include <string>

#include "core/state_ops.h"
#include "tests/mysql/my_test_server.h"

namespace statectl::testing {
namespace {

TEST_CASE("MySQL: on MyISAM state tables a write transaction says it cannot roll back") {
  MysqlTestDatabase myisam(true, "MyISAM");
  MysqlAdmin("INSERT INTO objects (id, name, class_name) VALUES (1, 'nightly', 'Nightly')",
             myisam.name());
  MysqlAdmin("INSERT INTO object_state VALUES (1, 'last_build', '17')", myisam.name());
  auto db = myisam.Connect();
  auto got = GetState(*db, ObjectRef::Named("nightly", "Nightly"), "last_build");
  REQUIRE_MESSAGE(got.has_value(), got.error().message());
  CHECK(**got == "17");
  {
    auto write = db->BeginWrite();
    REQUIRE(write.has_value());
    auto why = (*write)->CannotRollBack();
    REQUIRE(why.has_value());
    CHECK(*why == "the state tables objects (MyISAM), object_state (MyISAM) cannot roll back");
  }
  // A write of one value goes, as Buildbot's setState does.
  REQUIRE(SetState(*db, ObjectRef::Named("nightly", "Nightly"), "last_build", "18").has_value());
  CHECK(**GetState(*db, ObjectRef::Named("nightly", "Nightly"), "last_build") == "18");
  // One InnoDB table is not enough: both must roll back.
  MysqlAdmin("ALTER TABLE objects ENGINE=InnoDB", myisam.name());
  auto again = db->BeginWrite();
  REQUIRE(again.has_value());
  CHECK((*again)->CannotRollBack() == "the state tables object_state (MyISAM) cannot roll back");
  MysqlTestDatabase innodb;
  auto innodb_db = innodb.Connect();  // outlives its transaction
  auto tx = innodb_db->BeginWrite();
  REQUIRE(tx.has_value());
  CHECK(!(*tx)->CannotRollBack());
}

TEST_CASE("MySQL: a value is refused before it is sent when value_json cannot hold it") {
  MysqlTestDatabase db;
  auto conn = db.Connect();
  std::string fits = "\"" + std::string(65533, 'x') + "\"";  // 65,535 bytes: TEXT's size
  std::string over = "\"" + std::string(65534, 'x') + "\"";
  REQUIRE(SetState(*conn, ObjectRef::Named("p", "GitPoller"), "lastRev", fits).has_value());
  auto refused = SetState(*conn, ObjectRef::Named("q", "GitPoller"), "lastRev", over);
  REQUIRE(!refused.has_value());
  CHECK(refused.error().code() == Code::kInvalidData);
  CHECK(refused.error().message().find("65536 bytes") != std::string::npos);
  CHECK(refused.error().message().find("at most 65535 bytes") != std::string::npos);
  CHECK(!ObjectId(*conn, "q", "GitPoller", false).has_value());  // nothing written, not even the object
  // Widened (the cure for buildbot#6100), the column's real size counts.
  MysqlAdmin("ALTER TABLE object_state MODIFY value_json MEDIUMTEXT NOT NULL", db.name());
  auto fresh = db.Connect();
  REQUIRE(SetState(*fresh, ObjectRef::Named("q", "GitPoller"), "lastRev", over).has_value());
  CHECK(**GetState(*fresh, ObjectRef::Named("q", "GitPoller"), "lastRev") == over);
}

}  // namespace
}  // namespace statectl::testing
