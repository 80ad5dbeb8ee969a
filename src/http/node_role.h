#pragma once
/// This node's place in a multi-node registry, as the operator endpoints show it
/// (/master_available, /metrics). The cluster module supplies it; the HTTP layer only reads it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace tessera::http {

struct node_role {
  bool clustered = false;                 ///< false: a single node that is always its own primary
  std::optional<std::string> primary_url; ///< the primary as last elected; nullopt while unknown
  bool is_primary = true;
  std::uint64_t primary_changes = 0;      ///< a flapping indicator
};

/// Asked per request by the endpoints that show the role; must be cheap and thread-safe.
using node_role_source = std::function<node_role()>;

}  // namespace tessera::http
