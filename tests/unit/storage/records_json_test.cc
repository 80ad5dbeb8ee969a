// The `_schemas` record codec against Confluent's byte forms: the golden files under
// tests/data/golden/records/, the literal examples of spec §2.12, and hostile input.

#include "storage/records_json.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "unit/storage/golden_records.h"

namespace tessera::storage {
namespace {

using testing::load_golden;

/// The record, or a test failure naming why it was skipped.
record decoded(const raw_record& raw) {
  auto r = decode(raw);
  if (auto* s = std::get_if<skipped_record>(&r)) {
    ADD_FAILURE() << "skipped (" << to_string_view(s->kind) << "): " << s->reason
                  << "\nkey: " << raw.key;
    return record{};
  }
  return std::get<record>(std::move(r));
}

template <class T>
const T& value_as(const record& r) {
  static const T empty{};
  if (!r.value || !std::holds_alternative<T>(*r.value)) {
    ADD_FAILURE() << "record has no value of the expected type";
    return empty;
  }
  return std::get<T>(*r.value);
}

// --- golden files -------------------------------------------------------------------------

TEST(RecordsJsonGolden, CanonicalRecordsRoundTripByteForByte) {
  auto golden = load_golden("canonical.txt");
  ASSERT_GE(golden.size(), 20u);
  for (const auto& g : golden) {
    SCOPED_TRACE(g.name + " (canonical.txt:" + std::to_string(g.line) + ")");
    auto r = decoded(g.raw);
    auto again = encode(r);
    EXPECT_EQ(again.key, g.raw.key);
    EXPECT_EQ(again.value, g.raw.value);
  }
}

TEST(RecordsJsonGolden, ToleratedRecordsDecodeToTheCanonicalBytes) {
  auto golden = load_golden("tolerated.txt");
  ASSERT_GE(golden.size(), 15u);
  for (const auto& g : golden) {
    SCOPED_TRACE(g.name + " (tolerated.txt:" + std::to_string(g.line) + ")");
    ASSERT_TRUE(g.canonical.has_value());
    auto again = encode(decoded(g.raw));
    EXPECT_EQ(again.key, g.canonical->key);
    EXPECT_EQ(again.value, g.canonical->value);
  }
}

TEST(RecordsJsonGolden, MalformedRecordsAreSkippedWithTheirKind) {
  auto golden = load_golden("skipped.txt");
  ASSERT_GE(golden.size(), 30u);
  for (const auto& g : golden) {
    SCOPED_TRACE(g.name + " (skipped.txt:" + std::to_string(g.line) + ")");
    decode_result r;
    ASSERT_NO_THROW(r = decode(g.raw));
    auto* s = std::get_if<skipped_record>(&r);
    ASSERT_NE(s, nullptr) << "decoded although it must be skipped";
    EXPECT_EQ(to_string_view(s->kind), g.expect) << s->reason;
    EXPECT_FALSE(s->reason.empty());
  }
}

// --- spec §2.12, encoded from structs -----------------------------------------------------

TEST(RecordsJsonEncode, RegisterAvroFirstVersion) {
  subject_version_entry e;
  e.subject = "orders-value";
  e.version = 1;
  e.id = 1;
  e.content.text = R"({"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]})";
  auto raw = encode(record{schema_key("orders-value", 1), record_value{e}});
  EXPECT_EQ(raw.key, R"({"keytype":"SCHEMA","subject":"orders-value","version":1,"magic":1})");
  // No schemaType: SR's SchemaTypeConverter turns AVRO into null, which NON_EMPTY omits.
  EXPECT_EQ(raw.value,
            R"json({"subject":"orders-value","version":1,"id":1,"schema":"{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}","deleted":false})json");
}

TEST(RecordsJsonEncode, ProtobufWithReferenceAndMetadata) {
  subject_version_entry e;
  e.subject = "orders-proto";
  e.version = 3;
  e.id = 7;
  e.content.type = schema_type::protobuf;
  e.content.text = "syntax = \"proto3\";\n";
  e.content.references.push_back({"common.proto", "common", 1});
  e.content.metadata = schema_metadata{{}, {{"owner", "team-a"}}, {}};
  auto raw = encode(record{schema_key("orders-proto", 3), record_value{e}});
  EXPECT_EQ(raw.key, R"({"keytype":"SCHEMA","subject":"orders-proto","version":3,"magic":1})");
  EXPECT_EQ(raw.value,
            R"json({"subject":"orders-proto","version":3,"id":7,"schemaType":"PROTOBUF","references":[{"name":"common.proto","subject":"common","version":1}],"metadata":{"properties":{"owner":"team-a"}},"schema":"syntax = \"proto3\";\n","deleted":false})json");
}

