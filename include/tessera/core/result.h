#pragma once
/// result<T>: a value or a tessera::error. Internals return it; only bugs throw.

#include <boost/system/result.hpp>
#include <stdexcept>

#include "tessera/core/error.h"

namespace tessera {

/// Thrown by result<T>::value() on an error: a caller that did not check has a bug.
class error_exception : public std::runtime_error {
 public:
  explicit error_exception(tessera::error e) : std::runtime_error(e.message), error_(std::move(e)) {}
  const tessera::error& get() const { return error_; }

 private:
  tessera::error error_;
};

// Found by ADL from boost::system::result<T, error>::value().
[[noreturn]] inline void throw_exception_from_error(const error& e, const boost::source_location&) {
  throw error_exception(e);
}

template <class T>
using result = boost::system::result<T, error>;

/// Shorthand to build a failed result: `return fail(error_code::x, "msg");`
inline error fail(error_code code, std::string message) { return error{code, std::move(message)}; }

}  // namespace tessera
