#pragma once
/// The multi-node side of a Kafka-backed node, composed: the election member, who the primary
/// is, the follower's forwarding and the primary's fenced right to write. The application
/// builds the registry and router with the hooks this hands out.

#include <memory>

#include "cluster/primary_state.h"
#include "cluster/write_forwarder.h"
#include "cluster/write_permission.h"
#include "config/settings.h"
#include "election/group_member.h"
#include "http/node_role.h"
#include "http/router.h"
#include "kafkastore/kafka_backend.h"

namespace tessera::app {

class cluster_node {
 public:
  /// Checks the election settings (listener, identity, group); nothing starts yet.
  static result<std::unique_ptr<cluster_node>> create(const config::settings& settings,
                                                      std::shared_ptr<kafkastore::kafka_backend> store);
  ~cluster_node();

  /// For registry_options::before_write: refuses unless primary, fences once per term.
  std::function<result<void>()> write_check();
  /// For the router: forwards writes from a follower (the registry must outlive this node).
  http::forward_hook forward_hook(registry& reg);
  /// For /master_available and /metrics.
  http::node_role_source role_source();

  /// Joins the election group (after the registry has replayed and the server listens); not
  /// after leave().
  void join();
  /// Leaves the group at once so the others elect a new primary without waiting for the session
  /// timeout; this node stops taking writes itself from here on, and writes that wait here for a
  /// primary answer 50004 at once. Final: the node is stopping.
  void leave();

 private:
  cluster_node(const config::settings& settings, std::shared_ptr<kafkastore::kafka_backend> store,
               election::group_options options);
  void on_election(const election::primary_change& change);

  const config::settings& settings_;
  std::shared_ptr<kafkastore::kafka_backend> store_;
  election::group_options options_;
  cluster::primary_state primary_;
  cluster::write_permission permission_;
  std::unique_ptr<cluster::write_forwarder> forwarder_;
  registry* registry_ = nullptr;
  std::unique_ptr<election::group_member> member_;
};

}  // namespace tessera::app
