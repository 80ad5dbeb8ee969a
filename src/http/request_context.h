#pragma once
/// A parsed request as the resources see it: decoded path parameters, query parameters with
/// JAX-RS conversion rules, the body and the negotiated response type.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/core/result.h"

namespace tessera::http {

class request_context {
 public:
  std::string method;
  std::vector<std::string> path_params;  ///< values of `{...}` segments, in order
  std::multimap<std::string, std::string> query;
  std::optional<std::string> body;  ///< absent when the request had no body
  std::string response_type = "application/vnd.schemaregistry.v1+json";

  /// First value of a query parameter.
  std::optional<std::string> param(std::string_view name) const;
  /// Every value of a repeated query parameter.
  std::vector<std::string> params(std::string_view name) const;
  /// Java Boolean.valueOf: case-insensitive "true" is true, anything else false.
  bool flag(std::string_view name) const;
  /// Java Integer.valueOf; a value that does not convert is a JAX-RS 404.
  result<int> int_param(std::string_view name, int fallback) const;
};

}  // namespace tessera::http
