#include "storage/records_json.h"

#include <array>
#include <memory>
#include <utility>

#include "json/json.h"
#include "storage/records_json_detail.h"

namespace tessera::storage {

namespace {

constexpr std::array<std::pair<key_type, std::string_view>, 7> key_type_names{{
    {key_type::schema, "SCHEMA"},
    {key_type::config, "CONFIG"},
    {key_type::mode, "MODE"},
    {key_type::noop, "NOOP"},
    {key_type::delete_subject, "DELETE_SUBJECT"},
    {key_type::clear_subject, "CLEAR_SUBJECT"},
    {key_type::context, "CONTEXT"},
}};

skipped_record skip(skip_kind kind, std::string reason) { return {kind, std::move(reason)}; }

/// A per-thread value pool for decoding: replay decodes millions of small documents, and a
/// fresh rapidjson document mallocs a 64 KiB chunk each time. The pool keeps a first chunk
/// and is cleared before each use; keys and values get separate pools because a key is still
/// alive while its value is decoded.
class pooled_document {
 public:
  enum class pool { key, value };
  explicit pooled_document(pool p) : allocator_(allocator_for(p)), doc_(&allocator_) {}
  ~pooled_document() {
    doc_.SetNull();
    allocator_.Clear();
  }
  pooled_document(const pooled_document&) = delete;
  pooled_document& operator=(const pooled_document&) = delete;
  json::document& get() { return doc_; }

