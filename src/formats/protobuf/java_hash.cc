#include "formats/protobuf/java_hash.h"

#include <algorithm>
#include <utility>

namespace tessera::formats::protobuf {

namespace {

std::uint32_t spread(std::int32_t h) {
  auto u = static_cast<std::uint32_t>(h);
  return u ^ (u >> 16);
}

std::size_t table_size_for(std::size_t cap) {
  std::size_t n = 1;
  while (n < cap) n <<= 1;
  return n;
}

/// A java.util.HashMap reduced to what decides iteration order: buckets of keys in insertion
/// order, doubled (with Java's lo/hi split, which keeps relative order) past 0.75 load.
template <class K>
class hash_table {
 public:
  explicit hash_table(std::size_t initial_capacity) : buckets_(initial_capacity) {}

  void insert(const K& key) {
    std::uint32_t h = spread(java_hash(key));
    auto& bucket = buckets_[h & (buckets_.size() - 1)];
    for (const auto& e : bucket) {
      if (e.first == key) return;
    }
    bucket.emplace_back(key, h);
    if (++size_ > buckets_.size() * 3 / 4) grow();
  }

  std::vector<K> keys() const {
    std::vector<K> out;
    for (const auto& bucket : buckets_) {
      for (const auto& e : bucket) out.push_back(e.first);
    }
    return out;
  }

 private:
  void grow() {
    std::vector<std::vector<std::pair<K, std::uint32_t>>> next(buckets_.size() * 2);
    for (const auto& bucket : buckets_) {
      for (const auto& e : bucket) next[e.second & (next.size() - 1)].push_back(e);
    }
    buckets_ = std::move(next);
  }

  std::vector<std::vector<std::pair<K, std::uint32_t>>> buckets_;
  std::size_t size_ = 0;
};

template <class K>
std::vector<K> map_order(const std::vector<K>& keys) {
  hash_table<K> t(16);
  for (const K& k : keys) t.insert(k);
  return t.keys();
}

template <class K>
std::vector<K> set_union(const std::vector<K>& a, const std::vector<K>& b) {
  // HashSet(Collection c) sizes its map for c: max(c.size() / .75 + 1, 16), rounded up to 2^n.
  std::size_t wanted = std::max<std::size_t>(static_cast<std::size_t>(static_cast<float>(a.size()) / .75f) + 1, 16);
  hash_table<K> t(table_size_for(wanted));
  for (const K& k : a) t.insert(k);
  for (const K& k : b) t.insert(k);
  return t.keys();
}

}  // namespace

std::int32_t java_hash(std::string_view s) {
  std::uint32_t h = 0;
  for (unsigned char c : s) h = 31 * h + c;
  return static_cast<std::int32_t>(h);
}

std::vector<std::string> java_hash_map_order(const std::vector<std::string>& keys) { return map_order(keys); }
std::vector<std::int32_t> java_hash_map_order(const std::vector<std::int32_t>& keys) { return map_order(keys); }

std::vector<std::string> java_hash_set_union(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return set_union(a, b);
}
std::vector<std::int32_t> java_hash_set_union(const std::vector<std::int32_t>& a,
                                              const std::vector<std::int32_t>& b) {
  return set_union(a, b);
}

}  // namespace tessera::formats::protobuf
