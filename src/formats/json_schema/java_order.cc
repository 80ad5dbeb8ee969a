// java.util.HashMap bucket arithmetic: hash = h ^ (h >>> 16), bucket = hash & (capacity - 1),
// the table doubles when the size exceeds 3/4 of the capacity, and a resize splits buckets
// keeping the relative order of their entries. So the final order is a stable sort by bucket
// index at the final capacity.

#include "formats/json_schema/java_order.h"

#include <algorithm>
#include <set>

namespace tessera::formats::json_schema {

namespace {

std::size_t bucket_of(std::string_view key, std::size_t capacity) {
  auto h = static_cast<std::uint32_t>(java_string_hash(key));
  h ^= h >> 16;
  return h & (capacity - 1);
}

/// HashMap.tableSizeFor: the smallest power of two >= n (at least 1).
std::size_t table_size_for(std::size_t n) {
  std::size_t cap = 1;
  while (cap < n) cap <<= 1;
  return cap;
}

/// Capacity after inserting `n` entries into a table that started with `capacity` buckets.
std::size_t grown(std::size_t capacity, std::size_t n) {
  while (n > capacity * 3 / 4) capacity <<= 1;
  return capacity;
}

}  // namespace

std::int32_t java_string_hash(std::string_view s) {
  std::uint32_t h = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else if (c >= 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xC0) {
      len = 2;
      cp = c & 0x1F;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = 31 * h + (0xD800 + (cp >> 10));
      h = 31 * h + (0xDC00 + (cp & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<std::int32_t>(h);
}

std::size_t java_default_capacity(std::size_t n) { return grown(16, n); }

std::vector<std::string> java_bucket_order(const std::vector<std::string>& keys, std::size_t capacity) {
  std::vector<std::string> out = keys;
  std::stable_sort(out.begin(), out.end(), [capacity](const std::string& a, const std::string& b) {
    return bucket_of(a, capacity) < bucket_of(b, capacity);
  });
  return out;
}

std::vector<std::string> java_hash_map_order(const std::vector<std::string>& keys) {
  std::vector<std::string> distinct;
  std::set<std::string> seen;
  for (const auto& k : keys) {
    if (seen.insert(k).second) distinct.push_back(k);
  }
  return java_bucket_order(distinct, java_default_capacity(distinct.size()));
}

std::vector<std::string> java_hash_set_union(const std::vector<std::string>& first,
                                             const std::vector<std::string>& second) {
  // new HashSet<>(c): HashMap(max((int)(c.size() / .75f) + 1, 16)).
  auto initial = static_cast<std::size_t>(static_cast<float>(first.size()) / 0.75F) + 1;
  std::size_t capacity = table_size_for(std::max<std::size_t>(initial, 16));
  std::vector<std::string> inserted;
  std::set<std::string> seen;
  for (const auto* list : {&first, &second}) {
    for (const auto& k : *list) {
      if (seen.insert(k).second) inserted.push_back(k);
    }
  }
  return java_bucket_order(inserted, grown(capacity, inserted.size()));
}

}  // namespace tessera::formats::json_schema
