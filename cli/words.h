// The positional words of a command line, read one way for every command.
//
// CLI11 parses the options; the words it leaves over, and every word after
// the first "--", are the positionals, in order. They are checked here
// against the command's Positionals (its row in the command table), which
// also print as the usage line. Read by hand rather than as CLI11
// positionals: CLI11 2.1.2 takes "-Infinity" and "-5" for options, splits a
// vector positional's "[1,2]" at the comma, and hands a "--" after a
// subcommand's positionals to the parent.
#ifndef STATECTL_CLI_WORDS_H_
#define STATECTL_CLI_WORDS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/state_ops.h"
#include "core/status.h"

namespace statectl {

struct Slot {
  enum class Arity { kOne, kOptional, kMany };  // kMany: zero or more
  const char* name;  // as the usage shows it: "KEY", "FILE"
  Arity arity = Arity::kOne;
};

// What a command takes, in order: optionally an object first, as
// "(NAME CLASS | --id ID)", then its slots.
struct Positionals {
  bool object = false;
  std::vector<Slot> slots;
  bool object_optional = false;  // with object: it may be left out (then no slot word either)

  // "(NAME CLASS | --id ID) KEY [VALUE]", "[FILE]", "KEY...", or "".
  std::string Usage() const;
};

// The words of one command line, checked.
class Words {
 public:
  // The object named by NAME CLASS or --id; set when Positionals::object
  // (and, when it is optional, given: has_object()).
  const ObjectRef& object() const { return object_; }
  bool has_object() const { return has_object_; }
  // The word of a kOne slot.
  const std::string& one(std::string_view slot) const;
  // The word of a kOptional slot, if given.
  std::optional<std::string> optional(std::string_view slot) const;
  // The words of a kMany slot.
  const std::vector<std::string>& many(std::string_view slot) const;

 private:
  friend Result<Words> ParseWords(std::string_view, const Positionals&,
                                  const std::vector<std::string>&, const std::vector<std::string>&,
                                  const std::optional<std::string>&);
  ObjectRef object_;
  bool has_object_ = false;
  std::map<std::string, std::vector<std::string>, std::less<>> slots_;
};

// argv after the program name, in two parts: what CLI11 parses (options,
// the command name and the words between them), and every word after the
// first "--", which are positional whatever they look like.
struct SplitArgs {
  std::vector<std::string> parsed;
  std::vector<std::string> after_separator;
};
SplitArgs SplitAtSeparator(int argc, const char* const* argv);

// True for a word that is an option's shape but is a value: "-", a negative
// number ("-5", "-1.5e3"), "-Infinity".
bool IsDashValue(std::string_view word);

// Checks the words: leftover (what CLI11 left, in order; a word shaped like
// an option there is an unknown option) then after_separator, against the
// spec of the command so named; id_text is --id as given (nullopt when
// absent). kUsage naming what is wrong: an unknown option (with the hint to
// use --), a missing or extra word (with the usage), an --id that is not an
// object id.
Result<Words> ParseWords(std::string_view command, const Positionals& spec,
                         const std::vector<std::string>& leftover,
                         const std::vector<std::string>& after_separator,
                         const std::optional<std::string>& id_text);

}  // namespace statectl

#endif  // STATECTL_CLI_WORDS_H_
