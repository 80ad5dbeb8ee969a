// Field-level helpers of the record codec and the nested data-contract objects (Metadata,
// RuleSet, Rule) that SCHEMA and CONFIG values embed. Field orders follow SR's storage classes
// (C/storage/Metadata.java, RuleSet.java, Rule.java): Jackson writes @JsonCreator parameters
// first, in declaration order.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "storage/records_json_detail.h"

namespace tessera::storage::detail {

namespace {

/// Walks a UTF-8 string as the UTF-16 code units Java would hold for it, so comparisons follow
/// String.compareTo. Truncated sequences compare as their lead byte.
struct utf16_cursor {
  std::string_view s;
  std::size_t i = 0;
  std::uint16_t pending = 0;  // low surrogate still to deliver

  bool done() const { return pending == 0 && i >= s.size(); }

  std::uint16_t next() {
    if (pending != 0) {
      auto u = pending;
      pending = 0;
      return u;
    }
    auto b0 = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = b0;
    std::size_t len = 1;
    if (b0 >= 0xF0) {
      len = 4;
      cp = b0 & 0x07u;
    } else if (b0 >= 0xE0) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if (b0 >= 0xC0) {
      len = 2;
      cp = b0 & 0x1Fu;
    }
    if (i + len > s.size()) {
      len = 1;
      cp = b0;
    }
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      pending = static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF));
      return static_cast<std::uint16_t>(0xD800 + (cp >> 10));
    }
    return static_cast<std::uint16_t>(cp);
  }
};

template <class T>
std::vector<const T*> java_sorted(const std::set<T>& s) {
  std::vector<const T*> out;
  for (const auto& e : s) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return java_string_less(*a, *b); });
  return out;
}

template <class K, class V>
std::vector<const std::pair<const K, V>*> java_sorted(const std::map<K, V>& m) {
  std::vector<const std::pair<const K, V>*> out;
  for (const auto& e : m) out.push_back(&e);
  std::sort(out.begin(), out.end(),
            [](auto* a, auto* b) { return java_string_less(a->first, b->first); });
  return out;
}

void write_string_array(json::writer& w, const std::set<std::string>& values) {
  w.StartArray();
  for (const auto* v : java_sorted(values)) json::write_string(w, *v);
  w.EndArray();
}

void write_rule(json::writer& w, const schema_rule& r) {
  w.StartObject();
  write_string_member(w, "name", r.name);
  write_string_member(w, "doc", r.doc);
  write_string_member(w, "kind", r.kind);
  write_string_member(w, "mode", r.mode);
  write_string_member(w, "type", r.type);
  if (!r.tags.empty()) {
    w.Key("tags");
    write_string_array(w, r.tags);
  }
  if (!r.params.empty()) {
    w.Key("params");
    w.StartObject();
    for (const auto* p : java_sorted(r.params)) {
      json::write_string(w, p->first);
      json::write_string(w, p->second);
    }
    w.EndObject();
  }
  write_string_member(w, "expr", r.expr);
  write_string_member(w, "onSuccess", r.on_success);
  write_string_member(w, "onFailure", r.on_failure);
  // A primitive boolean: NON_EMPTY keeps false.
  w.Key("disabled");
  w.Bool(r.disabled);
  w.EndObject();
}

void write_rules(json::writer& w, const char* name, const std::vector<schema_rule>& rules) {
  if (rules.empty()) return;
  w.Key(name);
  w.StartArray();
  for (const auto& r : rules) write_rule(w, r);
  w.EndArray();
}

/// Reads a JSON array of strings into a set; null reads as empty.
bool read_string_set(const json::value* v, std::set<std::string>& out, std::string_view what,
                     std::string& error) {
  if (v == nullptr) return true;
  for (const auto& e : v->GetArray()) {
    if (!e.IsString()) {
      if (error.empty()) error = std::string(what) + " must hold strings";
      return false;
    }
    out.emplace(e.GetString(), e.GetStringLength());
  }
  return true;
}

std::optional<schema_rule> read_rule(const json::value& v, std::string& error) {
  if (!expect_object(v, "rule", error)) return std::nullopt;
  field_reader f(v, error);
  schema_rule r;
  r.name = f.string("name").value_or("");
  r.doc = f.string("doc").value_or("");
  r.kind = f.string("kind").value_or("");
  r.mode = f.string("mode").value_or("");
  r.type = f.string("type").value_or("");
  read_string_set(f.array("tags"), r.tags, "rule tags", error);
  if (const auto* params = f.object("params")) {
    for (const auto& m : params->GetObject()) {
      if (!m.value.IsString()) {
        f.fail("rule params must be strings");
        break;
      }
      r.params[std::string(m.name.GetString(), m.name.GetStringLength())] =
          std::string(m.value.GetString(), m.value.GetStringLength());
    }
  }
  r.expr = f.string("expr").value_or("");
  r.on_success = f.string("onSuccess").value_or("");
  r.on_failure = f.string("onFailure").value_or("");
  r.disabled = f.boolean("disabled").value_or(false);
  if (!f.ok()) return std::nullopt;
  return r;
}

bool read_rules(const json::value* v, std::vector<schema_rule>& out, std::string& error) {
  if (v == nullptr) return true;
  for (const auto& e : v->GetArray()) {
    auto r = read_rule(e, error);
    if (!r) return false;
    out.push_back(std::move(*r));
  }
  return true;
}

}  // namespace

