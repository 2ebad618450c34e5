// statectl completion (bash | zsh): a completion script made from the command
// table and the options each command has, so it never falls behind them.
// The scripts complete NAME, CLASS and KEY from the database by calling
// `statectl completion --words ...` (hidden), bounded by a short timeout and
// silent on errors.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/glob.h"
#include "core/list.h"

namespace statectl {
namespace {

struct CompletionOptions {
  std::optional<std::string> words;  // names | classes | keys: candidates, one a line
  std::string of_name, of_class;
};

struct OptionNames {
  std::vector<std::string> all;     // every spelling: -q --quiet --id ...
  std::vector<std::string> valued;  // those that take a value
};

OptionNames OptionsOf(const CLI::App& app) {
  OptionNames names;
  for (const CLI::Option* opt : app.get_options()) {
    if (!opt->nonpositional() || opt->get_group().empty()) continue;  // hidden ones stay hidden
    bool valued = opt->get_type_size() > 0;
    for (const std::string& s : opt->get_snames()) {
      names.all.push_back("-" + s);
      if (valued) names.valued.push_back("-" + s);
    }
    for (const std::string& l : opt->get_lnames()) {
      names.all.push_back("--" + l);
      if (valued) names.valued.push_back("--" + l);
    }
  }
  return names;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// What a positional word of the command completes to: "names", "classes",
// "keys", "files", a list of words, or "".
std::string PositionalKind(const Command& command, size_t index) {
  if (command.positionals.object) {
    if (index == 0) return "names";
    if (index == 1) return "classes";
    return "keys";
  }
  std::string name = command.name;
  if (name == "rename" || name == "object-id") return index == 0 ? "names" : "classes";
  if (name == "import") return "files";
  if (name == "completion") return "words:bash zsh";
  return "";
}

// Per command: its options, those taking a value, and what each positional
// completes to (for the first three positions; later ones as the third).
struct CommandSpec {
  std::string name, options, valued;
  std::string kinds[3];
};

std::vector<CommandSpec> Specs(const CLI::App& app) {
  std::vector<CommandSpec> specs;
  for (const Command& command : Commands()) {
    const CLI::App* sub = nullptr;
    for (const CLI::App* candidate : app.get_subcommands({})) {
      if (candidate->get_name() == command.name) sub = candidate;
    }
    if (!sub) continue;
    OptionNames names = OptionsOf(*sub);
    CommandSpec spec{command.name, Join(names.all), Join(names.valued), {}};
    for (size_t i = 0; i < 3; ++i) spec.kinds[i] = PositionalKind(command, i);
    specs.push_back(spec);
  }
  return specs;
}

// The case arms both shells' scripts share, each arm printing its words
// with print (bash's echo, zsh's print -r --).
struct Cases {
  std::string options, valued, kinds, commands, global;
};

Cases CasesOf(const CLI::App& app, const std::string& print) {
  Cases cases;
  std::vector<std::string> command_names;
  for (const Command& c : Commands()) command_names.push_back(c.name);
  cases.commands = Join(command_names);
  cases.global = Join(OptionsOf(app).all);
  for (const CommandSpec& s : Specs(app)) {
    cases.options += "    " + s.name + ") " + print + " \"" + s.options + "\" ;;\n";
    cases.valued += "    " + s.name + ") " + print + " \"" + s.valued + "\" ;;\n";
    for (size_t i = 0; i < 3; ++i) {
      cases.kinds += "    " + s.name + ":" + std::to_string(i) + ") " + print + " \"" + s.kinds[i] +
                     "\" ;;\n";
    }
  }
  return cases;
}

std::string Bash(const CLI::App& app) {
  Cases c = CasesOf(app, "echo");
  return R"SH(# bash completion for statectl: made by `statectl completion bash` from its command table.
# Install: statectl completion bash > /etc/bash_completion.d/statectl (cmake --install does it).

_statectl_options() {
  case $1 in
)SH" + c.options + R"SH(  esac
}

_statectl_valued() {  # the options of command $1 that take a value
  case $1 in
)SH" + c.valued + R"SH(  esac
}

_statectl_kind() {  # what positional word $2 of command $1 completes to
  case $1:$(( $2 > 2 ? 2 : $2 )) in
)SH" + c.kinds + R"SH(  esac
}

# Candidates from the database (names, classes of a name, keys of an object),
# quickly or not at all.
_statectl_words() {
  statectl "${_statectl_global[@]}" --timeout 1 completion --words "$@" 2>/dev/null
}

_statectl() {
  # Words as typed, split at blanks only: names like file:///srv/repo.git hold
  # characters that bash splits words at.
  local line=${COMP_LINE:0:COMP_POINT}
  local -a typed
  read -r -a typed <<< "$line"
  [[ $line == *[[:blank:]] || -z $line ]] && typed+=("")
  local cur=${typed[${#typed[@]}-1]} prev=
  (( ${#typed[@]} > 1 )) && prev=${typed[${#typed[@]}-2]}
  local cmd= i w kind
  local -a args=()
  _statectl_global=()
  for (( i = 1; i < ${#typed[@]} - 1; i++ )); do
    w=${typed[i]}
    case $w in
      -d|--db|-m|--master|--timeout) _statectl_global+=("$w" "${typed[i+1]}"); (( i++ )); continue ;;
      --db=*|--master=*) _statectl_global+=("$w"); continue ;;
    esac
    if [[ -z $cmd ]]; then
      [[ $w == -* ]] || cmd=$w
      continue
    fi
    if [[ $w == -?* && $w != -[0-9]* ]]; then
      [[ " $(_statectl_valued "$cmd") " == *" $w "* ]] && (( i++ ))
      continue
    fi
    args+=("$w")
  done
  local -a candidates=()
  if [[ $prev == --on-conflict ]]; then
    candidates=(fail skip overwrite)
  elif [[ $prev == -m || $prev == --master || $prev == -o || $prev == --output ]]; then
    mapfile -t candidates < <(compgen -f -- "$cur")
  elif [[ $prev == -d || $prev == --db || $prev == --timeout ]] ||
       [[ -n $cmd && " $(_statectl_valued "$cmd") " == *" $prev "* ]]; then
    return 0
  elif [[ -z $cmd ]]; then
    candidates=()SH" + c.commands + " " + c.global + R"SH()
  elif [[ $cur == -* ]]; then
    candidates=($(_statectl_options "$cmd") )SH" + c.global + R"SH()
  else
    kind=$(_statectl_kind "$cmd" "${#args[@]}")
    case $kind in
      names) mapfile -t candidates < <(_statectl_words names) ;;
      classes) mapfile -t candidates < <(_statectl_words classes --of "${args[0]}") ;;
      keys) mapfile -t candidates < <(_statectl_words keys --of "${args[0]}" --of-class "${args[1]}") ;;
      files) mapfile -t candidates < <(compgen -f -- "$cur") ;;
      words:*) candidates=(${kind#words:}) ;;
    esac
  fi
  # Bash replaces only the part of cur after its last word-break character.
  local broken=${COMP_WORDS[COMP_CWORD]}
  [[ $cur == *"$broken" ]] || broken=$cur
  local strip=${cur%"$broken"} c
  COMPREPLY=()
  for c in "${candidates[@]}"; do
    [[ $c == "$cur"* ]] && COMPREPLY+=("${c#"$strip"}")
  done
  return 0
}
complete -o default -F _statectl statectl
)SH";
}

std::string Zsh(const CLI::App& app) {
  Cases c = CasesOf(app, "print -r --");
  return R"SH(#compdef statectl
# zsh completion for statectl: made by `statectl completion zsh` from its command table.
# Install as _statectl in a directory of $fpath (cmake --install does it).

_statectl_options() {
  case $1 in
)SH" + c.options + R"SH(  esac
}

_statectl_valued() {
  case $1 in
)SH" + c.valued + R"SH(  esac
}

_statectl_kind() {
  local n=$2
  (( n > 2 )) && n=2
  case $1:$n in
)SH" + c.kinds + R"SH(  esac
}

_statectl_words() {
  statectl "${_statectl_global[@]}" --timeout 1 completion --words "$@" 2>/dev/null
}

_statectl() {
  local cur=${words[CURRENT]} prev=${words[CURRENT-1]} cmd= w kind
  local -a args candidates
  local -i i
  _statectl_global=()
  for (( i = 2; i < CURRENT; i++ )); do
    w=${words[i]}
    case $w in
      -d|--db|-m|--master|--timeout) _statectl_global+=("$w" "${words[i+1]}"); (( i++ )); continue ;;
    esac
    if [[ -z $cmd ]]; then
      [[ $w == -* ]] || cmd=$w
      continue
    fi
    if [[ $w == -?* && $w != -[0-9]* ]]; then
      [[ " $(_statectl_valued $cmd) " == *" $w "* ]] && (( i++ ))
      continue
    fi
    args+=("$w")
  done
  if [[ $prev == --on-conflict ]]; then
    compadd -- fail skip overwrite
  elif [[ $prev == -m || $prev == --master || $prev == -o || $prev == --output ]]; then
    _files
  elif [[ $prev == -d || $prev == --db || $prev == --timeout ]] ||
       [[ -n $cmd && " $(_statectl_valued $cmd) " == *" $prev "* ]]; then
    return 0
  elif [[ -z $cmd ]]; then
    compadd -- )SH" + c.commands + " " + c.global + R"SH(
  elif [[ $cur == -* ]]; then
    compadd -- ${=$(_statectl_options $cmd)} )SH" + c.global + R"SH(
  else
    kind=$(_statectl_kind $cmd ${#args})
    case $kind in
      names) compadd -- ${(f)"$(_statectl_words names)"} ;;
      classes) compadd -- ${(f)"$(_statectl_words classes --of "${args[1]}")"} ;;
      keys) compadd -- ${(f)"$(_statectl_words keys --of "${args[1]}" --of-class "${args[2]}")"} ;;
      files) _files ;;
      words:*) compadd -- ${=kind#words:} ;;
    esac
  fi
}

_statectl "$@"
)SH";
}

// The candidates --words asks for, one a line, from the database.
Status PrintWords(const CompletionOptions& opts, CommandContext& ctx) {
  ListOptions list;
  if (*opts.words == "classes" || *opts.words == "keys") list.name_glob = GlobEscape(opts.of_name);
  if (*opts.words == "keys") {
    list.class_glob = GlobEscape(opts.of_class);
    list.per_key = true;
  } else if (*opts.words != "names" && *opts.words != "classes") {
    return Status::Usage("--words takes names, classes or keys");
  }
  auto db = ctx.Database();
  if (!db) return db.error();
  std::set<std::string> seen;
  return ListState(**db, list, [&](const SummaryRow& row, const Owner*) -> Status {
    std::string word = *opts.words == "names"     ? row.name
                       : *opts.words == "classes" ? row.class_name
                                                  : row.key.value_or("");
    if (word.empty() || word.find('\n') != std::string::npos || !seen.insert(word).second) {
      return Status::Ok();
    }
    return PrintLine(word);
  });
}

Status RunCompletion(const CompletionOptions& opts, CommandContext& ctx) {
  if (opts.words) return PrintWords(opts, ctx);
  std::optional<std::string> shell = ctx.words.optional("SHELL");
  if (!shell) return Status::Usage("missing SHELL: bash or zsh (usage: statectl completion SHELL)");
  if (*shell == "bash") return PrintLine(Bash(*ctx.app));
  if (*shell == "zsh") return PrintLine(Zsh(*ctx.app));
  return Status::Usage("completion scripts are for bash and zsh, not '" + *shell + "'");
}

}  // namespace

void SetupCompletion(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<CompletionOptions>();
  // Hidden (no group): what the scripts call for candidates.
  cmd.add_option("--words", opts->words)->group("");
  cmd.add_option("--of", opts->of_name)->group("");
  cmd.add_option("--of-class", opts->of_class)->group("");
  cmd.footer("bash: source <(statectl completion bash); zsh: statectl completion zsh > _statectl\n"
             "in a directory of $fpath. NAME, CLASS and KEY complete from the database.");
  cmd.callback([opts, &ctx] {
    ctx.run = [opts](CommandContext& c) { return RunCompletion(*opts, c); };
  });
}

}  // namespace statectl
