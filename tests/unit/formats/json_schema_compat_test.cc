// JSON Schema compatibility rules beyond the recorded goldens, as {old, new, expected} tables:
// message text and order (Java HashSet order of property names), how everit's loading shapes
// the comparison (synthetic allOf, `format` sniffing), `$ref` following and cycles, references
// to other subjects, and the 2020-12 translation.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/formats/json_schema_test_support.h"

namespace tessera::formats {
namespace {

using test::parse_json_schema;
using test::parse_outcome;

/// BACKWARD messages: the new schema reads data written with the old one.
std::vector<std::string> backward(const char* old_text, const char* new_text,
                                  const std::vector<resolved_reference>& old_refs = {},
                                  const std::vector<resolved_reference>& new_refs = {}) {
  parse_outcome o = parse_json_schema(old_text, old_refs);
  parse_outcome n = parse_json_schema(new_text, new_refs);
  EXPECT_TRUE(o.ok()) << old_text << ": " << o.error;
  EXPECT_TRUE(n.ok()) << new_text << ": " << n.error;
  if (!o.ok() || !n.ok()) return {"<parse failure>"};
  std::vector<std::string> out;
  for (const auto& i : n.schema->check_compatibility(*o.schema, {"new", "old"})) out.push_back(i.message);
  return out;
}

std::string type_changed(const char* path, const char* reader = "new", const char* writer = "old") {
  return std::string("{errorType:\"TYPE_CHANGED\", description:\"A type at path '") + path +
         "' is different between the " + reader + " schema and the " + writer + " schema'}";
}

TEST(JsonSchemaCompat, MessagesFollowJavaHashSetOrderOfPropertyNames) {
  // "zz" iterates before "a" in a java.util.HashSet, whatever the document order.
  auto got = backward(R"({"properties":{"a":{"type":"string"},"zz":{"type":"string"}}})",
                      R"({"properties":{"a":{"type":"integer"},"zz":{"type":"integer"}}})");
  EXPECT_EQ(got, (std::vector<std::string>{type_changed("#/properties/zz"), type_changed("#/properties/a")}));
}

TEST(JsonSchemaCompat, IncompatibilityRecordsCarryTypeAndPath) {
  parse_outcome o = parse_json_schema(R"({"type":"array"})");
  parse_outcome n = parse_json_schema(R"({"type":"array","items":{"type":"string"}})");
  auto found = n.schema->check_compatibility(*o.schema, {"new", "old"});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].type, "SCHEMA_ADDED");
  EXPECT_EQ(found[0].path, "#/items");
  // SCHEMA_ADDED belongs to no message group in 7.9: its description is empty.
  EXPECT_EQ(found[0].message, "{errorType:\"SCHEMA_ADDED\", description:\"'}");
}

TEST(JsonSchemaCompat, DifferentTypesAreReportedByTheCaller) {
  parse_outcome j = parse_json_schema("{}");
  parse_outcome a = test::parse_avro(R"("string")");
  ASSERT_TRUE(j.ok() && a.ok());
  auto found = j.schema->check_compatibility(*a.schema, {"new", "old"});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].message, "Incompatible because of different schema type");
}

struct rule_case {
  const char* why;
  const char* old_schema;
  const char* new_schema;
  std::vector<std::string> backward;
};

