#include "proto/status.h"

namespace xinbao {

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = v1::ErrorCode_Name(code_) + ": " + message_;
  if (!field_.empty()) out += " (" + field_ + ")";
  return out;
}

void Status::ToWire(v1::Error* error) const {
  error->set_code(code_);
  error->set_message(message_);
  error->set_field(field_);
  error->set_retryable(retryable());
  error->set_retry_after_ms(retry_after_ms_);
}

Status Status::FromWire(const v1::Error& error) {
  Status status(error.code(), error.message(), error.field());
  status.retry_after_ms_ = error.retry_after_ms();
  return status;
}

}  // namespace xinbao
