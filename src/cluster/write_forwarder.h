#pragma once
/// The follower side of writes: a mutating request that reaches a node which is not the primary
/// goes to the primary with Confluent's forwarding headers, and the primary's status and body
/// come back unchanged. During an election the request waits (bounded) for a primary instead of
/// failing at once, so a failover looks like a slow request rather than an error.
///
/// A 50004 answer from the node forwarded to means that node did not handle the write (it was
/// not the primary, or no longer); the node the client called then sends it on to the next
/// primary, as when the primary cannot be reached.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cluster/forward_client.h"
#include "cluster/primary_state.h"
#include "http/router.h"

namespace tessera {
class registry;
}

namespace tessera::cluster {

struct forwarding_options {
  /// How long a write waits for an election to name a primary before answering 50004.
  std::chrono::milliseconds wait_for_primary{15000};
  /// After a 50004 answer, how long to wait for this node's view of the primary to change
  /// before asking the same node again (it may be the primary and not know it yet).
  std::chrono::milliseconds declined_retry{250};
  /// inter.instance.headers.whitelist: extra request headers passed on to the primary.
  std::vector<std::string> extra_headers;
  forward_client_options client;
};

class write_forwarder {
 public:
  write_forwarder(primary_state& primary, registry& reg, forwarding_options options);

  /// Nullopt when this node is the primary (handle the write here); otherwise the primary's
  /// answer, or 50004 (no primary, or this node left the election) / 50003 (the primary could
  /// not be reached and no other one was elected within wait_for_primary).
  std::optional<result<http::forwarded_reply>> forward(const http::request& req);

 private:
  http::request outgoing(const http::request& req, int hops) const;
  /// The 50004 this node answers itself when it knows no primary to send the write to.
  result<http::forwarded_reply> no_primary() const;
  /// The primary's answer as the client gets it, once this node has read the write too.
  std::optional<result<http::forwarded_reply>> pass_through(http::response answer);

  primary_state& primary_;
  registry& registry_;
  forwarding_options options_;
  forward_client client_;
};

}  // namespace tessera::cluster
