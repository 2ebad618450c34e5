// statectl list [--class GLOB] [--name GLOB] [-i|--ignore-case] [--keys] [--json]
#include <algorithm>
#include <memory>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/json_write.h"
#include "core/list.h"
#include "core/utf8.h"

namespace statectl {
namespace {

struct ListCliOptions {
  ListOptions list;
  bool json = false;
};

// The rows whose widths set the columns; later rows print at once (memory
// stays flat however many there are), pushing a column if they must.
constexpr size_t kRowsSizingColumns = 1000;

// Control characters as escapes, so one row is one line.
std::string Printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

size_t Width(std::string_view text) {  // in characters: one per UTF-8 lead byte
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string OwnerText(const Owner* owner) {
  if (!owner) return "-";
  return owner->claim.master + (owner->running ? " (running)" : " (not running)");
}

std::string OwnerJson(const Owner* owner) {
  if (!owner) return "null";
  std::string out = "{\"master\":";
  AppendJsonString(out, owner->claim.master);
  out += ",\"master_id\":" + std::to_string(owner->claim.master_id) +
         ",\"active\":" + (owner->claim.active ? "true" : "false") +
         ",\"last_active\":" + std::to_string(owner->claim.last_active) +
         ",\"running\":" + (owner->running ? "true" : "false") + "}";
  return out;
}

// A JSON string of text that may not be UTF-8 (hand-edited SQLite): bad
// bytes become U+FFFD rather than break the line.
void AppendText(std::string& out, const std::string& text) {
  if (IsValidUtf8(text)) {
    AppendJsonString(out, text);
    return;
  }
  std::string fixed;
  for (char c : text) fixed += static_cast<unsigned char>(c) < 0x80 ? std::string(1, c) : "\xEF\xBF\xBD";
  AppendJsonString(out, fixed);
}

std::string JsonLine(const SummaryRow& row, const Owner* owner, bool per_key) {
  std::string out = "{\"v\":1,\"id\":" + std::to_string(row.id) + ",\"name\":";
  AppendText(out, row.name);
  out += ",\"class_name\":";
  AppendText(out, row.class_name);
  if (per_key) {
    out += ",\"key\":";
    if (row.key) {
      AppendText(out, *row.key);
    } else {
      out += "null";
    }
  } else {
    out += ",\"keys\":" + std::to_string(row.keys);
  }
  out += ",\"bytes\":" + std::to_string(row.bytes) + ",\"owner\":" + OwnerJson(owner) + "}";
  return out;
}

class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }

  Status Add(std::vector<std::string> cells) {
    if (flushed_) return Print(cells);
    rows_.push_back(std::move(cells));
    return rows_.size() > kRowsSizingColumns ? Flush() : Status::Ok();
  }

  Status Flush() {
    if (flushed_) return Status::Ok();
    widths_.assign(rows_.front().size(), 0);
    for (const auto& row : rows_) {
      for (size_t i = 0; i < row.size(); ++i) widths_[i] = std::max(widths_[i], Width(row[i]));
    }
    flushed_ = true;
    for (const auto& row : rows_) STATECTL_RETURN_IF_ERROR(Print(row));
    rows_.clear();
    return Status::Ok();
  }

 private:
  Status Print(const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) line += "  ";
      line += cells[i];
      if (i + 1 < cells.size() && Width(cells[i]) < widths_[i]) {
        line.append(widths_[i] - Width(cells[i]), ' ');
      }
    }
    return PrintLine(line);
  }

  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> widths_;
  bool flushed_ = false;
};

Status RunList(const ListCliOptions& opts, CommandContext& ctx) {
  auto db = ctx.Database();
  if (!db) return db.error();
  bool per_key = opts.list.per_key;
  if (opts.json) {
    return ListState(**db, opts.list, [&](const SummaryRow& row, const Owner* owner) {
      return PrintLine(JsonLine(row, owner, per_key));
    });
  }
  Table table(per_key ? std::vector<std::string>{"ID", "NAME", "CLASS", "KEY", "BYTES", "OWNER"}
                      : std::vector<std::string>{"ID", "NAME", "CLASS", "KEYS", "BYTES", "OWNER"});
  STATECTL_RETURN_IF_ERROR(ListState(**db, opts.list, [&](const SummaryRow& row, const Owner* owner) {
    std::string third = per_key ? (row.key ? Printable(*row.key) : "-") : std::to_string(row.keys);
    return table.Add({std::to_string(row.id), Printable(row.name), Printable(row.class_name), third,
                      std::to_string(row.bytes), OwnerText(owner)});
  }));
  return table.Flush();
}

}  // namespace

void SetupList(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<ListCliOptions>();
  cmd.add_option("--class", opts->list.class_glob, "Only objects whose class matches GLOB")
      ->type_name("GLOB");
  cmd.add_option("--name", opts->list.name_glob, "Only objects whose name matches GLOB")
      ->type_name("GLOB");
  cmd.add_flag("-i,--ignore-case", opts->list.ignore_case, "The globs match letters of either case");
  cmd.add_flag("--keys", opts->list.per_key, "One line per value (its key and bytes)");
  cmd.add_flag("--json", opts->json, "JSON Lines, one object per line (schema v1: statectl(1))");
  cmd.footer("Sorted by name, then class: a service's two rows (bare and module-qualified\n"
             "class) stand together. OWNER: the master that claims the service, if any.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunList(*opts, c); }; });
}

}  // namespace statectl
