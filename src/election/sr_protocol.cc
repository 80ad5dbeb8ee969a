#include "election/sr_protocol.h"

#include "json/json.h"

namespace tessera::election {

namespace {

void write_identity(json::writer& w, const member_identity& id) {
  w.StartObject();
  w.Key("host");
  json::write_string(w, id.host);
  w.Key("port");
  w.Int(id.port);
  w.Key("master_eligibility");
  w.Bool(id.eligible);
  w.Key("scheme");
  json::write_string(w, id.scheme);
  w.Key("version");
  w.Int(id.version);
  w.Key("leader");
  w.Bool(id.leader);
  w.EndObject();
}

result<member_identity> read_identity(const json::value& v) {
  if (!v.IsObject()) return fail(error_code::store_error, "member identity is not a JSON object");
  member_identity id;
  auto host = v.FindMember("host");
  if (host == v.MemberEnd() || !host->value.IsString() || host->value.GetStringLength() == 0) {
    return fail(error_code::store_error, "member identity has no host");
  }
  id.host = host->value.GetString();
  auto port = v.FindMember("port");
  if (port == v.MemberEnd() || !port->value.IsInt()) {
    return fail(error_code::store_error, "member identity has no integer port");
  }
  id.port = port->value.GetInt();
  // A member that does not say it is eligible never becomes primary.
  id.eligible = false;
  if (auto it = v.FindMember("master_eligibility"); it != v.MemberEnd()) {
    if (!it->value.IsBool()) return fail(error_code::store_error, "master_eligibility is not a boolean");
    id.eligible = it->value.GetBool();
  }
  if (auto it = v.FindMember("scheme"); it != v.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsString()) return fail(error_code::store_error, "scheme is not a string");
    id.scheme = it->value.GetString();
  }
  if (auto it = v.FindMember("version"); it != v.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsInt()) return fail(error_code::store_error, "version is not an integer");
    id.version = it->value.GetInt();
  }
  if (auto it = v.FindMember("leader"); it != v.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsBool()) return fail(error_code::store_error, "leader is not a boolean");
    id.leader = it->value.GetBool();
  }
  return id;
}

}  // namespace

std::string serialize_identity(const member_identity& id) {
  json::string_buffer buf;
  json::writer w(buf);
  write_identity(w, id);
  return std::string(buf.GetString(), buf.GetSize());
}

result<member_identity> parse_identity(std::string_view text) {
  json::document doc;
  if (auto err = json::parse(text, doc)) return fail(error_code::store_error, "member identity: " + *err);
  return read_identity(doc);
}

std::string serialize_assignment(const assignment& a) {
  json::string_buffer buf;
  json::writer w(buf);
  w.StartObject();
  w.Key("error");
  w.Int(a.error);
  // Jackson NON_EMPTY drops null and empty strings; numbers and booleans always stay.
  if (a.master && !a.master->empty()) {
    w.Key("master");
    json::write_string(w, *a.master);
  }
  if (a.master_identity) {
    w.Key("master_identity");
    write_identity(w, *a.master_identity);
  }
  w.Key("version");
  w.Int(a.version);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

result<assignment> parse_assignment(std::string_view text) {
  json::document doc;
  if (auto err = json::parse(text, doc)) return fail(error_code::store_error, "assignment: " + *err);
  if (!doc.IsObject()) return fail(error_code::store_error, "assignment is not a JSON object");
  assignment a;
  if (auto it = doc.FindMember("error"); it != doc.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsInt() || it->value.GetInt() < -32768 || it->value.GetInt() > 32767) {
      return fail(error_code::store_error, "assignment error is not a short integer");
    }
    a.error = static_cast<std::int16_t>(it->value.GetInt());
  }
  if (auto it = doc.FindMember("master"); it != doc.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsString()) return fail(error_code::store_error, "assignment master is not a string");
    a.master = it->value.GetString();
  }
  if (auto it = doc.FindMember("master_identity"); it != doc.MemberEnd() && !it->value.IsNull()) {
    auto id = read_identity(it->value);
    if (!id) return fail(error_code::store_error, "assignment master_identity: " + id.error().message);
    a.master_identity = std::move(*id);
  }
  if (auto it = doc.FindMember("version"); it != doc.MemberEnd() && !it->value.IsNull()) {
    if (!it->value.IsInt()) return fail(error_code::store_error, "assignment version is not an integer");
    a.version = it->value.GetInt();
  }
  return a;
}

}  // namespace tessera::election