TEST(RecordsJsonEncode, SubjectThenGlobalCompatibilityThenGlobalMode) {
  config_value subject_level;
  subject_level.subject = "orders-value";
  subject_level.compatibility = compatibility_level::full;
  auto a = encode(record{config_key("orders-value"), record_value{subject_level}});
  EXPECT_EQ(a.key, R"({"keytype":"CONFIG","subject":"orders-value","magic":0})");
  EXPECT_EQ(a.value, R"({"subject":"orders-value","compatibilityLevel":"FULL"})");

  config_value global;
  global.compatibility = compatibility_level::backward;
  auto b = encode(record{config_key(std::nullopt), record_value{global}});
  EXPECT_EQ(b.key, R"({"keytype":"CONFIG","magic":0})");
  EXPECT_EQ(b.value, R"({"compatibilityLevel":"BACKWARD"})");

  auto c = encode(record{mode_key(std::nullopt), record_value{mode_value{std::nullopt, mode::import}}});
  EXPECT_EQ(c.key, R"({"keytype":"MODE","magic":0})");
  EXPECT_EQ(c.value, R"({"mode":"IMPORT"})");
}

TEST(RecordsJsonEncode, SoftDeleteSubjectHardDeleteVersionNoop) {
  auto a = encode(record{delete_subject_key("orders-value"),
                         record_value{delete_subject_value{"orders-value", 2}}});
  EXPECT_EQ(a.key, R"({"keytype":"DELETE_SUBJECT","subject":"orders-value","magic":0})");
  EXPECT_EQ(a.value, R"({"subject":"orders-value","version":2})");

  auto b = encode(record{schema_key("orders-value", 1), std::nullopt});
  EXPECT_EQ(b.key, R"({"keytype":"SCHEMA","subject":"orders-value","version":1,"magic":1})");
  EXPECT_FALSE(b.value.has_value());

  auto c = encode(record{noop_key(), std::nullopt});
  EXPECT_EQ(c.key, R"({"keytype":"NOOP","magic":0})");
  EXPECT_FALSE(c.value.has_value());
}

TEST(RecordsJsonEncode, ContextClearSubjectAndNonAsciiKeys) {
  EXPECT_EQ(encode_key(context_key("default", ".ctx")),
            R"({"keytype":"CONTEXT","tenant":"default","context":".ctx","magic":0})");
  EXPECT_EQ(encode_value(record_value{context_value{"default", ".ctx"}}),
            R"({"tenant":"default","context":".ctx"})");
  EXPECT_EQ(encode_key(clear_subject_key(":.ctx:orders")),
            R"({"keytype":"CLEAR_SUBJECT","subject":":.ctx:orders","magic":0})");
  EXPECT_EQ(encode_value(record_value{clear_subject_value{}}), "{}");
  EXPECT_EQ(encode_key(schema_key("été-价格", 2)),
            "{\"keytype\":\"SCHEMA\",\"subject\":\"\xC3\xA9t\xC3\xA9-\xE4\xBB\xB7\xE6\xA0\xBC\","
            "\"version\":2,\"magic\":1}");
  EXPECT_EQ(encode_key(mode_key(":.ctx:orders")),
            R"({"keytype":"MODE","subject":":.ctx:orders","magic":0})");
}

TEST(RecordsJsonEncode, SortedCollectionsFollowJavaStringOrder) {
  // U+FFFD sorts before U+1F600 by bytes and code points, but after it in UTF-16 (0xFFFD vs
  // the surrogate 0xD83D), which is the order SR's SortedMap writes.
  schema_metadata m;
  m.properties = {{"\xEF\xBF\xBD", "a"}, {"\xF0\x9F\x98\x80", "b"}, {"A", "c"}};
  subject_version_entry e;
  e.subject = "s";
  e.version = 1;
  e.id = 1;
  e.content.text = "x";
  e.content.metadata = m;
  auto value = encode_value(record_value{e});
  ASSERT_TRUE(value);
  auto emoji = value->find("\xF0\x9F\x98\x80");
  auto replacement = value->find("\xEF\xBF\xBD");
  auto ascii = value->find("\"A\"");
  ASSERT_NE(emoji, std::string::npos);
  ASSERT_NE(replacement, std::string::npos);
  EXPECT_LT(ascii, emoji);
  EXPECT_LT(emoji, replacement);
}

