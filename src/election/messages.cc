#include "election/messages.h"

#include <algorithm>

namespace tessera::election {

namespace {

/// Runs a decoder over `body`, turning wire_error into a failed result that names the API.
template <class T, class F>
result<T> decode(api_key key, const bytes& body, F&& f) {
  try {
    wire_reader r(body);
    T out = f(r);
    return out;
  } catch (const wire_error& e) {
    return fail(error_code::store_error, "malformed " + std::string(name_of(key)) + " response: " + e.what());
  }
}

}  // namespace

std::int16_t version_of(api_key k) {
  switch (k) {
    case api_key::find_coordinator: return 2;
    case api_key::join_group: return 5;
    case api_key::heartbeat: return 3;
    case api_key::leave_group: return 3;
    case api_key::sync_group: return 3;
    case api_key::sasl_handshake: return 1;
    case api_key::api_versions: return 2;
    case api_key::sasl_authenticate: return 1;
  }
  return 0;
}

std::string_view name_of(api_key k) {
  switch (k) {
    case api_key::find_coordinator: return "FindCoordinator";
    case api_key::join_group: return "JoinGroup";
    case api_key::heartbeat: return "Heartbeat";
    case api_key::leave_group: return "LeaveGroup";
    case api_key::sync_group: return "SyncGroup";
    case api_key::sasl_handshake: return "SaslHandshake";
    case api_key::api_versions: return "ApiVersions";
    case api_key::sasl_authenticate: return "SaslAuthenticate";
  }
  return "Unknown";
}

bytes frame_request(api_key key, std::int32_t correlation_id, std::string_view client_id, const bytes& body) {
  wire_writer w;
  w.int32(0);  // size, patched below
  w.int16(static_cast<std::int16_t>(key));
  w.int16(version_of(key));
  w.int32(correlation_id);
  w.string(client_id);
  bytes out = w.take();
  out.insert(out.end(), body.begin(), body.end());
  auto size = static_cast<std::uint32_t>(out.size() - 4);
  out[0] = static_cast<std::uint8_t>(size >> 24);
  out[1] = static_cast<std::uint8_t>(size >> 16);
  out[2] = static_cast<std::uint8_t>(size >> 8);
  out[3] = static_cast<std::uint8_t>(size);
  return out;
}

bytes encode_api_versions() { return {}; }

result<api_versions_response> decode_api_versions(const bytes& body) {
  return decode<api_versions_response>(api_key::api_versions, body, [](wire_reader& r) {
    api_versions_response out;
    out.error = r.int16();
    auto n = r.array_count();
    for (std::size_t i = 0; i < n; ++i) {
      api_version_range a;
      a.key = r.int16();
      a.min_version = r.int16();
      a.max_version = r.int16();
      out.apis.push_back(a);
    }
    // A broker that does not serve our ApiVersions version answers in the v0 layout (no
    // throttle time) with UNSUPPORTED_VERSION; accept that shape so the caller can say so.
    if (out.error == 0 || r.remaining() >= 4) {
      r.int32();  // ThrottleTimeMs
      r.expect_end();
    }
    return out;
  });
}

result<void> check_supported(const api_versions_response& r, const std::vector<api_key>& needed) {
  for (api_key k : needed) {
    auto it = std::find_if(r.apis.begin(), r.apis.end(),
                           [k](const api_version_range& a) { return a.key == static_cast<std::int16_t>(k); });
    auto v = version_of(k);
    if (it == r.apis.end()) {
      return fail(error_code::store_error,
                  "the Kafka broker does not offer " + std::string(name_of(k)) + " (API key " +
                      std::to_string(static_cast<int>(k)) + "), which primary election needs");
    }
    if (v < it->min_version || v > it->max_version) {
      return fail(error_code::store_error, "the Kafka broker serves " + std::string(name_of(k)) + " versions " +
                                               std::to_string(it->min_version) + "-" +
                                               std::to_string(it->max_version) + ", primary election speaks v" +
                                               std::to_string(v));
    }
  }
  return {};
}

bytes encode_find_coordinator(std::string_view group_id) {
  wire_writer w;
  w.string(group_id);
  w.int8(0);  // KeyType: group
  return w.take();
}

result<find_coordinator_response> decode_find_coordinator(const bytes& body) {
  return decode<find_coordinator_response>(api_key::find_coordinator, body, [](wire_reader& r) {
    find_coordinator_response out;
    r.int32();  // ThrottleTimeMs
    out.error = r.int16();
    out.error_message = r.nullable_string();
    out.node_id = r.int32();
    out.host = r.string();
    out.port = r.int32();
    r.expect_end();
    return out;
  });
}

bytes encode_join_group(const join_group_request& q) {
  wire_writer w;
  w.string(q.group_id);
  w.int32(q.session_timeout_ms);
  w.int32(q.rebalance_timeout_ms);
  w.string(q.member_id);
  w.nullable_string(std::nullopt);  // GroupInstanceId
  w.string(q.protocol_type);
  w.array_count(q.protocols.size());
  for (const auto& [name, metadata] : q.protocols) {
    w.string(name);
    w.bytes_field(metadata);
  }
  return w.take();
}

result<join_group_response> decode_join_group(const bytes& body) {
  return decode<join_group_response>(api_key::join_group, body, [](wire_reader& r) {
    join_group_response out;
    r.int32();  // ThrottleTimeMs
    out.error = r.int16();
    out.generation = r.int32();
    out.protocol_name = r.string();
    out.leader = r.string();
    out.member_id = r.string();
    auto n = r.array_count();
    for (std::size_t i = 0; i < n; ++i) {
      join_group_member m;
      m.member_id = r.string();
      r.nullable_string();  // GroupInstanceId
      m.metadata = r.bytes_field();
      out.members.push_back(std::move(m));
    }
    r.expect_end();
    return out;
  });
}

bytes encode_sync_group(const sync_group_request& q) {
  wire_writer w;
  w.string(q.group_id);
  w.int32(q.generation);
  w.string(q.member_id);
  w.nullable_string(std::nullopt);  // GroupInstanceId
  w.array_count(q.assignments.size());
  for (const auto& [member, assignment] : q.assignments) {
    w.string(member);
    w.bytes_field(assignment);
  }
  return w.take();
}

result<sync_group_response> decode_sync_group(const bytes& body) {
  return decode<sync_group_response>(api_key::sync_group, body, [](wire_reader& r) {
    sync_group_response out;
    r.int32();  // ThrottleTimeMs
    out.error = r.int16();
    out.assignment = r.bytes_field();
    r.expect_end();
    return out;
  });
}

bytes encode_heartbeat(std::string_view group_id, std::int32_t generation, std::string_view member_id) {
  wire_writer w;
  w.string(group_id);
  w.int32(generation);
  w.string(member_id);
  w.nullable_string(std::nullopt);  // GroupInstanceId
  return w.take();
}

result<std::int16_t> decode_heartbeat(const bytes& body) {
  return decode<std::int16_t>(api_key::heartbeat, body, [](wire_reader& r) {
    r.int32();  // ThrottleTimeMs
    auto error = r.int16();
    r.expect_end();
    return error;
  });
}

bytes encode_leave_group(std::string_view group_id, std::string_view member_id) {
  wire_writer w;
  w.string(group_id);
  w.array_count(1);
  w.string(member_id);
  w.nullable_string(std::nullopt);  // GroupInstanceId
  return w.take();
}

result<std::int16_t> decode_leave_group(const bytes& body) {
  return decode<std::int16_t>(api_key::leave_group, body, [](wire_reader& r) {
    r.int32();  // ThrottleTimeMs
    auto error = r.int16();
    auto n = r.array_count();
    for (std::size_t i = 0; i < n; ++i) {
      r.string();           // MemberId
      r.nullable_string();  // GroupInstanceId
      auto member_error = r.int16();
      if (error == 0) error = member_error;
    }
    r.expect_end();
    return error;
  });
}

bytes encode_sasl_handshake(std::string_view mechanism) {
  wire_writer w;
  w.string(mechanism);
  return w.take();
}

result<sasl_handshake_response> decode_sasl_handshake(const bytes& body) {
  return decode<sasl_handshake_response>(api_key::sasl_handshake, body, [](wire_reader& r) {
    sasl_handshake_response out;
    out.error = r.int16();
    auto n = r.array_count();
    for (std::size_t i = 0; i < n; ++i) out.mechanisms.push_back(r.string());
    r.expect_end();
    return out;
  });
}

bytes encode_sasl_authenticate(std::string_view auth_bytes) {
  wire_writer w;
  w.bytes_field(auth_bytes);
  return w.take();
}

result<sasl_authenticate_response> decode_sasl_authenticate(const bytes& body) {
  return decode<sasl_authenticate_response>(api_key::sasl_authenticate, body, [](wire_reader& r) {
    sasl_authenticate_response out;
    out.error = r.int16();
    out.error_message = r.nullable_string();
    out.auth_bytes = r.bytes_field();
    r.int64();  // SessionLifetimeMs
    r.expect_end();
    return out;
  });
}

}  // namespace tessera::election
