// Protobuf parsing and printing details that the recorded corpora do not pin down: Wire's error
// texts we reproduce, literals kept as written, descriptor input, hash-set ordering.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "formats/protobuf/java_hash.h"
#include "unit/formats/protobuf_test_support.h"

namespace tessera::formats {
namespace {

using test::parse_proto_schema;

std::string canonical(std::string_view text) {
  auto p = parse_proto_schema(text);
  return p.ok() ? p.schema->canonical_text() : "ERROR " + p.error;
}

TEST(ProtobufParse, SyntaxErrorsCarryConfluentsPrefixAndPosition) {
  auto p = parse_proto_schema("message {");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error.rfind("Could not parse Protobuf - Syntax error in :1:9: ", 0), 0u) << p.error;
  EXPECT_EQ(parse_proto_schema("syntax = \"proto4\";").error.find("unexpected syntax: proto4") != std::string::npos, true);
}

TEST(ProtobufParse, RequiredInProto3IsWiresSyntaxError) {
  EXPECT_EQ(parse_proto_schema("syntax = \"proto3\";\nmessage A { required string a = 1; }\n").error,
            "Could not parse Protobuf - Syntax error in :2:13: 'required' label forbidden in proto3 field declarations");
}

TEST(ProtobufParse, DuplicateTypeNameIsReportedWithBothPositions) {
  EXPECT_EQ(parse_proto_schema("syntax = \"proto3\";\nmessage M { string a = 1; }\nmessage M { string b = 1; }\n").error,
            "Could not parse Protobuf - M (:3:1) is already defined at :2:1");
}

TEST(ProtobufParse, AbsurdNestingIsRefusedBeforeParsing) {
  std::string text = "syntax = \"proto3\";\nmessage M { string a = 1 [(x) = ";
  for (int i = 0; i < 100; ++i) text += "{ a ";
  for (int i = 0; i < 100; ++i) text += "}";
  text += "]; }";
  EXPECT_NE(parse_proto_schema(text).error.find("nesting deeper than 64 levels"), std::string::npos);
}

TEST(ProtobufParse, WhatConfluentTolerates) {
  // Field number 0, duplicate numbers, an unused missing import, an unknown custom option.
  EXPECT_TRUE(parse_proto_schema("syntax = \"proto3\";\nmessage M { string a = 0; }\n").ok());
  EXPECT_TRUE(parse_proto_schema("syntax = \"proto3\";\nmessage M { string a = 1; string b = 1; }\n").ok());
  EXPECT_TRUE(parse_proto_schema("syntax = \"proto3\";\nimport \"nope.proto\";\nmessage M { string a = 1; }\n").ok());
  EXPECT_TRUE(parse_proto_schema("syntax = \"proto3\";\nmessage M { string a = 1 [(x.y) = 2]; }\n").ok());
}

TEST(ProtobufParse, UnresolvableTypeFailsValidationOnly) {
  std::string text = "syntax = \"proto3\";\nmessage M { Missing a = 1; }\n";
  EXPECT_EQ(parse_proto_schema(text).error, "Could not resolve type: Missing");
  EXPECT_TRUE(parse_proto_schema(text, {}, false).ok());
}

TEST(ProtobufParse, ReferencedTypesResolveWhateverTheImportName) {
  // Confluent collects the types of every resolved reference, imported or not.
  auto dep = test::proto_ref("other.proto", "syntax = \"proto3\";\npackage dep;\nmessage D { int32 v = 1; }\n");
  EXPECT_TRUE(parse_proto_schema("syntax = \"proto3\";\nimport \"dep.proto\";\nmessage H { dep.D d = 1; }\n", {dep}).ok());
}

TEST(ProtobufParse, LiteralsAreKeptAsWritten) {
  EXPECT_EQ(canonical("syntax = \"proto2\";\nmessage M { optional int32 a = 1 [default = 0x10, (f) = 1.50]; }\n"),
            "syntax = \"proto2\";\n\nmessage M {\n  optional int32 a = 1 [\n    (f) = 1.50,\n    default = 0x10\n  ];\n}\n");
}

TEST(ProtobufParse, NestedOptionNamesAndAggregates) {
  EXPECT_EQ(canonical("syntax = \"proto3\";\nmessage M {\n  option (a.b).c = true;\n  string s = 1 [(m) = { k: \"v\" k: \"w\" n { x: -1 } }];\n}\n"),
            "syntax = \"proto3\";\n\nmessage M {\n  option (a.b).c = true;\n\n  string s = 1 [(m) = {\n    k: [\n"
            "      \"v\",\n      \"w\"\n    ],\n    n: {\n      x: -1\n    }\n  }];\n}\n");
}

TEST(ProtobufParse, ReservedStatementsKeepTheirGrouping) {
  EXPECT_EQ(canonical("syntax = \"proto3\";\nmessage M { reserved \"a\"; reserved 5 to 5, 7, 9 to max; }\n"),
            "syntax = \"proto3\";\n\nmessage M {\n  reserved \"a\";\n  reserved 5 to 5, 7, 9 to max;\n}\n");
}

TEST(ProtobufParse, Base64DescriptorIsAcceptedAsTheSchema) {
  EXPECT_EQ(canonical("CgdkZWZhdWx0IgwKAU0SBwoBYRgBKAliBnByb3RvMw=="),
            "syntax = \"proto3\";\n\nmessage M {\n  string a = 1;\n}\n");
}

TEST(ProtobufParse, SerializedFormatCarriesConfluentMeta) {
  auto p = parse_proto_schema(
      "syntax = \"proto3\";\nimport \"confluent/meta.proto\";\nmessage A {\n"
      "  string ssn = 1 [(confluent.field_meta) = { doc: \"d\" tags: [\"PII\"] }];\n}\n");
  ASSERT_TRUE(p.ok()) << p.error;
  auto round = parse_proto_schema(p.schema->formatted("serialized"));
  ASSERT_TRUE(round.ok()) << round.error;
  EXPECT_EQ(round.schema->canonical_text(),
            "syntax = \"proto3\";\n\nimport \"confluent/meta.proto\";\n\nmessage A {\n"
            "  string ssn = 1 [(confluent.field_meta) = {\n    doc: \"d\",\n    tags: [\n      \"PII\"\n    ]\n  }];\n}\n");
}

// Found by tests/fuzz (fuzz_protobuf_schema): libprotobuf keeps an aggregate option value as raw
// tokens, so a malformed one used to be accepted and printed as text that did not parse again.
TEST(ProtobufParse, MalformedAggregateOptionIsASyntaxError) {
  for (const char* body : {"doc: \"x\", .file_meta) = { d }", "doc \"x\"", "params: [ { key: \"a\" } \"b\" ]",
                           "= 3", "a: { b: 1"}) {
    std::string text = "syntax = \"proto3\";\nimport \"confluent/meta.proto\";\nmessage A {\n"
                       "  string a = 1 [(confluent.field_meta) = { " + std::string(body) + " }];\n}\n";
    auto p = parse_proto_schema(text);
    ASSERT_FALSE(p.ok()) << body << "\n" << p.schema->canonical_text();
    EXPECT_EQ(p.error.rfind("Could not parse Protobuf - Syntax error", 0), 0u) << p.error;
  }
  // What Wire reads stays accepted: nested maps with or without ':', lists, negative numbers,
  // extension names and type URLs, adjacent string literals.
  EXPECT_TRUE(parse_proto_schema(
      "syntax = \"proto3\";\nimport \"confluent/meta.proto\";\nmessage A {\n  string a = 1 [(confluent.field_meta) = "
      "{ doc: \"a\" \"b\"; params { key: \"k\" value: \"v\" }, params: [{ key: \"x\" }, { key: \"y\" }] "
      "tags: [] [a.b]: -5 [type.googleapis.com/x.Y] < z: 1.5e+3 > }];\n}\n").ok());
}

TEST(JavaHashOrder, MatchesJavaUtilHashSet) {
  // Values and order as java.lang.String.hashCode and java.util.HashSet produce them.
  EXPECT_EQ(protobuf::java_hash("new_oneof"), -256897186);
  EXPECT_EQ(protobuf::java_hash_set_union(std::vector<std::string>{"new_oneof"}, std::vector<std::string>{"new_oneof_2"}),
            (std::vector<std::string>{"new_oneof_2", "new_oneof"}));
  EXPECT_EQ((protobuf::java_hash_set_union(std::vector<std::int32_t>{3, 1, 20}, std::vector<std::int32_t>{2, 17})),
            (std::vector<std::int32_t>{1, 17, 2, 3, 20}));
}

}  // namespace
}  // namespace tessera::formats

namespace tessera::formats {
namespace {

TEST(FormatRegistry, ProtobufIsRegistered) {
  const schema_format* f = find_format(schema_type::protobuf);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->type(), schema_type::protobuf);
  auto all = available_formats();
  EXPECT_NE(std::find(all.begin(), all.end(), schema_type::protobuf), all.end());
}

}  // namespace
}  // namespace tessera::formats
