// Inline tag editing for Protobuf (`(confluent.message_meta)` / `(confluent.field_meta)` tags),
// as Confluent's ProtobufSchema.copy(tagsToAdd, tagsToRemove): the entity is found among the
// messages (nested by path, a oneof name allowed before the field name), its options are merged
// by name the way ProtobufSchema.mergeOptions does (a java.util.HashMap, so the options come back
// in that map's iteration order), the tags are added to or removed from the meta option, and the
// file is printed again.

#include <algorithm>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>

#include "formats/protobuf/java_hash.h"
#include "formats/protobuf/proto_option_printer.h"
#include "formats/protobuf/proto_printer.h"
#include "formats/protobuf/protobuf_format.h"
#include "formats/tag_support.h"

namespace tessera::formats::protobuf {

namespace {

constexpr std::string_view tags_field = "tags";

std::string message_error(const std::string& name) {
  return "No matching Message with name '" + name + "' found in the schema";
}
std::string field_error(const std::string& name) {
  return "No matching Field with name '" + name + "' found in the schema";
}

/// ProtobufSchemaUtils.findMatchingElement over a file (const or not): the message for a record
/// path, the field for a field path.
template <class File, class Message = std::conditional_t<std::is_const_v<File>, const message_element, message_element>,
          class Field = std::conditional_t<std::is_const_v<File>, const field_element, field_element>>
result<std::pair<Message*, Field*>> find_element(File& file, const std::vector<std::string>& ids, bool is_field) {
  Message* message = nullptr;
  const std::size_t end = is_field ? (ids.empty() ? 0 : ids.size() - 1) : ids.size();
  std::size_t i = 0;
  for (; i < end; ++i) {
    auto& scope = i == 0 ? file.messages : message->messages;
    Message* found = nullptr;
    for (auto& m : scope) {
      if (m.name == ids[i]) {
        found = &m;
        break;
      }
    }
    if (found != nullptr) {
      message = found;
    } else if (i + 1 == end && is_field) {
      break;  // the last word before the field may name a oneof
    } else {
      return illegal_argument(message_error(ids[i]));
    }
  }
  if (!is_field) {
    if (message == nullptr) return illegal_argument(message_error(""));
    return std::pair<Message*, Field*>{message, nullptr};
  }
  const std::string field_name = ids.empty() ? "" : ids.back();
  if (message == nullptr) return illegal_argument(field_error(field_name));
  if (i == end) {
    for (auto& f : message->fields) {
      if (f.name == field_name) return std::pair<Message*, Field*>{message, &f};
    }
    for (auto& o : message->oneofs) {
      for (auto& f : o.fields) {
        if (f.name == field_name) return std::pair<Message*, Field*>{message, &f};
      }
    }
  } else {
    decltype(&message->oneofs[0]) oneof = nullptr;
    for (auto& o : message->oneofs) {
      if (o.name == ids[i]) oneof = &o;  // the last oneof of that name, as Confluent's loop
    }
    if (oneof != nullptr) {
      for (auto& f : oneof->fields) {
        if (f.name == field_name) return std::pair<Message*, Field*>{message, &f};
      }
    }
  }
  return illegal_argument(field_error(field_name));
}

std::string option_key(const option_element& o) {
  return !o.name.empty() && o.name.front() == '.' ? o.name.substr(1) : o.name;
}

/// ProtobufSchema.mergeOptions: options keyed by name (leading '.' dropped), each transformed,
/// a repeated name merged; kept in first-seen key order (the HashMap order is applied later).
std::vector<std::pair<std::string, option_element>> merge_options(const std::vector<option_element>& options) {
  std::vector<std::pair<std::string, option_element>> out;
  for (const option_element& o : options) {
    std::string key = option_key(o);
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == key; });
    if (it == out.end()) {
      out.emplace_back(std::move(key), transform_option(o));
    } else {
      it->second = merge_option(it->second, o);
    }
  }
  return out;
}

option_value string_value(const std::string& s) {
  option_value v;
  v.kind = option_kind::string;
  v.text = s;
  return v;
}

