// normalize=true (Confluent's toNormalizedString, then a re-parse), references (parsed first,
// named by reference in the canonical text, inlined by format "resolved") and the format table.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/formats/avro_test_support.h"

namespace tessera::formats {
namespace {

using test::avro_ref;
using test::parse_avro;

struct normalize_case {
  const char* name;
  std::string schema;
  std::string normalized;
};

class AvroNormalize : public testing::TestWithParam<normalize_case> {};

TEST_P(AvroNormalize, MatchesConfluentsRoundTrip) {
  const normalize_case& c = GetParam();
  auto p = parse_avro(c.schema, {}, false, true);
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(), c.normalized);
  // Normalizing is idempotent.
  auto again = parse_avro(p.schema->canonical_text(), {}, false, true);
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(again.schema->canonical_text(), c.normalized);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AvroNormalize,
    testing::Values(
        normalize_case{"properties_sorted_recursively",
                       R"({"type":"record","name":"R","z":1,"a":{"y":1,"x":[{"d":1,"c":2}]},"fields":[]})",
                       R"({"type":"record","name":"R","fields":[],"a":{"x":[{"c":2,"d":1}],"y":1},"z":1})"},
        normalize_case{"aliases_sorted_by_full_name",
                       R"({"type":"record","name":"R","namespace":"n","aliases":["z.A","B"],"fields":[{"name":"f","type":"int","aliases":["y","x"]}]})",
                       R"({"type":"record","name":"R","namespace":"n","fields":[{"name":"f","type":"int","aliases":["x","y"]}],"aliases":["B","z.A"]})"},
        normalize_case{"empty_named_doc_dropped_field_doc_kept",
                       R"({"type":"record","name":"R","doc":"","fields":[{"name":"f","type":"int","doc":""}]})",
                       R"({"type":"record","name":"R","fields":[{"name":"f","type":"int","doc":""}]})"},
        normalize_case{"defaults_rendered_through_their_type",
                       R"({"type":"record","name":"R","fields":[{"name":"d","type":"double","default":1},{"name":"f","type":"float","default":1.1},{"name":"l","type":"long","default":1},{"name":"i","type":"int","default":1.5},{"name":"b","type":"bytes","default":"a☃"},{"name":"u","type":["string","null"],"default":"s"},{"name":"m","type":{"type":"map","values":"double"},"default":{"b":2,"a":1}}]})",
                       R"({"type":"record","name":"R","fields":[{"name":"d","type":"double","default":1.0},{"name":"f","type":"float","default":1.1},{"name":"l","type":"long","default":1},{"name":"i","type":"int"},{"name":"b","type":"bytes","default":"a?"},{"name":"u","type":["string","null"],"default":"s"},{"name":"m","type":{"type":"map","values":"double"},"default":{"a":1.0,"b":2.0}}]})"},
        normalize_case{"valid_logical_type_attributes_first",
                       R"({"type":"bytes","a":1,"logicalType":"decimal","precision":4})",
                       R"({"type":"bytes","logicalType":"decimal","precision":4,"a":1})"},
        normalize_case{"invalid_logical_type_sorted_like_any_property",
                       R"({"type":"bytes","scale":5,"logicalType":"decimal","precision":2,"a":1})",
                       R"({"type":"bytes","a":1,"logicalType":"decimal","precision":2,"scale":5})"},
        normalize_case{"decimal_fixed_within_max_precision",
                       R"({"type":"fixed","name":"D","size":2,"a":1,"logicalType":"decimal","precision":4})",
                       R"({"type":"fixed","name":"D","size":2,"logicalType":"decimal","precision":4,"a":1})"},
        normalize_case{"decimal_fixed_beyond_max_precision",
                       R"({"type":"fixed","name":"D","size":2,"a":1,"logicalType":"decimal","precision":5})",
                       R"({"type":"fixed","name":"D","size":2,"a":1,"logicalType":"decimal","precision":5})"},
        normalize_case{"uuid_accepted_on_any_type", R"({"type":"int","b":1,"logicalType":"uuid"})",
                       R"({"type":"int","logicalType":"uuid","b":1})"},
        normalize_case{"java_binding_property_voids_logical_type",
                       R"({"type":"int","b":1,"logicalType":"date","avro.java.string":"String"})",
                       R"({"type":"int","avro.java.string":"String","b":1,"logicalType":"date"})"},
        normalize_case{"error_becomes_record", R"({"type":"error","name":"E","fields":[]})",
                       R"({"type":"record","name":"E","fields":[]})"},
        normalize_case{"null_namespace_is_reinherited",
                       R"({"type":"record","name":"Outer","namespace":"a","fields":[{"name":"i","type":{"type":"record","name":"Inner","namespace":"","fields":[]}}]})",
                       R"({"type":"record","name":"Outer","namespace":"a","fields":[{"name":"i","type":{"type":"record","name":"Inner","fields":[]}}]})"},
        normalize_case{"enum_default_and_symbols",
                       R"({"type":"enum","name":"E","default":"B","symbols":["B","A"],"x":"y"})",
                       R"({"type":"enum","name":"E","symbols":["B","A"],"default":"B","x":"y"})"}),
    [](const testing::TestParamInfo<normalize_case>& p) { return std::string(p.param.name); });

struct normalize_error_case {
  const char* name;
  std::string schema;
  std::string message;
};

class AvroNormalizeErrors : public testing::TestWithParam<normalize_error_case> {};

TEST_P(AvroNormalizeErrors, FailWithJavasException) {
  const normalize_error_case& c = GetParam();
  ASSERT_TRUE(parse_avro(c.schema, {}, false, false).ok());
  auto p = parse_avro(c.schema, {}, false, true);
  ASSERT_FALSE(p.ok()) << p.schema->canonical_text();
  EXPECT_EQ(p.error, c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AvroNormalizeErrors,
    testing::Values(
        normalize_error_case{"wrong_element_type",
                             R"({"type":"record","name":"R","fields":[{"name":"a","type":{"type":"array","items":"int"},"default":[1.5]}]})",
                             "Cannot invoke \"Object.getClass()\" because \"datum\" is null"},
        normalize_error_case{"unknown_record_member",
                             R"({"type":"record","name":"R","fields":[{"name":"f","type":{"type":"record","name":"I","fields":[{"name":"x","type":"int"}]},"default":{"y":1}}]})",
                             "Cannot invoke \"org.apache.avro.Schema$Field.schema()\" because the return value of "
                             "\"org.apache.avro.Schema.getField(String)\" is null"},
        normalize_error_case{"array_for_a_map",
                             R"({"type":"record","name":"R","fields":[{"name":"m","type":{"type":"map","values":"int"},"default":[1]}]})",
                             R"(Not an array: {"type":"map","values":"int"})"}),
    [](const testing::TestParamInfo<normalize_error_case>& p) { return std::string(p.param.name); });

const std::string address_ref =
    R"({"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"street","type":"string"}]})";

