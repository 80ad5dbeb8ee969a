#include "formats/protobuf/proto_model.h"

#include <array>

namespace tessera::formats::protobuf {

bool is_scalar_type(std::string_view type) {
  static constexpr std::array<std::string_view, 15> scalars{"bool",    "bytes",    "double",   "float",  "fixed32",
                                                            "fixed64", "int32",    "int64",    "sfixed32", "sfixed64",
                                                            "sint32",  "sint64",   "string",   "uint32", "uint64"};
  for (auto s : scalars) {
    if (s == type) return true;
  }
  return false;
}

std::optional<std::pair<std::string, std::string>> map_types(std::string_view type) {
  if (type.rfind("map<", 0) != 0 || type.back() != '>') return std::nullopt;
  std::string_view inner = type.substr(4, type.size() - 5);
  auto comma = inner.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return std::string(s);
  };
  return std::pair{trim(inner.substr(0, comma)), trim(inner.substr(comma + 1))};
}

const option_element* find_option(const std::vector<option_element>& options, std::string_view name) {
  const option_element* found = nullptr;
  for (const auto& o : options) {
    std::string_view n = o.name;
    if (!n.empty() && n.front() == '.') n.remove_prefix(1);
    if (n == name) found = &o;
  }
  return found;
}

bool is_map_entry(const std::vector<option_element>& options) {
  const option_element* o = find_option(options, "map_entry");
  return o != nullptr && o->value.text == "true";
}

}  // namespace tessera::formats::protobuf
