#include "app/application.h"

#include <spdlog/spdlog.h>

#include "app/cluster_node.h"
#include "http/router.h"
#include "kafkastore/kafka_backend.h"
#include "storage/file_log_backend.h"
#include "storage/memory_backend.h"
#include "tessera/core/registry.h"
#include "tessera/http/server.h"

namespace tessera::app {

namespace {
constexpr std::chrono::milliseconds shutdown_drain{10000};
}

application::application(config::settings settings) : settings_(std::move(settings)) {}

application::~application() { stop(std::chrono::milliseconds(0)); }

result<std::shared_ptr<storage::log_backend>> application::open_store() {
  switch (settings_.store) {
    case config::store_kind::memory:
      spdlog::info("store: memory (nothing survives a restart)");
      return std::shared_ptr<storage::log_backend>(std::make_shared<storage::memory_backend>());
    case config::store_kind::file: {
      auto policy = storage::parse_fsync_policy(settings_.file_fsync.to_string());
      if (!policy) return policy.error();
      auto log = storage::file_log_backend::open({settings_.data_dir, *policy});
      if (!log) return log.error();
      spdlog::info("store: local log {} (fsync {})", (*log)->path().string(), settings_.file_fsync.to_string());
      return std::shared_ptr<storage::log_backend>(std::move(*log));
    }
    case config::store_kind::kafka: {
      auto log = kafkastore::kafka_backend::open(kafkastore::options_from(settings_));
      if (!log) return log.error();
      spdlog::info("store: Kafka topic {} (cluster {})", settings_.kafkastore_topic, (*log)->cluster_id());
      // Nodes on one Kafka topic form one registry: elect a primary, forward writes to it.
      auto node = cluster_node::create(settings_, *log);
      if (!node) return node.error();
      cluster_ = std::move(*node);
      return std::shared_ptr<storage::log_backend>(std::move(*log));
    }
  }
  return fail(error_code::store_error, "unknown store");
}

result<void> application::start() {
  auto store = open_store();
  if (!store) return store.error();
  store_ = *store;

  registry_options options;
  options.default_compatibility = settings_.compatibility;
  options.mode_mutability = settings_.mode_mutability;
  options.incompatible_code = settings_.incompatible_error_code;
  options.write_timeout = std::max(settings_.kafkastore_timeout, std::chrono::milliseconds(10000));
  options.init_timeout = settings_.kafkastore_init_timeout;
  if (cluster_) options.before_write = cluster_->write_check();
  registry_ = std::make_unique<registry>(store_, options);
  if (auto r = registry_->start(); !r) return r.error();

  router_ = cluster_ ? std::make_unique<http::router>(*registry_, cluster_->forward_hook(*registry_),
                                                      cluster_->role_source())
                     : std::make_unique<http::router>(*registry_);
  http::server_options server_options;
  for (const auto& l : settings_.listeners) {
    if (l.scheme != "http") {
      return fail(error_code::internal, "listener " + l.url() + ": only http listeners are supported so far");
    }
    server_options.listeners.push_back({l.host, l.port});
  }
  server_options.max_body_bytes = settings_.http_max_body_bytes;
  server_options.request_timeout = settings_.http_request_timeout;
  server_options.keepalive_timeout = settings_.http_keepalive_timeout;
  server_options.threads = settings_.http_threads;
  auto* r = router_.get();
  server_ = std::make_unique<http::server>(
      server_options, [r](http::request&& req) { return r->handle(std::move(req)); },
      [r](const http::request& req) { return r->may_block(req); });
  if (auto s = server_->start(); !s) return s.error();
  auto ports = server_->ports();
  for (std::size_t i = 0; i < ports.size(); ++i) {
    spdlog::info("listening on http://{}:{}", server_options.listeners[i].host, ports[i]);
  }
  // Joined last, once this node can serve forwarded writes (Confluent's leader.election.delay).
  if (cluster_) cluster_->join();
  return {};
}

void application::run_until_signal() {
  if (!server_) return;
  http::run_until_signal(*server_, shutdown_drain);
  stop(shutdown_drain);
}

void application::stop(std::chrono::milliseconds drain) {
  // Leave the election first: the others elect a new primary while this node drains.
  if (cluster_) cluster_->leave();
  if (server_) {
    server_->stop(drain);
    server_.reset();
  }
  if (registry_) {
    registry_->stop();
    registry_.reset();
  }
  cluster_.reset();
  store_.reset();
}

}  // namespace tessera::app
