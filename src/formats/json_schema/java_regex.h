#pragma once
/// Syntax check of java.util.regex.Pattern, which everit compiles every `pattern` and
/// `patternProperties` key with: a pattern Java rejects makes the whole schema invalid.

#include <string_view>

namespace tessera::formats::json_schema {

/// True when Pattern.compile(pattern) would succeed, as far as the syntax rules checked here
/// go: groups and their `(?...)` kinds, character classes and ranges, escapes, `\Q..\E`,
/// quantifiers (dangling `*+?`, `{n,m}` forms, Java's "Illegal repetition" for a stray `{`).
bool is_valid_java_regex(std::string_view pattern);

}  // namespace tessera::formats::json_schema
