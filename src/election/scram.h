#pragma once
/// The client side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677) as Kafka uses it over
/// SaslAuthenticate: no channel binding, no authorization id.

#include <string>
#include <string_view>

#include "election/security.h"
#include "tessera/core/result.h"

namespace tessera::election {

/// One SCRAM exchange: client-first → server-first → client-final → server-final.
class scram_client {
 public:
  /// `nonce` empty draws 24 random bytes (base64); tests pass a fixed one.
  scram_client(sasl_mechanism mechanism, std::string user, std::string password, std::string nonce = {});

  /// `n,,n=<user>,r=<nonce>`.
  std::string client_first() const;
  /// Checks the server nonce, derives the proof and returns `c=biws,r=…,p=…`.
  result<std::string> client_final(std::string_view server_first);
  /// Checks the server signature `v=…` (or reports `e=…`).
  result<void> verify_server_final(std::string_view server_final) const;

 private:
  sasl_mechanism mechanism_;
  std::string user_;
  std::string password_;
  std::string nonce_;
  std::string server_signature_;  ///< expected, raw bytes
};

/// Standard base64 with padding (exposed for tests).
std::string base64_encode(std::string_view raw);
/// Fails on malformed input.
result<std::string> base64_decode(std::string_view text);

}  // namespace tessera::election