TEST(AvroReferences, ReferencedTypesAreNamedNotInlined) {
  auto p = parse_avro(R"({"type":"record","name":"P","namespace":"com.acme","fields":[{"name":"a","type":"com.acme.Address"}]})",
                      {avro_ref("com.acme.Address", address_ref)});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(),
            R"({"type":"record","name":"P","namespace":"com.acme","fields":[{"name":"a","type":"Address"}]})");
  EXPECT_EQ(p.schema->formatted("resolved"),
            R"({"type":"record","name":"P","namespace":"com.acme","fields":[{"name":"a","type":{"type":"record","name":"Address","fields":[{"name":"street","type":"string"}]}}]})");
  EXPECT_EQ(p.schema->formatted("default"), p.schema->canonical_text());
  EXPECT_EQ(p.schema->formatted("unknown"), p.schema->canonical_text());
}

TEST(AvroReferences, DependenciesComeFirstAndShareOneNameTable) {
  std::string street = R"({"type":"fixed","name":"Zip","namespace":"com.acme","size":5})";
  std::string addr = R"({"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"zip","type":"Zip"}]})";
  std::string main = R"({"type":"record","name":"P","fields":[{"name":"a","type":"com.acme.Address"}]})";
  auto ok = parse_avro(main, {avro_ref("com.acme.Zip", street), avro_ref("com.acme.Address", addr)});
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.schema->canonical_text(),
            R"({"type":"record","name":"P","fields":[{"name":"a","type":"com.acme.Address"}]})");
  auto wrong_order = parse_avro(main, {avro_ref("com.acme.Address", addr), avro_ref("com.acme.Zip", street)});
  EXPECT_EQ(wrong_order.error,
            R"("Zip" is not a defined name. The type of the "zip" field must be a defined name or a {"type": ...} expression.)");
}

TEST(AvroReferences, RedefiningAReferencedTypeFails) {
  auto p = parse_avro(address_ref, {avro_ref("com.acme.Address", address_ref)});
  EXPECT_EQ(p.error, "Can't redefine: com.acme.Address");
}

// Only the top-level type of each reference counts as known (Java seeds its names with the
// parsed reference schemas), so a type nested in a reference is written out in full, and
// normalizing then redefines it, as Confluent does.
TEST(AvroReferences, NestedReferencedTypeIsInlinedLikeConfluent) {
  std::string a = R"({"type":"record","name":"A","fields":[{"name":"b","type":{"type":"record","name":"B","fields":[]}}]})";
  std::string main = R"({"type":"record","name":"M","fields":[{"name":"x","type":"A"},{"name":"y","type":"B"}]})";
  auto p = parse_avro(main, {avro_ref("A", a)});
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_EQ(p.schema->canonical_text(),
            R"({"type":"record","name":"M","fields":[{"name":"x","type":"A"},{"name":"y","type":{"type":"record","name":"B","fields":[]}}]})");
  EXPECT_EQ(parse_avro(main, {avro_ref("A", a)}, false, true).error, "Can't redefine: B");
}

TEST(FormatRegistry, AvroIsRegistered) {
  ASSERT_NE(find_format(schema_type::avro), nullptr);
  EXPECT_EQ(find_format(schema_type::avro)->type(), schema_type::avro);
  EXPECT_EQ(available_formats().back(), schema_type::avro);  // Confluent lists AVRO last
}

}  // namespace
}  // namespace tessera::formats
