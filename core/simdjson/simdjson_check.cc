// statectl-simdjson.so: simdjson's DOM parser behind one C function, for
// core/fast_json_check.cc to load on first bulk use. C linkage and plain
// arguments only: the plug-in brings its own C++ runtime (Debian's
// libsimdjson is shared), statectl links its own statically.
#include <simdjson.h>

#include <cstddef>
#include <string>

extern "C" __attribute__((visibility("default"))) int statectl_simdjson_check(
    const char* data, size_t size, size_t max_depth) {
  // One parser per thread, its buffers reused; simdjson reads up to
  // SIMDJSON_PADDING bytes past the text, so the text is copied first.
  thread_local simdjson::dom::parser parser;
  thread_local std::string padded;
  thread_local size_t depth = 0;
  if (depth != max_depth) {
    if (parser.allocate(4096, max_depth) != simdjson::SUCCESS) return 0;
    depth = max_depth;
  }
  padded.assign(data, size);
  padded.append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::element doc;
  return parser.parse(padded.data(), size, false).get(doc) == simdjson::SUCCESS ? 1 : 0;
}
