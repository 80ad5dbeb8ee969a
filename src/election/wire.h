#pragma once
/// Kafka wire primitives for the non-flexible protocol versions the elector speaks: big-endian
/// integers, int16-length strings, int32-length bytes and int32-count arrays (null = length -1).
/// The writer appends to a byte vector; the reader walks a received body and throws wire_error on
/// truncated or malformed input (the message decoders turn that into a failed result).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::election {

using bytes = std::vector<std::uint8_t>;

/// A response body that does not match the layout we expect.
struct wire_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Appends Kafka primitives to a buffer.
class wire_writer {
 public:
  /// Appends one signed byte.
  void int8(std::int8_t v);
  /// Appends a big-endian int16.
  void int16(std::int16_t v);
  /// Appends a big-endian int32.
  void int32(std::int32_t v);
  /// Appends a big-endian int64.
  void int64(std::int64_t v);
  /// Appends an int16-length string (at most 32767 bytes; longer throws std::length_error).
  void string(std::string_view s);
  /// Appends a nullable string: length -1 for nullopt.
  void nullable_string(const std::optional<std::string>& s);
  /// Appends int32-length bytes.
  void bytes_field(std::string_view b);
  /// Appends an int32 array count.
  void array_count(std::size_t n);

  /// The bytes written so far.
  const bytes& data() const { return out_; }
  /// Moves the bytes out.
  bytes take() { return std::move(out_); }

 private:
  bytes out_;
};

/// Reads Kafka primitives from a received body; every read checks the remaining length.
class wire_reader {
 public:
  explicit wire_reader(const bytes& in) : p_(in.data()), end_(in.data() + in.size()) {}
  wire_reader(const std::uint8_t* p, std::size_t n) : p_(p), end_(p + n) {}

  std::int8_t int8();
  std::int16_t int16();
  std::int32_t int32();
  std::int64_t int64();
  /// A non-nullable string; a null (-1) fails.
  std::string string();
  /// A nullable string.
  std::optional<std::string> nullable_string();
  /// Non-nullable int32-length bytes.
  std::string bytes_field();
  /// An array count; null (-1) reads as 0. Counts larger than the remaining bytes fail early.
  std::size_t array_count();

  /// Bytes not read yet.
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  /// Fails unless the whole body was read (a layout mismatch shows up as trailing bytes).
  void expect_end() const;

 private:
  const std::uint8_t* take(std::size_t n);
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace tessera::election
