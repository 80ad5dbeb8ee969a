#pragma once
/// Avro names as Java's `Schema.Name` builds them: a dotted name carries its own namespace,
/// otherwise the enclosing one applies; only the simple name is validated.

#include <stdexcept>
#include <string>
#include <string_view>

namespace tessera::formats::avro {

/// A schema the parser rejects, with Java's exception message. Thrown inside the parser and
/// normaliser only, so their code can follow Java's control flow (and therefore its check order);
/// it is turned into a result<> at their public entry points and never escapes the module.
struct schema_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct avro_name {
  std::string simple;
  std::string space;  ///< empty for none ("" and null mean the same in Java's Name)
  std::string full;
};

/// `Schema.validateName`: throws schema_failure("Empty name" / "Illegal initial character: x" /
/// "Illegal character in: x").
void validate_name(std::string_view name);

/// `new Schema.Name(name, space)`.
avro_name make_name(std::string_view name, std::string_view space);

/// The namespace part of a full name ("" when it has none).
std::string_view space_of(std::string_view full);

}  // namespace tessera::formats::avro
