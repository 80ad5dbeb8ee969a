#pragma once
/// HTTP/1.1 client a follower uses to hand writes to the primary: keep-alive connections reused
/// across requests (a pool per primary address), Confluent's two timeouts
/// (leader.connect.timeout.ms, leader.read.timeout.ms), and no retries of its own except on a
/// pooled connection the primary had already closed, where the request never reached it.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tessera/core/result.h"
#include "tessera/http/server.h"

namespace tessera::cluster {

struct forward_client_options {
  std::chrono::milliseconds connect_timeout{60000};
  std::chrono::milliseconds read_timeout{60000};
  std::size_t max_idle_per_target = 16;
  std::size_t max_response_bytes = 64 << 20;
};

/// `http://host:port` split for connecting; only plain http (the listeners Tessera serves).
struct forward_target {
  std::string host;
  std::string port;
  /// Parses a node URL such as `http://10.0.0.5:8081`; fails on another scheme or no port.
  static result<forward_target> parse(const std::string& url);
  std::string key() const { return host + ":" + port; }
};

class forward_client {
 public:
  explicit forward_client(forward_client_options options);
  ~forward_client();
  forward_client(const forward_client&) = delete;
  forward_client& operator=(const forward_client&) = delete;

  /// Sends `req` to `target` and returns its response, whatever its status. Transport failures
  /// (refused, reset, timeouts) are errors with the cause in the message; `never_sent` (optional)
  /// tells whether no connection could be made, so the primary cannot have seen the request.
  /// Thread-safe.
  result<http::response> send(const forward_target& target, http::request req, bool* never_sent = nullptr);
  /// Closes every idle connection (the primary changed).
  void clear();

 private:
  struct connection;
  std::unique_ptr<connection> take_idle(const std::string& key);
  void give_back(const std::string& key, std::unique_ptr<connection> c);
  result<http::response> exchange(connection& c, const forward_target& target, const http::request& req,
                                  bool& unsent, bool& not_connected);

  forward_client_options options_;
  std::mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<connection>>> idle_;
};

}  // namespace tessera::cluster
