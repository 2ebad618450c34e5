#include "core/json_pointer.h"

#include <charconv>

#include "core/rows.h"

namespace statectl {
namespace {

const char* TypeName(JsonNode::Type type) {
  switch (type) {
    case JsonNode::Type::kNull: return "null";
    case JsonNode::Type::kFalse:
    case JsonNode::Type::kTrue: return "a boolean";
    case JsonNode::Type::kInteger:
    case JsonNode::Type::kFloat: return "a number";
    case JsonNode::Type::kString: return "a string";
    case JsonNode::Type::kArray: return "an array";
    case JsonNode::Type::kObject: return "an object";
  }
  return "a value";
}

// Where a path's first `depth` segments lead, for messages.
std::string Where(const JsonPath& path, size_t depth) {
  if (depth == 0) return "the value";
  return FormatJsonPointer(JsonPath(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(depth)));
}

// The index segment names in an array of size elements: size for "-".
Result<size_t> Index(const JsonPath& path, size_t depth, size_t size) {
  const std::string& seg = path[depth];
  if (seg == "-") return size;
  size_t index = 0;
  auto [end, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), index);
  if (seg.empty() || ec != std::errc() || end != seg.data() + seg.size() ||
      (seg.size() > 1 && seg[0] == '0')) {
    return Status::InvalidData(Where(path, depth) + " is an array: " + Quoted(seg) +
                               " is not an index of it");
  }
  return index;
}

// The member or element path[depth] of node; null if absent.
Result<JsonNode*> Child(JsonNode& node, const JsonPath& path, size_t depth) {
  if (node.type == JsonNode::Type::kObject) {
    for (size_t i = 0; i < node.keys.size(); ++i) {
      if (node.keys[i] == path[depth]) return &node.items[i];
    }
    return static_cast<JsonNode*>(nullptr);
  }
  if (node.type == JsonNode::Type::kArray) {
    auto index = Index(path, depth, node.items.size());
    if (!index) return index.error();
    return *index < node.items.size() ? &node.items[*index] : nullptr;
  }
  return Status::InvalidData(Where(path, depth) + " is " + TypeName(node.type) +
                             ", not an object or an array: cannot look up " + Quoted(path[depth]));
}

Status Missing(const JsonPath& path, size_t depth) {
  return Status::NotFound("no member " + Quoted(path[depth]) +
                          (depth ? " in " + Where(path, depth) : std::string()) + " (at " +
                          FormatJsonPointer(path) + ")");
}

// Where path's first `count` segments lead; kNotFound naming the first
// that is missing.
Result<JsonNode*> Walk(JsonNode& root, const JsonPath& path, size_t count) {
  JsonNode* node = &root;
  for (size_t depth = 0; depth < count; ++depth) {
    auto child = Child(*node, path, depth);
    if (!child) return child.error();
    if (!*child) return Missing(path, depth);
    node = *child;
  }
  return node;
}

}  // namespace

Result<JsonPath> ParseJsonPointer(std::string_view pointer) {
  JsonPath path;
  if (pointer.empty()) return path;
  if (pointer[0] != '/') {
    return Status::Usage("--pointer '" + std::string(pointer) +
                         "' is not a JSON pointer: it must start with '/' (use --member for a "
                         "plain name)");
  }
  std::string segment;
  for (size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      path.push_back(std::move(segment));
      segment.clear();
    } else if (pointer[i] == '~') {
      char next = i + 1 < pointer.size() ? pointer[i + 1] : '\0';
      if (next != '0' && next != '1') {
        return Status::Usage("--pointer '" + std::string(pointer) +
                             "': '~' must be followed by 0 (for '~') or 1 (for '/')");
      }
      segment += next == '0' ? '~' : '/';
      ++i;
    } else {
      segment += pointer[i];
    }
  }
  return path;
}

std::string FormatJsonPointer(const JsonPath& path) {
  std::string out;
  for (const std::string& segment : path) {
    out += '/';
    for (char c : segment) {
      if (c == '~') {
        out += "~0";
      } else if (c == '/') {
        out += "~1";
      } else {
        out += c;
      }
    }
  }
  return out;
}

Result<const JsonNode*> FindAt(const JsonNode& root, const JsonPath& path) {
  auto node = Walk(const_cast<JsonNode&>(root), path, path.size());  // Walk only reads
  if (!node) return node.error();
  return const_cast<const JsonNode*>(*node);
}

Status SetAt(JsonNode& root, const JsonPath& path, JsonNode value) {
  auto parent = Walk(root, path, path.size() - 1);
  if (!parent) return parent.error();
  JsonNode& node = **parent;
  size_t last = path.size() - 1;
  auto child = Child(node, path, last);
  if (!child) return child.error();
  if (*child) {
    **child = std::move(value);
  } else if (node.type == JsonNode::Type::kObject) {
    node.keys.push_back(path[last]);
    node.items.push_back(std::move(value));
  } else {
    auto index = Index(path, last, node.items.size());
    if (*index > node.items.size()) {
      return Status::NotFound("no element " + path[last] + " in " + Where(path, last) +
                              " (it has " + std::to_string(node.items.size()) + "): " +
                              "an array grows only at its end, index " +
                              std::to_string(node.items.size()) + " or '-'");
    }
    node.items.push_back(std::move(value));
  }
  return Status::Ok();
}

Status RemoveAt(JsonNode& root, const JsonPath& path) {
  auto parent = Walk(root, path, path.size() - 1);
  if (!parent) return parent.error();
  JsonNode& node = **parent;
  size_t last = path.size() - 1;
  auto child = Child(node, path, last);
  if (!child) return child.error();
  if (!*child) return Missing(path, last);
  auto at = static_cast<std::ptrdiff_t>(*child - node.items.data());
  node.items.erase(node.items.begin() + at);
  if (node.type == JsonNode::Type::kObject) node.keys.erase(node.keys.begin() + at);
  return Status::Ok();
}

}  // namespace statectl
