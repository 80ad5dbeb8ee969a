// Parser behaviour beyond the recorded goldens, as tables: Java Avro's error messages, the
// canonical text (Java's Schema.toString), JSON details Jackson decides (numbers, escapes,
// duplicate keys), and the float-default conversion.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/formats/avro_test_support.h"

namespace tessera::formats {
namespace {

using test::parse_avro;

struct error_case {
  const char* name;
  std::string schema;
  std::string message;
  bool validate = true;
};

class AvroParseErrors : public testing::TestWithParam<error_case> {};

TEST_P(AvroParseErrors, FailsWithJavasMessage) {
  const error_case& c = GetParam();
  auto p = parse_avro(c.schema, {}, c.validate);
  ASSERT_FALSE(p.ok()) << "accepted: " << p.schema->canonical_text();
  EXPECT_EQ(p.error, c.message);
  auto r = test::avro().parse(c.schema, {}, {});
  EXPECT_EQ(r.error().code, error_code::invalid_schema);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AvroParseErrors,
    testing::Values(
        error_case{"empty", "", "Cannot parse <null> schema"},
        error_case{"only_comment", "  /* nothing */ ", "Cannot parse <null> schema"},
        error_case{"number", "5", "Schema not yet supported: 5"},
        error_case{"json_null", "null", "Schema not yet supported: null"},
        error_case{"dangling_comment", "\"int\" // trailing", "dangling content after end of schema: // trailing"},
        error_case{"type_not_text", R"({"type":["int"]})", R"(No type: {"type":["int"]})"},
        error_case{"named_type_object", R"({"type":"Foo"})", "Type not supported: Foo"},
        error_case{"empty_name_segment", R"({"type":"array","items":"a."})", "Empty name"},
        error_case{"bad_simple_name", R"({"type":"array","items":"x.1y"})", "Illegal initial character: 1y"},
        error_case{"bad_field_char", R"({"type":"record","name":"R","fields":[{"name":"a-b","type":"int"}]})",
                   "Illegal character in: a-b"},
        error_case{"symbol_not_letter", R"({"type":"record","name":"R☃","fields":[]})", "Illegal character in: R☃"},
        error_case{"field_not_object", R"({"type":"record","name":"R","fields":["a"]})", R"(No field name: "a")"},
        error_case{"enum_null_symbol", R"({"type":"enum","name":"E","symbols":["A",1]})", "Null name"},
        error_case{"enum_primitive_name", R"({"type":"enum","name":"int","symbols":[]})",
                   "Schemas may not be named after primitives: int"},
        error_case{"enum_no_symbols_first", R"({"type":"enum","name":"int"})",
                   R"(Enum has no symbols: {"type":"enum","name":"int"})"},
        error_case{"fixed_primitive_name", R"({"type":"fixed","name":"long","size":1})",
                   "Schemas may not be named after primitives: long"},
        error_case{"fixed_size_long", R"({"type":"fixed","name":"F","size":4294967296})",
                   R"(Invalid or no size: {"type":"fixed","name":"F","size":4294967296})"},
        error_case{"union_duplicate_array", R"([{"type":"array","items":"int"},{"type":"array","items":"long"}])",
                   "Duplicate in union:array"},
        error_case{"union_duplicate_named",
                   R"([{"type":"fixed","name":"F","size":1},"F"])", "Duplicate in union:F"},
        error_case{"redefine_enum", R"(["null",{"type":"enum","name":"E","symbols":["A"]},{"type":"enum","name":"E","symbols":["B"]}])",
                   "Can't redefine: E"},
        error_case{"order_not_text", R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","order":5}]})",
                   "Cannot invoke \"String.toUpperCase(java.util.Locale)\" because the return value of "
                   "\"com.fasterxml.jackson.databind.JsonNode.textValue()\" is null"},
        error_case{"float_default_text", R"({"type":"record","name":"R","fields":[{"name":"f","type":"float","default":"abc"}]})",
                   R"(For input string: "abc")", false},
        error_case{"double_default_blank", R"({"type":"record","name":"R","fields":[{"name":"f","type":"double","default":" "}]})",
                   "empty String", false},
        error_case{"default_names_record_in_progress",
                   R"({"type":"record","name":"R","fields":[{"name":"r","type":"R","default":{}}]})",
                   "Schema fields not set yet"},
        error_case{"default_message_prints_partial_record",
                   R"({"type":"record","name":"R","namespace":"n","doc":"d","fields":[{"name":"u","type":["null","R"],"default":1}]})",
                   R"(Invalid default for field u: 1 not a ["null",{"type":"record","name":"R","namespace":"n","doc":"d"}])"},
        error_case{"long_default_too_big",
                   R"({"type":"record","name":"R","fields":[{"name":"l","type":"long","default":9223372036854775808}]})",
                   R"(Invalid default for field l: 9223372036854775808 not a "long")"},
        error_case{"int_default_too_big",
                   R"({"type":"record","name":"R","fields":[{"name":"i","type":"int","default":2147483648}]})",
                   R"(Invalid default for field i: 2147483648 not a "int")"},
        error_case{"map_default_value",
                   R"({"type":"record","name":"R","fields":[{"name":"m","type":{"type":"map","values":"int"},"default":{"a":"x"}}]})",
                   R"(Invalid default for field m: {"a":"x"} not a {"type":"map","values":"int"})"},
        error_case{"record_default_missing_member",
                   R"({"type":"record","name":"R","fields":[{"name":"i","type":{"type":"record","name":"I","fields":[{"name":"x","type":"int","default":1},{"name":"y","type":"int"}]},"default":{"x":2}}]})",
                   R"(Invalid default for field i: {"x":2} not a {"type":"record","name":"I","fields":[{"name":"x","type":"int","default":1},{"name":"y","type":"int"}]})"},
        error_case{"type_object_names_only_default_namespace",
                   R"({"type":"record","name":"A","namespace":"x","fields":[{"name":"b","type":{"type":"fixed","name":"F","namespace":"y","size":2}},{"name":"d","type":{"type":"F"}}]})",
                   "Type not supported: F"}),
    [](const testing::TestParamInfo<error_case>& p) { return std::string(p.param.name); });

// Malformed JSON is compared by error code only; the message just has to say what is wrong.
TEST(AvroParse, MalformedJsonIsInvalidSchemaWithAClearMessage) {
  auto r = test::avro().parse(R"({"type":)", {}, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, error_code::invalid_schema);
  EXPECT_EQ(r.error().message.rfind("Invalid JSON: ", 0), 0u) << r.error().message;
}

TEST(AvroParse, NestingDeeperThanTheJsonLimitIsRejected) {
  std::string deep(300, '[');
  deep += std::string(300, ']');
  auto p = parse_avro(deep);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error.find("nesting"), std::string::npos) << p.error;
}

struct canonical_case {
  const char* name;
  std::string schema;
  std::string canonical;
  bool validate = true;
};

class AvroCanonical : public testing::TestWithParam<canonical_case> {};

TEST_P(AvroCanonical, IsJavasToString) {
  const canonical_case& c = GetParam();
  auto p = parse_avro(c.schema, {}, c.validate);
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(), c.canonical);
  // The canonical text is a fixed point.
  auto again = parse_avro(p.schema->canonical_text(), {}, c.validate);
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(again.schema->canonical_text(), c.canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AvroCanonical,
    testing::Values(
        canonical_case{"aliases_relative_to_namespace",
                       R"({"type":"record","name":"R","namespace":"a","aliases":["Old","b.Older","a.Old"],"fields":[]})",
                       R"({"type":"record","name":"R","namespace":"a","fields":[],"aliases":["Old","b.Older"]})"},
        canonical_case{"null_namespace_inside_namespace",
                       R"({"type":"record","name":"Outer","namespace":"a","fields":[{"name":"i","type":{"type":"record","name":"Inner","namespace":"","fields":[]}},{"name":"j","type":"Inner"}]})",
                       R"({"type":"record","name":"Outer","namespace":"a","fields":[{"name":"i","type":{"type":"record","name":"Inner","namespace":"","fields":[]}},{"name":"j","type":"Inner"}]})"},
        canonical_case{"reference_to_other_namespace",
                       R"({"type":"record","name":"A","namespace":"x","fields":[{"name":"b","type":{"type":"fixed","name":"F","namespace":"y","size":2}},{"name":"c","type":"y.F"},{"name":"d","type":{"type":"y.F"}}]})",
                       R"({"type":"record","name":"A","namespace":"x","fields":[{"name":"b","type":{"type":"fixed","name":"F","namespace":"y","size":2}},{"name":"c","type":"y.F"},{"name":"d","type":"y.F"}]})"},
        // Avro 1.11.4 writes the full name when the simple one would read back as a type name.
        canonical_case{"type_like_simple_names_written_in_full",
                       R"({"type":"record","name":"R","namespace":"n","aliases":["record"],"fields":[{"name":"a","type":{"type":"fixed","name":"map","size":1}},{"name":"b","type":"n.map"}]})",
                       R"({"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":{"type":"fixed","name":"map","size":1}},{"name":"b","type":"n.map"}],"aliases":["n.record"]})"},
        canonical_case{"numbers_as_jackson_prints_them",
                       R"({"type":"record","name":"R","fields":[{"name":"a","type":"double","default":1e2},{"name":"b","type":"double","default":0.00001},{"name":"c","type":"double","default":12345678.9},{"name":"d","type":"long","default":-0},{"name":"e","type":"double","default":-0.0}],"big":123456789012345678901234567890})",
                       R"({"type":"record","name":"R","fields":[{"name":"a","type":"double","default":100.0},{"name":"b","type":"double","default":1.0E-5},{"name":"c","type":"double","default":1.23456789E7},{"name":"d","type":"long","default":0},{"name":"e","type":"double","default":-0.0}],"big":123456789012345678901234567890})"},
        canonical_case{"string_escapes",
                       "{\"type\":\"enum\",\"name\":\"E\",\"doc\":\"q\\\"b\\\\s\\/n\\n\\u0001 caf\\u00e9\",\"symbols\":[]}",
                       "{\"type\":\"enum\",\"name\":\"E\",\"doc\":\"q\\\"b\\\\s/n\\n\\u0001 caf\xC3\xA9\",\"symbols\":[]}"},
        canonical_case{"repeated_key_keeps_first_position_last_value",
                       R"({"type":"record","name":"A","fields":[],"name":"B"})", R"({"type":"record","name":"B","fields":[]})"},
        canonical_case{"error_type", R"({"type":"error","name":"E","fields":[]})", R"({"type":"error","name":"E","fields":[]})"},
        canonical_case{"field_attributes_in_avro_order",
                       R"({"type":"record","name":"R","fields":[{"x":1,"aliases":["b","b","c"],"order":"IGNORE","default":1,"doc":"d","type":"int","name":"a"}]})",
                       R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","doc":"d","default":1,"order":"ignore","aliases":["b","c"],"x":1}]})"},
        canonical_case{"enum_default_must_be_text", R"({"type":"enum","name":"E","symbols":["A"],"default":1})",
                       R"({"type":"enum","name":"E","symbols":["A"]})"},
        canonical_case{"reserved_keys_dropped_from_primitives", R"({"type":"int","name":"x","foo":[1,{"b":2}]})",
                       R"({"type":"int","foo":[1,{"b":2}]})"},
        canonical_case{"textual_float_defaults_become_numbers",
                       R"({"type":"record","name":"R","fields":[{"name":"f","type":"float","default":"1.5"},{"name":"g","type":"double","default":"NaN"},{"name":"h","type":"double","default":" 2e3d "}]})",
                       R"({"type":"record","name":"R","fields":[{"name":"f","type":"float","default":1.5},{"name":"g","type":"double","default":"NaN"},{"name":"h","type":"double","default":2000.0}]})"},
        canonical_case{"invalid_defaults_kept_without_validation",
                       R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"},{"name":"b","type":["int","null"],"default":null}]})",
                       R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","default":"x"},{"name":"b","type":["int","null"],"default":null}]})",
                       false},
        canonical_case{"comments_allowed", "/* a */ {\"type\": // b\n \"string\"}", R"("string")"},
        canonical_case{"unicode_names", R"({"type":"record","name":"Café","fields":[{"name":"ñ_1","type":"int"}]})",
                       R"({"type":"record","name":"Café","fields":[{"name":"ñ_1","type":"int"}]})"}),
    [](const testing::TestParamInfo<canonical_case>& p) { return std::string(p.param.name); });

TEST(AvroParse, NamespaceAttributeOnlyAppliesWithoutADottedName) {
  auto p = parse_avro(R"({"type":"record","name":"a.R","namespace":"b","fields":[{"name":"x","type":{"type":"enum","name":"E","symbols":[]}},{"name":"y","type":"a.E"}]})");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(),
            R"({"type":"record","name":"R","namespace":"a","fields":[{"name":"x","type":{"type":"enum","name":"E","symbols":[]}},{"name":"y","type":"E"}]})");
}

