// Fast paths of the record decoder for the two shapes that make up most of a `_schemas` log:
// SCHEMA keys and SCHEMA values exactly as Schema Registry writes them. They recognise only
// plain input (ASCII, simple escapes, SR's field order, no references/metadata/ruleSet) and
// give up on anything else, which then goes through the full JSON parser, so a record always
// decodes to what the parser would give. Replay spent most of its time in that parser.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "storage/records_json_detail.h"

namespace tessera::storage::detail {

namespace {

/// Consumes `literal` at the front of `rest`.
bool eat(std::string_view& rest, std::string_view literal) {
  if (rest.substr(0, literal.size()) != literal) return false;
  rest.remove_prefix(literal.size());
  return true;
}

/// A plain JSON integer (no sign, no leading zero, at most 10 digits) no larger than `max`.
std::optional<std::int32_t> eat_int(std::string_view& rest, std::int64_t max) {
  std::size_t n = 0;
  std::int64_t v = 0;
  while (n < rest.size() && n < 10 && rest[n] >= '0' && rest[n] <= '9') v = v * 10 + (rest[n++] - '0');
  if (n == 0 || (n > 1 && rest[0] == '0') || v > max) return std::nullopt;
  if (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') return std::nullopt;
  rest.remove_prefix(n);
  return static_cast<std::int32_t>(v);
}

/// The character a two-character JSON escape stands for, or 0 for any other escape.
char unescape(char c) {
  switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return 0;
  }
}

/// True for the bytes a plain run of string text stops at: the closing quote, a backslash, a
/// control character or a non-ASCII byte.
bool stops_run(char ch) {
  auto c = static_cast<unsigned char>(ch);
  return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

/// For eight bytes read as a little-endian word, the high bit of each byte that stops a run
/// (see stops_run). Borrows may also flag bytes after a true one, never before it, so the
/// lowest flag is exact.
std::uint64_t run_stops(std::uint64_t x) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t quote = x ^ (ones * '"');
  const std::uint64_t backslash = x ^ (ones * '\\');
  return (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((x - ones * 0x20) & ~x) | x) & highs;
}

/// A JSON string of ASCII text whose escapes are the two-character ones; \u escapes,
/// control characters and non-ASCII bytes give up (the parser validates those).
/// Eight bytes at a time: a schema text is a few hundred bytes, most of the log. The text is
/// unescaped into a per-thread buffer and copied out at its exact size, since a schema text is
/// kept for the process's lifetime (sizing it by its escaped length wasted a quarter of it).
bool eat_string(std::string_view& rest, std::string& out) {
  if (rest.empty() || rest[0] != '"') return false;
  thread_local std::string buffer;
  // Unescaping never lengthens, and a word store may run 8 bytes past the last byte kept.
  if (buffer.size() < rest.size() + 8) buffer.resize(std::max(rest.size() + 8, 2 * buffer.size()));
  const char* p = rest.data() + 1;
  const char* const end = rest.data() + rest.size();
  char* const begin = buffer.data();
  char* o = begin;
  for (;;) {
    if constexpr (std::endian::native == std::endian::little) {
      if (end - p >= 8) {
        std::uint64_t x;
        std::memcpy(&x, p, 8);
        std::memcpy(o, &x, 8);
        auto stops = run_stops(x);
        if (stops == 0) {
          p += 8;
          o += 8;
          continue;
        }
        auto k = static_cast<std::size_t>(std::countr_zero(stops)) / 8;
        p += k;
        o += k;
      }
    }
    if (p == end) return false;
    if (!stops_run(*p)) {
      *o++ = *p++;
      continue;
    }
    if (*p == '"') break;
    if (*p != '\\' || end - p < 2) return false;
    char unescaped = unescape(p[1]);
    if (unescaped == 0) return false;
    *o++ = unescaped;
    p += 2;
  }
  out = std::string(begin, static_cast<std::size_t>(o - begin));
  rest.remove_prefix(static_cast<std::size_t>(p + 1 - rest.data()));
  return true;
}

}  // namespace

/// `{"keytype":"SCHEMA","subject":"<plain>","version":<n>,"magic":<0|1>}` exactly as SR writes
/// it, decoded without a JSON parser (it is most of the log). Anything else, including escapes
/// or non-ASCII in the subject, returns nothing and goes through the full parser, so the
/// result is always what the parser would give.
std::optional<record_key> fast_schema_key(std::string_view bytes) {
  constexpr std::string_view head = R"({"keytype":"SCHEMA","subject":")";
  if (bytes.substr(0, head.size()) != head) return std::nullopt;
  std::size_t i = head.size();
  std::size_t start = i;
  while (i < bytes.size()) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '"') break;
    if (c < 0x20 || c == '\\' || c >= 0x80) return std::nullopt;
    ++i;
  }
  if (i >= bytes.size() || i == start) return std::nullopt;
  std::string_view subject = bytes.substr(start, i - start);
  auto rest = bytes.substr(i);
  auto read_int = [&rest](std::string_view prefix, std::int64_t max) -> std::optional<std::int32_t> {
    if (!eat(rest, prefix)) return std::nullopt;
    return eat_int(rest, max);
  };
  auto version = read_int(R"(","version":)", 0x7fffffff);
  if (!version) return std::nullopt;
  auto magic = read_int(R"(,"magic":)", 1);
  if (!magic || rest != "}") return std::nullopt;
  record_key key;
  key.type = key_type::schema;
  key.subject = std::string(subject);
  key.version = *version;
  key.magic = *magic;
  return key;
}

std::optional<subject_version_entry> fast_schema_value(std::string_view bytes) {
  // {"subject":S,"version":V,"id":I[,"schemaType":T],"schema":X,"deleted":B}
  std::string_view rest = bytes;
  subject_version_entry e;
  if (!eat(rest, R"({"subject":)") || !eat_string(rest, e.subject) || e.subject.empty()) return std::nullopt;
  if (!eat(rest, R"(,"version":)")) return std::nullopt;
  auto version = eat_int(rest, 0x7fffffff);
  if (!version || !eat(rest, R"(,"id":)")) return std::nullopt;
  auto id = eat_int(rest, 0x7fffffff);
  if (!id) return std::nullopt;
  if (eat(rest, R"(,"schemaType":)")) {
    std::string type;
    if (!eat_string(rest, type)) return std::nullopt;
    auto t = schema_type_from_string_view(type);
    if (!t) return std::nullopt;
    e.content.type = *t;
  }
  // An empty schema is malformed: the full parser says so (and skips the record).
  if (!eat(rest, R"(,"schema":)") || !eat_string(rest, e.content.text) || e.content.text.empty()) {
    return std::nullopt;
  }
  if (!eat(rest, R"(,"deleted":)")) return std::nullopt;
  if (eat(rest, "true")) {
    e.deleted = true;
  } else if (!eat(rest, "false")) {
    return std::nullopt;
  }
  if (rest != "}") return std::nullopt;
  e.version = *version;
  e.id = *id;
  return e;
}

}  // namespace tessera::storage::detail
