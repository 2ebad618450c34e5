// The main of every doctest binary without its own: doctest runs the
// TEST_CASEs linked in (what DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN would write,
// without compiling the implementation again; that is doctest_impl.cc).
#include <doctest/doctest.h>

int main(int argc, char** argv) { return doctest::Context(argc, argv).run(); }
