// Ownership of a heap object handed from one broker thread to another.
//
// Threads talk only by messages on inproc PAIR sockets. Such a message
// carries one pointer (8 bytes) to a heap object; ownership moves with it:
// the sender releases, the receiver adopts. Both ends must agree on T.
#pragma once

#include <cstring>
#include <memory>
#include <zmq.hpp>

namespace xinbao::broker {

// Sends ownership of `object` (may be null: the stop signal) over `socket`.
template <class T>
void SendOwned(zmq::socket_t& socket, std::unique_ptr<T> object) {
  T* raw = object.get();
  zmq::message_t message(sizeof raw);
  std::memcpy(message.data(), &raw, sizeof raw);
  socket.send(message, zmq::send_flags::none);  // inproc PAIR, no HWM drops
  object.release();
}

// Adopts the object a SendOwned() message carries.
template <class T>
std::unique_ptr<T> AdoptOwned(const zmq::message_t& message) {
  T* raw = nullptr;
  std::memcpy(&raw, message.data(), sizeof raw);
  return std::unique_ptr<T>(raw);
}

}  // namespace xinbao::broker
