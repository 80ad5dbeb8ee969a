#pragma once
/// Iteration order of java.util.HashSet. Confluent's Protobuf differ walks HashSets of names and
/// field numbers, so the order of its difference messages is the hash-table order; reproducing it
/// keeps our messages byte-identical when a pair has several differences.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::formats::protobuf {

/// Java's String.hashCode (identifiers are ASCII, so bytes stand for UTF-16 units).
std::int32_t java_hash(std::string_view s);
/// Java's Integer.hashCode.
inline std::int32_t java_hash(std::int32_t v) { return v; }

/// The order in which `new HashMap<>()` filled with `keys` (in that order) iterates its keys.
std::vector<std::string> java_hash_map_order(const std::vector<std::string>& keys);
std::vector<std::int32_t> java_hash_map_order(const std::vector<std::int32_t>& keys);

/// `s = new HashSet<>(a); s.addAll(b); for (x : s)` where `a` and `b` are already in their own
/// iteration order.
std::vector<std::string> java_hash_set_union(const std::vector<std::string>& a, const std::vector<std::string>& b);
std::vector<std::int32_t> java_hash_set_union(const std::vector<std::int32_t>& a,
                                              const std::vector<std::int32_t>& b);

}  // namespace tessera::formats::protobuf
