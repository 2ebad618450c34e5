#include "backends/postgres/pg_connection.h"

#include <doctest/doctest.h>

namespace statectl::pg {
namespace {

TEST_CASE("issue 11: libpq's messages lose the statement context it adds, on one line") {
  CHECK(OneLine("ERROR:  syntax error at or near \"SELEC\"\nLINE 1: SELEC 1\n        ^\n") ==
        "ERROR:  syntax error at or near \"SELEC\"");
  CHECK(OneLine("could not connect to server: Connection refused\n\tIs the server running?\n") ==
        "could not connect to server: Connection refused  Is the server running?");
  CHECK(OneLine("value too long for type character varying(128)\n") ==
        "value too long for type character varying(128)");
}

}  // namespace
}  // namespace statectl::pg
