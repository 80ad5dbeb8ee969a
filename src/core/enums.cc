#include "tessera/core/enums.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace tessera {

namespace {

constexpr std::array<std::pair<schema_type, std::string_view>, 3> schema_type_names{{
    {schema_type::avro, "AVRO"}, {schema_type::json, "JSON"}, {schema_type::protobuf, "PROTOBUF"}}};

constexpr std::array<std::pair<compatibility_level, std::string_view>, 7> level_names{{
    {compatibility_level::none, "NONE"},
    {compatibility_level::backward, "BACKWARD"},
    {compatibility_level::backward_transitive, "BACKWARD_TRANSITIVE"},
    {compatibility_level::forward, "FORWARD"},
    {compatibility_level::forward_transitive, "FORWARD_TRANSITIVE"},
    {compatibility_level::full, "FULL"},
    {compatibility_level::full_transitive, "FULL_TRANSITIVE"},
}};

constexpr std::array<std::pair<mode, std::string_view>, 5> mode_names{{
    {mode::readwrite, "READWRITE"},
    {mode::readonly, "READONLY"},
    {mode::readonly_override, "READONLY_OVERRIDE"},
    {mode::import, "IMPORT"},
    {mode::forward, "FORWARD"},
}};

template <class Table, class E>
std::string_view name_of(const Table& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "UNKNOWN";
}

template <class Table>
auto value_of(const Table& table, std::string_view s, bool ignore_case)
    -> std::optional<typename Table::value_type::first_type> {
  std::string key(s);
  if (ignore_case) {
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  for (const auto& [v, name] : table) {
    if (name == key) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string_view(schema_type t) { return name_of(schema_type_names, t); }
std::string_view to_string_view(compatibility_level l) { return name_of(level_names, l); }
std::string_view to_string_view(mode m) { return name_of(mode_names, m); }

std::optional<schema_type> schema_type_from_string_view(std::string_view s) {
  return value_of(schema_type_names, s, false);
}
std::optional<compatibility_level> compatibility_level_from_string_view(std::string_view s) {
  return value_of(level_names, s, true);
}
std::optional<mode> mode_from_string_view(std::string_view s) { return value_of(mode_names, s, true); }

bool is_transitive(compatibility_level l) {
  return l == compatibility_level::backward_transitive ||
         l == compatibility_level::forward_transitive || l == compatibility_level::full_transitive;
}
bool checks_backward(compatibility_level l) {
  return l == compatibility_level::backward || l == compatibility_level::backward_transitive ||
         l == compatibility_level::full || l == compatibility_level::full_transitive;
}
bool checks_forward(compatibility_level l) {
  return l == compatibility_level::forward || l == compatibility_level::forward_transitive ||
         l == compatibility_level::full || l == compatibility_level::full_transitive;
}

}  // namespace tessera
