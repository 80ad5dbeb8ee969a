#include "unit/storage/golden_records.h"

#include <fstream>
#include <stdexcept>
#include <string_view>

namespace tessera::storage::testing {

namespace {

/// The bytes after `tag` and its padding spaces; `<empty>` is zero bytes.
std::string field_bytes(std::string_view line, std::string_view tag) {
  auto rest = line.substr(tag.size());
  auto start = rest.find_first_not_of(' ');
  rest = start == std::string_view::npos ? std::string_view{} : rest.substr(start);
  if (rest == "<empty>") return {};
  return std::string(rest);
}

std::optional<std::string> value_bytes(std::string_view line, std::string_view tag) {
  auto bytes = field_bytes(line, tag);
  if (bytes == "<null>") return std::nullopt;
  return bytes;
}

bool starts_with_tag(std::string_view line, std::string_view tag) {
  return line.size() > tag.size() && line.starts_with(tag) && line[tag.size()] == ' ';
}

}  // namespace

std::vector<golden_record> load_golden(const std::string& file) {
  const std::string path = std::string(TESSERA_SOURCE_DIR) + "/tests/data/golden/records/" + file;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<golden_record> out;
  std::string line;
  int number = 0;
  // A value may continue on following lines until the next tag (used for pretty-printed JSON).
  std::string* continuing = nullptr;
  while (std::getline(in, line)) {
    ++number;
    std::string_view l(line);
    if (l.starts_with("#")) continue;
    if (l.starts_with("@ ")) {
      out.push_back(golden_record{std::string(l.substr(2)), number, {}, std::nullopt, {}});
      continuing = nullptr;
      continue;
    }
    if (out.empty()) {
      if (l.empty()) continue;
      throw std::runtime_error(path + ":" + std::to_string(number) + ": text before a record");
    }
    auto& r = out.back();
    if (starts_with_tag(l, "key")) {
      r.raw.key = field_bytes(l, "key");
      continuing = nullptr;
    } else if (starts_with_tag(l, "value")) {
      r.raw.value = value_bytes(l, "value");
      continuing = r.raw.value ? &*r.raw.value : nullptr;
    } else if (starts_with_tag(l, "canonical-key")) {
      if (!r.canonical) r.canonical.emplace();
      r.canonical->key = field_bytes(l, "canonical-key");
      continuing = nullptr;
    } else if (starts_with_tag(l, "canonical-value")) {
      if (!r.canonical) r.canonical.emplace();
      r.canonical->value = value_bytes(l, "canonical-value");
      continuing = nullptr;
    } else if (starts_with_tag(l, "expect")) {
      r.expect = field_bytes(l, "expect");
      continuing = nullptr;
    } else if (l.empty()) {
      continuing = nullptr;
    } else if (continuing != nullptr) {
      *continuing += "\n";
      *continuing += line;
    } else {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": unknown line");
    }
  }
  return out;
}

}  // namespace tessera::storage::testing