// --- decoded fields -----------------------------------------------------------------------

TEST(RecordsJsonDecode, SchemaRecordFields) {
  auto r = decoded({R"({"keytype":"SCHEMA","subject":":.ctx:orders","version":3,"magic":1})",
                    R"json({"subject":":.ctx:orders","version":3,"id":7,"schemaType":"PROTOBUF","references":[{"name":"a.proto","subject":"a","version":2}],"metadata":{"tags":{"f":["PII"]},"properties":{"owner":"x"},"sensitive":["f"]},"ruleSet":{"domainRules":[{"name":"r","kind":"CONDITION","mode":"WRITE","type":"CEL","expr":"true","onFailure":"DLQ","disabled":true}]},"schema":"syntax = \"proto3\";","deleted":true})json"});
  EXPECT_EQ(r.key.type, key_type::schema);
  EXPECT_EQ(r.key.subject, ":.ctx:orders");
  EXPECT_EQ(r.key.version, 3);
  EXPECT_EQ(r.key.magic, 1);
  const auto& e = value_as<subject_version_entry>(r);
  EXPECT_EQ(e.subject, ":.ctx:orders");
  EXPECT_EQ(e.version, 3);
  EXPECT_EQ(e.id, 7);
  EXPECT_TRUE(e.deleted);
  EXPECT_EQ(e.content.type, schema_type::protobuf);
  EXPECT_EQ(e.content.text, "syntax = \"proto3\";");
  ASSERT_EQ(e.content.references.size(), 1u);
  EXPECT_EQ(e.content.references[0], (schema_reference{"a.proto", "a", 2}));
  ASSERT_TRUE(e.content.metadata);
  EXPECT_EQ(e.content.metadata->tags.at("f"), std::set<std::string>{"PII"});
  EXPECT_EQ(e.content.metadata->properties.at("owner"), "x");
  EXPECT_EQ(e.content.metadata->sensitive, std::set<std::string>{"f"});
  ASSERT_TRUE(e.content.rule_set);
  ASSERT_EQ(e.content.rule_set->domain_rules.size(), 1u);
  const auto& rule = e.content.rule_set->domain_rules[0];
  EXPECT_EQ(rule.name, "r");
  EXPECT_EQ(rule.kind, "CONDITION");
  EXPECT_EQ(rule.mode, "WRITE");
  EXPECT_EQ(rule.type, "CEL");
  EXPECT_EQ(rule.expr, "true");
  EXPECT_EQ(rule.on_failure, "DLQ");
  EXPECT_TRUE(rule.disabled);
}

TEST(RecordsJsonDecode, MissingSchemaTypeMeansAvro) {
  auto r = decoded({R"({"keytype":"SCHEMA","subject":"s","version":1,"magic":0})",
                    R"({"subject":"s","version":1,"id":1,"schema":"\"int\""})"});
  EXPECT_EQ(r.key.magic, 0);
  const auto& e = value_as<subject_version_entry>(r);
  EXPECT_EQ(e.content.type, schema_type::avro);
  EXPECT_FALSE(e.deleted);
  EXPECT_FALSE(e.content.metadata);
  EXPECT_FALSE(e.content.rule_set);
}

TEST(RecordsJsonDecode, ConfigFieldsAndLegacySubjectFromKey) {
  auto r = decoded({R"({"keytype":"CONFIG","subject":"s","magic":0})",
                    R"({"alias":"t","normalize":false,"validateFields":true,"compatibilityLevel":"FORWARD_TRANSITIVE","compatibilityGroup":"g","overrideMetadata":{"properties":{"k":"v"}},"defaultRuleSet":{"migrationRules":[{"name":"m","kind":"TRANSFORM","mode":"UPGRADE","disabled":false}]}})"});
  const auto& c = value_as<config_value>(r);
  EXPECT_EQ(c.subject, "s");
  EXPECT_EQ(c.alias, "t");
  EXPECT_EQ(c.normalize, false);
  EXPECT_EQ(c.validate_fields, true);
  EXPECT_EQ(c.compatibility, compatibility_level::forward_transitive);
  EXPECT_EQ(c.compatibility_group, "g");
  EXPECT_FALSE(c.default_metadata);
  ASSERT_TRUE(c.override_metadata);
  EXPECT_EQ(c.override_metadata->properties.at("k"), "v");
  ASSERT_TRUE(c.default_rule_set);
  EXPECT_EQ(c.default_rule_set->migration_rules.at(0).mode, "UPGRADE");
  EXPECT_FALSE(c.override_rule_set);
}

