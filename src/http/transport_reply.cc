#include "http/transport_reply.h"

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <string>

#include "json/json.h"

namespace tessera::http {

response error_response(beast_http::status status, std::string_view message) {
  response res{status, 11};
  res.set(beast_http::field::content_type, "application/json");
  std::string body = "{\"error_code\":";
  body += std::to_string(static_cast<unsigned>(status));
  body += ",\"message\":";
  body += json::quote(message);
  body += '}';
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::optional<read_failure> classify_read_error(const boost::beast::error_code& ec,
                                                std::size_t max_body_bytes) {
  using beast_http::error;
  if (ec == error::body_limit) {
    return read_failure{beast_http::status::payload_too_large,
                        "Request body is larger than the limit of " +
                            std::to_string(max_body_bytes) + " bytes"};
  }
  if (ec == error::header_limit || ec == error::buffer_overflow) {
    return read_failure{beast_http::status::request_header_fields_too_large,
                        "Request header fields are too large"};
  }
  // The peer stopped mid-message or before one: nobody is left to read an answer.
  if (ec == error::end_of_stream || ec == error::partial_message) return std::nullopt;
  if (ec.category() == beast_http::make_error_code(error::bad_method).category()) {
    return read_failure{beast_http::status::bad_request, "Malformed HTTP request: " + ec.message()};
  }
  return std::nullopt;
}

bool finish_response(response& res, unsigned version, bool keep_alive, bool head_request) {
  if (keep_alive) {
    auto connection = res[beast_http::field::connection];
    if (!connection.empty() && beast_http::token_list{connection}.exists("close")) {
      keep_alive = false;
    }
  }
  // An HTTP/1.0 client gets an HTTP/1.0 answer; keep_alive() then writes the right header.
  res.version(version < 11 ? 10 : 11);
  res.keep_alive(keep_alive);
  const unsigned code = res.result_int();
  if (code < 200 || code == 204 || code == 304) {
    // These never carry a body; prepare_payload() would throw if the handler gave one.
    res.body().clear();
  }
  if (!res.has_content_length()) res.prepare_payload();
  if (head_request) res.body().clear();  // HEAD keeps the GET's Content-Length, not its bytes
  return keep_alive;
}

void write_head(const response& res, std::string& out) {
  out.clear();
  out += res.version() == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  const unsigned code = res.result_int();
  const char digits[3] = {static_cast<char>('0' + code / 100 % 10), static_cast<char>('0' + code / 10 % 10),
                          static_cast<char>('0' + code % 10)};
  out.append(digits, 3);
  out += ' ';
  const auto reason = res.reason();
  out.append(reason.data(), reason.size());
  out += "\r\n";
  for (const auto& field : res) {
    const auto name = field.name_string();
    const auto value = field.value();
    out.append(name.data(), name.size());
    out += ": ";
    out.append(value.data(), value.size());
    out += "\r\n";
  }
  out += "\r\n";
}

}  // namespace tessera::http
