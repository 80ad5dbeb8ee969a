#include "http/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include <boost/beast/version.hpp>

#include "http/content_type.h"
#include "tessera/core/qualified_subject.h"
#include "tessera/core/registry.h"

namespace tessera::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Replaces bytes that are not well-formed UTF-8 with U+FFFD, as Jetty's URI decoding does, so
/// a subject read from a path is always valid text (in JSON bodies and log records alike).
std::string sanitize_utf8(std::string s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 2) ok = c >= 0xC2;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

/// A path segment percent-decoded and made valid UTF-8. Plain ASCII segments (nearly all) are
/// copied once instead of going through two rewriting passes.
std::string decode_segment(std::string_view segment) {
  bool plain = std::all_of(segment.begin(), segment.end(),
                           [](char c) { return c != '%' && static_cast<unsigned char>(c) < 0x80; });
  if (plain) return std::string(segment);
  return sanitize_utf8(percent_decode(segment, false));
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  out.reserve(8);
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) out.push_back(decode_segment(path.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

std::multimap<std::string, std::string> parse_query(std::string_view q) {
  std::multimap<std::string, std::string> out;
  std::size_t start = 0;
  while (start < q.size()) {
    auto end = q.find('&', start);
    if (end == std::string_view::npos) end = q.size();
    auto part = q.substr(start, end - start);
    if (!part.empty()) {
      auto eq = part.find('=');
      std::string key = sanitize_utf8(percent_decode(part.substr(0, eq), true));
      std::string value = eq == std::string_view::npos ? "" : sanitize_utf8(percent_decode(part.substr(eq + 1), true));
      out.emplace(std::move(key), std::move(value));
    }
    start = end + 1;
  }
  return out;
}

/// Confluent's ContextFilter: `/contexts/{ctx}/<rest>` addresses `<rest>` inside context `ctx`.
/// Subjects in the path and the `subject`/`subjectPrefix` parameters are qualified with it.
std::optional<error> apply_context_prefix(std::vector<std::string>& segments,
                                          std::multimap<std::string, std::string>& query) {
  if (segments.size() < 3 || segments[0] != "contexts") return std::nullopt;
  std::string ctx = segments[1];
  if (ctx.find(':') != std::string::npos) return error{error_code::bad_request, "Context name cannot contain a colon"};
  if (ctx.empty() || ctx[0] != '.') ctx = "." + ctx;
  std::string prefix = ":" + ctx + ":";
  std::vector<std::string> rest(segments.begin() + 2, segments.end());
  const std::string& head = rest[0];
  if (head == "subjects" || head == "config" || head == "mode") {
    if (rest.size() >= 2) {
      rest[1] = prefix + rest[1];
    } else if (head == "subjects") {
      if (!query.count("subjectPrefix")) query.emplace("subjectPrefix", prefix);
    } else {
      rest.push_back(prefix);
    }
  } else if (head == "compatibility" && rest.size() >= 3 && rest[1] == "subjects") {
    rest[2] = prefix + rest[2];
  } else if (head == "schemas") {
    if (!query.count("subject")) query.emplace("subject", prefix);
    if (!query.count("subjectPrefix")) query.emplace("subjectPrefix", prefix);
  }
  segments = std::move(rest);
  return std::nullopt;
}

/// Matches `segments` against a split pattern; fills `params` on success.
bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& segments,
           std::vector<std::string>& params) {
  if (pattern.size() != segments.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].front() == '{') {
      params.push_back(segments[i]);
    } else if (pattern[i] != segments[i]) {
      return false;
    }
  }
  return true;
}

/// The route patterns split into segments once, in route-table order (not on every request).
const std::vector<std::vector<std::string>>& split_patterns() {
  static const auto patterns = [] {
    std::vector<std::vector<std::string>> out;
    for (const auto& r : routes()) out.push_back(split_path(r.pattern));
    return out;
  }();
  return patterns;
}

struct routed {
  const route* target = nullptr;
  std::vector<std::string> params;
  std::multimap<std::string, std::string> query;
  std::optional<error> failure;
};

routed find_route(const request& req) {
  routed out;
  std::string_view target = req.target();
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  out.query = parse_query(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1));
  auto segments = split_path(path);
  if (auto e = apply_context_prefix(segments, out.query)) {
    out.failure = *e;
    return out;
  }
  bool path_matched = false;
  const auto& table = routes();
  const auto& patterns = split_patterns();
  std::vector<std::string> params;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const route& r = table[i];
    if (!match(patterns[i], segments, params)) continue;
    path_matched = true;
    if (r.method == req.method_string()) {
      out.target = &r;
      out.params = std::move(params);
      return out;
    }
  }
  out.failure = path_matched ? method_not_allowed_error() : not_found_error();
  return out;
}

