// Replays every AVRO entry of the Confluent 7.9 schema-library goldens
// (external/confluent-recorded/tests/golden): validity and error text, canonical and normalized
// text, BACKWARD/FORWARD messages of each compat pair, and every level of the AVRO-only chains.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "json/json.h"
#include "unit/formats/golden_support.h"
#include "unit/formats/avro_test_support.h"

namespace tessera::formats {
namespace {

using test::compare_lists;
using test::golden_tally;
using test::str;
using test::strings;

using test::confluent_messages;
using test::parse_avro;
using test::parse_outcome;

/// Cases we could not make pass, with the reason. Empty: every AVRO case passes.
const std::map<std::string, std::string> excluded_cases = {};




std::vector<resolved_reference> refs_of(const json::value& entry, const char* key) {
  std::vector<resolved_reference> out;
  auto it = entry.FindMember(key);
  if (it == entry.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& r : it->value.GetArray()) out.push_back(test::avro_ref(str(r, "name"), str(r, "schema")));
  return out;
}



std::optional<std::string> check_schema(const json::value& entry, const json::value& want) {
  auto refs = refs_of(entry, "refs");
  std::string text = str(entry, "schema");
  parse_outcome plain = parse_avro(text, refs);
  if (!want["valid"].GetBool()) {
    std::string error = str(want, "error");
    if (plain.ok()) return "accepted, Confluent rejects with: " + error;
    // Malformed JSON is reported by Jackson; only the verdict has to match.
    if (error.rfind("com.fasterxml.jackson", 0) == 0) return std::nullopt;
    if (plain.error != error) return "error\n  want " + error + "\n  got  " + plain.error;
    return std::nullopt;
  }
  if (!plain.ok()) return "rejected: " + plain.error;
  if (plain.schema->canonical_text() != str(want, "canonical")) {
    return "canonical\n  want " + str(want, "canonical") + "\n  got  " + plain.schema->canonical_text();
  }
  parse_outcome normalized = parse_avro(text, refs, true, true);
  if (!normalized.ok()) return "normalize failed: " + normalized.error;
  if (normalized.schema->canonical_text() != str(want, "normalized")) {
    return "normalized\n  want " + str(want, "normalized") + "\n  got  " + normalized.schema->canonical_text();
  }
  return std::nullopt;
}

std::optional<std::string> check_pair(const json::value& entry, const json::value& want) {
  parse_outcome old_schema = parse_avro(str(entry, "old"), refs_of(entry, "old_refs"));
  parse_outcome new_schema = parse_avro(str(entry, "new"), refs_of(entry, "new_refs"));
  if (!old_schema.ok() || !new_schema.ok()) return "parse failed: " + old_schema.error + new_schema.error;
  const parsed_schema& o = *old_schema.schema;
  const parsed_schema& n = *new_schema.schema;
  // BACKWARD: the new schema reads old data; FORWARD: the old schema reads new data.
  auto backward = confluent_messages(n.check_compatibility(o, {"new", "old"}), o, 0, true);
  auto forward = confluent_messages(o.check_compatibility(n, {"old", "new"}), o, 0, true);
  if (auto f = compare_lists("BACKWARD", strings(want["BACKWARD"]), backward)) return f;
  return compare_lists("FORWARD", strings(want["FORWARD"]), forward);
}

/// Confluent's CompatibilityChecker for one level over a history (oldest first, versions 1..n).
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
      // Mutual read: the old-reads-new half first, without the trailers.
      out = confluent_messages(existing.check_compatibility(candidate, {"old", "new"}), existing, version, false);
      auto b = confluent_messages(candidate.check_compatibility(existing, {"new", "old"}), existing, version, true);
      out.insert(out.end(), b.begin(), b.end());
    } else if (backward) {
      out = confluent_messages(candidate.check_compatibility(existing, {"new", "old"}), existing, version, true);
    } else {
      out = confluent_messages(existing.check_compatibility(candidate, {"old", "new"}), existing, version, true);
    }
    if (!out.empty() || !transitive) return out;
  }
  return {};
}

std::optional<std::string> check_chain(const json::value& entry, const json::value& want) {
  std::vector<std::shared_ptr<const parsed_schema>> versions;
  for (const auto& v : entry["versions"].GetArray()) {
    parse_outcome p = parse_avro(std::string_view(v.GetString(), v.GetStringLength()));
    if (!p.ok()) return "parse failed: " + p.error;
    versions.push_back(p.schema);
  }
  std::vector<std::shared_ptr<const parsed_schema>> history(versions.begin(), versions.end() - 1);
  for (const auto& level : want.GetObject()) {
    std::string name(level.name.GetString());
    auto got = chain_messages(name, history, *versions.back());
    if (auto f = compare_lists(name.c_str(), strings(level.value), got)) return f;
  }
  return std::nullopt;
}

bool all_avro(const json::value& types) {
  for (const auto& t : types.GetArray()) {
    if (std::string_view(t.GetString()) != "AVRO") return false;
  }
  return true;
}

TEST(AvroGolden, EveryAvroCaseMatchesConfluent79) {
  std::string dir = test::shared_dir() + "/external/confluent-recorded/tests/golden/";
  json::document corpus;
  json::document golden;
  ASSERT_FALSE(json::parse(test::read_file(dir + "corpus.json"), corpus)) << "cannot read " << dir;
  ASSERT_FALSE(json::parse(test::read_file(dir + "golden.json"), golden)) << "cannot read " << dir;

  golden_tally schemas{excluded_cases};
  for (const auto& e : corpus["schemas"].GetArray()) {
    if (str(e, "type") != "AVRO") continue;
    std::string id = str(e, "id");
    schemas.record(id, check_schema(e, golden["schemas"][id.c_str()]));
  }
  golden_tally compat{excluded_cases};
  for (const auto& e : corpus["compat"].GetArray()) {
    if (str(e, "type") != "AVRO") continue;
    std::string id = str(e, "id");
    compat.record(id, check_pair(e, golden["compat"][id.c_str()]));
  }
  golden_tally chains{excluded_cases};
  for (const auto& e : corpus["chains"].GetArray()) {
    if (!all_avro(e["types"])) continue;
    std::string id = str(e, "id");
    chains.record(id, check_chain(e, golden["chains"][id.c_str()]));
  }

  std::cout << "avro golden: schemas " << schemas.line() << ", compat " << compat.line() << ", chains "
            << chains.line() << std::endl;
  EXPECT_EQ(schemas.total, 48 - schemas.skipped);
  EXPECT_EQ(compat.total, 66 - compat.skipped);
  EXPECT_EQ(chains.total, 14 - chains.skipped);
  for (const auto* t : {&schemas, &compat, &chains}) {
    for (const std::string& f : t->failures) ADD_FAILURE() << f;
  }
}

}  // namespace
}  // namespace tessera::formats
