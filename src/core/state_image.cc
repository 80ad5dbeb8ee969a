// The state image of a version-2 snapshot. Layout: docs/design/snapshot-format.md, "State image".

#include "core/state_image.h"

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstring>
#include <vector>

#include "storage/records_json.h"
#include "tessera/core/errors.h"
#include "tessera/core/qualified_subject.h"

namespace tessera {

namespace {

// Flags of a schema entry.
constexpr std::uint8_t has_references = 1;
constexpr std::uint8_t has_metadata = 2;
constexpr std::uint8_t has_rule_set = 4;
constexpr std::uint8_t hash_indexed = 8;  ///< the context's content index maps the hash to this id
constexpr std::uint8_t known_flags = has_references | has_metadata | has_rule_set | hash_indexed;

// Smallest encodings, to bound counts by the bytes left before reserving anything.
constexpr std::size_t min_record = 4 + 1;
constexpr std::size_t version_bytes = 4 + 4 + 1 + 8;
constexpr std::size_t min_subject = 4 + 4 + version_bytes;
constexpr std::size_t min_schema = 4 + 1 + 1 + 16 + 4 + 4 + 4 + 8;
constexpr std::size_t holder_bytes = 4 + 4;
constexpr std::size_t min_reference = 4 + 4 + 4;

void put_u8(std::string& out, std::uint8_t v) { out.push_back(static_cast<char>(v)); }
void put_u32(std::string& out, std::uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out.append(b, 4);
}
void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out.append(b, 8);
}
void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

/// Bounds-checked little-endian reader; a short read marks it failed and reads zeros after.
class reader {
 public:
  explicit reader(std::string_view bytes) : bytes_(bytes) {}

