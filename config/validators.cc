#include "config/validators.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>

namespace tessera::config {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string to_upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// Splits "123unit" into the number and the unit, both trimmed.
std::optional<std::pair<std::int64_t, std::string>> number_and_unit(std::string_view s) {
  s = trim(s);
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  auto number = parse_int(s.substr(0, i));
  if (!number) return std::nullopt;
  return std::pair{*number, to_lower(trim(s.substr(i)))};
}

bool valid_host(std::string_view host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == '_';
  });
}

// "host:port" or "[v6]:port" → {host without brackets, port}; the error names what is wrong.
result<std::pair<std::string, std::uint16_t>> split_host_port(std::string_view hp, bool allow_empty_host) {
  std::string_view host;
  std::string_view port;
  if (!hp.empty() && hp.front() == '[') {
    auto close = hp.find(']');
    if (close == std::string_view::npos || close + 1 >= hp.size() || hp[close + 1] != ':') {
      return fail(error_code::bad_request, "IPv6 addresses need the form [address]:port");
    }
    host = hp.substr(1, close - 1);
    port = hp.substr(close + 2);
    bool ok = !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) {
      return std::isxdigit(c) || c == ':' || c == '.';
    });
    if (!ok) return fail(error_code::bad_request, "bad IPv6 address '" + std::string(host) + "'");
  } else {
    auto colon = hp.rfind(':');
    if (colon == std::string_view::npos) return fail(error_code::bad_request, "missing port");
    host = hp.substr(0, colon);
    port = hp.substr(colon + 1);
    if (host.empty() && !allow_empty_host) return fail(error_code::bad_request, "missing host");
    if (!host.empty() && !valid_host(host)) {
      return fail(error_code::bad_request, "bad host '" + std::string(host) + "'");
    }
  }
  auto p = parse_int(port);
  if (!p || port.empty() || port.front() == '+' || port.front() == '-' || *p < 0 || *p > 65535) {
    return fail(error_code::bad_request, "port must be a number in [0, 65535], got '" + std::string(port) + "'");
  }
  return std::pair{std::string(host), static_cast<std::uint16_t>(*p)};
}

template <class Parse>
validator from_parser(std::string expected, Parse parse) {
  return validator{std::move(expected), [parse](std::string_view v) -> std::optional<std::string> {
                     if (parse(v)) return std::nullopt;
                     return std::string();
                   }};
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return to_lower(a) == to_lower(b); }

std::optional<bool> parse_bool(std::string_view s) {
  s = trim(s);
  if (iequals(s, "true")) return true;
  if (iequals(s, "false")) return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view s) {
  auto nu = number_and_unit(s);
  if (!nu) return std::nullopt;
  auto [n, unit] = *nu;
  std::int64_t factor = 0;
  if (unit.empty() || unit == "ms") factor = 1;
  else if (unit == "s") factor = 1000;
  else if (unit == "m" || unit == "min") factor = 60'000;
  else if (unit == "h") factor = 3'600'000;
  else return std::nullopt;
  if (n > std::numeric_limits<std::int64_t>::max() / factor || n < std::numeric_limits<std::int64_t>::min() / factor) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(n * factor);
}

