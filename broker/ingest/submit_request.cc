#include "broker/ingest/submit_request.h"

#include "broker/ingest/caibian_validator.h"
#include "broker/ingest/command_validator.h"
#include "broker/ingest/duban_validator.h"

namespace xinbao::broker {

Status CheckSubmitRequest(const v1::Envelope& envelope,
                          const ReportValidator& validator,
                          const BrokerConfig& config, int64_t now_ms,
                          bool skip_level) {
  switch (envelope.body_case()) {
    case v1::Envelope::kSubmit:
      return validator.Check(envelope.submit().report(), now_ms, skip_level);
    case v1::Envelope::kMergeEvents:
    case v1::Envelope::kReopenEvent:
      return CheckEventCommand(envelope, config.units);
    case v1::Envelope::kIssueDuban:
    case v1::Envelope::kDubanStep:
      return CheckDubanRequest(envelope, config);
    case v1::Envelope::kCaibian:
      return CheckCaibianRequest(envelope, config);
    case v1::Envelope::kDownwardItem:
      return Status(v1::ERROR_CODE_UNKNOWN_REQUEST,
                    "上级下发的条目只由本级服务器自己从上级取来登记，客户端不能提交");
    default:
      return Status(v1::ERROR_CODE_UNKNOWN_REQUEST,
                    "这是报送端口，只收报告和事件操作；查询请发到查询端口 (" +
                        config.query_endpoint + ")");
  }
}

}  // namespace xinbao::broker
