#include "election/wire.h"

#include <boost/endian/conversion.hpp>
#include <cstring>

namespace tessera::election {

namespace {

template <class T>
void put(bytes& out, T v) {
  T be = boost::endian::native_to_big(v);
  const auto* p = reinterpret_cast<const std::uint8_t*>(&be);
  out.insert(out.end(), p, p + sizeof(T));
}

template <class T>
T get(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return boost::endian::big_to_native(v);
}

}  // namespace

void wire_writer::int8(std::int8_t v) { out_.push_back(static_cast<std::uint8_t>(v)); }
void wire_writer::int16(std::int16_t v) { put(out_, v); }
void wire_writer::int32(std::int32_t v) { put(out_, v); }
void wire_writer::int64(std::int64_t v) { put(out_, v); }

void wire_writer::string(std::string_view s) {
  if (s.size() > 0x7fff) throw std::length_error("Kafka string longer than 32767 bytes");
  int16(static_cast<std::int16_t>(s.size()));
  out_.insert(out_.end(), s.begin(), s.end());
}

void wire_writer::nullable_string(const std::optional<std::string>& s) {
  if (!s) {
    int16(-1);
    return;
  }
  string(*s);
}

void wire_writer::bytes_field(std::string_view b) {
  if (b.size() > 0x7fffffff) throw std::length_error("Kafka bytes field longer than 2^31-1");
  int32(static_cast<std::int32_t>(b.size()));
  out_.insert(out_.end(), b.begin(), b.end());
}

void wire_writer::array_count(std::size_t n) {
  if (n > 0x7fffffff) throw std::length_error("Kafka array longer than 2^31-1");
  int32(static_cast<std::int32_t>(n));
}

const std::uint8_t* wire_reader::take(std::size_t n) {
  if (remaining() < n) {
    throw wire_error("response truncated: needed " + std::to_string(n) + " bytes, " + std::to_string(remaining()) +
                     " left");
  }
  const auto* p = p_;
  p_ += n;
  return p;
}

std::int8_t wire_reader::int8() { return static_cast<std::int8_t>(*take(1)); }
std::int16_t wire_reader::int16() { return get<std::int16_t>(take(2)); }
std::int32_t wire_reader::int32() { return get<std::int32_t>(take(4)); }
std::int64_t wire_reader::int64() { return get<std::int64_t>(take(8)); }

std::optional<std::string> wire_reader::nullable_string() {
  auto n = int16();
  if (n == -1) return std::nullopt;
  if (n < 0) throw wire_error("negative string length " + std::to_string(n));
  const auto* p = take(static_cast<std::size_t>(n));
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::string wire_reader::string() {
  auto s = nullable_string();
  if (!s) throw wire_error("null where a string is required");
  return std::move(*s);
}

std::string wire_reader::bytes_field() {
  auto n = int32();
  if (n < 0) throw wire_error("null or negative bytes length " + std::to_string(n));
  const auto* p = take(static_cast<std::size_t>(n));
  return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::size_t wire_reader::array_count() {
  auto n = int32();
  if (n == -1) return 0;
  if (n < 0) throw wire_error("negative array count " + std::to_string(n));
  // Every element takes at least one byte, so a count beyond the remaining bytes is garbage;
  // checking here keeps a hostile count from reserving gigabytes.
  if (static_cast<std::size_t>(n) > remaining()) {
    throw wire_error("array count " + std::to_string(n) + " exceeds the " + std::to_string(remaining()) +
                     " bytes left");
  }
  return static_cast<std::size_t>(n);
}

void wire_reader::expect_end() const {
  if (remaining() != 0) throw wire_error(std::to_string(remaining()) + " unexpected trailing bytes");
}

}  // namespace tessera::election
