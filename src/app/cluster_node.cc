#include "app/cluster_node.h"

#include <spdlog/spdlog.h>

#include "tessera/core/registry.h"

namespace tessera::app {

result<std::unique_ptr<cluster_node>> cluster_node::create(const config::settings& settings,
                                                           std::shared_ptr<kafkastore::kafka_backend> store) {
  auto options = election::group_options_from(settings);
  if (!options) return options.error();
  if (auto valid = election::validate(*options); !valid) return valid.error();
  return std::unique_ptr<cluster_node>(new cluster_node(settings, std::move(store), std::move(*options)));
}

cluster_node::cluster_node(const config::settings& settings, std::shared_ptr<kafkastore::kafka_backend> store,
                           election::group_options options)
    : settings_(settings),
      store_(std::move(store)),
      options_(std::move(options)),
      permission_(primary_, [s = store_] { return s->fence(); }, [s = store_] { return s->can_write(); }) {}

cluster_node::~cluster_node() { leave(); }

std::function<result<void>()> cluster_node::write_check() {
  return [this] { return permission_.check(); };
}

http::forward_hook cluster_node::forward_hook(registry& reg) {
  cluster::forwarding_options o;
  o.wait_for_primary = settings_.leader_wait;
  o.extra_headers = settings_.inter_instance_headers_whitelist;
  o.client.connect_timeout = settings_.leader_connect_timeout;
  o.client.read_timeout = settings_.leader_read_timeout;
  registry_ = &reg;
  forwarder_ = std::make_unique<cluster::write_forwarder>(primary_, reg, std::move(o));
  return [f = forwarder_.get()](const http::request& req) { return f->forward(req); };
}

http::node_role_source cluster_node::role_source() {
  return [this] {
    http::node_role role;
    role.clustered = true;
    auto p = primary_.current();
    if (p) role.primary_url = p->url;
    role.is_primary = p && p->self;
    role.primary_changes = primary_.changes();
    return role;
  };
}

void cluster_node::on_election(const election::primary_change& change) {
  if (change.duplicate_urls) {
    spdlog::error("election: two nodes advertise the URL {}; no primary until host.name/listeners are made unique",
                  options_.identity.url());
  }
  if (!change.primary) {
    store_->relinquish();
    primary_.set(std::nullopt);
    return;
  }
  if (!change.is_self) store_->relinquish();
  // The fence itself waits for the first write (write_permission), which runs it under the
  // registry's write lock right before catching up with the log.
  primary_.set(cluster::primary_info{change.primary->url(), change.is_self});
}

void cluster_node::join() {
  // A node that left is stopping: it never joins again (stop() may overtake a late startup).
  if (member_ || primary_.has_left()) return;
  member_ = std::make_unique<election::group_member>(options_,
                                                     [this](const election::primary_change& c) { on_election(c); });
  member_->start();
}

void cluster_node::leave() {
  // Stop taking writes here before the group hears of it, and wake the forwarded writes waiting
  // for a primary: once out of the group this node never learns the next one, so they answer
  // 50004 now and their sender takes them to the next primary (a follower keeps forwarding to
  // the primary it knows while it drains).
  primary_.leave();
  if (!member_) return;
  // Let the writes already running finish: the next primary's fence would otherwise abort them
  // under their clients.
  if (registry_) registry_->wait_writes_idle();
  member_->stop();
  member_.reset();
  store_->relinquish();
}

}  // namespace tessera::app
