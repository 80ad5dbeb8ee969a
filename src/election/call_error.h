#pragma once
/// Why a broker call failed, classified so the state machine knows what to do next
/// (rediscover the coordinator, back off, or give up on the call because we are stopping).

#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>

namespace tessera::election {

struct call_error {
  enum class kind {
    interrupted,  ///< stop() was requested
    timeout,      ///< the per-request deadline passed; the connection was closed
    network,      ///< resolve, connect, TLS or socket error; the connection was closed
    protocol,     ///< malformed or unexpected response; the connection was closed
    unsupported,  ///< the broker lacks an API version we need
    auth,         ///< SASL or TLS authentication refused
  };
  kind what = kind::network;
  std::string message;
};

/// Thrown by call_result<T>::value() on an error: a caller that did not check has a bug.
struct call_exception : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Found by ADL from boost::system::result<T, call_error>::value().
[[noreturn]] inline void throw_exception_from_error(const call_error& e, const boost::source_location&) {
  throw call_exception(e.message);
}

template <class T>
using call_result = boost::system::result<T, call_error>;

/// Shorthand: `return call_fail(call_error::kind::network, "…");`
inline call_error call_fail(call_error::kind k, std::string message) { return call_error{k, std::move(message)}; }

}  // namespace tessera::election
