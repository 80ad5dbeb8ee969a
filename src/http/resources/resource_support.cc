#include "http/resources/resource_support.h"

#include <algorithm>
#include <cctype>

#include "tessera/core/errors.h"

namespace tessera::http {

result<version_spec> parse_version(const std::string& text) {
  std::string trimmed = text;
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  trimmed.erase(trimmed.begin(), std::find_if(trimmed.begin(), trimmed.end(), not_space));
  trimmed.erase(std::find_if(trimmed.rbegin(), trimmed.rend(), not_space).base(), trimmed.end());
  std::string lower = trimmed;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "latest") return version_spec::latest();
  auto n = parse_java_int(trimmed);
  if (!n || (*n < 1 && *n != -1)) return errors::invalid_version(text);
  return version_spec{*n};
}

result<schema_id> parse_schema_id(const std::string& text) {
  auto n = parse_java_int(text);
  if (!n) return not_found_error();
  return *n;
}

}  // namespace tessera::http
