#include "formats/avro/avro_names.h"

#include "formats/avro/java_text.h"

namespace tessera::formats::avro {

void validate_name(std::string_view name) {
  if (name.empty()) throw schema_failure("Empty name");
  // Java tests UTF-16 code units: a character outside the BMP is a surrogate pair, which is
  // neither a letter nor a digit.
  std::size_t i = 0;
  char32_t first = next_code_point(name, i);
  if (!(java_is_letter(first) || first == '_')) {
    throw schema_failure("Illegal initial character: " + std::string(name));
  }
  while (i < name.size()) {
    char32_t c = next_code_point(name, i);
    if (!(java_is_letter_or_digit(c) || c == '_')) {
      throw schema_failure("Illegal character in: " + std::string(name));
    }
  }
}

avro_name make_name(std::string_view name, std::string_view space) {
  avro_name n;
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    validate_name(name);
    n.simple = std::string(name);
    n.space = std::string(space);
  } else {
    n.space = std::string(name.substr(0, dot));
    n.simple = std::string(name.substr(dot + 1));
    validate_name(n.simple);
  }
  n.full = n.space.empty() ? n.simple : n.space + "." + n.simple;
  return n;
}

std::string_view space_of(std::string_view full) {
  auto dot = full.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : full.substr(0, dot);
}

}  // namespace tessera::formats::avro
