#include "tessera/http/server.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>

#include "http/listener.h"
#include "http/server_context.h"

namespace net = boost::asio;

namespace tessera::http {

namespace {
/// After the drain has run out and sockets were closed, how long connections get to notice.
constexpr std::chrono::seconds close_grace{5};
}  // namespace

class server::impl {
 public:
  impl(server_options options, handler handle, block_predicate may_block)
      : ioc_(static_cast<int>(std::max(1u, options.threads))),
        ctx_(std::move(options), std::move(handle), std::move(may_block)) {}

  ~impl() { stop(std::chrono::milliseconds(0)); }

  result<void> start();
  std::vector<unsigned short> ports() const;
  void stop(std::chrono::milliseconds drain);
  void wait();

 private:
  enum class state { created, running, stopping, stopped };

  net::io_context ioc_;  // first member: everything below uses it and must go first
  server_context ctx_;
  std::vector<std::unique_ptr<listener>> listeners_;
  std::vector<unsigned short> ports_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  state state_ = state::created;
};

result<void> server::impl::start() {
  std::lock_guard lock(mutex_);
  if (state_ != state::created) return fail(error_code::internal, "http server started twice");
  if (ctx_.options.listeners.empty()) {
    return fail(error_code::internal, "http server has no listener configured");
  }
  // Bind everything before serving anything: a half-started server is worse than none.
  for (const auto& address : ctx_.options.listeners) {
    auto l = std::make_unique<listener>(ioc_, ctx_);
    auto port = l->open(address);
    if (!port) {
      listeners_.clear();
      ports_.clear();
      return port.error();
    }
    ports_.push_back(*port);
    listeners_.push_back(std::move(l));
  }
  for (auto& l : listeners_) l->start();
  work_.emplace(ioc_.get_executor());
  const unsigned n = std::max(1u, ctx_.options.threads);
  threads_.reserve(n);
  for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this] { ioc_.run(); });
  state_ = state::running;
  return {};
}

std::vector<unsigned short> server::impl::ports() const {
  std::lock_guard lock(mutex_);
  return ports_;
}

void server::impl::stop(std::chrono::milliseconds drain) {
  {
    std::unique_lock lock(mutex_);
    if (state_ == state::created) {
      state_ = state::stopped;
      changed_.notify_all();
      return;
    }
    if (state_ != state::running) {
      changed_.wait(lock, [this] { return state_ == state::stopped; });
      return;
    }
    state_ = state::stopping;
  }

  for (auto& l : listeners_) l->close();
  ctx_.connections.close_idle();
  if (!ctx_.connections.wait_empty(std::chrono::steady_clock::now() + drain)) {
    ctx_.connections.close_all();
  }
  // A handler on the blocking pool cannot be interrupted; its socket is closed by now, so wait
  // for it to return, then for its connection to notice.
  ctx_.blocking_pool.join();
  ctx_.connections.wait_empty(std::chrono::steady_clock::now() + close_grace);

  work_.reset();
  ioc_.stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  for (auto& l : listeners_) l->close_now();  // in case the posted close never ran
  ctx_.connections.clear();

  std::lock_guard lock(mutex_);
  state_ = state::stopped;
  changed_.notify_all();
}

void server::impl::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return state_ == state::created || state_ == state::stopped; });
}

server::server(server_options options, handler handle, block_predicate may_block)
    : impl_(std::make_unique<impl>(std::move(options), std::move(handle), std::move(may_block))) {}

server::~server() = default;

result<void> server::start() { return impl_->start(); }

std::vector<unsigned short> server::ports() const { return impl_->ports(); }

void server::stop(std::chrono::milliseconds drain) { impl_->stop(drain); }

void server::wait() { impl_->wait(); }

void run_until_signal(server& s, std::chrono::milliseconds drain) {
  net::io_context ioc(1);
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) s.stop(drain);
  });
  ioc.run();
}

}  // namespace tessera::http
