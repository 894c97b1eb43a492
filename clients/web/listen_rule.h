// ListenRule: where a web face may listen, and over what.
//
// A web face listens on 127.0.0.1 by default. Anything else (an office's
// LAN address, 0.0.0.0) carries passwords and session cookies over a
// network, so it needs TLS (a certificate and its key, PEM files); plain
// HTTP off loopback is refused unless the option named for it
// (--insecure-plain-http) is given, and then the program warns loudly.
//
// Threads: pure functions.
#pragma once

#include <filesystem>
#include <string>

#include "proto/status.h"

namespace xinbao::web {

struct ListenOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::filesystem::path tls_certificate;  // PEM; both or neither
  std::filesystem::path tls_private_key;  // PEM
  // Plain HTTP on a non-loopback address, knowingly.
  bool insecure_plain_http = false;
};

// "127.0.0.1", "::1", "localhost" and the rest of 127.0.0.0/8 (the one rule,
// proto/host_port.h, which the broker's metrics endpoint follows too).
bool IsLoopback(const std::string& host);

// Whether `options` may be used: TLS files come in pairs and are readable;
// a non-loopback host has TLS or insecure_plain_http. The message says in
// plain Chinese what to do (field "listen" or "tls").
Status CheckListen(const ListenOptions& options);

// Parses "HOST:PORT" or ":PORT" or "PORT" (host stays as given in
// `options`); IPv6 as "[::1]:8080".
Status ParseListenAddress(const std::string& text, ListenOptions* options);

}  // namespace xinbao::web
