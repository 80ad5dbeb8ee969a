#include "formats/protobuf/proto_types.h"

namespace tessera::formats::protobuf {

namespace {

std::string join(const std::string& a, const std::string& b) { return a.empty() ? b : a + "." + b; }

const field_element* field_named(const message_element& m, std::string_view name) {
  for (const auto& f : m.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

void type_index::add_file(const proto_file& file, std::optional<type_origin> origin) {
  std::string package = file.package.value_or("");
  for (const auto& m : file.messages) add_message(m, package, package, origin);
  for (const auto& e : file.enums) {
    type_info info;
    info.package = package;
    info.origin = origin;
    info.enumeration = &e;
    types_[join(package, e.name)] = info;
  }
  add_extends(file.extends, package);
}

void type_index::add_message(const message_element& m, const std::string& package, const std::string& prefix,
                             const std::optional<type_origin>& origin) {
  std::string name = join(prefix, m.name);
  type_info info;
  info.package = package;
  info.origin = origin;
  info.message = &m;
  info.is_map = is_map_entry(m.options);
  if (const auto* k = field_named(m, "key")) info.map_key = k->type;
  if (const auto* v = field_named(m, "value")) info.map_value = v->type;
  types_[name] = info;
  for (const auto& n : m.messages) add_message(n, package, name, origin);
  for (const auto& e : m.enums) {
    type_info ei;
    ei.package = package;
    ei.origin = origin;
    ei.enumeration = &e;
    types_[join(name, e.name)] = ei;
  }
  add_extends(m.extends, name);
}

void type_index::add_extends(const std::vector<extend_element>& extends, const std::string& scope) {
  for (const auto& x : extends) {
    for (const auto& f : x.fields) extensions_[join(scope, f.name)] = f.label == field_label::repeated;
  }
}

const type_info* type_index::find(std::string_view full_name) const {
  if (!full_name.empty() && full_name.front() == '.') full_name.remove_prefix(1);
  auto it = types_.find(std::string(full_name));
  return it == types_.end() ? nullptr : &it->second;
}

bool type_index::find_extension(std::string_view full_name, bool* repeated) const {
  if (!full_name.empty() && full_name.front() == '.') full_name.remove_prefix(1);
  auto it = extensions_.find(std::string(full_name));
  if (it == extensions_.end()) return false;
  if (repeated != nullptr) *repeated = it->second;
  return true;
}

std::optional<std::string> resolve_name(std::string_view name, std::string_view package,
                                        const std::vector<std::string>& scope,
                                        const std::function<bool(const std::string&)>& exists) {
  if (!name.empty() && name.front() == '.') {
    std::string n(name.substr(1));
    if (exists(n)) return n;
    return std::nullopt;
  }
  // The package counts as one prefix element; then the enclosing messages, innermost last.
  std::vector<std::string> prefix;
  if (!package.empty()) prefix.emplace_back(package);
  prefix.insert(prefix.end(), scope.begin(), scope.end());
  while (!prefix.empty()) {
    std::string n;
    for (const auto& p : prefix) n += p + ".";
    n += name;
    if (exists(n)) return n;
    prefix.pop_back();
  }
  std::string n(name);
  if (exists(n)) return n;
  return std::nullopt;
}

std::optional<std::string> resolve_type(const type_index& types, std::string_view name, std::string_view package,
                                        const std::vector<std::string>& scope) {
  return resolve_name(name, package, scope, [&](const std::string& n) { return types.find(n) != nullptr; });
}

}  // namespace tessera::formats::protobuf
