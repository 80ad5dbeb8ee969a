// Every JSON Schema diff case from Confluent's own json-schema-provider test resources
// (vectors/schema-registry/json-schema-provider/src/test/resources): the `compatible` verdict
// (STRICT) of update-reads-original must match, and so must the ordered `changes` list, once
// the newer release's split of PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL (into OPTIONAL_ / REQUIRED_
// variants, all incompatible under STRICT) is mapped back to the single 7.9 kind we report.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "json/json.h"
#include "unit/formats/json_schema_test_support.h"

namespace tessera::formats {
namespace {

using test::parse_json_schema;
using test::parse_outcome;

/// Cases whose expected verdict we do not reproduce, keyed "<file>#<index>", with the reason.
/// Empty: every case passes.
const std::map<std::string, std::string> excluded_cases = {};

/// The 2020-12 files are not strict JSON (Confluent reads them with org.json): drop commas
/// that precede a closing bracket.
std::string strip_trailing_commas(const std::string& text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ',') {
      std::size_t j = i + 1;
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j < text.size() && (text[j] == '}' || text[j] == ']')) continue;
    }
    out += c;
  }
  return out;
}

/// The kind Confluent 7.9 reports for a change listed by the newer release.
std::string as_79_change(std::string change) {
  for (const char* newer : {"OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL ",
                            "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL ",
                            "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL "}) {
    std::string_view n(newer);
    if (change.compare(0, n.size(), n) == 0) return "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL " + change.substr(n.size());
  }
  return change;
}

std::string vectors_dir() {
  return test::shared_dir() + "/vectors/schema-registry/json-schema-provider/src/test/resources/";
}

TEST(JsonSchemaVectors, EveryConfluentDiffCaseHasItsStrictVerdict) {
  const char* files[] = {"diff-schema-examples.json", "diff-schema-examples-2020-12.json",
                         "diff-combined-schema-examples.json", "diff-combined-schema-examples-2020-12.json"};
  int total = 0;
  int passed = 0;
  int skipped = 0;
  int same_changes = 0;
  std::vector<std::string> failures;
  for (const char* file : files) {
    json::document doc;
    ASSERT_FALSE(json::parse(strip_trailing_commas(test::read_file(vectors_dir() + file)), doc)) << file;
    ASSERT_TRUE(doc.IsArray()) << file;
    int index = 0;
    for (const auto& c : doc.GetArray()) {
      std::string id = std::string(file) + "#" + std::to_string(index++);
      std::string description = c["description"].GetString();
      if (excluded_cases.contains(id)) {
        ++skipped;
        continue;
      }
      ++total;
      parse_outcome original = parse_json_schema(json::to_string(c["original_schema"]));
      parse_outcome update = parse_json_schema(json::to_string(c["update_schema"]));
      if (!original.ok() || !update.ok()) {
        failures.push_back(id + " (" + description + "): does not parse: " + original.error + update.error);
        continue;
      }
      bool want = c["compatible"].GetBool();
      bool got = test::strict_compatible(original, update);
      std::vector<std::string> changes = test::change_list(original, update);
      std::vector<std::string> expected;
      for (const auto& ch : c["changes"].GetArray()) expected.push_back(as_79_change(ch.GetString()));
      if (changes == expected) {
        ++same_changes;
      } else {
        std::string text = id + " (" + description + ") changes differ:\n  want";
        for (const auto& ch : expected) text += " [" + ch + "]";
        text += "\n  got ";
        for (const auto& ch : changes) text += " [" + ch + "]";
        failures.push_back(text);
      }
      if (got == want) {
        ++passed;
      } else {
        std::string listed;
        for (const auto& ch : changes) listed += "\n      " + ch;
        failures.push_back(id + " (" + description + "): want compatible=" + (want ? "true" : "false") +
                           ", got" + listed);
      }
    }
  }
  std::cout << "json-schema vectors: " << passed << "/" << total
            << (skipped > 0 ? " (" + std::to_string(skipped) + " excluded)" : "")
            << "; identical change lists: " << same_changes << "/" << total << std::endl;
  EXPECT_EQ(total + skipped, 263);
  for (const auto& f : failures) ADD_FAILURE() << f;
}

TEST(JsonSchemaVectors, RecursiveSchemaComparedWithItselfHasNoDifferences) {
  std::string text = test::read_file(vectors_dir() + "recursive-schema.json");
  ASSERT_FALSE(text.empty());
  parse_outcome a = parse_json_schema(text);
  parse_outcome b = parse_json_schema(text);
  ASSERT_TRUE(a.ok()) << a.error;
  ASSERT_TRUE(b.ok()) << b.error;
  EXPECT_TRUE(test::change_list(a, b).empty());
  EXPECT_TRUE(test::change_list(a, a).empty());
}

}  // namespace
}  // namespace tessera::formats