/// The new option Confluent adds: `(meta) = { tags: [...] }` written as `(meta).tags = [...]`.
option_element tags_option(const std::string& meta_name, const std::vector<std::string>& tags) {
  option_value list;
  list.kind = option_kind::list;
  for (const auto& t : tags) list.items.push_back(string_value(t));
  option_element o{meta_name, true, {}};
  o.value.kind = option_kind::option;
  o.value.entries.emplace_back(std::string(tags_field), std::move(list));
  return o;
}

/// Removes `remove` from the meta option's tags; an emptied tag list and then an emptied meta
/// option disappear. Returns false when the meta option is to be dropped.
bool remove_tags(option_element& meta, const std::vector<std::string>& remove) {
  if (meta.value.kind != option_kind::map) return true;
  auto& entries = meta.value.entries;
  auto it = std::find_if(entries.begin(), entries.end(), [](const auto& e) { return e.first == tags_field; });
  if (it == entries.end()) return true;
  std::vector<option_value> all = it->second.kind == option_kind::list ? it->second.items
                                                                        : std::vector<option_value>{it->second};
  std::erase_if(all, [&](const option_value& v) {
    return v.kind == option_kind::string && std::find(remove.begin(), remove.end(), v.text) != remove.end();
  });
  if (all.empty()) {
    entries.erase(it);
  } else {
    it->second = option_value{};
    it->second.kind = option_kind::list;
    it->second.items = std::move(all);
  }
  if (entries.empty()) return false;
  meta.parenthesized = true;
  return true;
}

}  // namespace

result<std::string> protobuf_parsed_schema::with_tags(std::span<const tag_edit> edits) const {
  proto_file edited = *file_;
  // Confluent caches the meta option it computed per element: a second path that reaches the
  // same element starts from that option alone (the element's other options are then lost).
  std::map<const void*, std::optional<option_element>> cache;
  for (const tag_edit& edit : edits) {
    std::string_view path = edit.path;
    if (!path.empty() && path.front() == '.') path.remove_prefix(1);  // SchemaEntity.getNormalizedPath
    const std::vector<std::string> ids = java_split_dots(path);
    const bool is_field = edit.type == tag_entity_type::field;
    const std::string meta_name = is_field ? "confluent.field_meta" : "confluent.message_meta";

    auto original = find_element(std::as_const(*file_), ids, is_field);
    if (!original) return original.error();
    auto target = find_element(edited, ids, is_field);
    if (!target) return target.error();
    const void* identity = is_field ? static_cast<const void*>(original->second) : original->first;
    const std::vector<option_element>& original_options = is_field ? original->second->options : original->first->options;
    std::vector<option_element>& options = is_field ? target->second->options : target->first->options;

    std::vector<option_element> all;
    auto cached = cache.find(identity);
    if (cached != cache.end() && cached->second) {
      all.push_back(*cached->second);
    } else {
      all = original_options;
    }
    if (!edit.add.empty()) all.push_back(tags_option(meta_name, edit.add));
    auto merged = merge_options(all);
    std::vector<std::string> key_order;
    for (const auto& [key, o] : merged) key_order.push_back(key);
    key_order = java_hash_map_order(key_order);

    auto meta = std::find_if(merged.begin(), merged.end(), [&](const auto& e) { return e.first == meta_name; });
    if (!edit.remove.empty() && meta != merged.end() && !remove_tags(meta->second, edit.remove)) {
      merged.erase(meta);
    }
    meta = std::find_if(merged.begin(), merged.end(), [&](const auto& e) { return e.first == meta_name; });
    cache[identity] = meta != merged.end() ? std::optional<option_element>(meta->second) : std::nullopt;

    options.clear();
    for (const auto& key : key_order) {
      auto it = std::find_if(merged.begin(), merged.end(), [&](const auto& e) { return e.first == key; });
      if (it != merged.end()) options.push_back(it->second);
    }
  }
  return print_proto(edited, types_, {});
}

}  // namespace tessera::formats::protobuf
