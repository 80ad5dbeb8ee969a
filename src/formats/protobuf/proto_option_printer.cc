#include "formats/protobuf/proto_option_printer.h"

#include <algorithm>

#include "formats/protobuf/proto_printer.h"

namespace tessera::formats::protobuf {

namespace {

option_value wrap_list(std::vector<option_value> items) {
  option_value v;
  v.kind = option_kind::list;
  v.items = std::move(items);
  return v;
}

option_value transform_value(const option_value& v) {
  if (v.kind != option_kind::option || v.entries.empty()) return v;
  option_value map;
  map.kind = option_kind::map;
  map.entries.emplace_back(v.entries[0].first, transform_value(v.entries[0].second));
  return map;
}

}  // namespace

option_element transform_option(option_element o) {
  if (o.value.kind == option_kind::option) o.value = transform_value(o.value);
  return o;
}

option_element merge_option(const option_element& existing, option_element replacement) {
  replacement = transform_option(std::move(replacement));
  if (existing.value.kind != option_kind::map || replacement.value.kind != option_kind::map) return replacement;
  option_value merged = existing.value;
  for (auto& [key, value] : replacement.value.entries) {
    // Named copy: clang 14 cannot capture a structured binding in a lambda.
    const auto& wanted = key;
    auto it = std::find_if(merged.entries.begin(), merged.entries.end(), [&](const auto& e) { return e.first == wanted; });
    if (it == merged.entries.end()) {
      merged.entries.emplace_back(key, value);
      continue;
    }
    std::vector<option_value> set;
    auto add = [&](const option_value& v) {
      if (std::find(set.begin(), set.end(), v) == set.end()) set.push_back(v);
    };
    for (const auto* side : {&it->second, &value}) {
      if (side->kind == option_kind::list) {
        for (const auto& item : side->items) add(item);
      } else {
        add(*side);
      }
    }
    it->second = wrap_list(std::move(set));
  }
  replacement.value = std::move(merged);
  return replacement;
}

/// Java's `appendIndented`: every line of `value` gets two spaces (String.split drops trailing
/// empty lines, so a blank line inside becomes "  ").
void append_indented(std::string& sb, const std::string& value) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    auto nl = value.find('\n', start);
    lines.push_back(value.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  while (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  for (const auto& line : lines) sb += "  " + line + "\n";
}

std::optional<std::string> option_printer::resolve_extension(const std::string& name) const {
  return resolve_name(name, package_, scope_, [&](const std::string& n) { return types_.find_extension(n); });
}

std::vector<option_element> option_printer::filter(std::vector<option_element> options) const {
  if (options.empty()) return options;
  if (ignore_extensions_) {
    std::erase_if(options, [](const option_element& o) {
      return o.parenthesized && o.name.rfind("confluent.", 0) != 0;
    });
  }
  if (!normalize_) return options;
  for (auto& o : options) {
    if (!o.parenthesized) continue;
    if (auto resolved = resolve_extension(o.name)) {
      o.name = *resolved;
      o = transform_option(std::move(o));
    }
  }
  std::stable_sort(options.begin(), options.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<option_element> out;
  for (std::size_t i = 0; i < options.size();) {
    std::size_t j = i;
    while (j < options.size() && options[j].name == options[i].name) ++j;
    bool repeated = true;
    if (types_.find_extension(options[i].name, &repeated) && !repeated) {
      option_element merged = options[i];
      for (std::size_t k = i + 1; k < j; ++k) merged = merge_option(merged, options[k]);
      out.push_back(std::move(merged));
    } else {
      out.insert(out.end(), options.begin() + static_cast<std::ptrdiff_t>(i), options.begin() + static_cast<std::ptrdiff_t>(j));
    }
    i = j;
  }
  return out;
}

std::string option_printer::option(const option_element& o) const {
  std::string sb = o.parenthesized ? "(" + o.name + ")" : o.name;
  const option_value& v = o.value;
  switch (v.kind) {
    case option_kind::string: return sb + " = \"" + escape_chars(v.text) + "\"";
    case option_kind::boolean:
    case option_kind::enumeration:
    case option_kind::number: return sb + " = " + v.text;
    case option_kind::option:
      if (v.entries.empty()) return sb;
      return sb + "." + option(option_element{v.entries[0].first, false, v.entries[0].second});
    case option_kind::map: return sb + " = {\n" + option_map(v) + "}";
    case option_kind::list: return sb + " = " + bracketed(v.items);
  }
  return sb;
}

std::string option_printer::option_map(const option_value& map) const {
  std::vector<std::pair<std::string, option_value>> entries = map.entries;
  if (normalize_) {
    std::erase_if(entries, [](const auto& e) { return e.second.kind == option_kind::list && e.second.items.empty(); });
    for (auto& [key, value] : entries) {
      if (key.size() > 2 && key.front() == '[' && key.back() == ']') {
        if (auto r = resolve_extension(key.substr(1, key.size() - 2))) key = "[" + *r + "]";
      }
    }
    // A TreeMap: sorted keys, the first value of a duplicate key kept.
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    entries.erase(std::unique(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
                  entries.end());
  }
  std::string sb;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    append_indented(sb, entries[i].first + ": " + value(entries[i].second) + (i + 1 < entries.size() ? "," : ""));
  }
  return sb;
}

std::string option_printer::value(const option_value& v) const {
  switch (v.kind) {
    case option_kind::string: return "\"" + escape_chars(v.text) + "\"";
    case option_kind::map: return "{\n" + option_map(v) + "}";
    case option_kind::list: {
      if (normalize_ && v.items.size() == 1) return value(v.items[0]);
      std::string sb = "[\n";
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        append_indented(sb, value(v.items[i]) + (i + 1 < v.items.size() ? "," : ""));
      }
      return sb + "]";
    }
    case option_kind::option:
      if (v.entries.empty()) return "";
      return option(option_element{v.entries[0].first, false, v.entries[0].second});
    default: return v.text;
  }
}

/// appendOptions: one item inline in brackets, several one per line.
std::string option_printer::bracketed(const std::vector<option_value>& items) const {
  if (items.size() == 1) return "[" + value(items[0]) + "]";
  std::string sb = "[\n";
  for (std::size_t i = 0; i < items.size(); ++i) append_indented(sb, value(items[i]) + (i + 1 < items.size() ? "," : ""));
  return sb + "]";
}

std::string option_printer::bracketed(const std::vector<option_element>& options) const {
  if (options.size() == 1) return "[" + option(options[0]) + "]";
  std::string sb = "[\n";
  for (std::size_t i = 0; i < options.size(); ++i) {
    append_indented(sb, option(options[i]) + (i + 1 < options.size() ? "," : ""));
  }
  return sb + "]";
}

}  // namespace tessera::formats::protobuf
