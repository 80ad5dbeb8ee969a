#include "app/application.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

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
constexpr std::chrono::milliseconds first_retry{1000};
constexpr std::chrono::milliseconds max_retry{30000};

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

}  // namespace

application::application(config::settings settings) : settings_(std::move(settings)) {}

application::~application() { stop(std::chrono::milliseconds(0)); }

result<std::shared_ptr<storage::log_backend>> application::open_store(bool& retriable) {
  retriable = false;
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
      auto log = kafkastore::kafka_backend::open(kafkastore::options_from(settings_), &retriable);
      if (!log) return log.error();
      spdlog::info("store: Kafka topic {} (cluster {})", settings_.kafkastore_topic, (*log)->cluster_id());
      return std::shared_ptr<storage::log_backend>(std::move(*log));
    }
  }
  return fail(error_code::store_error, "unknown store");
}

result<void> application::start() {
  auto signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  router_ = std::make_unique<http::router>();
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
  server_options.blocking_threads = settings_.http_blocking_threads;
  auto* r = router_.get();
  server_ = std::make_unique<http::server>(
      server_options, [r](http::request&& req) { return r->handle(std::move(req)); },
      [r](const http::request& req) { return r->may_block(req); });
  if (auto s = server_->start(); !s) return s.error();
  auto ports = server_->ports();
  for (std::size_t i = 0; i < ports.size(); ++i) {
    spdlog::info("listening on http://{}:{} (not ready until the schema log is replayed)",
                 server_options.listeners[i].host, ports[i]);
  }
  startup_ = std::thread([this] { startup(); });
  return {};
}

bool application::pause(std::chrono::milliseconds d) {
  std::unique_lock lk(mu_);
  return !wake_.wait_for(lk, d, [&] { return stopping_; });
}

void application::startup() {
  auto fail_startup = [this](const error& e) {
    spdlog::critical("startup failed: {}", e.message);
    std::lock_guard lk(mu_);
    startup_failure_ = e;
    wake_.notify_all();
  };
  const bool kafka = settings_.store == config::store_kind::kafka;
  const std::string brokers = join(settings_.kafkastore_bootstrap_servers);
  auto retry_in = first_retry;
  std::shared_ptr<storage::log_backend> store;
  for (int attempt = 1;; ++attempt) {
    router_->set_starting_reason(kafka ? "connecting to the Kafka cluster at " + brokers : "opening the store");
    bool retriable = false;
    auto opened = open_store(retriable);
    if (opened) {
      store = *opened;
      break;
    }
    if (!retriable) return fail_startup(opened.error());
    // An unreachable cluster is waited out, not turned into a crash loop: the listener stays
    // up and answers 503 meanwhile.
    spdlog::error("cannot open the Kafka store (bootstrap servers {}), attempt {}: {}; retrying in {} s", brokers,
                  attempt, opened.error().message, retry_in.count() / 1000);
    router_->set_starting_reason("the Kafka cluster at " + brokers + " is not available (" + opened.error().message +
                                 "); retrying");
    if (!pause(retry_in)) return;
    retry_in = std::min(retry_in * 2, max_retry);
  }

  registry_options options;
  options.default_compatibility = settings_.compatibility;
  options.mode_mutability = settings_.mode_mutability;
  options.incompatible_code = settings_.incompatible_error_code;
  options.write_timeout = std::max(settings_.kafkastore_timeout, std::chrono::milliseconds(10000));
  options.init_timeout = settings_.kafkastore_init_timeout;
  if (settings_.store != config::store_kind::memory) options.snapshot_dir = settings_.snapshot_dir;
  options.snapshot_interval = settings_.snapshot_interval;
  // Nodes on one Kafka topic form one registry: they elect a primary and forward writes to it.
  std::unique_ptr<cluster_node> node;
  if (auto kafka_store = std::dynamic_pointer_cast<kafkastore::kafka_backend>(store)) {
    auto created = cluster_node::create(settings_, kafka_store);
    if (!created) return fail_startup(created.error());
    node = std::move(*created);
    options.before_write = node->write_check();
  }
  registry* reg = nullptr;
  cluster_node* cluster = nullptr;
  {
    std::lock_guard lk(mu_);
    if (stopping_) return;
    store_ = store;
    registry_ = std::make_unique<registry>(store_, options);
    reg = registry_.get();
    cluster_ = std::move(node);
    cluster = cluster_.get();
  }
  if (cluster) router_->join_cluster(cluster->forward_hook(*reg), cluster->role_source());
  router_->set_starting_reason("replaying the schema log");
  router_->attach(*reg);  // answers only once reg->ready()
  if (auto started = reg->start(); !started) {
    {
      std::lock_guard lk(mu_);
      if (stopping_) return;
    }
    return fail_startup(started.error());
  }
  // Joined once this node has caught up and can serve forwarded writes.
  std::lock_guard lk(mu_);
  if (cluster_ && !stopping_) cluster_->join();
}

int application::run_until_signal() {
  if (!server_) return 1;
  auto signals = stop_signals();
  const timespec tick{0, 200 * 1000 * 1000};
  int code = 0;
  for (;;) {
    {
      std::lock_guard lk(mu_);
      if (startup_failure_) {
        code = 1;
        break;
      }
    }
    int sig = sigtimedwait(&signals, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) {
      spdlog::info("signal {} received: stopping", sig);
      break;
    }
  }
  stop(code == 0 ? shutdown_drain : std::chrono::milliseconds(0));
  return code;
}

bool application::ready() const {
  std::lock_guard lk(mu_);
  return registry_ && registry_->ready();
}

void application::stop(std::chrono::milliseconds drain) {
  {
    // Leave the election first: the others elect a new primary while this node drains.
    std::lock_guard lk(mu_);
    if (cluster_) cluster_->leave();
  }
  if (server_) {
    server_->stop(drain);
  }
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
    wake_.notify_all();
    // Wakes a replay in progress; an open() attempt in progress ends within its own timeout.
    if (registry_) registry_->stop();
  }
  if (startup_.joinable()) startup_.join();
  server_.reset();
  std::lock_guard lk(mu_);
  registry_.reset();  // writes the final snapshot (registry::stop() above) before the store goes
  cluster_.reset();
  store_.reset();
}

}  // namespace tessera::app
