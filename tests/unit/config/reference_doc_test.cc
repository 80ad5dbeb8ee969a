// docs/configuration.md and the example configurations cannot drift from the property table.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/config.h"
#include "unit/config/config_test_support.h"

namespace tessera::config {
namespace {

using testing_support::hermetic;

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(TESSERA_SOURCE_DIR) + "/" + relative, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << relative;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ReferenceDoc, ListsEveryPropertyAndPrefix) {
  auto doc = render_markdown_reference();
  for (const auto& p : properties()) {
    EXPECT_NE(doc.find("| `" + std::string(p.name) + "` |"), std::string::npos) << p.name;
  }
  for (const auto& k : known_prefixes()) {
    EXPECT_NE(doc.find("`" + std::string(k.prefix) + "*`"), std::string::npos) << k.prefix;
  }
}

TEST(ReferenceDoc, PropertyNamesAreUnique) {
  std::set<std::string_view> names;
  for (const auto& p : properties()) EXPECT_TRUE(names.insert(p.name).second) << p.name << " is listed twice";
}

TEST(ReferenceDoc, TableIsSelfConsistent) {
  for (const auto& p : properties()) {
    SCOPED_TRACE(std::string(p.name));
    EXPECT_FALSE(p.description.empty());
    EXPECT_FALSE(p.validate.expected.empty());
    // A default must pass its own validator, or loading without configuration would fail.
    EXPECT_FALSE(p.validate.check(p.default_value).has_value()) << "default '" << p.default_value << "'";
    EXPECT_EQ(p.status == support::deprecated, !p.replaced_by.empty());
    if (!p.replaced_by.empty()) {
      EXPECT_NE(find_property(p.replaced_by), nullptr);
    }
    EXPECT_EQ(p.description.find('\n'), std::string_view::npos);
  }
}

TEST(ReferenceDoc, DocsContainEveryPropertyName) {
  auto doc = read_source_file("docs/configuration.md");
  for (const auto& p : properties()) {
    EXPECT_NE(doc.find("`" + std::string(p.name) + "`"), std::string::npos) << p.name << " is not documented";
  }
}

TEST(ReferenceDoc, DocsEmbedTheCurrentGeneratedReference) {
  auto doc = read_source_file("docs/configuration.md");
  const std::string begin = "<!-- BEGIN GENERATED REFERENCE -->\n";
  const std::string end = "<!-- END GENERATED REFERENCE -->";
  auto b = doc.find(begin);
  auto e = doc.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), render_markdown_reference())
      << "docs/configuration.md is stale: replace the text between the GENERATED REFERENCE markers with the "
         "output of the tessera_config_reference tool";
}

TEST(Examples, YamlAndPropertiesExamplesLoadCleanlyAndAgree) {
  auto yaml = load(hermetic(std::filesystem::path(TESSERA_SOURCE_DIR) / "config/examples/schema-registry.yaml"));
  ASSERT_TRUE(yaml) << yaml.error().message;
  EXPECT_TRUE(yaml->warnings.empty()) << yaml->warnings.front();
  auto props =
      load(hermetic(std::filesystem::path(TESSERA_SOURCE_DIR) / "config/examples/schema-registry.properties"));
  ASSERT_TRUE(props) << props.error().message;
  EXPECT_TRUE(props->warnings.empty()) << props->warnings.front();
  EXPECT_EQ(yaml->raw(), props->raw());
}

TEST(Examples, ExamplesOnlyUseKnownProperties) {
  // Every key in the YAML example is set explicitly, so is_set() lists exactly what it mentions.
  auto yaml = load(hermetic(std::filesystem::path(TESSERA_SOURCE_DIR) / "config/examples/schema-registry.yaml"));
  ASSERT_TRUE(yaml) << yaml.error().message;
  for (const auto& [key, value] : yaml->raw()) {
    if (!yaml->is_set(key)) continue;
    bool known = find_property(key) != nullptr || key.rfind("kafkastore.", 0) == 0;
    EXPECT_TRUE(known) << key;
  }
}

}  // namespace
}  // namespace tessera::config
