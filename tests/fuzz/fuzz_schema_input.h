#pragma once
// Shared by the schema fuzz targets: one input is up to three schema texts separated by
// kSeparator. One part: parse it. Two parts: parse both and check compatibility both ways.
// Three parts: the first is a reference the other two are parsed with. Every successful parse
// is also printed in every format the REST API offers and re-parsed from its canonical text,
// because stored schemas are re-read from their canonical text on restart.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tessera/formats/schema_format.h"

namespace tessera::fuzz {

/// Between the parts of one input; seeds are written with it (tests/fuzz/make_seeds.py).
inline constexpr std::string_view kSeparator = "\n@@@@\n";

/// At most `max_parts` pieces of `data` split on kSeparator (the last piece keeps the rest).
inline std::vector<std::string_view> split_input(const uint8_t* data, size_t size, size_t max_parts) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    size_t at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(rest);
  return parts;
}

/// Parses `text`; on success exercises every output path. Aborts if a parsed schema's canonical
/// text does not parse again (the registry stores and re-reads exactly that text).
inline std::shared_ptr<const formats::parsed_schema> parse_and_print(
    const formats::schema_format& format, std::string_view text,
    const std::vector<formats::resolved_reference>& refs, const std::vector<std::string>& output_formats) {
  formats::parse_options lenient;
  lenient.validate = false;
  auto parsed = format.parse(text, refs, formats::parse_options{});
  if (!parsed) {
    // A registration can fail while a lookup of the same text succeeds (validate=false).
    (void)format.parse(text, refs, lenient);
    return nullptr;
  }
  std::shared_ptr<const formats::parsed_schema> schema = *parsed;
  for (const auto& f : output_formats) (void)schema->formatted(f);
  auto again = format.parse(schema->canonical_text(), refs, lenient);
  if (!again) __builtin_trap();
  formats::parse_options normalize;
  normalize.normalize = true;
  (void)format.parse(text, refs, normalize);
  (void)schema->check_compatibility(*schema, formats::compat_words{});
  return schema;
}

/// The whole harness for one format; `ref_name` names the reference in three-part inputs.
inline void fuzz_schema_format(const formats::schema_format& format, std::string ref_name,
                               const std::vector<std::string>& output_formats, const uint8_t* data, size_t size) {
  auto parts = split_input(data, size, 3);
  std::vector<formats::resolved_reference> refs;
  if (parts.size() == 3) {
    formats::resolved_reference ref;
    ref.name = std::move(ref_name);
    ref.subject = "ref";
    ref.version = 1;
    ref.type = format.type();
    ref.text = std::string(parts.front());
    refs.push_back(std::move(ref));
    parts.erase(parts.begin());
  }
  auto first = parse_and_print(format, parts[0], refs, output_formats);
  if (parts.size() < 2) return;
  auto second = parse_and_print(format, parts[1], refs, output_formats);
  if (first && second) {
    (void)first->check_compatibility(*second, formats::compat_words{});
    (void)second->check_compatibility(*first, formats::compat_words{});
  }
}

}  // namespace tessera::fuzz
