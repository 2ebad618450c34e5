// The main of every doctest binary: doctest runs the TEST_CASEs linked in.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
