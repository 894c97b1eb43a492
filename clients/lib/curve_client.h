// The client side of CurveZMQ: the keys a client socket needs to talk to a
// broker that runs CURVE, loaded from the key files `xinbao keygen` writes
// (proto/curve_keys.h), and set on a socket before it connects.
//
// A CURVE client socket needs three keys: the broker's public key
// (curve_serverkey: the broker proves it holds the matching secret, so
// nobody can stand in for it) and the user's own pair (curve_publickey,
// curve_secretkey: the broker's ZAP handler looks the public key up in its
// registry of users). Every socket of every client that talks to the broker
// (submit and query DEALERs, feed SUBs) takes the same three.
//
// What a failed handshake looks like to a client: silence. When the
// broker's key is wrong, the user's key is not registered (or revoked), the
// broker runs CURVE and the client does not, or the other way round,
// ZeroMQ drops the connection during the handshake and retries it in the
// background; nothing is ever delivered and no error reaches the
// application. So a client finds out only through its normal timeouts —
// SubmitClient keeps reports pending in the outbox, QueryClient and
// ReplayClient fail with a retryable ERROR_CODE_STORAGE_FAILURE,
// FeedFollower shows the link as reconnecting — and when keys were given,
// their messages name the keys as a possible cause (CurveSilenceHint).
//
// Threads: LoadCurveClientKeys may be called from any thread; ApplyCurve
// from the thread that owns the socket. CurveClientKeys is a plain value.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <zmq.hpp>

#include "proto/status.h"

namespace xinbao::client {

// Z85 text, kCurveKeyTextLength (proto/curve_keys.h) characters each.
struct CurveClientKeys {
  std::string public_key;  // the user's
  std::string secret_key;  // the user's: keep it secret
  std::string server_key;  // the broker's public key
};

// Reads the user's key pair from `key_file` (a .key file: public and
// secret) and the broker's public key from `server_key_file` (its .pub
// file; a file that also holds a secret is accepted and only its public
// key used) — or, when `server_key_file` is the Z85 text of a key and no
// file has that name, takes that text as the broker's public key. Fails as proto's ReadKeyFile does — ERROR_CODE_INVALID_FIELD
// with field() the file's path for a file that is missing, malformed, not
// a key, or a secret readable by others; ERROR_CODE_STORAGE_FAILURE when
// libzmq has no CURVE — and with ERROR_CODE_INVALID_FIELD (field() the
// path) when `key_file` holds no secret (a .pub given for a .key).
Result<CurveClientKeys> LoadCurveClientKeys(
    const std::filesystem::path& key_file,
    const std::filesystem::path& server_key_file);

// With keys, makes `socket` a CURVE client of the broker: sets
// curve_serverkey, curve_publickey and curve_secretkey. Without keys, does
// nothing (the NULL mechanism: no encryption, no authentication). Call it
// before connect(): options set later do not reach a connection already
// made. REQUIRES: each key IsCurveKey and libzmq has CURVE, as
// LoadCurveClientKeys guarantees; otherwise ZeroMQ throws zmq::error_t,
// which every caller in this library catches with its connect().
void ApplyCurve(zmq::socket_t& socket,
                const std::optional<CurveClientKeys>& keys);

// The clause a "no answer" message ends with when keys were given — that
// a wrong broker key or an unregistered user key also looks like silence —
// and "" without keys (the message then reads as before CURVE).
std::string CurveSilenceHint(const std::optional<CurveClientKeys>& keys);

}  // namespace xinbao::client
