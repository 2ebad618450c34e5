#include "core/value_edit.h"

#include "core/json_write.h"

namespace statectl {
namespace {

Status ExpectFailed(const std::string& what, const std::string& now) {
  return Status::Conflict("--expect does not hold: " + what + " is " + now +
                          "; nothing written");
}

}  // namespace

Status CheckEdit(const ValueEdit& edit) {
  if (edit.op == ValueEdit::Op::kSet) {
    auto value = PythonRoundTrip(edit.json);
    if (!value) return value.error().WithContext("value");
  }
  if (edit.expect) {
    auto expect = PythonRoundTrip(*edit.expect);
    if (!expect) return expect.error().WithContext("--expect");
  }
  return Status::Ok();
}

Result<std::string> ApplyEdit(const std::optional<std::string>& stored, const ValueEdit& edit) {
  std::optional<std::string> expect;
  if (edit.expect) {
    auto dumped = PythonRoundTrip(*edit.expect);
    if (!dumped) return dumped.error().WithContext("--expect");
    expect = std::move(*dumped);
  }
  if (edit.path.empty()) {
    if (edit.op == ValueEdit::Op::kRemove) return Status::Usage("nothing to remove: no path");
    if (expect && (!stored || *stored != *expect)) {
      return ExpectFailed("the stored value", stored ? *stored : "absent");
    }
    auto value = PythonRoundTrip(edit.json);
    if (!value) return value.error().WithContext("value");
    return value;
  }
  if (!stored) return Status::NotFound("no value stored for the key");
  auto root = ParseJson(*stored, JsonMode::kPython);
  if (!root) return root.error().WithContext("stored value");
  std::string where = FormatJsonPointer(edit.path);
  if (expect) {
    auto current = FindAt(*root, edit.path);
    if (!current) {
      if (current.error().code() != Code::kNotFound) return current.error();
      return ExpectFailed(where, "absent");
    }
    std::string now = PythonDumps(**current);
    if (now != *expect) return ExpectFailed(where, now);
  }
  if (edit.op == ValueEdit::Op::kRemove) {
    STATECTL_RETURN_IF_ERROR(RemoveAt(*root, edit.path));
  } else {
    auto value = ParseJson(edit.json, JsonMode::kPython);
    if (!value) return value.error().WithContext("value");
    STATECTL_RETURN_IF_ERROR(SetAt(*root, edit.path, std::move(*value)));
  }
  return PythonDumps(*root);
}

}  // namespace statectl
