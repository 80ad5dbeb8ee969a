#pragma once
/// One blocking connection to a Kafka broker: TCP or TLS, SASL PLAIN/SCRAM, request framing
/// and correlation ids, a deadline per call. Used only from the member's thread; every I/O step
/// runs through the member's io_driver so stop() interrupts it.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "election/call_error.h"
#include "election/io_driver.h"
#include "election/messages.h"
#include "election/security.h"
#include "tessera/core/result.h"

namespace tessera::election {

/// The TLS context for `s` (CA, client certificate, key); nullptr when TLS is off. File and
/// password errors fail here so a bad configuration is reported at construction.
result<std::shared_ptr<boost::asio::ssl::context>> make_tls_context(const security_settings& s);

/// `host:port` → host, port; IPv6 as `[::1]:9092`. A `PROTOCOL://` prefix is dropped.
std::optional<std::pair<std::string, std::uint16_t>> split_host_port(std::string_view entry);

class broker_connection {
 public:
  broker_connection(io_driver& io, const security_settings& security, std::shared_ptr<boost::asio::ssl::context> tls,
                    std::string client_id);
  ~broker_connection();
  broker_connection(const broker_connection&) = delete;
  broker_connection& operator=(const broker_connection&) = delete;

  /// Connects, runs the TLS handshake, checks with ApiVersions that the broker serves every
  /// version we speak, and authenticates with SASL when configured.
  call_result<void> open(const std::string& host, std::uint16_t port, clock::time_point deadline);
  /// Sends one request and returns the response body (after the correlation id).
  call_result<bytes> call(api_key key, const bytes& body, clock::time_point deadline);
  /// Closes the socket; safe to call twice.
  void close();
  bool is_open() const { return open_; }
  /// `host:port` of the broker.
  const std::string& address() const { return address_; }

 private:
  using tcp = boost::asio::ip::tcp;
  using tls_stream = boost::asio::ssl::stream<tcp::socket>;

  /// Runs one async step to completion; on timeout or stop closes the connection and drains.
  template <class Start>
  call_result<std::size_t> step(const char* what, clock::time_point deadline, Start&& start);
  call_result<void> write_all(const bytes& frame, clock::time_point deadline);
  call_result<void> read_exact(std::uint8_t* into, std::size_t n, clock::time_point deadline);
  call_result<void> authenticate(clock::time_point deadline);
  call_error broken(call_error::kind k, const std::string& what);

  io_driver& io_;
  const security_settings& security_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::string client_id_;
  std::unique_ptr<tcp::resolver> resolver_;  ///< only while resolving
  std::unique_ptr<tcp::socket> socket_;  ///< plaintext
  std::unique_ptr<tls_stream> stream_;   ///< TLS
  std::string address_;
  std::int32_t next_correlation_ = 1;
  bool open_ = false;
};

}  // namespace tessera::election
