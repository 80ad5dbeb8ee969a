#pragma once
/// Small helpers every resource uses: success replies, error replies, path parameter parsing.

#include <string>

#include "http/error_reply.h"
#include "http/request_context.h"
#include "tessera/core/registry.h"

namespace tessera::http {

inline api_response ok(std::string body) { return {200, std::move(body)}; }

/// The reply for a failed result.
template <class T>
api_response fail_reply(const result<T>& r) {
  return error_reply(r.error());
}

/// `{version}`: "latest" (any case) or -1 = latest, else an int in [1, 2^31-1] (42202 otherwise).
result<version_spec> parse_version(const std::string& text);
/// `{id}`: a Java int; anything else is a JAX-RS 404.
result<schema_id> parse_schema_id(const std::string& text);
/// `offset` and `limit` applied to a list, with Confluent's rules (negative offset is a 500).
template <class T>
result<std::vector<T>> paginate(std::vector<T> list, const request_context& ctx) {
  auto offset = ctx.int_param("offset", 0);
  if (!offset) return offset.error();
  auto limit = ctx.int_param("limit", -1);
  if (!limit) return limit.error();
  if (*offset < 0) return error{error_code::internal, "Internal Server Error"};
  if (static_cast<std::size_t>(*offset) >= list.size()) return std::vector<T>{};
  list.erase(list.begin(), list.begin() + *offset);
  if (*limit > 0 && static_cast<std::size_t>(*limit) < list.size()) list.resize(*limit);
  return list;
}

}  // namespace tessera::http
