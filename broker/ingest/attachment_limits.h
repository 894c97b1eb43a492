// The broker's limits on attachments (count, a name each, bytes each), one
// copy for reports and for 督办 items and steps.
//
// Threads: a pure function.
#pragma once

#include <string>

#include <google/protobuf/repeated_ptr_field.h>

#include "broker/config/config.h"
#include "proto/status.h"
#include "xinbao/v1/report.pb.h"

namespace xinbao::broker {

// OK, or TOO_MANY_ATTACHMENTS, MISSING_FIELD (a name) or
// ATTACHMENT_TOO_LARGE with the field under `path` ("report.attachments").
Status CheckAttachmentLimits(
    const google::protobuf::RepeatedPtrField<v1::Attachment>& attachments,
    const Limits& limits, const std::string& path);

}  // namespace xinbao::broker
