#include "http/request_context.h"

#include <charconv>

#include "http/error_reply.h"

namespace tessera::http {

std::optional<std::string> request_context::param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> request_context::params(std::string_view name) const {
  std::vector<std::string> out;
  auto [b, e] = query.equal_range(std::string(name));
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  return out;
}

bool request_context::flag(std::string_view name) const {
  auto v = param(name);
  if (!v || v->size() != 4) return false;
  std::string lower;
  for (char c : *v) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "true";
}

result<int> request_context::int_param(std::string_view name, int fallback) const {
  auto v = param(name);
  if (!v) return fallback;
  auto parsed = parse_java_int(*v);
  if (!parsed) return not_found_error();
  return *parsed;
}

node_role request_context::current_role() const { return role && *role ? (*role)() : node_role{}; }

}  // namespace tessera::http
