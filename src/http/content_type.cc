#include "http/content_type.h"

#include <array>
#include <cctype>
#include <string>

namespace tessera::http {

namespace {

constexpr std::array<std::string_view, 3> response_types{
    "application/vnd.schemaregistry.v1+json", "application/vnd.schemaregistry+json", "application/json"};
constexpr std::array<double, 3> server_quality{1.0, 0.9, 0.5};

std::string trim_lower(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Media type without parameters, and its q value.
std::pair<std::string, double> parse_range(std::string_view range) {
  auto semi = range.find(';');
  std::string type = trim_lower(range.substr(0, semi));
  double q = 1.0;
  while (semi != std::string_view::npos) {
    auto next = range.find(';', semi + 1);
    std::string param = trim_lower(range.substr(semi + 1, next == std::string_view::npos ? next : next - semi - 1));
    if (param.rfind("q=", 0) == 0) {
      try {
        q = std::stod(param.substr(2));
      } catch (...) {
        q = 0;
      }
    }
    semi = next;
  }
  return {type, q};
}

bool range_matches(const std::string& range, std::string_view type) {
  if (range == "*/*" || range == type) return true;
  if (range.size() > 2 && range.compare(range.size() - 2, 2, "/*") == 0) {
    return type.compare(0, range.size() - 1, range, 0, range.size() - 1) == 0;
  }
  return false;
}

}  // namespace

std::optional<std::string_view> negotiate_response_type(std::string_view accept) {
  if (trim_lower(accept).empty()) return default_response_type;
  double best = 0;
  std::optional<std::string_view> chosen;
  std::size_t start = 0;
  while (start <= accept.size()) {
    auto end = accept.find(',', start);
    if (end == std::string_view::npos) end = accept.size();
    auto [range, q] = parse_range(accept.substr(start, end - start));
    for (std::size_t i = 0; i < response_types.size(); ++i) {
      double score = q * server_quality[i];
      if (q > 0 && range_matches(range, response_types[i]) && score > best) {
        best = score;
        chosen = response_types[i];
      }
    }
    start = end + 1;
  }
  return chosen;
}

bool is_accepted_request_type(std::string_view content_type) {
  auto type = parse_range(content_type).first;
  return type == "application/vnd.schemaregistry.v1+json" || type == "application/vnd.schemaregistry+json" ||
         type == "application/json" || type == "application/octet-stream";
}

}  // namespace tessera::http
