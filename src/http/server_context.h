#pragma once
/// State shared by the listeners and every connection of one server.

#include <algorithm>
#include <boost/asio/thread_pool.hpp>
#include <utility>

#include "http/connection_registry.h"
#include "tessera/http/server.h"

namespace tessera::http {

struct server_context {
  /// Takes the server's settings; the blocking pool's threads start here.
  server_context(server_options o, handler h, block_predicate b)
      : options(std::move(o)),
        handle(std::move(h)),
        may_block(std::move(b)),
        blocking_pool(std::max(1u, options.blocking_threads)) {}

  server_options options;
  handler handle;
  block_predicate may_block;
  /// Runs requests for which may_block() is true, so io threads never wait on storage.
  boost::asio::thread_pool blocking_pool;
  connection_registry connections;
};

}  // namespace tessera::http
