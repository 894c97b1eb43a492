#include "broker/ingest/attachment_limits.h"

namespace xinbao::broker {

Status CheckAttachmentLimits(
    const google::protobuf::RepeatedPtrField<v1::Attachment>& attachments,
    const Limits& limits, const std::string& path) {
  if (static_cast<std::size_t>(attachments.size()) > limits.max_attachments) {
    return Status(v1::ERROR_CODE_TOO_MANY_ATTACHMENTS,
                  "附件太多：" + std::to_string(attachments.size()) +
                      " 个，最多 " + std::to_string(limits.max_attachments) +
                      " 个",
                  path);
  }
  for (int i = 0; i < attachments.size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (attachments[i].name().empty()) {
      return Status(v1::ERROR_CODE_MISSING_FIELD, "缺少必填项：附件名称",
                    at + ".name");
    }
  }
  for (int i = 0; i < attachments.size(); ++i) {
    const v1::Attachment& attachment = attachments[i];
    if (attachment.data().size() > limits.max_attachment_bytes) {
      return Status(v1::ERROR_CODE_ATTACHMENT_TOO_LARGE,
                    "附件《" + attachment.name() + "》太大：" +
                        std::to_string(attachment.data().size() / 1024) +
                        " KB，单个附件最多 " +
                        std::to_string(limits.max_attachment_bytes / 1024) +
                        " KB",
                    path + "[" + std::to_string(i) + "].data");
    }
  }
  return Status::Ok();
}

}  // namespace xinbao::broker
