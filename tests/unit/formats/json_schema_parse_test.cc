// JSON Schema parsing: canonical and normalized text (Jackson's tree and BigDecimal numbers),
// which documents load as schemas in which dialect (everit's and json-sKema's checks), the Java
// regex syntax check, `$ref` resolution through references, and Java's HashMap order.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/json_schema/java_order.h"
#include "formats/json_schema/java_regex.h"
#include "formats/json_schema/json_tree.h"
#include "formats/json_schema/loader.h"
#include "unit/formats/json_schema_test_support.h"

namespace tessera::formats {
namespace {

using test::parse_json_schema;
using test::parse_outcome;

struct text_case {
  const char* input;
  const char* canonical;
  const char* normalized;
};

TEST(JsonSchemaParse, CanonicalTextIsJacksonsCompactTreeAndNormalizedSortsMembers) {
  const text_case cases[] = {
      {R"({ "type" : "object", "properties" : { "b" : {}, "a" : {} } })",
       R"({"type":"object","properties":{"b":{},"a":{}}})", R"({"properties":{"a":{},"b":{}},"type":"object"})"},
      // A repeated key keeps its first position and its last value.
      {R"({"title":"x","type":"string","title":"y"})", R"({"title":"y","type":"string"})",
       R"({"title":"y","type":"string"})"},
      // Decimals are BigDecimals: scale kept, toString() exponents; integers stay integers.
      {R"({"minimum":1.0,"maximum":1e5,"multipleOf":0.0000001,"default":-0,"x":100.00,"y":12345678901234567890})",
       R"({"minimum":1.0,"maximum":1E+5,"multipleOf":1E-7,"default":0,"x":100.00,"y":12345678901234567890})",
       R"({"default":0,"maximum":1E+5,"minimum":1.0,"multipleOf":1E-7,"x":100.00,"y":12345678901234567890})"},
      {R"({"description":"caf\u00e9 \u0001 a/b \"q\""})", "{\"description\":\"caf\xC3\xA9 \\u0001 a/b \\\"q\\\"\"}",
       "{\"description\":\"caf\xC3\xA9 \\u0001 a/b \\\"q\\\"\"}"},
      // Content after the first value is ignored, as Jackson's readTree does.
      {R"({"type":"string"} trailing)", R"({"type":"string"})", R"({"type":"string"})"},
      {"[1,2]", "[1,2]", "[1,2]"},
      {"true", "true", "true"},
  };
  for (const auto& c : cases) {
    parse_outcome plain = parse_json_schema(c.input);
    ASSERT_TRUE(plain.ok()) << c.input << ": " << plain.error;
    EXPECT_EQ(plain.schema->canonical_text(), c.canonical) << c.input;
    EXPECT_EQ(plain.schema->formatted("anything"), c.canonical);
    parse_outcome normalized = parse_json_schema(c.input, {}, true);
    ASSERT_TRUE(normalized.ok()) << c.input;
    EXPECT_EQ(normalized.schema->canonical_text(), c.normalized) << c.input;
  }
}

TEST(JsonSchemaParse, MembersSortInJavaStringOrder) {
  // U+FF21 (UTF-16 0xFF21) sorts after U+1F600 (surrogates 0xD83D...), unlike UTF-8 byte order.
  parse_outcome p = parse_json_schema("{\"\xEF\xBC\xA1\":1,\"\xF0\x9F\x98\x80\":2,\"Z\":3,\"a\":4}", {}, true);
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(), "{\"Z\":3,\"a\":4,\"\xF0\x9F\x98\x80\":2,\"\xEF\xBC\xA1\":1}");
  EXPECT_LT(json_schema::compare_java_strings("\xF0\x9F\x98\x80", "\xEF\xBC\xA1"), 0);
  EXPECT_EQ(json_schema::compare_java_strings("ab", "ab"), 0);
  EXPECT_GT(json_schema::compare_java_strings("abc", "ab"), 0);
}

TEST(JsonSchemaParse, ErrorsAreConfluents) {
  EXPECT_EQ(parse_json_schema(R"({"type":)").error, R"(Invalid JSON {"type":)");
  EXPECT_EQ(parse_json_schema(R"({"a":1,})").error, R"(Invalid JSON {"a":1,})");
  EXPECT_EQ(parse_json_schema(R"({"type":12})").error, "Invalid JSON Schema");
  EXPECT_EQ(parse_json_schema("null").error, "Invalid JSON Schema");
}

struct validity_case {
  const char* schema;
  bool valid;
  const char* why;
};

