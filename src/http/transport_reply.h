#pragma once
/// Responses the transport writes by itself, and the fields it owns on handler responses.

#include <boost/beast/core/error.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "tessera/http/server.h"

namespace tessera::http {

/// A transport error: `{"error_code":<status>,"message":"..."}` as application/json.
response error_response(beast_http::status status, std::string_view message);

/// Which error response a failed request read deserves. Nullopt when the connection should just
/// close: the peer went away, a timeout fired, or stop() closed it.
struct read_failure {
  beast_http::status status;
  std::string message;
};
std::optional<read_failure> classify_read_error(const boost::beast::error_code& ec,
                                                std::size_t max_body_bytes);

/// Sets the fields the transport owns on a handler's response (version, keep-alive, framing;
/// HEAD answers lose their body) and returns whether the connection stays open. A handler can
/// force a close by setting `Connection: close`.
bool finish_response(response& res, unsigned version, bool keep_alive, bool head_request);

/// The status line and header fields of `res` exactly as Beast's serializer writes them,
/// replacing `out`. The session sends them and the body with one gather write, which costs a
/// fraction of the generic serializer's buffer-sequence machinery on every response.
void write_head(const response& res, std::string& out);

}  // namespace tessera::http
