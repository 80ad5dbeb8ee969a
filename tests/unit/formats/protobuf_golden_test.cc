// Replays every PROTOBUF entry of the Confluent 7.9 schema-library goldens
// (external/confluent-recorded/tests/golden): validity and error text, canonical and normalized
// text, BACKWARD/FORWARD messages of each compat pair, and every level of the PROTOBUF chains.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "json/json.h"
#include "unit/formats/golden_support.h"
#include "unit/formats/protobuf_test_support.h"

namespace tessera::formats {
namespace {

using test::compare_lists;
using test::golden_tally;
using test::str;
using test::strings;

using test::parse_proto_schema;
using test::proto_outcome;

/// Cases we could not make pass, with the reason.
const std::map<std::string, std::string> excluded_cases = {};




std::vector<resolved_reference> refs_of(const json::value& entry, const char* key) {
  std::vector<resolved_reference> out;
  auto it = entry.FindMember(key);
  if (it == entry.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& r : it->value.GetArray()) out.push_back(test::proto_ref(str(r, "name"), str(r, "schema")));
  return out;
}



/// SchemaValidatorBuilder.formatErrorMessages: the differences, then `{oldSchemaVersion: n}`
/// (when the old schema has a version) and `{oldSchema: '...'}`.
std::vector<std::string> messages(const std::vector<incompatibility>& found, const parsed_schema& existing,
                                  int version, bool trailers) {
  std::vector<std::string> out;
  for (const auto& i : found) out.push_back(i.message);
  if (!out.empty() && trailers) {
    if (version > 0) out.push_back("{oldSchemaVersion: " + std::to_string(version) + "}");
    out.push_back("{oldSchema: '" + existing.canonical_text() + "'}");
  }
  return out;
}

std::optional<std::string> check_schema(const json::value& entry, const json::value& want) {
  auto refs = refs_of(entry, "refs");
  std::string text = str(entry, "schema");
  proto_outcome plain = parse_proto_schema(text, refs);
  if (!want["valid"].GetBool()) {
    std::string error = str(want, "error");
    if (plain.ok()) return "accepted, Confluent rejects with: " + error;
    // Syntax errors come from Wire's parser in Confluent and from libprotobuf's here: the
    // position and the prefix match, the wording need not (docs/design/protobuf.md).
    const std::string prefix = "Could not parse Protobuf - ";
    if (error.rfind(prefix, 0) == 0 && plain.error.rfind(prefix, 0) == 0) return std::nullopt;
    if (plain.error != error) return "error\n  want " + error + "\n  got  " + plain.error;
    return std::nullopt;
  }
  if (!plain.ok()) return "rejected: " + plain.error;
  if (plain.schema->canonical_text() != str(want, "canonical")) {
    return "canonical\n  want " + str(want, "canonical") + "\n  got  " + plain.schema->canonical_text();
  }
  proto_outcome normalized = parse_proto_schema(text, refs, true, true);
  if (!normalized.ok()) return "normalize failed: " + normalized.error;
  if (normalized.schema->canonical_text() != str(want, "normalized")) {
    return "normalized\n  want " + str(want, "normalized") + "\n  got  " + normalized.schema->canonical_text();
  }
  return std::nullopt;
}

std::optional<std::string> check_pair(const json::value& entry, const json::value& want) {
  proto_outcome o = parse_proto_schema(str(entry, "old"), refs_of(entry, "old_refs"), false);
  proto_outcome n = parse_proto_schema(str(entry, "new"), refs_of(entry, "new_refs"), false);
  if (!o.ok() || !n.ok()) return "parse failed: " + o.error + n.error;
  auto backward = messages(n.schema->check_compatibility(*o.schema, {"new", "old"}), *o.schema, 0, true);
  auto forward = messages(o.schema->check_compatibility(*n.schema, {"old", "new"}), *o.schema, 0, true);
  if (auto f = compare_lists("BACKWARD", strings(want["BACKWARD"]), backward)) return f;
  return compare_lists("FORWARD", strings(want["FORWARD"]), forward);
}

std::vector<std::string> chain_messages(const std::string& level,
                                        const std::vector<std::shared_ptr<const parsed_schema>>& history,
                                        const parsed_schema& candidate) {
  if (level == "NONE" || history.empty()) return {};
  bool transitive = level.find("TRANSITIVE") != std::string::npos;
  bool backward = level.rfind("BACKWARD", 0) == 0 || level.rfind("FULL", 0) == 0;
  bool forward = level.rfind("FORWARD", 0) == 0 || level.rfind("FULL", 0) == 0;
  for (std::size_t k = history.size(); k-- > 0;) {
    const parsed_schema& existing = *history[k];
    int version = static_cast<int>(k) + 1;
    std::vector<std::string> out;
    if (backward && forward) {
      out = messages(existing.check_compatibility(candidate, {"old", "new"}), existing, version, false);
      // Mutual read: the old-reads-new half first, without the trailers.
      auto b = messages(candidate.check_compatibility(existing, {"new", "old"}), existing, version, true);
      out.insert(out.end(), b.begin(), b.end());
    } else if (backward) {
      out = messages(candidate.check_compatibility(existing, {"new", "old"}), existing, version, true);
    } else {
      out = messages(existing.check_compatibility(candidate, {"old", "new"}), existing, version, true);
    }
    if (!out.empty() || !transitive) return out;
  }
  return {};
}

std::optional<std::string> check_chain(const json::value& entry, const json::value& want) {
  std::vector<std::shared_ptr<const parsed_schema>> versions;
  for (const auto& v : entry["versions"].GetArray()) {
    proto_outcome p = parse_proto_schema(std::string_view(v.GetString(), v.GetStringLength()), {}, false);
    if (!p.ok()) return "parse failed: " + p.error;
    versions.push_back(p.schema);
  }
  auto candidate = versions.back();
  versions.pop_back();
  for (const auto& level : want.GetObject()) {
    std::string name(level.name.GetString(), level.name.GetStringLength());
    if (auto f = compare_lists(name, strings(level.value), chain_messages(name, versions, *candidate))) return f;
  }
  return std::nullopt;
}

TEST(ProtobufGolden, ConfluentLibraryGoldensReplay) {
  std::string dir = test::proto_shared_dir() + "/external/confluent-recorded/tests/golden/";
  json::document corpus;
  json::document golden;
  ASSERT_FALSE(json::parse(test::slurp(dir + "corpus.json"), corpus));
  ASSERT_FALSE(json::parse(test::slurp(dir + "golden.json"), golden));
  golden_tally schemas{excluded_cases};
  golden_tally pairs{excluded_cases};
  golden_tally chains{excluded_cases};
  for (const auto& e : corpus["schemas"].GetArray()) {
    if (str(e, "type") != "PROTOBUF") continue;
    std::string id = str(e, "id");
    schemas.record(id, check_schema(e, golden["schemas"][id.c_str()]));
  }
  for (const auto& e : corpus["compat"].GetArray()) {
    if (str(e, "type") != "PROTOBUF") continue;
    std::string id = str(e, "id");
    pairs.record(id, check_pair(e, golden["compat"][id.c_str()]));
  }
  for (const auto& e : corpus["chains"].GetArray()) {
    bool all_proto = true;
    for (const auto& t : e["types"].GetArray()) all_proto = all_proto && std::string(t.GetString()) == "PROTOBUF";
    if (!all_proto) continue;
    std::string id = str(e, "id");
    chains.record(id, check_chain(e, golden["chains"][id.c_str()]));
  }
  std::cout << "protobuf golden schemas: " << schemas.passed << "/" << schemas.total << ", pairs: " << pairs.passed
            << "/" << pairs.total << ", chains: " << chains.passed << "/" << chains.total << "\n";
  EXPECT_EQ(schemas.total, 38);
  for (const auto* t : {&schemas, &pairs, &chains}) {
    for (const auto& f : t->failures) ADD_FAILURE() << f;
  }
}

}  // namespace
}  // namespace tessera::formats
