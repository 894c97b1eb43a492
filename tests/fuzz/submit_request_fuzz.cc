// Fuzz target: one payload off the submit socket, through the checks the
// Frontend runs before the committer — DecodeEnvelope(), then
// CheckSubmitRequest() (reports, event commands, 督办 and 采编 requests)
// with the demo county's default configuration at kFuzzNowMs.
//
// Beyond "never crash, refuse with a typed Status", an accepted submit
// must hold what the committer relies on: the report bytes
// LocateEncodedReport() finds (stored as received) parse to the same
// report, and the request re-encoded is accepted again.
#include <google/protobuf/util/message_differencer.h>
#include <spdlog/spdlog.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "broker/config/config.h"
#include "broker/ingest/report_validator.h"
#include "broker/ingest/request_decoder.h"
#include "broker/ingest/submit_request.h"
#include "tests/fuzz/fuzz_rules.h"

namespace xinbao::fuzz {
namespace {

struct SubmitSocket {
  SubmitSocket()
      : config(broker::DefaultConfig()),
        validator(config.limits, config.units, config.security, "qingshui") {
    spdlog::set_level(spdlog::level::off);
    broker::QuietProtobufParseLogs();
  }
  broker::BrokerConfig config;
  broker::ReportValidator validator;
};

// DecodeEnvelope() then CheckSubmitRequest(), as the Frontend runs them.
Status Check(const SubmitSocket& socket, std::string_view payload,
             v1::Envelope* envelope) {
  Status status = broker::DecodeEnvelope(payload, socket.config.limits, envelope);
  if (!status.ok()) return status;
  return broker::CheckSubmitRequest(*envelope, socket.validator, socket.config,
                                    kFuzzNowMs);
}

}  // namespace
}  // namespace xinbao::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  using namespace xinbao;
  static const fuzz::SubmitSocket* const socket = new fuzz::SubmitSocket();
  const std::string_view payload = fuzz::AsText(data, size);
  v1::Envelope envelope;
  const Status status = fuzz::Check(*socket, payload, &envelope);
  fuzz::RequireTyped(status);
  if (!status.ok()) return 0;

  if (envelope.has_submit()) {
    const std::string_view encoded = broker::LocateEncodedReport(payload);
    if (!encoded.empty()) {
      v1::Report stored;
      fuzz::Require(stored.ParseFromArray(encoded.data(),
                                           static_cast<int>(encoded.size())),
                    "the located report bytes do not parse");
      fuzz::Require(google::protobuf::util::MessageDifferencer::Equals(
                        stored, envelope.submit().report()),
                    "the located report bytes are not the report accepted");
    }
  }
  const std::string again = envelope.SerializeAsString();
  v1::Envelope reparsed;
  const Status second = fuzz::Check(*socket, again, &reparsed);
  fuzz::Require(second.ok(), "an accepted request re-encoded is refused: " +
                                 second.ToString());
  return 0;
}