TEST(JsonSchemaCompat, LoaderShapesDecideTheComparison) {
  const rule_case cases[] = {
      {"format sniffs a StringSchema next to the number: a synthetic allOf", R"({"type":"integer"})",
       R"({"type":"integer","format":"int32"})", {type_changed("#/")}},
      {"dropping the sniffed part keeps one allOf branch", R"({"type":"integer","format":"int32"})",
       R"({"type":"integer"})", {}},
      {"a $ref is followed one level", R"({"type":"string"})",
       R"({"definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s"})", {}},
      {"draft 7 ignores $ref siblings", R"({"definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s"})",
       R"({"definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s","maxLength":3})", {}},
      {"draft 4 merges $ref siblings into the target",
       R"({"$schema":"http://json-schema.org/draft-04/schema#","definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s"})",
       R"({"$schema":"http://json-schema.org/draft-04/schema#","definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s","maxLength":3})",
       {"{errorType:\"MAX_LENGTH_ADDED\", description:\"The keyword at path '#/maxLength' in the new schema is not "
        "present in the old schema'}"}},
      {"2020-12 $ref siblings join an allOf",
       R"({"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"s":{"type":"string"}},"$ref":"#/$defs/s"})",
       R"({"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"s":{"type":"string"}},"$ref":"#/$defs/s","maxLength":3})",
       {type_changed("#/")}},
      {"2020-12 empty properties is an empty schema",
       R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string"})",
       R"({"$schema":"https://json-schema.org/draft/2020-12/schema","properties":{}})", {}},
      {"false accepts nothing, so anything reads its data", "false", R"({"type":"string"})", {}},
      {"true to false", "true", "false", {type_changed("#/")}},
      {"type list narrowed", R"({"type":["string","null"]})", R"({"type":"string"})", {type_changed("#/")}},
      {"type list with keywords keeps them on its branch (the changed branch matches nothing)",
       R"({"type":["string","null"],"maxLength":3})", R"({"type":["string","null"],"maxLength":2})",
       {"{errorType:\"COMBINED_TYPE_SUBSCHEMAS_CHANGED\", description:\"A type at path '#/' is different between "
        "the new schema and the old schema'}"}},
      {"type list with keywords: a relaxed branch still matches", R"({"type":["string","null"],"maxLength":3})",
       R"({"type":["string","null"],"maxLength":4})", {}},
      {"required with a default added", R"({"properties":{"a":{"type":"string"}}})",
       R"({"properties":{"a":{"type":"string","default":"x"}},"required":["a"]})", {}},
      {"10 and 10.0 are different multipleOf values (BigDecimal)", R"({"type":"number","multipleOf":10})",
       R"({"type":"number","multipleOf":10.0})",
       {"{errorType:\"MULTIPLE_OF_EXPANDED\", description:\"The value at path '#/multipleOf' in the new schema is "
        "more than its value in the old schema'}"}},
      {"a fractional multipleOf change is reported changed", R"({"type":"number","multipleOf":0.5})",
       R"({"type":"number","multipleOf":0.25})",
       {"{errorType:\"MULTIPLE_OF_CHANGED\", description:\"The value at path '#/multipleOf' is different between "
        "the new and old schema'}"}},
      {"partially open content model via patternProperties",
       R"({"properties":{},"additionalProperties":false,"patternProperties":{"^x_":{"type":"string"}}})",
       R"({"properties":{"x_a":{"type":"string"}},"additionalProperties":false,"patternProperties":{"^x_":{"type":"string"}}})",
       {}},
      {"not keeps excluding", R"({"not":{"type":"number"}})", R"({"not":{"type":"integer"}})", {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(backward(c.old_schema, c.new_schema), c.backward) << c.why;
  }
}

TEST(JsonSchemaCompat, ReferencedSubjectsAreComparedThroughTheirRefs) {
  auto v1 = test::json_ref("dep.json", R"({"type":"object","properties":{"v":{"type":"integer"}}})");
  auto v2 = test::json_ref("dep.json", R"({"type":"object","properties":{"v":{"type":"string"}}})");
  const char* holder = R"({"type":"object","properties":{"d":{"$ref":"dep.json"}}})";
  EXPECT_TRUE(backward(holder, holder, {v1}, {v1}).empty());
  EXPECT_EQ(backward(holder, holder, {v1}, {v2}), std::vector<std::string>{type_changed("#/properties/d/properties/v")});
}

TEST(JsonSchemaCompat, CyclesTerminate) {
  const char* tree = R"({"definitions":{"node":{"type":"object","properties":{
      "value":{"type":"integer"},
      "children":{"type":"array","items":{"$ref":"#/definitions/node"}},
      "either":{"oneOf":[{"$ref":"#/definitions/node"},{"type":"null"},{"$ref":"#"}]}}}},
      "$ref":"#/definitions/node"})";
  EXPECT_TRUE(backward(tree, tree).empty());
  std::string changed = tree;
  changed.replace(changed.find("\"integer\""), 9, "\"string\"");
  auto got = backward(tree, changed.c_str());
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front(), type_changed("#/properties/value"));
  const char* modern = R"({"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
      "properties":{"self":{"$ref":"#"},"list":{"type":"array","items":{"$ref":"#"}}}})";
  EXPECT_TRUE(backward(modern, modern).empty());
}

}  // namespace
}  // namespace tessera::formats
