// Errors as values: a Code that selects the exit status, and a message.
//
// Choosing a code:
//   kNotFound     the object or key the user named does not exist (exit 1).
//   kUsage        the command line itself is wrong: options, URL form (exit 2).
//   kInvalidData  the user's data is wrong: a JSON value, a dump line, a name
//                 too long for the column (exit 3). Nothing was written.
//   kConflict     the data is fine but disagrees with what is stored, e.g. an
//                 import of a different value under --on-conflict fail (exit 4).
//   kDatabase     the database or the system failed: cannot open, locked past
//                 the timeout, missing tables, I/O, a full disk (exit 5).
//   kOwned        a running Buildbot master owns what the user asked to
//                 change and would overwrite it (exit 6); --force writes anyway.
// Only cli/exit_code.cc turns a Code into a number.
#ifndef STATECTL_CORE_STATUS_H_
#define STATECTL_CORE_STATUS_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace statectl {

enum class Code { kOk, kNotFound, kUsage, kInvalidData, kConflict, kDatabase, kOwned };

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status Usage(std::string msg) { return {Code::kUsage, std::move(msg)}; }
  static Status InvalidData(std::string msg) { return {Code::kInvalidData, std::move(msg)}; }
  static Status Conflict(std::string msg) { return {Code::kConflict, std::move(msg)}; }
  static Status Database(std::string msg) { return {Code::kDatabase, std::move(msg)}; }
  static Status Owned(std::string msg) { return {Code::kOwned, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "context: message", for adding a layer as the error travels up.
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Thrown by Result<T>::value() on an error: using it so is a bug.
class BadResultAccess : public std::logic_error {
 public:
  explicit BadResultAccess(const Status& s)
      : std::logic_error("Result::value() on error: " + s.message()) {}
};

// A T or a non-OK Status; method names follow std::expected.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error) : v_(std::move(error)) {  // NOLINT: implicit by design
    if (std::get<Status>(v_).ok()) throw std::logic_error("Result built from an OK Status");
  }
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { Check(); return std::get<0>(v_); }
  const T& value() const& { Check(); return std::get<0>(v_); }
  T&& value() && { Check(); return std::get<0>(std::move(v_)); }
  const Status& error() const { return std::get<Status>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  void Check() const {
    if (!has_value()) throw BadResultAccess(std::get<Status>(v_));
  }
  std::variant<T, Status> v_;
};

}  // namespace statectl

#define STATECTL_RETURN_IF_ERROR(expr)              \
  do {                                              \
    ::statectl::Status statectl_status_ = (expr);   \
    if (!statectl_status_.ok()) return statectl_status_; \
  } while (0)

#endif  // STATECTL_CORE_STATUS_H_
