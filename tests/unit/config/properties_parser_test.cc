// java.util.Properties syntax, case by case (Properties.load javadoc rules).

#include "config/properties_parser.h"

#include <gtest/gtest.h>

#include <map>

namespace tessera::config {
namespace {

std::map<std::string, std::string> parse_map(std::string_view text) {
  auto entries = parse_properties(text);
  EXPECT_TRUE(entries) << (entries ? "" : entries.error().message);
  std::map<std::string, std::string> out;
  if (entries) {
    for (const auto& e : *entries) out[e.key] = e.value;
  }
  return out;
}

TEST(PropertiesParser, AcceptsEqualsColonAndWhitespaceSeparators) {
  auto m = parse_map("a=1\nb:2\nc 3\nd\t4\ne = 5\nf : 6\ng   =   7\n");
  EXPECT_EQ(m, (std::map<std::string, std::string>{
                   {"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}, {"e", "5"}, {"f", "6"}, {"g", "7"}}));
}

TEST(PropertiesParser, OnlyTheFirstSeparatorSplits) {
  auto m = parse_map("listeners=http://0.0.0.0:8081\nkey = a=b:c\nspaced  : =x\n");
  EXPECT_EQ(m["listeners"], "http://0.0.0.0:8081");
  EXPECT_EQ(m["key"], "a=b:c");
  // Whitespace then ':' is one separator; the '=' after it belongs to the value.
  EXPECT_EQ(m["spaced"], "=x");
}

TEST(PropertiesParser, SkipsCommentsAndBlankLines) {
  auto m = parse_map("# comment\n! also a comment\n   # indented comment\n\n   \nkey=value\n#key=other\n");
  EXPECT_EQ(m, (std::map<std::string, std::string>{{"key", "value"}}));
}

TEST(PropertiesParser, CommentsOnlyAtLineStart) {
  auto m = parse_map("key=value # not a comment\n");
  EXPECT_EQ(m["key"], "value # not a comment");
}

TEST(PropertiesParser, KeyWithoutValueIsEmpty) {
  auto m = parse_map("alone\nempty=\ncolon:\n");
  EXPECT_EQ(m["alone"], "");
  EXPECT_EQ(m["empty"], "");
  EXPECT_EQ(m["colon"], "");
}

TEST(PropertiesParser, TrailingWhitespaceOfValuesIsKept) {
  // Java keeps it; the loader trims later, like Kafka's ConfigDef does.
  auto m = parse_map("key=value   \n");
  EXPECT_EQ(m["key"], "value   ");
}

TEST(PropertiesParser, LineContinuationJoinsLinesAndDropsLeadingBlanks) {
  auto m = parse_map("listeners=http://a:1,\\\n          http://b:2\nnext=x\n");
  EXPECT_EQ(m["listeners"], "http://a:1,http://b:2");
  EXPECT_EQ(m["next"], "x");
}

TEST(PropertiesParser, EvenBackslashesDoNotContinue) {
  auto m = parse_map("path=C:\\\\dir\\\\\nnext=x\n");
  EXPECT_EQ(m["path"], "C:\\dir\\");
  EXPECT_EQ(m["next"], "x");
}

TEST(PropertiesParser, ContinuationIntoBlankLineEndsTheEntry) {
  auto m = parse_map("a=1\\\n\nb=2\n");
  EXPECT_EQ(m["a"], "1");
  EXPECT_EQ(m["b"], "2");
}

TEST(PropertiesParser, ContinuedLineStartingWithHashIsNotAComment) {
  auto m = parse_map("a=1\\\n  #2\n");
  EXPECT_EQ(m["a"], "1#2");
}

TEST(PropertiesParser, CommentLinesAreNeverContinued) {
  auto m = parse_map("# comment \\\nkey=value\n");
  EXPECT_EQ(m["key"], "value");
}

TEST(PropertiesParser, BackslashAtEndOfInputIsDropped) {
  auto m = parse_map("a=1\\");
  EXPECT_EQ(m["a"], "1");
}

TEST(PropertiesParser, HandlesCrLfAndCrLineEndings) {
  auto m = parse_map("a=1\r\nb=2\rc=3\\\r\n  4\r\n");
  EXPECT_EQ(m, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {"c", "34"}}));
}

TEST(PropertiesParser, ResolvesEscapes) {
  auto m = parse_map("tab=a\\tb\nnl=a\\nb\ncr=a\\rb\nff=a\\fb\nplain=\\q\\=\\:\\ \\\\\n");
  EXPECT_EQ(m["tab"], "a\tb");
  EXPECT_EQ(m["nl"], "a\nb");
  EXPECT_EQ(m["cr"], "a\rb");
  EXPECT_EQ(m["ff"], "a\fb");
  EXPECT_EQ(m["plain"], "q=: \\");
}

TEST(PropertiesParser, EscapedSeparatorsBelongToTheKey) {
  auto m = parse_map("a\\=b=c\nx\\:y:z\nsp\\ ace=v\n");
  EXPECT_EQ(m["a=b"], "c");
  EXPECT_EQ(m["x:y"], "z");
  EXPECT_EQ(m["sp ace"], "v");
}

TEST(PropertiesParser, UnicodeEscapesBecomeUtf8) {
  auto m = parse_map("e=caf\\u00e9\nsmile=\\uD83D\\uDE00\nlone=\\uD800x\n");
  EXPECT_EQ(m["e"], "caf\xC3\xA9");
  EXPECT_EQ(m["smile"], "\xF0\x9F\x98\x80");
  EXPECT_EQ(m["lone"], "\xEF\xBF\xBDx");  // U+FFFD: an unpaired surrogate has no UTF-8 form
}

TEST(PropertiesParser, RawUtf8IsKept) {
  auto m = parse_map("name=caf\xC3\xA9\n");
  EXPECT_EQ(m["name"], "caf\xC3\xA9");
}

TEST(PropertiesParser, MalformedUnicodeEscapeFailsWithLineNumber) {
  auto r = parse_properties("ok=1\nbad=\\u12G4\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("\\uxxxx"), std::string::npos) << r.error().message;
}

TEST(PropertiesParser, ReportsTheLineWhereAnEntryStarts) {
  auto r = parse_properties("# header\n\na=1\nb=2\\\n  3\nc=4\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].line, 3);
  EXPECT_EQ((*r)[1].line, 4);
  EXPECT_EQ((*r)[2].line, 6);
}

TEST(PropertiesParser, DuplicateKeysAreKeptInOrderSoTheLastWins) {
  auto r = parse_properties("a=1\na=2\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(r->back().value, "2");
}

TEST(PropertiesParser, IgnoresUtf8ByteOrderMark) {
  auto m = parse_map("\xEF\xBB\xBFkey=value\n");
  EXPECT_EQ(m["key"], "value");
}

TEST(PropertiesParser, EmptyInputHasNoEntries) {
  auto r = parse_properties("");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

}  // namespace
}  // namespace tessera::config
