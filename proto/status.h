// Status and Result: errors as values at every component boundary.
//
// A Status is either OK or carries one code from the wire catalogue
// (xinbao.v1.ErrorCode in proto/xinbao/v1/wire.proto) and a plain message
// for people. Result<T> holds either a T or a non-OK Status.
//
// Both are [[nodiscard]]: dropping one on the floor needs a visible
// `(void)` or `.IgnoreError()`. Values, not exceptions: safe to return
// across threads and to copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "xinbao/v1/wire.pb.h"

namespace xinbao {

class [[nodiscard]] Status {
 public:
  // OK.
  Status() = default;
  Status(v1::ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == v1::ERROR_CODE_UNSPECIFIED; }
  v1::ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The offending field ("report.title"), or empty.
  const std::string& field() const { return field_; }

  // "ERROR_CODE_X: message (field)", or "OK".
  std::string ToString() const;
  // Fills a wire Error from this status. REQUIRES: !ok().
  void ToWire(v1::Error* error) const;
  // The status a wire Error says (its code, message, field, retry hint).
  static Status FromWire(const v1::Error& error);
  // Whether a retry of the same request may succeed.
  bool retryable() const {
    return code_ == v1::ERROR_CODE_STORAGE_FAILURE ||
           code_ == v1::ERROR_CODE_BUSY ||
           code_ == v1::ERROR_CODE_RATE_LIMITED ||
           code_ == v1::ERROR_CODE_OUT_OF_ORDER;
  }
  // How long the sender should wait before it retries (Error.retry_after_ms;
  // 0: no hint). Set with WithRetryAfter().
  uint32_t retry_after_ms() const { return retry_after_ms_; }
  Status&& WithRetryAfter(uint32_t ms) && {
    retry_after_ms_ = ms;
    return std::move(*this);
  }

  void IgnoreError() const {}

 private:
  v1::ErrorCode code_ = v1::ERROR_CODE_UNSPECIFIED;
  std::string message_;
  std::string field_;
  uint32_t retry_after_ms_ = 0;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  Result(v1::ErrorCode code, std::string message, std::string field = {})
      : status_(code, std::move(message), std::move(field)) {}

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace xinbao

// Returns the Status of `expr` from the enclosing function if it is not OK.
#define XINBAO_RETURN_IF_ERROR(expr)   \
  do {                                 \
    ::xinbao::Status status_ = (expr); \
    if (!status_.ok()) return status_; \
  } while (0)
