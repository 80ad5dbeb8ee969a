// Inline tag editing (POST .../tags) at the format level: Confluent 7.9's recorded tag steps
// replayed through parsed_schema::with_tags, then tables for what the corpus does not cover.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "formats/tag_support.h"
#include "json/json.h"
#include "tessera/core/registry_requests.h"
#include "unit/formats/protobuf_test_support.h"

namespace tessera::formats {
namespace {

std::string str(const json::value& v, const char* key) {
  auto s = json::get_string(v, key);
  return s ? std::string(*s) : std::string();
}

schema_type type_of(const std::string& text) {
  if (text == "JSON") return schema_type::json;
  if (text == "PROTOBUF") return schema_type::protobuf;
  return schema_type::avro;
}

/// Parses `text` as a newly registered schema of `type`; nullptr (and `err`) on failure.
std::shared_ptr<const parsed_schema> parse_new(schema_type type, std::string_view text, std::string* err = nullptr) {
  auto r = find_format(type)->parse(text, {}, parse_options{});
  if (!r) {
    if (err) *err = r.error().message;
    return nullptr;
  }
  return *r;
}

std::vector<tag_edit> edits_of(const json::value& body) {
  tag_schema_request req;
  for (const char* key : {"tagsToAdd", "tagsToRemove"}) {
    if (!body.HasMember(key)) continue;
    for (const auto& item : body[key].GetArray()) {
      schema_tags t;
      t.path = str(item["schemaEntity"], "entityPath");
      t.type = str(item["schemaEntity"], "entityType") == "sr_record" ? tag_entity_type::record : tag_entity_type::field;
      for (const auto& tag : item["tags"].GetArray()) t.tags.emplace_back(tag.GetString());
      (std::string(key) == "tagsToAdd" ? req.tags_to_add : req.tags_to_remove).push_back(std::move(t));
    }
  }
  return to_tag_edits(req);
}

/// Applies `edits` to `text` and returns what the registry would store (the result parsed again
/// as a new schema), or the error message.
std::string tagged(schema_type type, const std::string& text, const std::vector<tag_edit>& edits) {
  auto parsed = parse_new(type, text);
  if (!parsed) return "unparsable source";
  auto out = parsed->with_tags(edits);
  if (!out) return "error " + std::to_string(static_cast<int>(out.error().code)) + ": " + out.error().message;
  std::string err;
  auto again = parse_new(type, *out, &err);
  return again ? again->canonical_text() : "result does not parse: " + err + "\n" + *out;
}

TEST(SchemaTagsCorpus, RecordedTagStepsMatch) {
  const std::string dir = test::proto_shared_dir() + "/external/confluent-recorded/tests/http_conformance/";
  json::document scenarios;
  json::document golden;
  ASSERT_FALSE(json::parse(test::slurp(dir + "scenarios.json"), scenarios));
  ASSERT_FALSE(json::parse(test::slurp(dir + "golden.json"), golden));
  int checked = 0;
  for (const auto& sc : scenarios.GetArray()) {
    const std::string name = str(sc, "name");
    if (name.rfind("tags-", 0) != 0 || name == "tags-nopackage") continue;  // nopackage: see allowed.json
    // subject -> version -> (type, stored text)
    std::map<std::string, std::map<int, std::pair<schema_type, std::string>>> stored;
    for (rapidjson::SizeType i = 0; i < sc["steps"].Size(); ++i) {
      const auto& step = sc["steps"][i];
      const auto& rec = golden[name.c_str()][i];
      const std::string where = name + "#" + std::to_string(i);
      const std::string path = str(step, "p");
      if (str(step, "m") != "POST" || path.rfind("/subjects/", 0) != 0 || !step.HasMember("b")) continue;
      const std::string rest = path.substr(10);
      const std::string subject = rest.substr(0, rest.find('/'));
      const int status = rec["status"].GetInt();
      if (rest == subject + "/versions" && status == 200) {
        schema_type type = type_of(str(step["b"], "schemaType"));
        auto parsed = parse_new(type, str(step["b"], "schema"));
        ASSERT_TRUE(parsed) << where;
        stored[subject][static_cast<int>(stored[subject].size()) + 1] = {type, parsed->canonical_text()};
        continue;
      }
      const auto tags_at = rest.find("/tags");
      if (tags_at == std::string::npos) continue;
      const std::string version_text = rest.substr(subject.size() + 10, tags_at - subject.size() - 10);
      auto& versions = stored[subject];
      if (versions.empty()) continue;
      const int source = version_text == "latest" ? versions.rbegin()->first : std::atoi(version_text.c_str());
      if (!versions.count(source)) continue;
      const auto& [type, text] = versions[source];
      const std::string got = tagged(type, text, edits_of(step["b"]));
      const auto& body = rec["body"];
      if (status == 200) {
        ++checked;
        EXPECT_EQ(str(body, "schema"), got) << where;
        versions[body["version"].GetInt()] = {type, str(body, "schema")};
      } else if (status == 422 && str(body, "message").rfind("java.lang.", 0) == 0) {
        ++checked;
        EXPECT_EQ("error 42201: " + str(body, "message"), got) << where;
      }
    }
  }
  std::cout << "recorded tag steps checked: " << checked << "\n";
  EXPECT_GE(checked, 20);
}

struct tag_case {
  const char* name;
  schema_type type;
  const char* schema;
  std::vector<tag_edit> edits;
  const char* expected;  ///< stored text, or "error <code>: <message>"
};

tag_edit add(const char* path, tag_entity_type t, std::vector<std::string> tags) { return {path, t, std::move(tags), {}}; }
constexpr auto field = tag_entity_type::field;
constexpr auto record = tag_entity_type::record;

class SchemaTagsTable : public ::testing::TestWithParam<tag_case> {};

TEST_P(SchemaTagsTable, AppliesLikeConfluent) {
  const tag_case& c = GetParam();
  EXPECT_EQ(c.expected, tagged(c.type, c.schema, c.edits));
}

const tag_case cases[] = {
    {"avro_nested_record_in_array", schema_type::avro,
     R"({"type":"record","name":"A","fields":[{"name":"xs","type":{"type":"array","items":{"type":"record","name":"B","fields":[{"name":"b","type":"int"}]}}}]})",
     {add("B.b", field, {"T"})},
     R"({"type":"record","name":"A","fields":[{"name":"xs","type":{"type":"array","items":{"type":"record","name":"B","fields":[{"name":"b","type":"int","confluent:tags":["T"]}]}}}]})"},
    {"avro_record_in_union_inherits_namespace", schema_type::avro,
     R"({"type":"record","name":"A","namespace":"n","fields":[{"name":"u","type":["null",{"type":"record","name":"C","fields":[{"name":"c","type":"string"}]}]}]})",
     {add("n.C", record, {"R"})},
     R"({"type":"record","name":"A","namespace":"n","fields":[{"name":"u","type":["null",{"type":"record","name":"C","fields":[{"name":"c","type":"string"}],"confluent:tags":["R"]}]}]})"},
    {"avro_wrong_namespace", schema_type::avro, R"({"type":"record","name":"A","namespace":"n","fields":[{"name":"a","type":"int"}]})",
     {add("m.A.a", field, {"T"})}, "error 42201: java.lang.IllegalArgumentException: No matching path 'm.A.a' found in the schema"},
    {"avro_empty_path_record", schema_type::avro, R"({"type":"record","name":"A","fields":[{"name":"a","type":"int"}]})",
     {add(".", record, {"T"})}, "error 42201: java.lang.IllegalArgumentException: 0 > -1"},
    {"avro_remove_last_tag_drops_member", schema_type::avro,
     R"({"type":"record","name":"A","fields":[{"name":"a","type":"int","confluent:tags":["X","Y"]}]})",
     {{"A.a", field, {"Z"}, {"X", "Y"}}}, R"({"type":"record","name":"A","fields":[{"name":"a","type":"int","confluent:tags":["Z"]}]})"},
    {"json_definitions", schema_type::json,
     R"({"type":"object","definitions":{"D":{"type":"object","properties":{"x":{"type":"string"}}}},"properties":{"d":{"$ref":"#/definitions/D"}}})",
     {add("object.definitions.D", record, {"R"})},
     R"({"type":"object","definitions":{"D":{"type":"object","properties":{"x":{"type":"string"}},"confluent:tags":["R"]}},"properties":{"d":{"$ref":"#/definitions/D"}}})"},
    {"json_nested_and_dotted_property", schema_type::json,
     R"({"type":"object","properties":{"a.b":{"type":"object","properties":{"c":{"type":"integer"}}}}})",
     {add("object.a.b.object.c", field, {"T"})},
     R"({"type":"object","properties":{"a.b":{"type":"object","properties":{"c":{"type":"integer","confluent:tags":["T"]}}}}})"},
    {"json_array_items", schema_type::json,
     R"({"type":"array","items":{"type":"object","properties":{"v":{"type":"number"}}}})",
     {add("array.object.v", field, {"T"})},
     R"({"type":"array","items":{"type":"object","properties":{"v":{"type":"number","confluent:tags":["T"]}}}})"},
    {"json_bad_index", schema_type::json, R"({"oneOf":[{"type":"string"}]})", {add("oneof.x.object", record, {"T"})},
     "error 42201: java.lang.IllegalArgumentException: For input string: \"x\""},
    {"proto_oneof_field", schema_type::protobuf,
     "syntax = \"proto3\";\nmessage M {\n  oneof kind {\n    string a = 1;\n    int32 b = 2;\n  }\n}\n",
     {add("M.kind.b", field, {"T"})},
     "syntax = \"proto3\";\n\nmessage M {\n  oneof kind {\n    string a = 1;\n    int32 b = 2 [(confluent.field_meta) = {\n"
     "      tags: [\n        \"T\"\n      ]\n    }];\n  }\n}\n"},
    {"proto_existing_tag_merged", schema_type::protobuf,
     "syntax = \"proto3\";\nmessage M {\n  string a = 1 [(confluent.field_meta).tags = \"X\"];\n}\n",
     {add("M.a", field, {"Y"})},
     "syntax = \"proto3\";\n\nmessage M {\n  string a = 1 [(confluent.field_meta) = {\n    tags: [\n      \"X\",\n"
     "      \"Y\"\n    ]\n  }];\n}\n"},
    {"proto_options_in_hash_map_order", schema_type::protobuf,
     "syntax = \"proto3\";\nmessage M {\n  string a = 1 [deprecated = true];\n}\n",
     {add("M.a", field, {"T"})},
     // ProtobufSchema.mergeOptions collects into a HashMap (16 buckets): "confluent.field_meta"
     // hashes to bucket 2, "deprecated" to bucket 7, so the meta option now comes first.
     "syntax = \"proto3\";\n\nmessage M {\n  string a = 1 [\n    (confluent.field_meta) = {\n      tags: [\n"
     "        \"T\"\n      ]\n    },\n    deprecated = true\n  ];\n}\n"},
    {"proto_missing_message", schema_type::protobuf, "syntax = \"proto3\";\nmessage M {\n  string a = 1;\n}\n",
     {add("X.Y.a", field, {"T"})}, "error 42201: java.lang.IllegalArgumentException: No matching Message with name 'X' found in the schema"},
};

INSTANTIATE_TEST_SUITE_P(Formats, SchemaTagsTable, ::testing::ValuesIn(cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(JavaSplitDots, KeepsInnerEmptiesDropsTrailingOnes) {
  using v = std::vector<std::string>;
  EXPECT_EQ(v{""}, java_split_dots(""));
  EXPECT_EQ((v{"", "User", "name"}), java_split_dots(".User.name"));
  EXPECT_EQ((v{"a", "", "b"}), java_split_dots("a..b"));
  EXPECT_EQ(v{"a"}, java_split_dots("a."));
  EXPECT_EQ(v{}, java_split_dots("..."));
}

TEST(EditedTags, ExistingFirstThenAddedMinusRemoved) {
  tag_edit e{"p", field, {"B", "C", "A"}, {"A", "Z"}};
  EXPECT_EQ((std::vector<std::string>{"B", "C"}), edited_tags({"A", "B"}, e));
}

TEST(ToTagEdits, MergesRepeatedEntitiesInConfluentOrder) {
  tag_schema_request req;
  req.tags_to_add = {{"A.x", field, {"T1"}}, {"A", record, {"R"}}, {"A.x", field, {"T2", "T1"}}};
  req.tags_to_remove = {{"A.y", field, {"Q"}}, {"A.x", field, {"T3"}}};
  auto edits = to_tag_edits(req);
  ASSERT_EQ(3u, edits.size());
  EXPECT_EQ("A.x", edits[0].path);
  EXPECT_EQ((std::vector<std::string>{"T1", "T2"}), edits[0].add);
  EXPECT_EQ((std::vector<std::string>{"T3"}), edits[0].remove);
  EXPECT_EQ(record, edits[1].type);
  EXPECT_EQ("A.y", edits[2].path);
  EXPECT_TRUE(edits[2].add.empty());
}

}  // namespace
}  // namespace tessera::formats
