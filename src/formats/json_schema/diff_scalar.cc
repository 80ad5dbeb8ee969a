// StringSchemaDiff and NumberSchemaDiff. Number keywords are Java Numbers: Objects.equals is
// type- and scale-sensitive (10 and 10.0 differ) and the ordering uses doubleValue().
//
// Two spots where Confluent 7.9 throws instead of answering are given the evident intent:
// EXCLUSIVE_MAXIMUM_DECREASED compares against the update's exclusiveMaximum (7.9 reads its
// `maximum` and fails with a NullPointerException when that is absent), and multipleOf values
// whose integer part is 0 (7.9 divides by intValue() and throws) report MULTIPLE_OF_CHANGED.

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <type_traits>

#include "formats/json_schema/diff_internal.h"

namespace tessera::formats::json_schema::diff {

namespace {

using T = difference_type;

/// Number.intValue(): truncation toward zero, then the low 32 bits.
std::int32_t java_int_value(const number_value& n) {
  long double v = std::strtold(n.text.c_str(), nullptr);
  v = std::trunc(v);
  if (v >= 9.2e18L || v <= -9.2e18L) return 0;
  auto wide = static_cast<std::int64_t>(v);
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(wide)));
}

template <class Value>
void compare_bound(context& ctx, const char* keyword, const std::optional<Value>& o, const std::optional<Value>& u,
                   T added, T removed, T increased, T decreased) {
  auto value = [](const Value& v) -> double {
    if constexpr (std::is_same_v<Value, number_value>) {
      return v.value;
    } else {
      return static_cast<double>(v);
    }
  };
  auto equal = [](const Value& a, const Value& b) {
    if constexpr (std::is_same_v<Value, number_value>) {
      return a.text == b.text;
    } else {
      return a == b;
    }
  };
  if (!o && !u) return;
  if (o && u && equal(*o, *u)) return;
  if (!o) return ctx.add(keyword, added);
  if (!u) return ctx.add(keyword, removed);
  if (value(*o) < value(*u)) return ctx.add(keyword, increased);
  if (value(*o) > value(*u)) ctx.add(keyword, decreased);
}

}  // namespace

void compare_string(context& ctx, const schema_node& original, const schema_node& update) {
  compare_bound(ctx, "maxLength", original.max_length, update.max_length, T::MAX_LENGTH_ADDED,
                T::MAX_LENGTH_REMOVED, T::MAX_LENGTH_INCREASED, T::MAX_LENGTH_DECREASED);
  compare_bound(ctx, "minLength", original.min_length, update.min_length, T::MIN_LENGTH_ADDED,
                T::MIN_LENGTH_REMOVED, T::MIN_LENGTH_INCREASED, T::MIN_LENGTH_DECREASED);
  if (!original.pattern && update.pattern) {
    ctx.add("pattern", T::PATTERN_ADDED);
  } else if (original.pattern && !update.pattern) {
    ctx.add("pattern", T::PATTERN_REMOVED);
  } else if (original.pattern && update.pattern && *original.pattern != *update.pattern) {
    ctx.add("pattern", T::PATTERN_CHANGED);
  }
}

void compare_number(context& ctx, const schema_node& original, const schema_node& update) {
  compare_bound(ctx, "maximum", original.maximum, update.maximum, T::MAXIMUM_ADDED, T::MAXIMUM_REMOVED,
                T::MAXIMUM_INCREASED, T::MAXIMUM_DECREASED);
  compare_bound(ctx, "minimum", original.minimum, update.minimum, T::MINIMUM_ADDED, T::MINIMUM_REMOVED,
                T::MINIMUM_INCREASED, T::MINIMUM_DECREASED);
  compare_bound(ctx, "exclusiveMaximum", original.exclusive_maximum, update.exclusive_maximum,
                T::EXCLUSIVE_MAXIMUM_ADDED, T::EXCLUSIVE_MAXIMUM_REMOVED, T::EXCLUSIVE_MAXIMUM_INCREASED,
                T::EXCLUSIVE_MAXIMUM_DECREASED);
  compare_bound(ctx, "exclusiveMinimum", original.exclusive_minimum, update.exclusive_minimum,
                T::EXCLUSIVE_MINIMUM_ADDED, T::EXCLUSIVE_MINIMUM_REMOVED, T::EXCLUSIVE_MINIMUM_INCREASED,
                T::EXCLUSIVE_MINIMUM_DECREASED);
  const auto& o = original.multiple_of;
  const auto& u = update.multiple_of;
  // BigDecimal equality: same digits and scale, which is the same canonical text.
  if ((o || u) && !(o && u && o->text == u->text)) {
    if (!o) {
      ctx.add("multipleOf", T::MULTIPLE_OF_ADDED);
    } else if (!u) {
      ctx.add("multipleOf", T::MULTIPLE_OF_REMOVED);
    } else {
      std::int64_t oi = java_int_value(*o);
      std::int64_t ui = java_int_value(*u);
      if (oi == 0 || ui == 0) {
        ctx.add("multipleOf", T::MULTIPLE_OF_CHANGED);
      } else if (ui % oi == 0) {
        ctx.add("multipleOf", T::MULTIPLE_OF_EXPANDED);
      } else if (oi % ui == 0) {
        ctx.add("multipleOf", T::MULTIPLE_OF_REDUCED);
      } else {
        ctx.add("multipleOf", T::MULTIPLE_OF_CHANGED);
      }
    }
  }
  if (original.requires_integer != update.requires_integer) {
    ctx.add(original.requires_integer ? T::TYPE_EXTENDED : T::TYPE_NARROWED);
  }
}

}  // namespace tessera::formats::json_schema::diff
