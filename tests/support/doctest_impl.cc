// doctest's implementation, compiled once for every test binary (each
// binary's main is doctest_main.cc or its own).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
