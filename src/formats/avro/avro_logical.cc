// Java's LogicalTypes.fromSchemaIgnoreInvalid (Avro 1.11): which logical types are recognised,
// and the validation that makes Java ignore an invalid one. Only Confluent's normalisation looks
// at the result (it rewrites a valid logical type's attributes first).

#include <cmath>
#include <cstdint>

#include "formats/avro/avro_parser.h"

namespace tessera::formats::avro {

namespace {

const json_value* prop(const node& n, std::string_view key) {
  for (const property& p : n.props) {
    if (p.key == key) return &p.value;
  }
  return nullptr;
}

/// `LogicalTypes.Decimal.maxPrecision` for a fixed of `size` bytes (`8 * size - 1` in int
/// arithmetic, as in Java).
std::int64_t max_fixed_precision(std::int32_t size) {
  auto bits = static_cast<std::int32_t>(static_cast<std::uint32_t>(size) * 8u - 1u);
  return std::llround(std::floor(std::log10(2.0) * bits));
}

/// `new LogicalTypes.Decimal(schema)` then `validate(schema)`; false if Java would throw.
bool valid_decimal(const node& n, std::int32_t& precision_out, std::int32_t& scale_out) {
  // Precision and scale must be JSON ints (Java's getInt wants an Integer); a big integer
  // converts to Java null, which counts as absent.
  const json_value* precision = prop(n, "precision");
  if (precision == nullptr || !precision->is_int()) return false;
  const json_value* scale = prop(n, "scale");
  std::int32_t scale_value = 0;
  if (scale != nullptr && scale->kind != json_kind::big_integer) {
    if (!scale->is_int()) return false;
    scale_value = static_cast<std::int32_t>(scale->integer);
  }
  if (n.type != avro_type::fixed && n.type != avro_type::bytes) return false;
  auto p = static_cast<std::int32_t>(precision->integer);
  if (p <= 0) return false;
  if (n.type == avro_type::fixed && p > max_fixed_precision(n.named->size)) return false;
  if (scale_value < 0 || scale_value > p) return false;
  precision_out = p;
  scale_out = scale_value;
  return true;
}

}  // namespace

void detect_logical_type(node& n) {
  n.logical = logical_kind::none;
  const json_value* name = prop(n, "logicalType");
  if (name == nullptr || !name->is_textual()) return;
  // LogicalType.validate: these Java-binding properties exclude any logical type.
  for (std::string_view incompatible : {"avro.java.string", "java-class", "java-key-class", "java-element-class"}) {
    const json_value* p = prop(n, incompatible);
    if (p != nullptr && p->is_textual()) return;
  }
  const std::string& t = name->text;
  if (t == "decimal") {
    if (valid_decimal(n, n.precision, n.scale)) n.logical = logical_kind::decimal;
    return;
  }
  struct simple_type {
    logical_kind kind;
    avro_type base;
  };
  // uuid is a plain LogicalType in Avro 1.11: it only checks the Java-binding properties.
  if (t == logical_name(logical_kind::uuid)) {
    n.logical = logical_kind::uuid;
    return;
  }
  static constexpr simple_type simple[] = {
      {logical_kind::date, avro_type::int32},
      {logical_kind::time_millis, avro_type::int32},
      {logical_kind::time_micros, avro_type::int64},
      {logical_kind::timestamp_millis, avro_type::int64},
      {logical_kind::timestamp_micros, avro_type::int64},
      {logical_kind::local_timestamp_millis, avro_type::int64},
      {logical_kind::local_timestamp_micros, avro_type::int64},
  };
  for (const simple_type& s : simple) {
    if (logical_name(s.kind) == t) {
      if (n.type == s.base) n.logical = s.kind;
      return;
    }
  }
  // Any other name is not a logical type Avro 1.11 registers.
}

}  // namespace tessera::formats::avro