std::optional<std::uint64_t> parse_size(std::string_view s) {
  auto nu = number_and_unit(s);
  if (!nu || nu->first < 0) return std::nullopt;
  auto [n, unit] = *nu;
  int shift = 0;
  if (unit.empty() || unit == "b") shift = 0;
  else if (unit == "kib") shift = 10;
  else if (unit == "mib") shift = 20;
  else if (unit == "gib") shift = 30;
  else return std::nullopt;
  auto value = static_cast<std::uint64_t>(n);
  if (value > (std::numeric_limits<std::uint64_t>::max() >> shift)) return std::nullopt;
  return value << shift;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  while (true) {
    auto comma = s.find(',');
    auto item = trim(s.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<fsync_policy> parse_fsync(std::string_view s) {
  s = trim(s);
  if (iequals(s, "always")) return fsync_policy{fsync_policy::kind::always, {}};
  if (iequals(s, "never")) return fsync_policy{fsync_policy::kind::never, {}};
  constexpr std::string_view prefix = "interval:";
  if (s.size() > prefix.size() && iequals(s.substr(0, prefix.size()), prefix)) {
    auto d = parse_duration(s.substr(prefix.size()));
    if (d && d->count() >= 1) return fsync_policy{fsync_policy::kind::interval, *d};
  }
  return std::nullopt;
}

std::optional<log_level> parse_log_level(std::string_view s) {
  auto v = to_lower(trim(s));
  if (v == "trace") return log_level::trace;
  if (v == "debug") return log_level::debug;
  if (v == "info") return log_level::info;
  if (v == "warn" || v == "warning") return log_level::warn;
  if (v == "error") return log_level::error;
  if (v == "critical" || v == "fatal") return log_level::critical;
  if (v == "off") return log_level::off;
  return std::nullopt;
}

std::optional<compatibility_level> parse_compatibility(std::string_view s) {
  return compatibility_level_from_string_view(trim(s));
}

result<std::map<std::string, std::string>> parse_protocol_map(std::string_view s) {
  std::map<std::string, std::string> out;
  for (const auto& item : split_list(s)) {
    auto colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
      return fail(error_code::bad_request, "entry '" + item + "' is not NAME:protocol");
    }
    auto protocol = to_lower(trim(std::string_view(item).substr(colon + 1)));
    if (protocol != "http" && protocol != "https") {
      return fail(error_code::bad_request, "protocol of '" + item + "' must be http or https");
    }
    out[to_upper(trim(std::string_view(item).substr(0, colon)))] = protocol;
  }
  return out;
}

result<listener> parse_listener(std::string_view url, const std::map<std::string, std::string>& protocol_map) {
  url = trim(url);
  auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return fail(error_code::bad_request, "'" + std::string(url) + "' is not scheme://host:port");
  }
  listener l;
  auto scheme = url.substr(0, sep);
  if (iequals(scheme, "http") || iequals(scheme, "https")) {
    l.scheme = to_lower(scheme);
  } else if (auto it = protocol_map.find(to_upper(scheme)); it != protocol_map.end()) {
    l.name = it->first;
    l.scheme = it->second;
  } else {
    return fail(error_code::bad_request,
                "scheme '" + std::string(scheme) + "' is neither http, https nor a name in listener.protocol.map");
  }
  auto rest = url.substr(sep + 3);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos) {
    return fail(error_code::bad_request, "'" + std::string(url) + "' must not have a path");
  }
  auto hp = split_host_port(rest, /*allow_empty_host=*/true);
  if (!hp) return fail(error_code::bad_request, "'" + std::string(url) + "': " + hp.error().message);
  l.host = hp->first.empty() ? "0.0.0.0" : hp->first;
  l.port = hp->second;
  return l;
}

result<std::pair<std::string, std::string>> parse_bootstrap_server(std::string_view entry) {
  entry = trim(entry);
  std::string protocol;
  auto sep = entry.find("://");
  if (sep != std::string_view::npos) {
    protocol = to_upper(entry.substr(0, sep));
    entry.remove_prefix(sep + 3);
  }
  auto hp = split_host_port(entry, /*allow_empty_host=*/false);
  if (!hp) return fail(error_code::bad_request, hp.error().message);
  return std::pair{protocol, std::string(entry)};
}