TEST(JsonSchemaParse, ValidityFollowsEveritAndJsonSkema) {
  const validity_case cases[] = {
      {R"({})", true, "empty schema"},
      {R"(5)", true, "any non-object JSON reads as an empty schema"},
      {R"("x")", true, "idem"},
      {R"({"type":"nope"})", false, "unknown type"},
      {R"({"type":["string",5]})", false, "type list entry not a string"},
      {R"({"type":"string","minLength":1.0})", false, "minLength must be a Java Integer"},
      {R"({"type":"string","minLength":2147483648})", false, "beyond 32 bits"},
      {R"({"type":"string","minLength":2147483647})", true, "fits 32 bits"},
      {R"({"type":"string","pattern":"(?<year>\\d{4})-(?=x)\\p{L}"})", true, "Java regex constructs"},
      {R"({"type":"string","pattern":"a{"})", false, "Java: Illegal repetition"},
      {R"({"type":"string","pattern":"\\q"})", false, "Java: unsupported escape"},
      {R"({"type":"string","pattern":"[z-a]"})", false, "Java: illegal character range"},
      {R"({"type":"string","format":5})", false, "format must be a string"},
      {R"({"type":"string","format":"my-format"})", true, "unknown formats are fine"},
      {R"({"title":5})", false, "title must be a string"},
      {R"({"readOnly":"yes"})", false, "draft 7 readOnly is a boolean"},
      {R"({"$schema":"http://json-schema.org/draft-06/schema#","readOnly":"yes"})", true, "draft 6 has no readOnly"},
      {R"({"$schema":"http://json-schema.org/draft-04/schema#","maximum":5,"exclusiveMaximum":true})", true,
       "draft 4 exclusive bounds are booleans"},
      {R"({"maximum":5,"exclusiveMaximum":true})", false, "draft 7 exclusive bounds are numbers"},
      {R"({"type":"number","multipleOf":0})", false, "multipleOf 0"},
      {R"({"$schema":5})", false, "$schema must be a string"},
      {R"({"$schema":"http://example.com/unknown","type":"object"})", true, "unknown $schema is draft 7"},
      {R"({"definitions":{"x":{"type":"nope"}}})", true, "definitions load only when referenced"},
      {R"({"definitions":{"x":{"type":"nope"}},"$ref":"#/definitions/x"})", false, "referenced, so loaded"},
      {R"({"$ref":"#/definitions/missing"})", false, "pointer to nothing"},
      {R"({"$ref":"other.json"})", false, "no such reference"},
      {R"({"$ref":"http://example.invalid/x.json"})", false, "nothing is fetched"},
      {R"({"definitions":{"x":{}},"$ref":"#/definitions/x","type":12})", true, "draft 7 ignores $ref siblings"},
      {R"({"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"x":{}},"$ref":"#/$defs/x","type":12})",
       false, "2020-12 loads $ref siblings"},
      {R"({"properties":{"a":5}})", false, "property schema must be an object or boolean"},
      {R"({"properties":{"$id":"not-a-schema"}})", true, "everit skips a non-object $id property"},
      {R"({"required":[1]})", false, "required entries are strings"},
      {R"({"dependencies":{"a":[1]}})", false, "dependency names are strings"},
      {R"({"dependencies":{"a":true}})", true, "draft 7 dependency may be a boolean schema"},
      {R"({"$schema":"http://json-schema.org/draft-04/schema#","dependencies":{"a":true}})", false,
       "draft 4 dependency schemas are objects"},
      {R"({"items":[{"type":"string"},true]})", true, "tuple items may be booleans"},
      {R"({"oneOf":{"type":"string"}})", false, "oneOf is an array"},
      {R"({"allOf":[]})", true, "empty allOf"},
      {R"({"enum":"a"})", false, "enum is an array"},
      {R"({"type":"object","properties":{"a":{"$ref":"#"}}})", true, "self reference"},
      {R"({"$id":"http://example.com/root.json","definitions":{"x":{"$id":"#foo"}},"properties":{"a":{"$ref":"#foo"}}})",
       true, "reference by $id"},
      {R"({"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{"x":{"$anchor":"foo"}},"$ref":"#foo"})",
       true, "2020-12 anchor"},
      {R"({"$schema":"https://json-schema.org/draft/2020-12/schema","prefixItems":[{}],"items":false})", true,
       "2020-12 arrays"},
      {R"({"$schema":"https://json-schema.org/draft/2020-12/schema","properties":5})", false, "properties object"},
  };
  for (const auto& c : cases) {
    parse_outcome p = parse_json_schema(c.schema);
    EXPECT_EQ(p.ok(), c.valid) << c.schema << " (" << c.why << "): " << p.error;
  }
}

TEST(JsonSchemaParse, DialectComesFromSchemaKeyword) {
  using json_schema::dialect;
  auto d = [](const char* text) { return json_schema::root_dialect(*json_schema::parse_json(text)); };
  EXPECT_EQ(d("{}"), dialect::draft7);
  EXPECT_EQ(d(R"({"$schema":"http://json-schema.org/draft-04/schema#"})"), dialect::draft4);
  EXPECT_EQ(d(R"({"$schema":"https://json-schema.org/draft-06/schema"})"), dialect::draft6);
  EXPECT_EQ(d(R"({"$schema":"https://json-schema.org/draft/2019-09/schema"})"), dialect::draft2019_09);
  EXPECT_EQ(d(R"({"$schema":"https://json-schema.org/draft/2020-12/schema#"})"), dialect::draft2020_12);
  EXPECT_EQ(d(R"({"$schema":"http://example.com/x"})"), dialect::draft7);
}

TEST(JsonSchemaParse, ReferencesResolveByNameAndAgainstTheRootId) {
  auto dep = test::json_ref("customer.json", R"({"type":"object","properties":{"id":{"type":"integer"}}})");
  EXPECT_TRUE(parse_json_schema(R"({"properties":{"c":{"$ref":"customer.json"}}})", {dep}).ok());
  EXPECT_TRUE(parse_json_schema(R"({"properties":{"c":{"$ref":"customer.json#/properties/id"}}})", {dep}).ok());
  EXPECT_FALSE(parse_json_schema(R"({"properties":{"c":{"$ref":"customer.json#/properties/nope"}}})", {dep}).ok());
  EXPECT_TRUE(parse_json_schema(R"({"$id":"http://x.com/a/root.json","properties":{"c":{"$ref":"customer.json"}}})",
                                {dep})
                  .ok());
  // A referenced schema referring to another one.
  auto inner = test::json_ref("inner.json", R"({"type":"string"})");
  auto outer = test::json_ref("outer.json", R"({"properties":{"i":{"$ref":"inner.json"}}})");
  EXPECT_TRUE(parse_json_schema(R"({"$ref":"outer.json"})", {inner, outer}).ok());
  EXPECT_FALSE(parse_json_schema(R"({"$ref":"outer.json"})", {outer}).ok());
  // A referenced text that is not a JSON object makes the schema invalid.
  EXPECT_FALSE(parse_json_schema(R"({"type":"string"})", {test::json_ref("bad.json", "{")}).ok());
}

// The Avro fuzz finding applies to this printer too: a lone surrogate is written as an escape.
TEST(JsonSchemaParse, LoneSurrogateIsPrintedAsAnEscape) {
  auto p = parse_json_schema(R"({"type":"string","description":"a\udc00b"})");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(), R"({"type":"string","description":"a\uDC00b"})");
  EXPECT_TRUE(parse_json_schema(p.schema->canonical_text()).ok());
}

TEST(JsonSchemaRegex, JavaSyntaxRules) {
  using json_schema::is_valid_java_regex;
  for (const char* ok : {"^S_", "^[a-zA-Z0-9._%+-]+@[a-z]+\\.[a-z]{2,}$", "(?i)abc", "(?<=a)b", "a*?b++c?+",
                         "[]a]", "[a-z&&[^b]]", "\\Qa(b\\E", "\\x{1F600}", "\\u00e9", "(?:a|b)|", "x{2}", "x{2,}",
                         "x{2,3}", "{1}", "(?<n>a)\\k<n>", "\xD0\xB0-\xD1\x8F", "[\xD0\xB0-\xD1\x8F]", "]", "}"}) {
    EXPECT_TRUE(is_valid_java_regex(ok)) << ok;
  }
  // "\\k<n>(?<n>a)": a back reference to a group defined later.
  for (const char* bad : {"\\k<n>(?<n>a)", "(", ")", "[", "[]", "*a", "a**", "a{", "{x}", "a{x}", "a{3,1}", "\\", "\\y", "(?<1a>x)",
                          "(?q)", "[b-a]", "\\0", "\\xZ1", "\\p", "(?<n>a)(?<n>b)", "(?i)*"}) {
    EXPECT_FALSE(is_valid_java_regex(bad)) << bad;
  }
}

TEST(JsonSchemaJavaOrder, HashesAndBucketsAsJavaUtilHashMap) {
  using namespace json_schema;
  EXPECT_EQ(java_string_hash("a"), 97);
  EXPECT_EQ(java_string_hash("hello"), 99162322);
  EXPECT_EQ(java_string_hash("\xF0\x9F\x98\x80"), 0xD83D * 31 + 0xDE00);
  EXPECT_EQ(java_default_capacity(12), 16U);
  EXPECT_EQ(java_default_capacity(13), 32U);
  // "zz" hashes to bucket 0 and "a" to bucket 1 of 16.
  EXPECT_EQ(java_hash_map_order({"a", "zz"}), (std::vector<std::string>{"zz", "a"}));
  // Same bucket (1 and 17 collide at 16 buckets): insertion order is kept.
  EXPECT_EQ(java_hash_map_order({"q", "a"}), (std::vector<std::string>{"q", "a"}));
  EXPECT_EQ(java_hash_set_union({"a"}, {"zz", "a"}), (std::vector<std::string>{"zz", "a"}));
}

}  // namespace
}  // namespace tessera::formats