TEST(RecordsJsonDecode, GlobalKeysHaveNoSubject) {
  for (const char* key : {R"({"keytype":"CONFIG","magic":0})",
                          R"({"keytype":"CONFIG","subject":null,"magic":0})",
                          R"({"keytype":"CONFIG","subject":"","magic":0})"}) {
    SCOPED_TRACE(key);
    auto r = decoded({key, R"({"compatibilityLevel":"NONE"})"});
    EXPECT_EQ(r.key.type, key_type::config);
    EXPECT_FALSE(r.key.subject);
    EXPECT_FALSE(value_as<config_value>(r).subject);
  }
}

TEST(RecordsJsonDecode, TombstonesKeepTheirKey) {
  auto r = decoded({R"({"keytype":"MODE","subject":"s","magic":0})", std::nullopt});
  EXPECT_EQ(r.key, mode_key("s"));
  EXPECT_FALSE(r.value);
  auto c = decoded({R"({"keytype":"CONTEXT","tenant":"default","context":".x","magic":0})",
                    std::nullopt});
  EXPECT_EQ(c.key, context_key("default", ".x"));
}

TEST(RecordsJsonDecode, ModeDeleteSubjectClearSubjectContextValues) {
  EXPECT_EQ(value_as<mode_value>(decoded({R"({"keytype":"MODE","magic":0})",
                                          R"({"mode":"READONLY_OVERRIDE"})"})),
            (mode_value{std::nullopt, mode::readonly_override}));
  EXPECT_EQ(value_as<delete_subject_value>(
                decoded({R"({"keytype":"DELETE_SUBJECT","subject":"s","magic":0})",
                         R"({"subject":"s","version":4})"})),
            (delete_subject_value{"s", 4}));
  EXPECT_EQ(value_as<clear_subject_value>(
                decoded({R"({"keytype":"CLEAR_SUBJECT","magic":0})", "{}"})),
            clear_subject_value{});
  EXPECT_EQ(value_as<context_value>(decoded(
                {R"({"keytype":"CONTEXT","tenant":"default","context":".c","magic":0})",
                 R"({"tenant":"default","context":".c"})"})),
            (context_value{"default", ".c"}));
}

// --- structs -> bytes -> structs ----------------------------------------------------------

TEST(RecordsJsonRoundTrip, EveryFieldSurvives) {
  schema_rule rule;
  rule.name = "n";
  rule.doc = "d";
  rule.kind = "TRANSFORM";
  rule.mode = "WRITEREAD";
  rule.type = "ENCRYPT";
  rule.tags = {"PII", "PHI"};
  rule.params = {{"a", "1"}, {"b", ""}};
  rule.expr = "e";
  rule.on_success = "NONE";
  rule.on_failure = "ERROR";
  rule.disabled = true;
  schema_rule_set rules{{rule}, {rule}, {rule}};
  schema_metadata meta{{{"f", {"PII"}}, {"g", {}}}, {{"k", "v"}}, {"f"}};

  subject_version_entry e;
  e.subject = "subj\"\\\n\x01";
  e.version = 2147483647;
  e.id = 0;
  e.deleted = true;
  e.content = {schema_type::json, "{\"type\":\"object\"}", {{"r", "s", 1}, {"", "t", 2}},
               meta, rules};
  auto back = value_as<subject_version_entry>(decoded(encode(record{schema_key(e.subject, 2147483647), record_value{e}})));
  EXPECT_EQ(back.subject, e.subject);
  EXPECT_EQ(back.version, e.version);
  EXPECT_EQ(back.id, e.id);
  EXPECT_EQ(back.deleted, e.deleted);
  EXPECT_EQ(back.content, e.content);

  config_value c{"s", compatibility_level::none, true, false, "a", "g", meta, meta, rules, rules};
  EXPECT_EQ(value_as<config_value>(decoded(encode(record{config_key("s"), record_value{c}}))), c);
}

// --- hostile input ------------------------------------------------------------------------

