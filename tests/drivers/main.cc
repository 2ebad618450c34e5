// The drivers' own unit tests that need no database server: URL dialects,
// the COPY codec, host name lookups, the registry.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