 private:
  using allocator = rapidjson::MemoryPoolAllocator<>;
  /// A pool over a buffer of its own, which Clear() keeps (it frees only overflow chunks).
  struct buffered_pool {
    static constexpr std::size_t size = 16 * 1024;
    std::unique_ptr<char[]> buffer = std::make_unique<char[]>(size);
    allocator pool{buffer.get(), size};
  };
  static allocator& allocator_for(pool p) {
    thread_local buffered_pool keys, values;
    return p == pool::key ? keys.pool : values.pool;
  }
  allocator& allocator_;
  json::document doc_;
};

/// A subject as read from a key or value: Jackson's NON_EMPTY makes "" and null equivalent on
/// the wire, so both read as "no subject".
std::optional<std::string> non_empty(std::optional<std::string> s) {
  if (s && s->empty()) return std::nullopt;
  return s;
}

/// The value of a record whose key is already decoded. Tombstones never reach here.
std::variant<record_value, skipped_record> decode_value(const record_key& key,
                                                        const json::value& v) {
  std::string error;
  auto bad = [&error](std::string_view what) {
    return skip(skip_kind::malformed_value, std::string(what) + ": " + error);
  };
  switch (key.type) {
    case key_type::schema: {
      auto s = detail::read_schema_value(v, error);
      if (!s) return bad("SCHEMA value");
      return record_value{std::move(*s)};
    }
    case key_type::config: {
      auto c = detail::read_config_value(v, error);
      if (!c) return bad("CONFIG value");
      // Values written before SR 5.x carry no subject; SR takes it from the key.
      if (!c->subject) c->subject = key.subject;
      return record_value{std::move(*c)};
    }
    case key_type::mode: {
      auto m = detail::read_mode_value(v, error);
      if (!m) return bad("MODE value");
      if (!m->subject) m->subject = key.subject;
      return record_value{std::move(*m)};
    }
    case key_type::delete_subject: {
      auto d = detail::read_delete_subject_value(v, error);
      if (!d) return bad("DELETE_SUBJECT value");
      if (d->subject.empty()) {
        if (!key.subject) {
          return skip(skip_kind::malformed_value, "DELETE_SUBJECT value: no subject");
        }
        d->subject = *key.subject;
      }
      return record_value{std::move(*d)};
    }
    case key_type::clear_subject: {
      auto c = detail::read_clear_subject_value(v, error);
      if (!c) return bad("CLEAR_SUBJECT value");
      return record_value{std::move(*c)};
    }
    case key_type::context: {
      auto c = detail::read_context_value(v, error);
      if (!c) return bad("CONTEXT value");
      return record_value{std::move(*c)};
    }
    case key_type::noop:
      break;
  }
  return skip(skip_kind::malformed_value, "value for a key type that carries none");
}

}  // namespace

std::string_view to_string_view(key_type t) {
  for (const auto& [type, name] : key_type_names) {
    if (type == t) return name;
  }
  return "UNKNOWN";
}

std::optional<key_type> key_type_from_string_view(std::string_view s) {
  for (const auto& [type, name] : key_type_names) {
    if (name == s) return type;
  }
  return std::nullopt;
}

std::string_view to_string_view(skip_kind k) {
  switch (k) {
    case skip_kind::null_key: return "null_key";
    case skip_kind::malformed_key: return "malformed_key";
    case skip_kind::unknown_keytype: return "unknown_keytype";
    case skip_kind::bad_magic: return "bad_magic";
    case skip_kind::empty_value: return "empty_value";
    case skip_kind::malformed_value: return "malformed_value";
  }
  return "unknown";
}

record_key schema_key(std::string subject, schema_version version) {
  record_key k;
  k.type = key_type::schema;
  k.subject = std::move(subject);
  k.version = version;
  k.magic = 1;
  return k;
}

record_key config_key(std::optional<std::string> subject) {
  record_key k;
  k.type = key_type::config;
  k.subject = std::move(subject);
  return k;
}

record_key mode_key(std::optional<std::string> subject) {
  record_key k;
  k.type = key_type::mode;
  k.subject = std::move(subject);
  return k;
}

record_key delete_subject_key(std::string subject) {
  record_key k;
  k.type = key_type::delete_subject;
  k.subject = std::move(subject);
  return k;
}

record_key clear_subject_key(std::optional<std::string> subject) {
  record_key k;
  k.type = key_type::clear_subject;
  k.subject = std::move(subject);
  return k;
}

record_key context_key(std::string tenant, std::string context) {
  record_key k;
  k.type = key_type::context;
  k.tenant = std::move(tenant);
  k.context = std::move(context);
  return k;
}

record_key noop_key() {
  record_key k;
  k.type = key_type::noop;
  return k;
}

std::string encode_key(const record_key& key) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  w.Key("keytype");
  json::write_string(w, to_string_view(key.type));
  // Field order is SR's @JsonPropertyOrder per key class; empty fields are omitted (NON_EMPTY).
  switch (key.type) {
    case key_type::schema:
      if (key.subject) detail::write_string_member(w, "subject", *key.subject);
      if (key.version) {
        w.Key("version");
        w.Int(*key.version);
      }
      break;
    case key_type::config:
    case key_type::mode:
    case key_type::delete_subject:
    case key_type::clear_subject:
      if (key.subject) detail::write_string_member(w, "subject", *key.subject);
      break;
    case key_type::context:
      detail::write_string_member(w, "tenant", key.tenant);
      detail::write_string_member(w, "context", key.context);
      break;
    case key_type::noop:
      break;
  }
  w.Key("magic");
  w.Int(key.magic);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

raw_record encode(const record& r) { return raw_record{encode_key(r.key), encode_value(r.value)}; }

std::variant<record_key, skipped_record> decode_key(std::string_view bytes) {
  if (bytes.empty()) return skip(skip_kind::null_key, "record has no key");
  if (auto fast = detail::fast_schema_key(bytes)) return std::move(*fast);
  pooled_document pooled(pooled_document::pool::key);
  auto& doc = pooled.get();
  if (auto err = json::parse(bytes, doc)) {
    return skip(skip_kind::malformed_key, "key is not JSON: " + *err);
  }
  if (!doc.IsObject()) return skip(skip_kind::malformed_key, "key is not a JSON object");

  std::string error;
  detail::field_reader f(doc, error);
  auto keytype = f.string("keytype");
  if (!keytype) {
    return skip(skip_kind::malformed_key,
                error.empty() ? "key has no keytype" : "key: " + error);
  }
  auto type = key_type_from_string_view(*keytype);
  if (!type) return skip(skip_kind::unknown_keytype, "unknown keytype " + json::quote(*keytype));

  record_key key;
  key.type = *type;
  key.magic = f.int32("magic").value_or(0);
  switch (key.type) {
    case key_type::schema:
      key.subject = non_empty(f.string("subject"));
      key.version = f.int32("version");
      break;
    case key_type::config:
    case key_type::mode:
    case key_type::delete_subject:
    case key_type::clear_subject:
      key.subject = non_empty(f.string("subject"));
      break;
    case key_type::context:
      // Kept verbatim (absent = empty) so re-encoding reproduces the stored bytes.
      key.tenant = f.string("tenant").value_or("");
      key.context = f.string("context").value_or("");
      break;
    case key_type::noop:
      break;
  }
  if (!f.ok()) return skip(skip_kind::malformed_key, *keytype + " key: " + error);
  if (key.type == key_type::schema) {
    if (key.magic != 0 && key.magic != 1) {
      return skip(skip_kind::bad_magic, "SCHEMA key with magic " + std::to_string(key.magic));
    }
    if (!key.subject) return skip(skip_kind::malformed_key, "SCHEMA key without subject");
    if (!key.version) return skip(skip_kind::malformed_key, "SCHEMA key without version");
  }
  return key;
}

decode_result decode(const raw_record& raw) {
  auto key_or_skip = decode_key(raw.key);
  if (auto* s = std::get_if<skipped_record>(&key_or_skip)) return std::move(*s);
  record r{std::move(std::get<record_key>(key_or_skip)), std::nullopt};

  if (!raw.value) return r;  // tombstone
  if (raw.value->empty()) {
    return skip(skip_kind::empty_value,
                "zero-length value for " + std::string(to_string_view(r.key.type)) +
                    " key (Karapace delete form; not a tombstone)");
  }
  // SR writes NOOPs with a null value and never reads one; whatever is there is ignored.
  if (r.key.type == key_type::noop) return r;

  if (r.key.type == key_type::schema) {
    if (auto fast = detail::fast_schema_value(*raw.value)) {
      r.value = std::move(*fast);
      return r;
    }
  }
  pooled_document pooled(pooled_document::pool::value);
  auto& doc = pooled.get();
  if (auto err = json::parse(*raw.value, doc)) {
    return skip(skip_kind::malformed_value, "value is not JSON: " + *err);
  }
  // Jackson reads the JSON literal `null` as a null value, which the store treats as a tombstone.
  if (doc.IsNull()) return r;
  auto value = decode_value(r.key, doc);
  if (auto* s = std::get_if<skipped_record>(&value)) return std::move(*s);
  r.value = std::move(std::get<record_value>(value));
  return r;
}

}  // namespace tessera::storage
