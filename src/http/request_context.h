#pragma once
/// A parsed request as the resources see it: decoded path parameters, query parameters with
/// JAX-RS conversion rules, the body and the negotiated response type.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/node_role.h"
#include "tessera/core/result.h"

namespace tessera::http {

class request_context {
 public:
  std::string method;
  std::vector<std::string> path_params;  ///< values of `{...}` segments, in order
  std::multimap<std::string, std::string> query;
  std::optional<std::string> body;  ///< absent when the request had no body
  std::string response_type = "application/vnd.schemaregistry.v1+json";
  const node_role_source* role = nullptr;  ///< set by the router when the node is part of a cluster

  /// This node's role (a single node is its own primary when no role source is set).
  node_role current_role() const;

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