TEST(RecordsJsonHostile, InvalidUtf8AndDeepNestingAreSkipped) {
  raw_record bad_utf8{R"({"keytype":"SCHEMA","subject":"s","version":1,"magic":1})",
                      "{\"subject\":\"\xC3\x28\",\"version\":1,\"id\":1,\"schema\":\"x\"}"};
  auto a = decode(bad_utf8);
  ASSERT_TRUE(std::holds_alternative<skipped_record>(a));
  EXPECT_EQ(std::get<skipped_record>(a).kind, skip_kind::malformed_value);

  std::string deep = R"({"subject":"s","version":1,"id":1,"schema":"x","x":)";
  deep += std::string(100000, '[') + std::string(100000, ']') + "}";
  auto b = decode({R"({"keytype":"SCHEMA","subject":"s","version":1,"magic":1})", deep});
  ASSERT_TRUE(std::holds_alternative<skipped_record>(b));
  EXPECT_EQ(std::get<skipped_record>(b).kind, skip_kind::malformed_value);

  auto c = decode({std::string("{\"keytype\":\"NOOP\"\0,\"magic\":0}", 29), std::nullopt});
  EXPECT_TRUE(std::holds_alternative<skipped_record>(c));
}

// Found by tests/fuzz (fuzz_schemas_record): a lone surrogate escape decodes to bytes that are
// not UTF-8; written back raw, the record could no longer be read (lost on the next replay).
TEST(RecordsJsonHostile, LoneSurrogateEscapeIsWrittenBackAsAnEscape) {
  raw_record raw{R"({"keytype":"SCHEMA","subject":"caf\ude80!","version":1,"magic":1})",
                 R"({"subject":"caf\ude80!","version":1,"id":1,"schema":"\\\udbff\udfff\udc00"})"};
  record r = decoded(raw);
  ASSERT_TRUE(r.key.subject.has_value());
  EXPECT_EQ(*r.key.subject, "caf\xED\xBA\x80!");
  raw_record written = encode(r);
  // Jackson's form: the lone surrogate as an upper-case \u escape, everything else as before.
  EXPECT_EQ(written.key, R"({"keytype":"SCHEMA","subject":"caf\uDE80!","version":1,"magic":1})");
  ASSERT_TRUE(written.value.has_value());
  EXPECT_NE(written.value->find("\\\\\xF4\x8F\xBF\xBF\\uDC00\""), std::string::npos) << *written.value;
  record again = decoded(written);
  EXPECT_EQ(again.key, r.key);
  EXPECT_EQ(encode(again), written);
}

// Found by tests/fuzz (fuzz_schemas_record): an empty schema was accepted but not written back.
TEST(RecordsJsonHostile, EmptySchemaIsSkippedLikeAMissingOne) {
  auto r = decode({R"({"keytype":"SCHEMA","subject":"s","version":1,"magic":1})",
                   R"({"subject":"s","version":1,"id":1,"schema":"","deleted":false})"});
  ASSERT_TRUE(std::holds_alternative<skipped_record>(r));
  EXPECT_EQ(std::get<skipped_record>(r).kind, skip_kind::malformed_value);
}

TEST(RecordsJsonHostile, RandomMutationsNeverThrow) {
  // Truncations, byte flips and splices of every golden record: decode must return a record or
  // a skip with a reason, and whatever decodes must re-encode.
  std::vector<raw_record> seeds;
  for (const char* file : {"canonical.txt", "tolerated.txt", "skipped.txt"}) {
    for (auto& g : load_golden(file)) seeds.push_back(g.raw);
  }
  std::mt19937 rng(20240607);
  auto mutate = [&rng](std::string s) {
    if (s.empty()) return s;
    switch (rng() % 4) {
      case 0: s.resize(rng() % s.size()); break;
      case 1: s[rng() % s.size()] = static_cast<char>(rng() % 256); break;
      case 2: s.insert(rng() % s.size(), 1, "{}[]\",:\\0n"[rng() % 10]); break;
      default: s.erase(rng() % s.size(), 1 + rng() % 4); break;
    }
    return s;
  };
  int decoded_count = 0;
  for (int i = 0; i < 20000; ++i) {
    raw_record r = seeds[rng() % seeds.size()];
    if (rng() % 2) r.key = mutate(r.key);
    if (r.value && rng() % 2) r.value = mutate(*r.value);
    decode_result d;
    ASSERT_NO_THROW(d = decode(r)) << r.key;
    if (auto* s = std::get_if<skipped_record>(&d)) {
      EXPECT_FALSE(s->reason.empty());
    } else {
      ++decoded_count;
      EXPECT_NO_THROW(encode(std::get<record>(d)));
    }
  }
  EXPECT_GT(decoded_count, 0);
}

}  // namespace
}  // namespace tessera::storage
