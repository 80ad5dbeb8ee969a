// Java Avro's reader/writer compatibility rules as a {reader, writer, expected} table
// (STYLE.md #10): each row lists the incompatibility types and JSON-pointer paths in Java's order.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/formats/avro_test_support.h"

namespace tessera::formats {
namespace {

using test::parse_avro;

struct expected_incompatibility {
  std::string type;
  std::string path;
  bool operator==(const expected_incompatibility&) const = default;
};

std::ostream& operator<<(std::ostream& os, const expected_incompatibility& e) {
  return os << e.type << " " << e.path;
}

struct compat_case {
  const char* name;
  std::string reader;
  std::string writer;
  std::vector<expected_incompatibility> expected;
};

std::string rec(const std::string& fields, const std::string& extra = "") {
  return R"({"type":"record","name":"R")" + extra + R"(,"fields":[)" + fields + "]}";
}

class AvroCompatibility : public testing::TestWithParam<compat_case> {};

TEST_P(AvroCompatibility, ReportsJavasIncompatibilities) {
  const compat_case& c = GetParam();
  auto reader = parse_avro(c.reader);
  auto writer = parse_avro(c.writer);
  ASSERT_TRUE(reader.ok()) << reader.error;
  ASSERT_TRUE(writer.ok()) << writer.error;
  std::vector<expected_incompatibility> got;
  for (const incompatibility& i : reader.schema->check_compatibility(*writer.schema, {})) {
    got.push_back({i.type, i.path});
  }
  EXPECT_EQ(got, c.expected);
}

const std::string int_a = R"({"name":"a","type":"int"})";
const std::string string_a = R"({"name":"a","type":"string"})";
const std::string linked = R"({"type":"record","name":"Node","fields":[{"name":"v","type":"%T"},{"name":"next","type":["null","Node"],"default":null}]})";

std::string linked_list(const std::string& value_type) {
  std::string s = linked;
  return s.replace(s.find("%T"), 2, value_type);
}

INSTANTIATE_TEST_SUITE_P(
    Table, AvroCompatibility,
    testing::Values(
        // Primitives and promotions (reader <- writer).
        compat_case{"same_primitive", R"("int")", R"("int")", {}},
        compat_case{"long_reads_int", R"("long")", R"("int")", {}},
        compat_case{"float_reads_long", R"("float")", R"("long")", {}},
        compat_case{"double_reads_float", R"("double")", R"("float")", {}},
        compat_case{"string_reads_bytes", R"("string")", R"("bytes")", {}},
        compat_case{"bytes_reads_string", R"("bytes")", R"("string")", {}},
        compat_case{"int_cannot_read_long", R"("int")", R"("long")", {{"TYPE_MISMATCH", "/"}}},
        compat_case{"float_cannot_read_double", R"("float")", R"("double")", {{"TYPE_MISMATCH", "/"}}},
        compat_case{"null_cannot_read_int", R"("null")", R"("int")", {{"TYPE_MISMATCH", "/"}}},
        compat_case{"logical_types_ignored", R"({"type":"long","logicalType":"timestamp-micros"})",
                    R"({"type":"int","logicalType":"date"})", {}},
        // Records.
        compat_case{"added_field_without_default", rec(int_a + R"(,{"name":"b","type":"int"})"),
                    rec(int_a), {{"READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1"}}},
        compat_case{"added_field_with_default", rec(int_a + R"(,{"name":"b","type":"int","default":0})"), rec(int_a), {}},
        compat_case{"removed_field", rec(int_a), rec(int_a + R"(,{"name":"b","type":"int"})"), {}},
        compat_case{"field_type_changed", rec(string_a), rec(int_a), {{"TYPE_MISMATCH", "/fields/0/type"}}},
        compat_case{"field_found_by_reader_alias", rec(R"({"name":"z","type":"long","aliases":["a"]})"), rec(int_a), {}},
        compat_case{"record_renamed", rec(int_a), R"({"type":"record","name":"S","fields":[{"name":"a","type":"int"}]})",
                    {{"NAME_MISMATCH", "/name"}}},
        compat_case{"record_renamed_with_alias", rec(int_a, R"(,"aliases":["S"])"),
                    R"({"type":"record","name":"S","fields":[{"name":"a","type":"int"}]})", {}},
        compat_case{"alias_resolved_in_reader_namespace", rec(int_a, R"(,"namespace":"n","aliases":["S"])"),
                    R"({"type":"record","name":"S","namespace":"m","fields":[{"name":"a","type":"int"}]})",
                    {{"NAME_MISMATCH", "/name"}}},
        compat_case{"namespace_change_only", rec(int_a, R"(,"namespace":"x")"), rec(int_a, R"(,"namespace":"y")"), {}},
        compat_case{"name_and_field_problems_both_reported",
                    R"({"type":"record","name":"S","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]})",
                    rec(int_a),
                    {{"NAME_MISMATCH", "/name"}, {"TYPE_MISMATCH", "/fields/0/type"},
                     {"READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1"}}},
        compat_case{"nested_record_field",
                    rec(R"({"name":"n","type":{"type":"record","name":"N","fields":[{"name":"x","type":"string"}]}})"),
                    rec(R"({"name":"n","type":{"type":"record","name":"N","fields":[{"name":"x","type":"int"}]}})"),
                    {{"TYPE_MISMATCH", "/fields/0/type/fields/0/type"}}},
        // Enum without field default but with an enum default: Java checks it against the writer record.
        compat_case{"enum_default_quirk",
                    rec(int_a + R"(,{"name":"e","type":{"type":"enum","name":"E","symbols":["A"],"default":"A"}})"),
                    rec(int_a), {{"TYPE_MISMATCH", "/fields/1/type"}}},
        // Enums and fixed.
        compat_case{"enum_missing_symbols", R"({"type":"enum","name":"E","symbols":["A"]})",
                    R"({"type":"enum","name":"E","symbols":["D","A","C"]})", {{"MISSING_ENUM_SYMBOLS", "/symbols"}}},
        compat_case{"enum_reader_default_absorbs", R"({"type":"enum","name":"E","symbols":["A"],"default":"A"})",
                    R"({"type":"enum","name":"E","symbols":["A","B"]})", {}},
        compat_case{"fixed_renamed_and_resized", R"({"type":"fixed","name":"G","size":8})",
                    R"({"type":"fixed","name":"F","size":4})", {{"NAME_MISMATCH", "/name"}, {"FIXED_SIZE_MISMATCH", "/size"}}},
        compat_case{"fixed_vs_bytes", R"("bytes")", R"({"type":"fixed","name":"F","size":4})", {{"TYPE_MISMATCH", "/"}}},
        // Arrays and maps.
        compat_case{"array_items", R"({"type":"array","items":"int"})", R"({"type":"array","items":"long"})",
                    {{"TYPE_MISMATCH", "/items"}}},
        compat_case{"map_values", R"({"type":"map","values":"int"})", R"({"type":"map","values":"string"})",
                    {{"TYPE_MISMATCH", "/values"}}},
        compat_case{"array_vs_map", R"({"type":"array","items":"int"})", R"({"type":"map","values":"int"})",
                    {{"TYPE_MISMATCH", "/"}}},
        // Unions.
        compat_case{"union_branch_removed", R"(["int"])", R"(["int","string","long"])",
                    {{"MISSING_UNION_BRANCH", "/1"}, {"MISSING_UNION_BRANCH", "/2"}}},
        compat_case{"union_branch_added", R"(["int","string"])", R"(["int"])", {}},
        compat_case{"union_promotes_branch", R"(["null","long"])", R"(["null","int"])", {}},
        compat_case{"reader_union_lacks_writer", rec(R"({"name":"a","type":["null","string"]})"), rec(int_a),
                    {{"MISSING_UNION_BRANCH", "/fields/0/type"}}},
        // A non-union reader against a union writer: each branch is checked from the root.
        compat_case{"writer_union_branches_from_root", rec(int_a), rec(R"({"name":"a","type":["int","string","null"]})"),
                    {{"TYPE_MISMATCH", "/"}, {"TYPE_MISMATCH", "/"}}},
        compat_case{"empty_writer_union", R"("int")", R"([])", {}},
        compat_case{"empty_reader_union", R"([])", R"("int")", {{"MISSING_UNION_BRANCH", "/"}}},
        // Recursion: an in-progress pair counts as compatible.
        compat_case{"recursive_compatible", linked_list("long"), linked_list("int"), {}},
        compat_case{"recursive_incompatible", linked_list("string"), linked_list("int"), {{"TYPE_MISMATCH", "/fields/0/type"}}},
        // A named type reached twice reports twice, with the first location (memoised result).
        compat_case{"memoised_named_type",
                    rec(R"({"name":"a","type":{"type":"record","name":"I","fields":[{"name":"x","type":"int"}]}},{"name":"b","type":"I"})"),
                    rec(R"({"name":"a","type":{"type":"record","name":"I","fields":[{"name":"x","type":"long"}]}},{"name":"b","type":"I"})"),
                    {{"TYPE_MISMATCH", "/fields/0/type/fields/0/type"}, {"TYPE_MISMATCH", "/fields/0/type/fields/0/type"}}}),
    [](const testing::TestParamInfo<compat_case>& p) { return std::string(p.param.name); });

