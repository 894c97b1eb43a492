#include "clients/lib/submit_client.h"

#include <utility>
#include <zmq.hpp>

#include "clients/lib/flush_round.h"
#include "clients/lib/wire_frames.h"

namespace xinbao::client {

struct SubmitClient::Impl {
  ClientOptions options;
  std::unique_ptr<Outbox> outbox;
  zmq::context_t context;
  zmq::socket_t dealer;  // declared after context: closed before it
};

SubmitClient::SubmitClient(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
SubmitClient::~SubmitClient() = default;

Result<std::unique_ptr<SubmitClient>> SubmitClient::Open(
    ClientOptions options) {
  Result<std::unique_ptr<Outbox>> outbox = Outbox::Open(options.outbox_dir);
  if (!outbox.ok()) return outbox.status();
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->outbox = std::move(outbox).value();
  XINBAO_RETURN_IF_ERROR(OpenDealer(impl->options.endpoint, &impl->context,
                                    &impl->dealer, impl->options.curve));
  return std::unique_ptr<SubmitClient>(new SubmitClient(std::move(impl)));
}

v1::Report Stamped(v1::Report report) {
  if (report.idempotency_key().empty()) report.set_idempotency_key(NewUuid());
  if (report.written_at_ms() == 0) {
    report.set_written_at_ms(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
  }
  return report;
}

Result<v1::Report> SubmitClient::Enqueue(v1::Report report) {
  Result<OutboxEntry> entry = impl_->outbox->Add(Stamped(std::move(report)));
  if (!entry.ok()) return entry.status();
  return std::move(entry).value().report;
}

FlushSummary SubmitClient::Flush(
    std::chrono::steady_clock::time_point deadline,
    const std::function<void(const Delivery&)>& on_delivery) {
  FlushRound round(impl_->context, impl_->dealer, *impl_->outbox,
                   impl_->options, on_delivery);
  return round.Run(deadline);
}

Outbox& SubmitClient::outbox() { return *impl_->outbox; }

}  // namespace xinbao::client