/// Subjects in paths are normalized (`:.:x` is `x`, `:.ctx` is `:.ctx:`), and a subject whose
/// config names an alias is replaced by it on /subjects, /compatibility and /schemas/ids paths, as
/// Confluent's alias filter does (not on /config or /mode, which address the alias itself).
void rewrite_subjects(const route& r, routed& found, const registry& reg) {
  std::string_view pattern = r.pattern;
  bool subject_path = pattern.find("{subject}") != std::string_view::npos;
  if (subject_path) found.params[0] = normalize_subject(found.params[0]);
  bool aliased = pattern.rfind("/subjects/{subject}", 0) == 0 || pattern.rfind("/compatibility/", 0) == 0;
  if (subject_path && aliased) {
    if (auto alias = reg.alias_of(found.params[0])) found.params[0] = *alias;
  }
  if (pattern.rfind("/schemas/ids/", 0) == 0) {
    auto it = found.query.find("subject");
    if (it != found.query.end()) {
      if (auto alias = reg.alias_of(normalize_subject(it->second))) it->second = *alias;
    }
  }
}

/// A handler's view of a routed request (its body is set by the caller).
request_context context_for(routed&& found, const request& req, std::string_view content_type,
                            const node_role_source& role) {
  request_context ctx;
  ctx.method = std::string(req.method_string());
  ctx.path_params = std::move(found.params);
  ctx.query = std::move(found.query);
  ctx.response_type = std::string(content_type);
  if (role) ctx.role = &role;
  return ctx;
}

response make_response(const request& req, api_response&& r, std::string_view content_type) {
  response res{static_cast<beast_http::status>(r.status), req.version()};
  res.set(beast_http::field::content_type, r.content_type.empty() ? content_type : std::string_view(r.content_type));
  res.keep_alive(req.keep_alive());
  res.body() = std::move(r.body);  // bodies can be large (schema lists): never copied
  res.prepare_payload();
  return res;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

void router::set_starting_reason(std::string reason) {
  starting_reason_.store(std::make_shared<const std::string>(std::move(reason)));
}

api_response not_ready_reply(std::string_view reason) {
  auto body = error_reply(error{error_code::operation_timeout, "Schema registry is not ready: " + std::string(reason)});
  body.status = 503;  // not 500: load balancers and clients treat 503 as "try again shortly"
  return body;
}

bool router::may_block(const request& req) const {
  if (req.method() == beast_http::verb::get) return false;  // reads never wait: skip routing twice
  auto r = find_route(req);
  return r.target && r.target->mutates;
}

response router::handle(request&& req) const {
  auto found = find_route(req);
  auto negotiated = negotiate_response_type(req[beast_http::field::accept]);
  std::string_view content_type = negotiated ? *negotiated : default_response_type;
  try {
    if (found.failure) return make_response(req, error_reply(*found.failure), content_type);
    if (!negotiated) return make_response(req, error_reply(not_acceptable_error()), default_response_type);
    const route& r = *found.target;
    registry* reg = registry_.load();
    if (reg == nullptr || !reg->ready()) {
      // Nothing is served from a state that is still being built (or not built at all).
      auto reply = r.while_starting ? r.while_starting() : not_ready_reply(*starting_reason_.load());
      const bool unavailable = reply.status == 503;
      auto res = make_response(req, std::move(reply), content_type);
      if (unavailable) res.set(beast_http::field::retry_after, "1");
      return res;
    }
    if (r.mutates && forward_) {
      // The primary answers in the handler itself (the registry looks the schema up first too).
      const bool follower = !role_ || !role_().is_primary;
      if (r.answer_locally && follower && is_accepted_request_type(req[beast_http::field::content_type])) {
        routed local = found;
        rewrite_subjects(r, local, *reg);
        auto probe = context_for(std::move(local), req, content_type, role_);
        probe.body = req.body();  // copied: the request may still be forwarded
        if (auto answer = r.answer_locally(probe, *reg)) return make_response(req, std::move(*answer), content_type);
      }
      if (auto forwarded = forward_(req)) {
        if (!*forwarded) return make_response(req, error_reply(forwarded->error()), content_type);
        auto& reply = forwarded->value();
        return make_response(req, {reply.status, std::move(reply.body), std::move(reply.content_type)}, content_type);
      }
    }
    rewrite_subjects(r, found, *reg);
    auto ctx = context_for(std::move(found), req, content_type, role_);
    if (r.takes_body) {
      if (!is_accepted_request_type(req[beast_http::field::content_type])) {
        return make_response(req, error_reply(unsupported_media_type_error()), content_type);
      }
      ctx.body = std::move(req.body());
    }
    return make_response(req, r.handle(ctx, *reg), content_type);
  } catch (const std::exception& e) {
    spdlog::error("unhandled error on {} {}: {}", std::string(req.method_string()), std::string(req.target()),
                  e.what());
    return make_response(req, error_reply(error{error_code::internal, "Internal Server Error"}), content_type);
  }
}

}  // namespace tessera::http