TEST(AvroParse, DefaultsAreOnlyValidatedWhenAsked) {
  std::string s = R"({"type":"record","name":"R","fields":[{"name":"a","type":"boolean","default":0}]})";
  EXPECT_TRUE(parse_avro(s, {}, false).ok());
  EXPECT_EQ(parse_avro(s, {}, true).error, R"(Invalid default for field a: 0 not a "boolean")");
}

// Found by tests/fuzz (fuzz_avro_schema): a lone surrogate escape in a property was printed as
// bytes that are not UTF-8, so the stored canonical text no longer parsed.
TEST(AvroParse, LoneSurrogateInAPropertyIsPrintedAsAnEscape) {
  auto p = parse_avro(R"({"type":"fixed","name":"F","size":2,"x\uddefy":"\udc00"})");
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(), R"({"type":"fixed","name":"F","size":2,"x\uDDEFy":"\uDC00"})");
  EXPECT_TRUE(parse_avro(p.schema->canonical_text()).ok());
}

TEST(AvroParse, NamesAreValidatedEvenWithoutDefaultValidation) {
  EXPECT_EQ(parse_avro(R"({"type":"record","name":"1R","fields":[]})", {}, false).error,
            "Illegal initial character: 1R");
}

}  // namespace
}  // namespace tessera::formats
