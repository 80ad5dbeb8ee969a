// Confluent's schema identity (MD5 → guid) against its golden data: 3 schema types × every
// combination of references, metadata and rule set (24 hashes).

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "json/json.h"
#include "tessera/core/schema_hash.h"

namespace tessera {
namespace {

std::string shared_file(const std::string& relative) {
  const char* env = std::getenv("TESSERA_SHARED_DIR");
  std::ifstream in(std::string(env ? env : TESSERA_SHARED_DIR) + "/" + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string str(const json::value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

std::vector<schema_rule> rules_of(const json::value& list) {
  std::vector<schema_rule> out;
  for (const auto& r : list.GetArray()) {
    schema_rule rule;
    rule.name = str(r, "name");
    rule.doc = str(r, "doc");
    rule.kind = str(r, "kind");
    rule.mode = str(r, "mode");
    rule.type = str(r, "type");
    for (const auto& t : r["tags"].GetArray()) rule.tags.insert(t.GetString());
    for (const auto& p : r["params"].GetObject()) rule.params[p.name.GetString()] = p.value.GetString();
    rule.expr = str(r, "expr");
    rule.on_success = str(r, "onSuccess");
    rule.on_failure = str(r, "onFailure");
    rule.disabled = r.HasMember("disabled") && r["disabled"].GetBool();
    out.push_back(std::move(rule));
  }
  return out;
}

TEST(SchemaHashGolden, ReproducesConfluentsGuids) {
  std::string text = shared_file("vectors/schema-registry/core/src/test/resources/schema-md5-golden-data.json");
  ASSERT_FALSE(text.empty()) << "shared test data not found";
  json::document doc;
  ASSERT_FALSE(json::parse(text, doc).has_value());

  std::vector<schema_reference> refs;
  for (const auto& r : doc["references"].GetArray()) {
    refs.push_back({r["name"].GetString(), r["subject"].GetString(), r["version"].GetInt()});
  }
  schema_metadata md;
  for (const auto& t : doc["metadata"]["tags"].GetObject()) {
    for (const auto& v : t.value.GetArray()) md.tags[t.name.GetString()].insert(v.GetString());
  }
  for (const auto& p : doc["metadata"]["properties"].GetObject()) md.properties[p.name.GetString()] = p.value.GetString();
  for (const auto& s : doc["metadata"]["sensitive"].GetArray()) md.sensitive.insert(s.GetString());
  schema_rule_set rs;
  if (doc["rules"].HasMember("migrationRules")) rs.migration_rules = rules_of(doc["rules"]["migrationRules"]);
  if (doc["rules"].HasMember("domainRules")) rs.domain_rules = rules_of(doc["rules"]["domainRules"]);

  int checked = 0, passed = 0;
  const std::pair<const char*, const char*> types[] = {{"AVRO", "avro"}, {"PROTOBUF", "protobuf"}, {"JSON", "json"}};
  for (const auto& [type, key] : types) {
    const auto& expected = doc["expectedHashes"][type];
    for (const auto& e : expected.GetObject()) {
      std::string bits = e.name.GetString();
      schema_content c;
      c.text = doc["schemas"][key].GetString();
      if (bits[0] == '1') c.references = refs;
      if (bits[1] == '1') c.metadata = md;
      if (bits[2] == '1') c.rule_set = rs;
      ++checked;
      std::string got = to_guid(hash_schema(c));
      if (got == e.value.GetString()) ++passed;
      EXPECT_EQ(got, e.value.GetString()) << type << " " << bits;
    }
  }
  std::cout << "schema identity golden: " << passed << "/" << checked << "\n";
  EXPECT_EQ(checked, 24);
}

}  // namespace
}  // namespace tessera
