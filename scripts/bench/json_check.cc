// The JSON check a dump, verify, diff and import make of every value, timed
// on the values of a data set: core's strict scanner (IsVerbatimDumpValue)
// beside simdjson 3.0.1 (Debian's), its DOM parser and its On-Demand API
// walking every value. For scripts/bench-json.sh.
//
// Usage: json_check VALUES_FILE   (values separated by 0x1e: the
// floor-state.asc of bench-bulk's data sets, third 0x1f field of each).
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_parse.h"

namespace {

using Clock = std::chrono::steady_clock;

// Every value touched: On-Demand checks only what is read.
simdjson::error_code Walk(simdjson::ondemand::value v) {
  simdjson::ondemand::json_type type;
  if (auto e = v.type().get(type)) return e;
  switch (type) {
    case simdjson::ondemand::json_type::array:
      for (auto item : v.get_array()) {
        simdjson::ondemand::value child;
        if (auto e = item.get(child)) return e;
        if (auto e = Walk(child)) return e;
      }
      return simdjson::SUCCESS;
    case simdjson::ondemand::json_type::object:
      for (auto field : v.get_object()) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        simdjson::ondemand::value child;
        if (auto e = field.value().get(child)) return e;
        if (auto e = Walk(child)) return e;
      }
      return simdjson::SUCCESS;
    case simdjson::ondemand::json_type::number: {
      double d;
      return v.get_double().get(d);
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      return v.get_string().get(s);
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case simdjson::ondemand::json_type::null:
      return v.is_null() ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
  }
  return simdjson::SUCCESS;
}

// On-Demand's verdict on one padded value, every part of it read.
bool OnDemandAccepts(simdjson::ondemand::parser& od, const std::string& padded, size_t size) {
  simdjson::ondemand::document doc;
  if (od.iterate(padded.data(), size, padded.size()).get(doc)) return false;
  bool scalar = false;
  if (doc.is_scalar().get(scalar)) return false;
  // (3.0.1's document cannot say whether text follows the value: a check
  // built on it would need one more scan.)
  if (scalar) {  // a scalar document is read through the document itself
    simdjson::ondemand::json_type type;
    if (doc.type().get(type)) return false;
    double d;
    std::string_view str;
    bool b;
    switch (type) {
      case simdjson::ondemand::json_type::number: return doc.get_double().get(d) == simdjson::SUCCESS;
      case simdjson::ondemand::json_type::string: return doc.get_string().get(str) == simdjson::SUCCESS;
      case simdjson::ondemand::json_type::boolean: return doc.get_bool().get(b) == simdjson::SUCCESS;
      default: return doc.is_null();
    }
  }
  simdjson::ondemand::value root;
  return doc.get_value().get(root) == simdjson::SUCCESS && Walk(root) == simdjson::SUCCESS;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: json_check VALUES_FILE\n");
    return 2;
  }
  FILE* f = std::fopen(argv[1], "rb");
  if (!f) {
    std::perror(argv[1]);
    return 2;
  }
  std::string all;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) all.append(buf, n);
  std::fclose(f);
  std::vector<std::string_view> values;
  size_t bytes = 0;
  for (size_t at = 0; at < all.size();) {
    size_t end = all.find('\x1e', at);
    if (end == std::string::npos) end = all.size();
    std::string_view record(all.data() + at, end - at);
    size_t second = record.find('\x1f', record.find('\x1f') + 1);
    values.push_back(record.substr(second + 1));
    bytes += values.back().size();
    at = end + 1;
  }
  auto report = [&](const char* what, Clock::duration took, size_t accepted) {
    double s = std::chrono::duration<double>(took).count();
    std::printf("%s\t%.3f\t%.0f\t%zu\n", what, s, bytes / s / 1e6, accepted);
  };
  std::printf("# %zu values, %zu bytes\n", values.size(), bytes);
  std::printf("# check\tseconds\tMB/s\taccepted\n");

  // Each check times the same loop over every value.
  auto time_check = [&](const std::string& what, auto accepts) {
    size_t ok = 0;
    auto t0 = Clock::now();
    for (auto v : values) ok += accepts(v);
    report(what.c_str(), Clock::now() - t0, ok);
  };
  time_check("statectl strict scanner", [](std::string_view v) {
    return statectl::IsVerbatimDumpValue(v);
  });

  // simdjson reads up to SIMDJSON_PADDING bytes past the text: each value is
  // copied into a padded buffer first, as statectl would have to.
  std::string padded;
  auto pad = [&](std::string_view v) {
    padded.assign(v);
    padded.append(simdjson::SIMDJSON_PADDING, '\0');
  };
  simdjson::dom::parser dom;
  time_check("simdjson DOM", [&](std::string_view v) {
    pad(v);
    simdjson::dom::element doc;
    return dom.parse(padded.data(), v.size(), false).get(doc) == simdjson::SUCCESS;
  });

  simdjson::ondemand::parser od;
  // On-Demand is compiled into the caller: its kernel is the one the
  // compiler's -march allows (Debian's baseline amd64: fallback), while the
  // DOM parser in the shared library picks one at run time.
  time_check(std::string("simdjson On-Demand, every value walked (") +
                 SIMDJSON_STRINGIFY(SIMDJSON_BUILTIN_IMPLEMENTATION) + " kernel)",
             [&](std::string_view v) {
               pad(v);
               return OnDemandAccepts(od, padded, v.size());
             });
  return 0;
}