  std::uint8_t u8() { return static_cast<std::uint8_t>(uint(1)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
  std::int32_t i32() { return static_cast<std::int32_t>(uint(4)); }
  std::int64_t i64() { return static_cast<std::int64_t>(uint(8)); }
  std::string_view str() {
    auto n = u32();
    const char* p = take(n);
    return p ? std::string_view(p, n) : std::string_view();
  }
  const char* take(std::size_t n) {
    if (!ok_ || bytes_.size() - pos_ < n) {
      ok_ = false;
      return nullptr;
    }
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  /// False, and marks the reader failed, when `count` items of at least `min_bytes` each cannot
  /// fit in what is left.
  bool fits(std::uint64_t count, std::size_t min_bytes) {
    if (count > left() / min_bytes) ok_ = false;
    return ok_;
  }
  bool ok() const { return ok_; }
  std::size_t left() const { return bytes_.size() - pos_; }

 private:
  std::uint64_t uint(int width) {
    const char* p = take(static_cast<std::size_t>(width));
    if (p == nullptr) return 0;
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v |= std::uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
  }

  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

error bad_image(const std::string& why) { return errors::store_error("snapshot state image " + why); }

}  // namespace

void state_image::write(const registry_state& state, std::string& out) {
  std::size_t estimate = 64;
  for (const auto& [context, by_id] : state.schemas_) {
    for (const auto& [id, e] : by_id) estimate += min_schema + e.content.text.size() + holder_bytes * e.holders.size();
  }
  for (const auto& [name, s] : state.subjects_) estimate += 8 + name.size() + version_bytes * s.versions.size();
  out.reserve(out.size() + estimate);

  // Settings and contexts as records: few, and the apply path already knows them.
  std::vector<storage::raw_record> records;
  for (const auto& context : state.contexts_) {
    if (context == default_context) continue;
    records.push_back(storage::encode({storage::context_key("default", context), storage::context_value{"default", context}}));
  }
  for (const auto& [key, value] : state.configs_) {
    records.push_back(storage::encode({storage::config_key(key.empty() ? std::nullopt : std::optional(key)), value}));
  }
  for (const auto& [key, m] : state.modes_) {
    auto subject = key.empty() ? std::nullopt : std::optional(key);
    records.push_back(storage::encode({storage::mode_key(subject), storage::mode_value{subject, m}}));
  }
  put_u32(out, static_cast<std::uint32_t>(records.size()));
  for (const auto& r : records) {
    put_str(out, r.key);
    put_u8(out, r.value ? 1 : 0);
    if (r.value) put_str(out, *r.value);
  }

  put_u32(out, static_cast<std::uint32_t>(state.max_ids_.size()));
  for (const auto& [context, id] : state.max_ids_) {
    put_str(out, context);
    put_u32(out, static_cast<std::uint32_t>(id));
  }

  // Holders name their subject by its position in this list.
  boost::unordered_flat_map<const std::string*, std::uint32_t> subject_index;
  subject_index.reserve(state.subjects_.size());
  put_u32(out, static_cast<std::uint32_t>(state.subjects_.size()));
  for (const auto& [name, s] : state.subjects_) {
    subject_index.emplace(&name, static_cast<std::uint32_t>(subject_index.size()));
    put_str(out, name);
    put_u32(out, static_cast<std::uint32_t>(s.versions.size()));
    for (const auto& [version, slot] : s.versions) {
      put_u32(out, static_cast<std::uint32_t>(version));
      put_u32(out, static_cast<std::uint32_t>(slot.id));
      put_u8(out, slot.deleted ? 1 : 0);
      put_u64(out, static_cast<std::uint64_t>(slot.timestamp_ms));
    }
  }

  std::uint32_t contexts = 0;
  for (const auto& [context, by_id] : state.schemas_) contexts += by_id.empty() ? 0 : 1;
  put_u32(out, contexts);
  for (const auto& [context, by_id] : state.schemas_) {
    if (by_id.empty()) continue;
    auto hashes = state.ids_by_hash_.find(context);
    put_str(out, context);
    put_u32(out, static_cast<std::uint32_t>(by_id.size()));
    for (const auto& [id, e] : by_id) {
      const auto& c = e.content;
      std::uint8_t flags = (c.references.empty() ? 0 : has_references) | (c.metadata ? has_metadata : 0) |
                           (c.rule_set ? has_rule_set : 0);
      if (hashes != state.ids_by_hash_.end()) {
        auto h = hashes->second.find(e.hash);
        if (h != hashes->second.end() && h->second == id) flags |= hash_indexed;
      }
      put_u32(out, static_cast<std::uint32_t>(id));
      put_u8(out, static_cast<std::uint8_t>(c.type));
      put_u8(out, flags);
      out.append(reinterpret_cast<const char*>(e.hash.data()), e.hash.size());
      put_u32(out, e.subject_peak);
      put_str(out, c.text);
      if (flags & has_references) {
        put_u32(out, static_cast<std::uint32_t>(c.references.size()));
        for (const auto& r : c.references) {
          put_str(out, r.name);
          put_str(out, r.subject);
          put_u32(out, static_cast<std::uint32_t>(r.version));
        }
      }
      if (flags & (has_metadata | has_rule_set)) put_str(out, storage::encode_data_contract(c));
      put_u32(out, static_cast<std::uint32_t>(e.holders.size()));
      for (const auto& h : e.holders) {
        put_u32(out, subject_index.at(h.subject));
        put_u32(out, static_cast<std::uint32_t>(h.version));
      }
    }
  }
}

result<registry_state> state_image::read(std::string_view image) {
  reader in(image);
  registry_state st;

  auto records = in.u32();
  if (!in.fits(records, min_record)) return bad_image("is truncated (records)");
  for (std::uint32_t i = 0; i < records; ++i) {
    storage::raw_record raw;
    raw.key = std::string(in.str());
    if (in.u8() != 0) raw.value = std::string(in.str());
    if (!in.ok()) return bad_image("is truncated (records)");
    auto decoded = storage::decode(raw);
    auto* rec = std::get_if<storage::record>(&decoded);
    using storage::key_type;
    if (rec == nullptr || !(rec->key.type == key_type::context || rec->key.type == key_type::config ||
                            rec->key.type == key_type::mode)) {
      return bad_image("holds a record that is not a setting or a context");
    }
    if (auto problem = st.apply(std::move(*rec), 0)) return bad_image("record does not apply: " + *problem);
  }

  auto max_ids = in.u32();
  if (!in.fits(max_ids, 8)) return bad_image("is truncated (highest ids)");
  for (std::uint32_t i = 0; i < max_ids; ++i) {
    auto context = in.str();
    auto id = in.i32();
    st.max_ids_.emplace_hint(st.max_ids_.end(), std::string(context), id);
  }

  // Subjects, ascending, each with its versions, ascending.
  auto subjects = in.u32();
  if (!in.fits(subjects, min_subject)) return bad_image("is truncated (subjects)");
  std::vector<std::map<std::string, subject_entry>::iterator> subject_nodes;
  subject_nodes.reserve(subjects);
  std::vector<std::size_t> first_slot;  // each subject's first version among all versions
  first_slot.reserve(subjects);
  std::size_t slots = 0;
  for (std::uint32_t i = 0; i < subjects; ++i) {
    auto name = in.str();
    auto versions = in.u32();
    if (!in.fits(versions, version_bytes) || versions == 0) return bad_image("is truncated (versions)");
    if (i > 0 && !(subject_nodes.back()->first < name)) return bad_image("has subjects out of order");
    auto node = st.subjects_.emplace_hint(st.subjects_.end(), std::string(name), subject_entry{});
    auto& map = node->second.versions;
    map.reserve(versions);
    for (std::uint32_t j = 0; j < versions; ++j) {
      auto version = in.i32();
      auto id = in.i32();
      auto deleted = in.u8();
      auto timestamp = in.i64();
      if (deleted > 1 || (j > 0 && version <= map.rbegin()->first)) return bad_image("has versions out of order");
      map.emplace_hint(map.end(), version, version_slot{id, deleted == 1, timestamp});
    }
    subject_nodes.push_back(node);
    first_slot.push_back(slots);
    slots += versions;
  }

  // Schemas by context, ascending ids; each version above is held by exactly one of them.
  std::vector<bool> held(slots);
  std::size_t holders_total = 0;
  auto contexts = in.u32();
  if (!in.fits(contexts, 8)) return bad_image("is truncated (contexts)");
  for (std::uint32_t k = 0; k < contexts; ++k) {
    auto context = in.str();
    auto count = in.u32();
    if (!in.fits(count, min_schema) || count == 0) return bad_image("is truncated (schemas)");
    if (k > 0 && !(st.schemas_.rbegin()->first < context)) return bad_image("has contexts out of order");
    auto ctx = st.schemas_.emplace_hint(st.schemas_.end(), std::string(context), std::map<schema_id, schema_entry>{});
    auto& by_id = ctx->second;
    auto& hashes = st.ids_by_hash_[ctx->first];
    hashes.reserve(count);
    for (std::uint32_t n = 0; n < count; ++n) {
      auto id = in.i32();
      auto type = in.u8();
      auto flags = in.u8();
      const char* hash = in.take(16);
      auto peak = in.u32();
      auto text = in.str();
      if (!in.ok()) return bad_image("is truncated (schema)");
      if (n > 0 && id <= by_id.rbegin()->first) return bad_image("has ids out of order");
      if (type > static_cast<std::uint8_t>(schema_type::protobuf) || (flags & ~known_flags) != 0) {
        return bad_image("has an unknown schema type or flag");
      }
      auto node = by_id.emplace_hint(by_id.end(), std::piecewise_construct, std::forward_as_tuple(id),
                                     std::forward_as_tuple());
      schema_entry& e = node->second;
      e.id = id;
      e.context_ = &ctx->first;
      e.subject_peak = peak;
      std::memcpy(e.hash.data(), hash, e.hash.size());
      e.content.type = static_cast<schema_type>(type);
      e.content.text.assign(text);
      if (flags & has_references) {
        auto refs = in.u32();
        if (!in.fits(refs, min_reference)) return bad_image("is truncated (references)");
        e.content.references.reserve(refs);
        for (std::uint32_t r = 0; r < refs; ++r) {
          schema_reference ref;
          ref.name = in.str();
          ref.subject = in.str();
          ref.version = in.i32();
          e.content.references.push_back(std::move(ref));
        }
      }
      if (flags & (has_metadata | has_rule_set)) {
        auto contract = in.str();
        if (!in.ok() || !storage::decode_data_contract(contract, e.content) ||
            e.content.metadata.has_value() != ((flags & has_metadata) != 0) ||
            e.content.rule_set.has_value() != ((flags & has_rule_set) != 0)) {
          return bad_image("has a malformed metadata or rule set");
        }
      }
      if ((flags & hash_indexed) && !hashes.emplace(e.hash, id).second) {
        return bad_image("indexes two ids under one content hash");
      }
      auto holders = in.u32();
      if (!in.fits(holders, holder_bytes) || holders == 0) return bad_image("is truncated (holders)");
      e.holders.reserve(holders);
      std::uint32_t groups = 0;
      for (std::uint32_t h = 0; h < holders; ++h) {
        auto index = in.u32();
        auto version = in.i32();
        if (index >= subjects) return bad_image("names a subject it does not hold");
        auto subject_node = subject_nodes[index];
        const std::string* subject = &subject_node->first;
        auto& versions = subject_node->second.versions;
        auto slot = versions.find(version);
        if (slot == versions.end() || slot->second.id != id || context_of(*subject) != ctx->first) {
          return bad_image("has a holder whose version holds another schema");
        }
        auto at = first_slot[index] + static_cast<std::size_t>(slot - versions.begin());
        if (held[at]) return bad_image("has a version held twice");
        held[at] = true;
        // Holders come grouped by subject, ascending versions within a group.
        if (!e.holders.empty() && e.holders.back().subject == subject) {
          if (version <= e.holders.back().version) return bad_image("has holders out of order");
        } else {
          for (const auto& earlier : e.holders) {
            if (earlier.subject == subject) return bad_image("has a subject's holders apart");
          }
          ++groups;
        }
        e.holders.push_back({subject, version});
      }
      if (peak < groups) return bad_image("has fewer subjects at most than it holds");
      holders_total += holders;
    }
  }
  if (!in.ok()) return bad_image("is truncated");
  if (in.left() != 0) return bad_image("has trailing bytes");
  if (holders_total != slots) return bad_image("has versions no schema holds");
  return st;
}

}  // namespace tessera
