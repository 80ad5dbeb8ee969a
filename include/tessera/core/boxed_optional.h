#pragma once
/// An optional value kept on the heap: one pointer wide while empty, instead of the value's
/// whole size. For members that are almost always absent in objects held by the hundred
/// thousand (a schema's metadata and rule set), with std::optional's interface and value
/// semantics, and conversions to and from std::optional for the code that passes them on.

#include <memory>
#include <optional>
#include <utility>

namespace tessera {

template <class T>
class boxed_optional {
 public:
  using value_type = T;

  boxed_optional() noexcept = default;
  boxed_optional(std::nullopt_t) noexcept {}  // NOLINT(google-explicit-constructor)
  boxed_optional(const T& v) : p_(std::make_unique<T>(v)) {}  // NOLINT(google-explicit-constructor)
  boxed_optional(T&& v) : p_(std::make_unique<T>(std::move(v))) {}  // NOLINT(google-explicit-constructor)
  boxed_optional(const std::optional<T>& v)  // NOLINT(google-explicit-constructor)
      : p_(v ? std::make_unique<T>(*v) : nullptr) {}
  boxed_optional(std::optional<T>&& v)  // NOLINT(google-explicit-constructor)
      : p_(v ? std::make_unique<T>(std::move(*v)) : nullptr) {}
  boxed_optional(const boxed_optional& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  boxed_optional(boxed_optional&&) noexcept = default;
  ~boxed_optional() = default;

  boxed_optional& operator=(const boxed_optional& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  boxed_optional& operator=(boxed_optional&&) noexcept = default;
  boxed_optional& operator=(std::nullopt_t) noexcept {
    p_.reset();
    return *this;
  }

  /// True when a value is present.
  bool has_value() const noexcept { return p_ != nullptr; }
  explicit operator bool() const noexcept { return p_ != nullptr; }
  T& operator*() noexcept { return *p_; }
  const T& operator*() const noexcept { return *p_; }
  T* operator->() noexcept { return p_.get(); }
  const T* operator->() const noexcept { return p_.get(); }
  /// The value; throws std::bad_optional_access when empty.
  const T& value() const {
    if (!p_) throw std::bad_optional_access();
    return *p_;
  }
  /// Replaces the value with one built from `args`.
  template <class... Args>
  T& emplace(Args&&... args) {
    p_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *p_;
  }
  /// Drops the value.
  void reset() noexcept { p_.reset(); }

  /// A copy as a std::optional, for interfaces that take one.
  operator std::optional<T>() const {  // NOLINT(google-explicit-constructor)
    return p_ ? std::optional<T>(*p_) : std::nullopt;
  }
  /// The same without the copy, for a value about to be discarded.
  std::optional<T> take() && { return p_ ? std::optional<T>(std::move(*p_)) : std::nullopt; }

  friend bool operator==(const boxed_optional& a, const boxed_optional& b) {
    return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
  }
  friend bool operator==(const boxed_optional& a, const std::optional<T>& b) {
    return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
  }
  friend bool operator==(const boxed_optional& a, std::nullopt_t) noexcept { return !a.has_value(); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace tessera
