// `$ref` resolution. A reference is resolved against the current resolution scope (the nearest
// `$id`), then looked up among the document's `$id`s / anchors, then as a JSON pointer into the
// document (or `$id` resource) it names, where the referenced schemas Confluent registers under
// their reference names are documents too. Nothing is fetched over the network: a reference
// that resolves nowhere makes the schema invalid.
//
// everit loads one referred schema per resolved reference (its pointerSchemas map), the first
// use deciding it; json-sKema loads one schema per location, so a `$ref` to "#" is the root
// itself. Both identities are kept, since the differ's cycle detection depends on them.

#include <cctype>

#include "formats/json_schema/loader_internal.h"

namespace tessera::formats::json_schema {

namespace {

struct uri_parts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
};

uri_parts parse_uri(std::string_view s) {
  uri_parts u;
  if (auto hash = s.find('#'); hash != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = std::string(s.substr(hash + 1));
    s = s.substr(0, hash);
  }
  if (auto q = s.find('?'); q != std::string_view::npos) {
    u.has_query = true;
    u.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  auto colon = s.find(':');
  auto slash = s.find('/');
  if (colon != std::string_view::npos && colon > 0 && (slash == std::string_view::npos || colon < slash) &&
      std::isalpha(static_cast<unsigned char>(s[0]))) {
    u.scheme = std::string(s.substr(0, colon));
    s = s.substr(colon + 1);
  }
  if (s.substr(0, 2) == "//") {
    s = s.substr(2);
    auto end = s.find('/');
    u.has_authority = true;
    u.authority = std::string(s.substr(0, end));
    s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  }
  u.path = std::string(s);
  return u;
}

std::string remove_dot_segments(const std::string& path) {
  std::vector<std::string> out;
  bool absolute = !path.empty() && path[0] == '/';
  std::size_t i = absolute ? 1 : 0;
  bool trailing = false;
  while (i <= path.size()) {
    auto end = path.find('/', i);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(i, end - i);
    trailing = false;
    if (seg == ".") {
      trailing = true;
    } else if (seg == "..") {
      if (!out.empty() && out.back() != "..") {
        out.pop_back();
      } else if (!absolute) {
        out.push_back(seg);
      }
      trailing = true;
    } else {
      out.push_back(seg);
    }
    i = end + 1;
  }
  std::string result = absolute ? "/" : "";
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k > 0) result += '/';
    result += out[k];
  }
  if (trailing && !out.empty()) result += '/';
  return result;
}

std::string compose(const uri_parts& u) {
  std::string out;
  if (!u.scheme.empty()) out += u.scheme + ":";
  if (u.has_authority) out += "//" + u.authority;
  out += u.path;
  if (u.has_query) out += "?" + u.query;
  if (u.has_fragment) out += "#" + u.fragment;
  return out;
}

/// Percent-decoding of a URI fragment (JSON pointers in `$ref` may be percent-encoded).
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

const char* id_keyword_of(dialect d) { return d == dialect::draft4 ? "id" : "$id"; }

}  // namespace

std::string resolve_uri(std::string_view base, std::string_view ref) {
  if (base.empty()) return std::string(ref);
  uri_parts b = parse_uri(base);
  uri_parts r = parse_uri(ref);
  uri_parts t;
  if (!r.scheme.empty()) {
    t = r;
    t.path = remove_dot_segments(r.path);
    return compose(t);
  }
  t.scheme = b.scheme;
  if (r.has_authority) {
    t.has_authority = true;
    t.authority = r.authority;
    t.path = remove_dot_segments(r.path);
    t.has_query = r.has_query;
    t.query = r.query;
  } else {
    t.has_authority = b.has_authority;
    t.authority = b.authority;
    if (r.path.empty()) {
      t.path = b.path;
      t.has_query = r.has_query || b.has_query;
      t.query = r.has_query ? r.query : b.query;
    } else {
      if (r.path[0] == '/') {
        t.path = remove_dot_segments(r.path);
      } else {
        std::string merged;
        if (b.has_authority && b.path.empty()) {
          merged = "/" + r.path;
        } else {
          auto last = b.path.rfind('/');
          merged = (last == std::string::npos ? std::string() : b.path.substr(0, last + 1)) + r.path;
        }
        t.path = remove_dot_segments(merged);
      }
      t.has_query = r.has_query;
      t.query = r.query;
    }
  }
  t.has_fragment = r.has_fragment;
  t.fragment = r.fragment;
  return compose(t);
}

std::pair<std::string, std::optional<std::string>> split_fragment(std::string_view uri) {
  auto hash = uri.find('#');
  if (hash == std::string_view::npos) return {std::string(uri), std::nullopt};
  return {std::string(uri.substr(0, hash)), std::string(uri.substr(hash + 1))};
}

bool schema_loader::index_ids(schema_document& doc) {
  if (doc.ids_indexed) return true;
  doc.ids_indexed = true;
  const char* id_key = id_keyword_of(doc.draft);
  bool modern = is_modern(doc.draft);
  auto walk = [&](auto& self, const json_value& v, const std::string& base, int depth) -> void {
    if (depth > max_load_depth) return;
    if (v.is_object()) {
      std::string here = base;
      if (const json_value* id = v.find(id_key); id != nullptr && id->is_string()) {
        here = resolve_uri(base, id->text);
        ids_.try_emplace(here, located_value{&v, load_context{&doc, here, doc.draft}});
        if (id->text.find('#') == std::string::npos) {
          ids_.try_emplace(split_fragment(here).first, located_value{&v, load_context{&doc, here, doc.draft}});
        }
      }
      if (const json_value* anchor = v.find("$anchor"); modern && anchor != nullptr && anchor->is_string()) {
        ids_.try_emplace(resolve_uri(here, "#" + anchor->text), located_value{&v, load_context{&doc, here, doc.draft}});
      }
      for (const json_value& child : v.items) self(self, child, here, depth + 1);
    } else if (v.is_array()) {
      for (const json_value& child : v.items) self(self, child, base, depth + 1);
    }
  };
  walk(walk, doc.json, doc.uri, 0);
  return true;
}

