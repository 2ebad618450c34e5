// What a fuzz target asserts: a property that fails aborts the process, so
// libFuzzer (or the standalone runner) reports the input that broke it.
#ifndef STATECTL_TESTS_FUZZ_FUZZ_CHECK_H_
#define STATECTL_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                        \
  do {                                                                          \
    if (!(cond)) {                                                              \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                      \
      std::abort();                                                             \
    }                                                                           \
  } while (0)

#endif  // STATECTL_TESTS_FUZZ_FUZZ_CHECK_H_