TEST(AvroCompatibilityMessages, RenderConfluentsDifferenceText) {
  auto reader = parse_avro(R"({"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["A"]}},{"name":"f","type":{"type":"fixed","name":"F","size":2}},{"name":"u","type":["null","int"]},{"name":"n","type":"int"}]})");
  auto writer = parse_avro(R"({"type":"record","name":"R","fields":[{"name":"e","type":{"type":"enum","name":"E","symbols":["C","A","B"]}},{"name":"f","type":{"type":"fixed","name":"G","size":3}},{"name":"u","type":["null","string"]}]})");
  ASSERT_TRUE(reader.ok() && writer.ok());
  std::vector<std::string> got;
  for (const auto& i : reader.schema->check_compatibility(*writer.schema, {"new", "old"})) got.push_back(i.message);
  std::vector<std::string> want = {
      "{errorType:'MISSING_ENUM_SYMBOLS', description:'The new schema is missing enum symbols '[B, C]' at path "
      "'/fields/0/type/symbols' in the old schema', additionalInfo:'[B, C]'}",
      "{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path '/fields/1/type/name')', "
      "additionalInfo:'expected: G'}",
      "{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path '/fields/1/type/size' in "
      "the new schema does not match with the old schema', additionalInfo:'expected: 3, found: 2'}",
      "{errorType:'MISSING_UNION_BRANCH', description:'The new schema is missing a type inside a union field at path "
      "'/fields/2/type/1' in the old schema', additionalInfo:'reader union lacking writer type: STRING'}",
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'n' at path '/fields/3' in the new "
      "schema has no default value and is missing in the old schema', additionalInfo:'n'}",
  };
  EXPECT_EQ(got, want);
  // The words come from the caller, reader first.
  auto forward = writer.schema->check_compatibility(*reader.schema, {"old", "new"});
  ASSERT_EQ(forward.size(), 3u);  // name, size, union branch
  EXPECT_EQ(forward[1].message,
            "{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path '/fields/1/type/size' "
            "in the old schema does not match with the new schema', additionalInfo:'expected: 2, found: 3'}");
}

