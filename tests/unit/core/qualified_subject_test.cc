#include <gtest/gtest.h>

#include "tessera/core/qualified_subject.h"
#include "tessera/core/schema_hash.h"
#include "tessera/core/subject_validation.h"

namespace tessera {
namespace {

TEST(QualifiedSubject, ContextAndName) {
  EXPECT_EQ(context_of("a"), ".");
  EXPECT_EQ(context_of(":.ctx:a"), ".ctx");
  EXPECT_EQ(context_of(":.ctx"), ".ctx");
  EXPECT_EQ(context_of("::"), ".");
  EXPECT_EQ(unqualified_name(":.ctx:a"), "a");
  EXPECT_EQ(unqualified_name(":.ctx"), "");
  EXPECT_EQ(qualify(".", "a"), "a");
  EXPECT_EQ(qualify(".ctx", "a"), ":.ctx:a");
  EXPECT_EQ(normalize_subject(":.:a"), "a");
  EXPECT_EQ(normalize_subject(":.ctx"), ":.ctx:");
}

TEST(SubjectValidation, ReservedNamesAndControlCharacters) {
  EXPECT_TRUE(is_valid_subject("orders-value"));
  EXPECT_TRUE(is_valid_subject("with space"));
  EXPECT_FALSE(is_valid_subject("__GLOBAL"));
  EXPECT_FALSE(is_valid_subject(":.ctx:__EMPTY"));
  EXPECT_FALSE(is_valid_subject("tab\there"));
}

TEST(SchemaHash, GuidIsTheMd5AsUuid) {
  // MD5("") = d41d8cd98f00b204e9800998ecf8427e
  EXPECT_EQ(to_guid(hash_schema(schema_content{})), "d41d8cd9-8f00-b204-e980-0998ecf8427e");
}

}  // namespace
}  // namespace tessera