namespace validators {

validator any_string() {
  return {"any string", [](std::string_view) -> std::optional<std::string> { return std::nullopt; }};
}

validator non_empty_string() {
  return from_parser("a non-empty string", [](std::string_view v) { return !trim(v).empty(); });
}

validator boolean() {
  return from_parser("true or false", [](std::string_view v) { return parse_bool(v).has_value(); });
}

validator integer(std::int64_t min, std::int64_t max) {
  return from_parser("an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]",
                     [min, max](std::string_view v) {
                       auto n = parse_int(v);
                       return n && *n >= min && *n <= max;
                     });
}

validator duration(std::chrono::milliseconds min, std::chrono::milliseconds max) {
  return from_parser("a duration in [" + std::to_string(min.count()) + ", " + std::to_string(max.count()) +
                         "] ms, as milliseconds (500) or with a unit (500ms, 30s, 5m, 1h)",
                     [min, max](std::string_view v) {
                       auto d = parse_duration(v);
                       return d && *d >= min && *d <= max;
                     });
}

validator size_bytes(std::uint64_t min, std::uint64_t max) {
  return from_parser("a size in [" + std::to_string(min) + ", " + std::to_string(max) +
                         "] bytes, as bytes or with a unit (64KiB, 16MiB, 1GiB)",
                     [min, max](std::string_view v) {
                       auto n = parse_size(v);
                       return n && *n >= min && *n <= max;
                     });
}

validator one_of(std::vector<std::string_view> choices) {
  std::string expected = "one of ";
  for (std::size_t i = 0; i < choices.size(); ++i) expected += (i ? ", " : "") + std::string(choices[i]);
  return from_parser(std::move(expected), [choices](std::string_view v) {
    v = trim(v);
    return std::any_of(choices.begin(), choices.end(), [v](std::string_view c) { return iequals(c, v); });
  });
}

validator compatibility() {
  validator v = one_of({"none", "backward", "backward_transitive", "forward", "forward_transitive", "full",
                        "full_transitive"});
  v.expected += " (case-insensitive)";
  return v;
}

validator log_level() {
  return from_parser("one of trace, debug, info, warn, error, critical, off (log4j's warning and fatal also work)",
                     [](std::string_view v) { return parse_log_level(v).has_value(); });
}

validator fsync() {
  return from_parser("always, never or interval:<duration> (e.g. interval:100ms)",
                     [](std::string_view v) { return parse_fsync(v).has_value(); });
}

validator listener_list() {
  return {"a comma-separated list of http://host:port or https://host:port URLs (or NAME://host:port with "
          "listener.protocol.map)",
          [](std::string_view v) -> std::optional<std::string> {
            // Named schemes are checked against the map later, when both values are known.
            std::map<std::string, std::string> any_name;
            for (const auto& item : split_list(v)) {
              auto sep = item.find("://");
              if (sep != std::string::npos) any_name.emplace(to_upper(item.substr(0, sep)), "http");
              auto l = parse_listener(item, any_name);
              if (!l) return l.error().message;
            }
            return std::nullopt;
          }};
}

validator protocol_map() {
  return {"a comma-separated list of NAME:http or NAME:https", [](std::string_view v) -> std::optional<std::string> {
            auto m = parse_protocol_map(v);
            if (!m) return m.error().message;
            return std::nullopt;
          }};
}

validator bootstrap_servers() {
  return {"a comma-separated list of host:port or PROTOCOL://host:port",
          [](std::string_view v) -> std::optional<std::string> {
            for (const auto& item : split_list(v)) {
              auto b = parse_bootstrap_server(item);
              if (!b) return "'" + item + "': " + b.error().message;
            }
            return std::nullopt;
          }};
}

validator kafka_topic_name() {
  // Kafka's own rule (Topic.validate): 1..249 characters from [a-zA-Z0-9._-], not "." or "..".
  return from_parser("a Kafka topic name: 1 to 249 characters from a-z A-Z 0-9 . _ -", [](std::string_view v) {
    v = trim(v);
    if (v.empty() || v.size() > 249 || v == "." || v == "..") return false;
    return std::all_of(v.begin(), v.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '.' || c == '_' || c == '-';
    });
  });
}

validator header_names() {
  // RFC 9110 token characters.
  static const std::string token_chars = "!#$%&'*+-.^_`|~";
  return from_parser("a comma-separated list of HTTP header names", [](std::string_view v) {
    for (const auto& item : split_list(v)) {
      bool ok = std::all_of(item.begin(), item.end(), [](unsigned char c) {
        return std::isalnum(c) || token_chars.find(static_cast<char>(c)) != std::string::npos;
      });
      if (!ok) return false;
    }
    return true;
  });
}

validator or_empty(validator inner) {
  return {"empty or " + inner.expected, [check = inner.check](std::string_view v) -> std::optional<std::string> {
            if (trim(v).empty()) return std::nullopt;
            return check(v);
          }};
}

}  // namespace validators

}  // namespace tessera::config