TEST(AvroCompatibilityMessages, ReaderFieldMatchingTwoWriterFieldsIsJavasException) {
  auto reader = parse_avro(R"({"type":"record","name":"R","fields":[{"name":"a","type":"int","aliases":["b"]}]})");
  auto writer = parse_avro(R"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"}]})");
  ASSERT_TRUE(reader.ok() && writer.ok());
  auto got = reader.schema->check_compatibility(*writer.schema, {});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].message,
            "Unexpected exception during compatibility check: Reader record field a type:INT pos:0 matches multiple "
            "fields in writer record schema "
            R"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"int"}]})");
}

TEST(AvroCompatibilityMessages, ReferencedTypesAreComparedThroughTheirDefinitions) {
  std::string main = R"({"type":"record","name":"P","fields":[{"name":"a","type":"A"}]})";
  auto reader = parse_avro(main, {test::avro_ref("A", R"({"type":"record","name":"A","fields":[{"name":"x","type":"string"}]})")});
  auto writer = parse_avro(main, {test::avro_ref("A", R"({"type":"record","name":"A","fields":[{"name":"x","type":"int"}]})")});
  ASSERT_TRUE(reader.ok() && writer.ok());
  auto got = reader.schema->check_compatibility(*writer.schema, {});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].path, "/fields/0/type/fields/0/type");
}

}  // namespace
}  // namespace tessera::formats
