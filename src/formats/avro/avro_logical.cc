// Java's LogicalTypes.fromSchemaIgnoreInvalid (Avro 1.11): which logical types are recognised,
// and the validation that makes Java ignore an invalid one. Only Confluent's normalisation looks
// at the result (it rewrites a valid logical type's attributes first).

#include <cmath>
#include <cstdint>
#include <limits>

#include "formats/avro/avro_parser.h"

namespace tessera::formats::avro {

namespace {

const json_value* prop(const node& n, std::string_view key) {
  for (const property& p : n.props) {
    if (p.key == key) return &p.value;
  }
  return nullptr;
}

/// `LogicalTypes.Decimal.maxPrecision` for a fixed of `size` bytes (int arithmetic as in Java).
std::int64_t max_fixed_precision(std::int32_t size) {
  auto bits = static_cast<std::int32_t>(static_cast<std::uint32_t>(size) * 8u - 1u);
  double v = std::floor(std::log10(std::pow(2.0, bits) - 1));
  if (std::isnan(v)) return 0;
  if (v >= 9.2e18) return std::numeric_limits<std::int64_t>::max();
  return std::llround(v);
}

std::optional<logical_type> decimal(const node& n) {
  // Precision and scale must be JSON ints (Java's getInt wants an Integer).
  const json_value* precision = prop(n, "precision");
  if (precision == nullptr || precision->kind == json_kind::big_integer || !precision->is_int()) {
    return std::nullopt;
  }
  const json_value* scale = prop(n, "scale");
  int scale_value = 0;
  if (scale != nullptr && scale->kind != json_kind::big_integer) {
    if (!scale->is_int()) return std::nullopt;
    scale_value = static_cast<int>(scale->integer);
  }
  if (n.type != avro_type::fixed && n.type != avro_type::bytes) return std::nullopt;
  auto p = static_cast<int>(precision->integer);
  if (p <= 0) return std::nullopt;
  if (n.type == avro_type::fixed && p > max_fixed_precision(n.size)) return std::nullopt;
  if (scale_value < 0 || scale_value > p) return std::nullopt;
  return logical_type{"decimal", p, scale_value};
}

}  // namespace

std::optional<logical_type> detect_logical_type(const node& n) {
  const json_value* name = prop(n, "logicalType");
  if (name == nullptr || !name->is_textual()) return std::nullopt;
  // LogicalType.validate: these Java-binding properties exclude any logical type.
  for (std::string_view incompatible : {"avro.java.string", "java-class", "java-key-class", "java-element-class"}) {
    const json_value* p = prop(n, incompatible);
    if (p != nullptr && p->is_textual()) return std::nullopt;
  }
  const std::string& t = name->text;
  if (t == "decimal") return decimal(n);
  avro_type required = avro_type::null;
  if (t == "uuid") {
    required = avro_type::string;
  } else if (t == "date" || t == "time-millis") {
    required = avro_type::int32;
  } else if (t == "time-micros" || t == "timestamp-millis" || t == "timestamp-micros" ||
             t == "local-timestamp-millis" || t == "local-timestamp-micros") {
    required = avro_type::int64;
  } else {
    return std::nullopt;  // not a logical type Avro 1.11 registers
  }
  if (n.type != required) return std::nullopt;
  return logical_type{t, 0, 0};
}

}  // namespace tessera::formats::avro