bool java_string_less(std::string_view a, std::string_view b) {
  utf16_cursor x{a}, y{b};
  while (!x.done() && !y.done()) {
    auto ux = x.next();
    auto uy = y.next();
    if (ux != uy) return ux < uy;
  }
  return x.done() && !y.done();
}

const json::value* field_reader::find(std::string_view name) const {
  const json::value* found = nullptr;
  for (const auto& m : obj_.GetObject()) {
    if (std::string_view(m.name.GetString(), m.name.GetStringLength()) == name) found = &m.value;
  }
  if (found != nullptr && found->IsNull()) return nullptr;
  return found;
}

void field_reader::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

std::optional<std::string> field_reader::string(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) {
    fail("\"" + std::string(name) + "\" must be a string");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::int32_t> field_reader::int32(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (!v->IsInt()) {
    fail("\"" + std::string(name) + "\" must be a 32-bit integer");
    return std::nullopt;
  }
  return v->GetInt();
}

std::optional<bool> field_reader::boolean(std::string_view name) {
  const auto* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (!v->IsBool()) {
    fail("\"" + std::string(name) + "\" must be a boolean");
    return std::nullopt;
  }
  return v->GetBool();
}

const json::value* field_reader::object(std::string_view name) {
  const auto* v = find(name);
  if (v != nullptr && !v->IsObject()) {
    fail("\"" + std::string(name) + "\" must be an object");
    return nullptr;
  }
  return v;
}

const json::value* field_reader::array(std::string_view name) {
  const auto* v = find(name);
  if (v != nullptr && !v->IsArray()) {
    fail("\"" + std::string(name) + "\" must be an array");
    return nullptr;
  }
  return v;
}

bool expect_object(const json::value& v, std::string_view what, std::string& error) {
  if (v.IsObject()) return true;
  if (error.empty()) error = std::string(what) + " must be a JSON object";
  return false;
}

void write_string_member(json::writer& w, const char* name, std::string_view value) {
  if (value.empty()) return;
  w.Key(name);
  json::write_string(w, value);
}

void write_metadata(json::writer& w, const schema_metadata& m) {
  w.StartObject();
  if (!m.tags.empty()) {
    w.Key("tags");
    w.StartObject();
    for (const auto* t : java_sorted(m.tags)) {
      json::write_string(w, t->first);
      write_string_array(w, t->second);
    }
    w.EndObject();
  }
  if (!m.properties.empty()) {
    w.Key("properties");
    w.StartObject();
    for (const auto* p : java_sorted(m.properties)) {
      json::write_string(w, p->first);
      json::write_string(w, p->second);
    }
    w.EndObject();
  }
  if (!m.sensitive.empty()) {
    w.Key("sensitive");
    write_string_array(w, m.sensitive);
  }
  w.EndObject();
}

void write_rule_set(json::writer& w, const schema_rule_set& rs) {
  w.StartObject();
  write_rules(w, "migrationRules", rs.migration_rules);
  write_rules(w, "domainRules", rs.domain_rules);
  write_rules(w, "encodingRules", rs.encoding_rules);
  w.EndObject();
}

std::optional<schema_metadata> read_metadata(const json::value& v, std::string& error) {
  if (!expect_object(v, "metadata", error)) return std::nullopt;
  field_reader f(v, error);
  schema_metadata m;
  if (const auto* tags = f.object("tags")) {
    for (const auto& t : tags->GetObject()) {
      auto& set = m.tags[std::string(t.name.GetString(), t.name.GetStringLength())];
      if (t.value.IsNull()) continue;
      if (!t.value.IsArray()) {
        f.fail("metadata tags must map to arrays");
        break;
      }
      if (!read_string_set(&t.value, set, "metadata tags", error)) break;
    }
  }
  if (const auto* props = f.object("properties")) {
    for (const auto& p : props->GetObject()) {
      std::string key(p.name.GetString(), p.name.GetStringLength());
      // Jackson coerces scalars into Map<String,String> values ({"k":1} reads as "1").
      if (p.value.IsString()) {
        m.properties[key] = std::string(p.value.GetString(), p.value.GetStringLength());
      } else if (p.value.IsNumber() || p.value.IsBool()) {
        m.properties[key] = json::to_string(p.value);
      } else if (!p.value.IsNull()) {
        f.fail("metadata properties must be strings");
        break;
      }
    }
  }
  read_string_set(f.array("sensitive"), m.sensitive, "metadata sensitive", error);
  if (!f.ok()) return std::nullopt;
  return m;
}

std::optional<schema_rule_set> read_rule_set(const json::value& v, std::string& error) {
  if (!expect_object(v, "ruleSet", error)) return std::nullopt;
  field_reader f(v, error);
  schema_rule_set rs;
  // `enableAt` (SR 8.x) and any other member are ignored, as SR's reader ignores unknowns.
  if (!read_rules(f.array("migrationRules"), rs.migration_rules, error) ||
      !read_rules(f.array("domainRules"), rs.domain_rules, error) ||
      !read_rules(f.array("encodingRules"), rs.encoding_rules, error) || !f.ok()) {
    return std::nullopt;
  }
  return rs;
}

}  // namespace tessera::storage::detail