std::optional<located_value> schema_loader::resolve_ref(std::string_view ref, const load_context& ctx) {
  for (schema_document& doc : documents_) index_ids(doc);
  std::string abs = resolve_uri(ctx.base, ref);
  if (auto it = ids_.find(abs); it != ids_.end() && split_fragment(abs).second) return it->second;
  auto [doc_uri, fragment] = split_fragment(abs);

  located_value resource;
  if (doc_uri == ctx.doc->uri) {
    resource = {&ctx.doc->json, load_context{ctx.doc, ctx.doc->uri, ctx.doc->draft}};
  } else if (auto it = ids_.find(doc_uri); it != ids_.end()) {
    resource = it->second;
  } else {
    for (schema_document& doc : documents_) {
      if (doc.uri == doc_uri) resource = {&doc.json, load_context{&doc, doc.uri, doc.draft}};
    }
  }
  if (resource.value == nullptr) {
    fail("cannot resolve $ref " + std::string(ref));
    return std::nullopt;
  }
  if (!fragment || fragment->empty()) return resource;
  std::string pointer = percent_decode(*fragment);
  if (pointer.front() != '/') {
    fail("unknown anchor in $ref " + std::string(ref));
    return std::nullopt;
  }
  located_value at = resource;
  const char* id_key = id_keyword_of(at.context.draft);
  std::size_t i = 1;
  while (true) {
    auto end = pointer.find('/', i);
    std::string token = pointer.substr(i, end == std::string::npos ? std::string::npos : end - i);
    std::string name;
    for (std::size_t k = 0; k < token.size(); ++k) {
      if (token[k] == '~' && k + 1 < token.size() && (token[k + 1] == '0' || token[k + 1] == '1')) {
        name += token[k + 1] == '0' ? '~' : '/';
        ++k;
      } else {
        name += token[k];
      }
    }
    const json_value* next = nullptr;
    if (at.value->is_object()) {
      next = at.value->find(name);
    } else if (at.value->is_array() && !name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
      std::size_t index = std::stoul(name);
      if (index < at.value->items.size()) next = &at.value->items[index];
    }
    if (next == nullptr) {
      fail("$ref " + std::string(ref) + " points nowhere");
      return std::nullopt;
    }
    at.value = next;
    if (const json_value* id = next->find(id_key); id != nullptr && id->is_string()) {
      at.context.base = resolve_uri(at.context.base, id->text);
    }
    if (end == std::string::npos) break;
    i = end + 1;
  }
  return at;
}

schema_node* schema_loader::load_everit_ref(const json_value& obj, std::string_view ref, const load_context& ctx) {
  schema_node* site = new_node(schema_kind::reference);
  site->ref = std::string(ref);
  std::string key = resolve_uri(ctx.base, ref);
  if (auto it = everit_refs_.find(key); it != everit_refs_.end()) {
    if (it->second.target != nullptr) {
      site->referred = it->second.target;
    } else {
      it->second.waiting.push_back(site);
    }
    return site;
  }
  everit_refs_[key];  // registered before loading, so a cycle finds it
  auto located = resolve_ref(ref, ctx);
  if (!located) return nullptr;
  const json_value* target = located->value;
  if (ctx.draft == dialect::draft4 && target->is_object() && obj.keys.size() > 1) {
    // Draft 4: the referencing object's other keys extend the referenced one.
    json_value merged = *target;
    for (std::size_t i = 0; i < obj.keys.size(); ++i) {
      if (obj.keys[i] == "$ref") continue;
      bool replaced = false;
      for (std::size_t k = 0; k < merged.keys.size(); ++k) {
        if (merged.keys[k] == obj.keys[i]) {
          merged.items[k] = obj.items[i];
          replaced = true;
        }
      }
      if (!replaced) {
        merged.keys.push_back(obj.keys[i]);
        merged.items.push_back(obj.items[i]);
      }
    }
    target = &owned_values().emplace_back(std::move(merged));
  }
  schema_node* referred = load_child(*target, located->context);
  if (referred == nullptr) return nullptr;
  auto& entry = everit_refs_[key];
  entry.target = referred;
  for (schema_node* waiting : entry.waiting) waiting->referred = referred;
  entry.waiting.clear();
  site->referred = referred;
  return site;
}

schema_node* schema_loader::load_modern_ref(std::string_view ref, const load_context& ctx) {
  auto located = resolve_ref(ref, ctx);
  if (!located) return nullptr;
  schema_node* site = new_node(schema_kind::reference);
  site->ref = std::string(ref);
  modern_pending_.emplace_back(site, *located);
  return site;
}

bool schema_loader::drain_modern_refs() {
  while (!modern_pending_.empty()) {
    auto [site, located] = modern_pending_.back();
    modern_pending_.pop_back();
    auto it = modern_loaded_.find(located.value);
    if (it != modern_loaded_.end()) {
      site->referred = it->second;
      continue;
    }
    schema_node* referred = load_child(*located.value, located.context);
    if (referred == nullptr) return false;
    site->referred = referred;
  }
  return true;
}

}  // namespace tessera::formats::json_schema
