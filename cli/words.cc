#include "cli/words.h"

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace statectl {
namespace {

const std::vector<std::string> kNoWords;

Result<int64_t> ParseId(const std::string& text) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || id <= 0) {
    return Status::Usage("--id must be an object id (a positive integer), not '" + text + "'");
  }
  return id;
}

}  // namespace

std::string Positionals::Usage() const {
  std::string out = !object ? "" : object_optional ? "[(NAME CLASS | --id ID)]" : "(NAME CLASS | --id ID)";
  for (const Slot& slot : slots) {
    if (!out.empty()) out += ' ';
    switch (slot.arity) {
      case Slot::Arity::kOne: out += slot.name; break;
      case Slot::Arity::kOptional: out += std::string("[") + slot.name + "]"; break;
      case Slot::Arity::kMany: out += std::string("[") + slot.name + "...]"; break;
    }
  }
  return out;
}

const std::string& Words::one(std::string_view slot) const {
  auto it = slots_.find(slot);
  if (it == slots_.end() || it->second.size() != 1) {
    throw std::logic_error("no word for slot " + std::string(slot));  // a bug in the command
  }
  return it->second.front();
}

std::optional<std::string> Words::optional(std::string_view slot) const {
  auto it = slots_.find(slot);
  if (it == slots_.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

const std::vector<std::string>& Words::many(std::string_view slot) const {
  auto it = slots_.find(slot);
  return it == slots_.end() ? kNoWords : it->second;
}

SplitArgs SplitAtSeparator(int argc, const char* const* argv) {
  SplitArgs args;
  int i = 1;
  for (; i < argc && std::string_view(argv[i]) != "--"; ++i) args.parsed.emplace_back(argv[i]);
  for (++i; i < argc; ++i) args.after_separator.emplace_back(argv[i]);
  return args;
}

bool IsDashValue(std::string_view word) {
  if (word.size() <= 1 || word[0] != '-') return true;  // not option-shaped at all, or "-"
  if (word == "-Infinity") return true;
  return std::isdigit(static_cast<unsigned char>(word[1])) ||
         (word[1] == '.' && word.size() > 2 && std::isdigit(static_cast<unsigned char>(word[2])));
}

Result<Words> ParseWords(std::string_view command, const Positionals& spec,
                         const std::vector<std::string>& leftover,
                         const std::vector<std::string>& after_separator,
                         const std::optional<std::string>& id_text) {
  std::string name(command);
  for (const std::string& word : leftover) {
    if (!IsDashValue(word)) {
      return Status::Usage("unknown option '" + word + "' (see statectl " + name +
                           " --help; put -- before a value that starts with '-')");
    }
  }
  std::vector<std::string> words = leftover;
  words.insert(words.end(), after_separator.begin(), after_separator.end());
  std::string positionals = spec.Usage();
  std::string usage = " (usage: statectl " + name + " [OPTIONS]" +
                      (positionals.empty() ? "" : " " + positionals) + ")";
  Words out;
  size_t next = 0;
  if (spec.object && spec.object_optional && !id_text && words.empty()) {
    return out;  // no object, and so no words at all
  }
  if (spec.object) {
    out.has_object_ = true;
    if (id_text) {
      auto id = ParseId(*id_text);
      if (!id) return id.error();
      out.object_.id = *id;
    } else {
      if (words.size() < 2) {
        return Status::Usage(std::string(words.empty() ? "missing NAME CLASS" : "missing CLASS") +
                             usage);
      }
      out.object_.name = words[0];
      out.object_.class_name = words[1];
      next = 2;
    }
  }
  // Words go to the slots in order; a kOptional slot takes one only when
  // more words are left than the kOne slots after it need.
  for (size_t s = 0; s < spec.slots.size(); ++s) {
    const Slot& slot = spec.slots[s];
    size_t needed_after = 0;
    for (size_t t = s + 1; t < spec.slots.size(); ++t) {
      if (spec.slots[t].arity == Slot::Arity::kOne) ++needed_after;
    }
    size_t left = words.size() - next;
    auto& taken = out.slots_[slot.name];
    switch (slot.arity) {
      case Slot::Arity::kOne:
        if (left == 0) return Status::Usage(std::string("missing ") + slot.name + usage);
        taken.push_back(words[next++]);
        break;
      case Slot::Arity::kOptional:
        if (left > needed_after) taken.push_back(words[next++]);
        break;
      case Slot::Arity::kMany:
        while (words.size() - next > needed_after) taken.push_back(words[next++]);
        break;
    }
  }
  if (next < words.size()) {
    return Status::Usage("unexpected argument '" + words[next] + "'" + usage);
  }
  return out;
}

}  // namespace statectl
