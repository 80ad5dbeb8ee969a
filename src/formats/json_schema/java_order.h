#pragma once
/// Java's java.util.HashMap/HashSet iteration order for String keys. Confluent's differ walks
/// property names through HashMaps and HashSets, so the order of its messages is the buckets'
/// order; reproducing it keeps multi-message answers byte-identical.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::formats::json_schema {

/// `String.hashCode()` of UTF-8 text (computed over its UTF-16 code units).
std::int32_t java_string_hash(std::string_view s);

/// Table size of a default-constructed HashMap after `n` distinct insertions.
std::size_t java_default_capacity(std::size_t n);

/// Keys in iteration order of a HashMap with `capacity` buckets into which `keys` (distinct)
/// were inserted in the given order: by bucket, then by insertion order within a bucket.
std::vector<std::string> java_bucket_order(const std::vector<std::string>& keys, std::size_t capacity);

/// Iteration order of a default-constructed HashMap filled from `keys` in order (duplicates keep
/// their first position).
std::vector<std::string> java_hash_map_order(const std::vector<std::string>& keys);

/// Iteration order of `new HashSet<>(first)` followed by `addAll(second)`, where `first` is
/// itself in iteration order (the Collection constructor sizes the table from first.size()).
std::vector<std::string> java_hash_set_union(const std::vector<std::string>& first,
                                             const std::vector<std::string>& second);

}  // namespace tessera::formats::json_schema
