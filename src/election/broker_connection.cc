#include "election/broker_connection.h"

#include <openssl/ssl.h>

#include <filesystem>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>

#include "election/kafka_errors.h"
#include "election/scram.h"

namespace tessera::election {

namespace asio = boost::asio;
using kind = call_error::kind;

namespace {

/// Responses the elector reads are small; anything larger is a desynchronised stream.
constexpr std::uint32_t max_response_bytes = 64u << 20;

std::vector<api_key> needed_apis(const security_settings& s) {
  std::vector<api_key> out{api_key::find_coordinator, api_key::join_group, api_key::sync_group, api_key::heartbeat,
                           api_key::leave_group};
  if (s.uses_sasl()) {
    out.push_back(api_key::sasl_handshake);
    out.push_back(api_key::sasl_authenticate);
  }
  return out;
}

}  // namespace

std::optional<std::pair<std::string, std::uint16_t>> split_host_port(std::string_view entry) {
  if (auto scheme = entry.find("://"); scheme != std::string_view::npos) entry.remove_prefix(scheme + 3);
  std::string_view host;
  std::string_view port;
  if (!entry.empty() && entry.front() == '[') {
    auto close = entry.find(']');
    if (close == std::string_view::npos || close + 1 >= entry.size() || entry[close + 1] != ':') return std::nullopt;
    host = entry.substr(1, close - 1);
    port = entry.substr(close + 2);
  } else {
    auto colon = entry.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = entry.substr(0, colon);
    port = entry.substr(colon + 1);
  }
  if (host.empty() || port.empty() || port.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return std::nullopt;
  return std::pair{std::string(host), static_cast<std::uint16_t>(value)};
}

result<std::shared_ptr<asio::ssl::context>> make_tls_context(const security_settings& s) {
  if (!s.uses_tls()) return std::shared_ptr<asio::ssl::context>();
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  auto bad = [](const std::string& what, const boost::system::error_code& ec) {
    return fail(error_code::store_error, "kafkastore." + what + ": " + ec.message() + " (primary election client)");
  };
  boost::system::error_code ec;
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  if (!s.ca_pem.empty()) {
    if (ctx->add_certificate_authority(asio::buffer(s.ca_pem), ec); ec) return bad("ssl.ca.pem", ec);
  } else if (!s.ca_location.empty()) {
    std::error_code fs_ec;
    if (std::filesystem::is_directory(s.ca_location, fs_ec)) {
      if (ctx->add_verify_path(s.ca_location, ec); ec) return bad("ssl.ca.location", ec);
    } else if (ctx->load_verify_file(s.ca_location, ec); ec) {
      return bad("ssl.ca.location", ec);
    }
  } else if (ctx->set_default_verify_paths(ec); ec) {
    return bad("ssl.ca.location (system default)", ec);
  }
  if (!s.key_password.empty()) {
    std::string password = s.key_password;
    ctx->set_password_callback([password](std::size_t, asio::ssl::context::password_purpose) { return password; });
  }
  if (!s.certificate_pem.empty()) {
    if (ctx->use_certificate_chain(asio::buffer(s.certificate_pem), ec); ec) return bad("ssl.certificate.pem", ec);
  } else if (!s.certificate_location.empty()) {
    if (ctx->use_certificate_chain_file(s.certificate_location, ec); ec) return bad("ssl.certificate.location", ec);
  }
  if (!s.key_pem.empty()) {
    if (ctx->use_private_key(asio::buffer(s.key_pem), asio::ssl::context::pem, ec); ec) return bad("ssl.key.pem", ec);
  } else if (!s.key_location.empty()) {
    if (ctx->use_private_key_file(s.key_location, asio::ssl::context::pem, ec); ec) {
      return bad("ssl.key.location", ec);
    }
  }
  ctx->set_verify_mode(s.verify_certificate ? asio::ssl::verify_peer : asio::ssl::verify_none);
  return ctx;
}

broker_connection::broker_connection(io_driver& io, const security_settings& security,
                                     std::shared_ptr<asio::ssl::context> tls, std::string client_id)
    : io_(io), security_(security), tls_(std::move(tls)), client_id_(std::move(client_id)) {}

broker_connection::~broker_connection() { close(); }

void broker_connection::close() {
  boost::system::error_code ignored;
  if (resolver_) resolver_->cancel();
  if (stream_) stream_->lowest_layer().close(ignored);
  if (socket_) socket_->close(ignored);
  open_ = false;
}

call_error broker_connection::broken(kind k, const std::string& what) {
  close();
  return call_fail(k, address_ + ": " + what);
}

template <class Start>
call_result<std::size_t> broker_connection::step(const char* what, clock::time_point deadline, Start&& start) {
  bool finished = false;
  boost::system::error_code ec;
  std::size_t n = 0;
  start([&finished, &ec, &n](boost::system::error_code e, std::size_t k) {
    finished = true;
    ec = e;
    n = k;
  });
  auto outcome = io_.run([&finished] { return finished; }, deadline);
  if (outcome != io_driver::outcome::done) {
    close();
    io_.drain([&finished] { return finished; });
    if (outcome == io_driver::outcome::interrupted) return call_fail(kind::interrupted, "stopping");
    return broken(kind::timeout, std::string(what) + " timed out");
  }
  if (ec) return broken(kind::network, std::string(what) + ": " + ec.message());
  return n;
}

call_result<void> broker_connection::open(const std::string& host, std::uint16_t port, clock::time_point deadline) {
  close();
  socket_.reset();
  stream_.reset();
  address_ = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  resolver_ = std::make_unique<tcp::resolver>(io_.context());
  tcp::resolver::results_type endpoints;
  auto resolved = step("resolve", deadline, [&](auto done) {
    resolver_->async_resolve(host, std::to_string(port),
                             [&endpoints, done](boost::system::error_code ec, tcp::resolver::results_type r) {
                               endpoints = std::move(r);
                               done(ec, 0);
                             });
  });
  resolver_.reset();
  if (!resolved) return resolved.error();

  if (tls_) {
    stream_ = std::make_unique<tls_stream>(io_.context(), *tls_);
  } else {
    socket_ = std::make_unique<tcp::socket>(io_.context());
  }
  tcp::socket& lowest = stream_ ? stream_->next_layer() : *socket_;
  auto connected = step("connect", deadline, [&](auto done) {
    asio::async_connect(lowest, endpoints, [done](boost::system::error_code ec, const tcp::endpoint&) { done(ec, 0); });
  });
  if (!connected) return connected.error();
  boost::system::error_code ignored;
  lowest.set_option(tcp::no_delay(true), ignored);

  if (stream_) {
    boost::system::error_code parse_ec;
    asio::ip::make_address(host, parse_ec);
    bool is_ip = !parse_ec;
    // SNI for names only (RFC 6066 forbids literal addresses).
    if (!is_ip) SSL_set_tlsext_host_name(stream_->native_handle(), host.c_str());
    if (security_.verify_certificate && security_.verify_hostname) {
      stream_->set_verify_callback(asio::ssl::host_name_verification(host));
    }
    auto shaken = step("TLS handshake", deadline, [&](auto done) {
      stream_->async_handshake(asio::ssl::stream_base::client,
                               [done](boost::system::error_code ec) { done(ec, 0); });
    });
    if (!shaken) {
      auto e = shaken.error();
      if (e.what == kind::network) e.what = kind::auth;
      return e;
    }
  }
  open_ = true;

  auto versions_body = call(api_key::api_versions, encode_api_versions(), deadline);
  if (!versions_body) return versions_body.error();
  auto versions = decode_api_versions(*versions_body);
  if (!versions) return broken(kind::protocol, versions.error().message);
  if (versions->error != 0) {
    return broken(kind::unsupported, "ApiVersions v" + std::to_string(version_of(api_key::api_versions)) +
                                         " answered " + kafka_error_name(versions->error));
  }
  if (auto ok = check_supported(*versions, needed_apis(security_)); !ok) {
    return broken(kind::unsupported, ok.error().message);
  }
  if (security_.uses_sasl()) return authenticate(deadline);
  return {};
}

call_result<void> broker_connection::write_all(const bytes& frame, clock::time_point deadline) {
  auto written = step("send", deadline, [&](auto done) {
    if (stream_) {
      asio::async_write(*stream_, asio::buffer(frame), done);
    } else {
      asio::async_write(*socket_, asio::buffer(frame), done);
    }
  });
  if (!written) return written.error();
  return {};
}

call_result<void> broker_connection::read_exact(std::uint8_t* into, std::size_t n, clock::time_point deadline) {
  auto read = step("receive", deadline, [&](auto done) {
    if (stream_) {
      asio::async_read(*stream_, asio::buffer(into, n), done);
    } else {
      asio::async_read(*socket_, asio::buffer(into, n), done);
    }
  });
  if (!read) return read.error();
  return {};
}

call_result<bytes> broker_connection::call(api_key key, const bytes& body, clock::time_point deadline) {
  if (!open_) return call_fail(kind::network, address_ + ": not connected");
  std::int32_t correlation = next_correlation_++;
  if (next_correlation_ == INT32_MAX) next_correlation_ = 1;
  auto frame = frame_request(key, correlation, client_id_, body);
  if (auto w = write_all(frame, deadline); !w) return w.error();
  std::uint8_t size_bytes[4];
  if (auto r = read_exact(size_bytes, 4, deadline); !r) return r.error();
  std::uint32_t size = (std::uint32_t{size_bytes[0]} << 24) | (std::uint32_t{size_bytes[1]} << 16) |
                       (std::uint32_t{size_bytes[2]} << 8) | std::uint32_t{size_bytes[3]};
  if (size < 4 || size > max_response_bytes) {
    return broken(kind::protocol, std::string(name_of(key)) + " response size " + std::to_string(size));
  }
  bytes response(size);
  if (auto r = read_exact(response.data(), size, deadline); !r) return r.error();
  wire_reader header(response);
  auto got = header.int32();
  if (got != correlation) {
    return broken(kind::protocol, std::string(name_of(key)) + " response has correlation id " + std::to_string(got) +
                                      ", expected " + std::to_string(correlation));
  }
  response.erase(response.begin(), response.begin() + 4);
  return response;
}

call_result<void> broker_connection::authenticate(clock::time_point deadline) {
  auto mechanism = to_string(security_.mechanism);
  auto hs_body = call(api_key::sasl_handshake, encode_sasl_handshake(mechanism), deadline);
  if (!hs_body) return hs_body.error();
  auto hs = decode_sasl_handshake(*hs_body);
  if (!hs) return broken(kind::protocol, hs.error().message);
  if (hs->error != 0) {
    std::string enabled;
    for (const auto& m : hs->mechanisms) enabled += (enabled.empty() ? "" : ", ") + m;
    return broken(kind::auth, "SASL mechanism " + mechanism + " refused (" + kafka_error_name(hs->error) +
                                  "); the broker enables: " + (enabled.empty() ? "none" : enabled));
  }
  auto exchange = [&](const std::string& out) -> call_result<std::string> {
    auto b = call(api_key::sasl_authenticate, encode_sasl_authenticate(out), deadline);
    if (!b) return b.error();
    auto r = decode_sasl_authenticate(*b);
    if (!r) return broken(kind::protocol, r.error().message);
    if (r->error != 0) {
      return broken(kind::auth, "SASL " + mechanism + " authentication failed: " + kafka_error_name(r->error) +
                                    (r->error_message ? ": " + *r->error_message : std::string()));
    }
    return r->auth_bytes;
  };
  if (security_.mechanism == sasl_mechanism::plain) {
    std::string token;
    token.push_back('\0');
    token += security_.username;
    token.push_back('\0');
    token += security_.password;
    auto r = exchange(token);
    if (!r) return r.error();
    return {};
  }
  scram_client scram(security_.mechanism, security_.username, security_.password);
  auto server_first = exchange(scram.client_first());
  if (!server_first) return server_first.error();
  auto final_message = scram.client_final(*server_first);
  if (!final_message) return broken(kind::auth, final_message.error().message);
  auto server_final = exchange(*final_message);
  if (!server_final) return server_final.error();
  if (auto ok = scram.verify_server_final(*server_final); !ok) return broken(kind::auth, ok.error().message);
  return {};
}

}  // namespace tessera::election
