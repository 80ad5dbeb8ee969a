// boxed_optional keeps std::optional's meaning (value semantics, comparisons, conversions)
// while holding its value on the heap.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tessera/core/boxed_optional.h"
#include "tessera/core/schema.h"

namespace tessera {
namespace {

TEST(BoxedOptional, IsOnePointerWide) {
  EXPECT_EQ(sizeof(boxed_optional<schema_metadata>), sizeof(void*));
  EXPECT_LT(sizeof(schema_content), 96u);
}

TEST(BoxedOptional, CopiesAreDeepAndIndependent) {
  boxed_optional<std::string> a = std::string("x");
  boxed_optional<std::string> b = a;
  *b += "y";
  EXPECT_EQ(*a, "x");
  EXPECT_EQ(*b, "xy");
  a = b;
  EXPECT_EQ(*a, "xy");
  EXPECT_NE(&*a, &*b);
  a = std::nullopt;
  EXPECT_FALSE(a);
  EXPECT_THROW((void)a.value(), std::bad_optional_access);
  b = a;
  EXPECT_FALSE(b.has_value());
}

TEST(BoxedOptional, ComparesLikeAnOptional) {
  boxed_optional<int> empty;
  boxed_optional<int> one = 1;
  EXPECT_EQ(empty, boxed_optional<int>{});
  EXPECT_EQ(empty, std::nullopt);
  EXPECT_FALSE(one == empty);
  EXPECT_EQ(one, boxed_optional<int>(1));
  EXPECT_FALSE(one == boxed_optional<int>(2));
  EXPECT_EQ(one, std::optional<int>(1));
  EXPECT_FALSE(empty == std::optional<int>(1));
}

TEST(BoxedOptional, ConvertsToAndFromStdOptional) {
  std::optional<std::map<std::string, std::string>> from = std::map<std::string, std::string>{{"k", "v"}};
  boxed_optional<std::map<std::string, std::string>> boxed = from;
  EXPECT_EQ(boxed->at("k"), "v");
  std::optional<std::map<std::string, std::string>> back = boxed;
  EXPECT_EQ(back, from);
  boxed.emplace()["a"] = "b";
  EXPECT_EQ(boxed->size(), 1u);
  auto taken = std::move(boxed).take();
  EXPECT_EQ(taken->at("a"), "b");
  boxed.reset();
  using map = std::map<std::string, std::string>;
  EXPECT_EQ(std::optional<map>(boxed), std::nullopt);
}

TEST(BoxedOptional, SchemaContentsWithMetadataCompareByValue) {
  schema_content a{schema_type::avro, "\"string\"", {}, schema_metadata{{}, {{"owner", "x"}}, {}}, {}};
  schema_content b = a;
  EXPECT_EQ(a, b);
  b.metadata->properties["owner"] = "y";
  EXPECT_FALSE(a == b);
  b.metadata.reset();
  EXPECT_FALSE(a == b);
  a.metadata.reset();
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace tessera
