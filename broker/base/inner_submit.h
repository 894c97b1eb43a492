// The inproc endpoint of the frontend's inner submit socket, in the
// broker's own ZeroMQ context: what this process submits itself (the
// reports its upstream link fetches from the parent). broker/ingest/
// frontend.h says how it is served.
#pragma once

namespace xinbao::broker {

inline constexpr const char* kInnerSubmitEndpoint = "inproc://xinbao-inner-submit";

}  // namespace xinbao::broker
