// A faster yes for the strict JSON check of bulk commands: simdjson's DOM
// parser (SIMD, picked for the CPU at run time), in a small plug-in
// (statectl-simdjson.so, core/simdjson/) loaded on first bulk use the way
// libpq is, so that one-row commands never pay for loading it.
//
// Only a yes is trusted: simdjson accepts a subset of what the strict
// scanner accepts (it refuses lone surrogate escapes, numbers it cannot
// represent, nesting past kFastCheckMaxDepth), so anything it refuses goes
// to the scanner, whose answer and wording stay the only ones a user sees.
// tests/unit/fast_json_check_test.cc and tests/fuzz/fast_json_check_fuzz.cc
// hold it to that.
#ifndef STATECTL_CORE_FAST_JSON_CHECK_H_
#define STATECTL_CORE_FAST_JSON_CHECK_H_

#include <string>
#include <string_view>

namespace statectl {

// Well under kMaxJsonDepth: the two libraries may count depth differently.
inline constexpr int kFastCheckMaxDepth = 256;

// True only if text is one RFC 8259 JSON text that IsStrictJson() accepts
// too; false says nothing. The first calls of a process (a one-row
// command's few) answer false without loading anything; then the plug-in
// is loaded once, if it is there. Thread-safe.
bool FastStrictJsonYes(std::string_view text);

// For tests: loads the plug-in from path now (instead of beside the
// binary, on first bulk use), before any other thread checks. False, with
// why, if it cannot be used.
bool LoadFastJsonCheck(const std::string& path, std::string* why);
// Whether the plug-in is loaded (after enough calls, or LoadFastJsonCheck).
bool FastJsonCheckLoaded();

}  // namespace statectl

#endif  // STATECTL_CORE_FAST_JSON_CHECK_H_
