// libFuzzer target: the `_schemas` record codec, which reads whatever is on the topic.
// Input: key bytes, then optionally kSeparator and value bytes (no separator = tombstone).
// A record that decodes must encode to bytes that decode and encode to the same bytes again.
#include "fuzz_schema_input.h"
#include "storage/records_json.h"

namespace st = tessera::storage;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto parts = tessera::fuzz::split_input(data, size, 2);
  st::raw_record raw;
  raw.key = std::string(parts[0]);
  if (parts.size() == 2) raw.value = std::string(parts[1]);
  (void)st::decode_key(raw.key);
  auto decoded = st::decode(raw);
  const auto* rec = std::get_if<st::record>(&decoded);
  if (rec == nullptr) return 0;
  st::raw_record written = st::encode(*rec);
  auto again = st::decode(written);
  const auto* rec2 = std::get_if<st::record>(&again);
  if (rec2 == nullptr || !(st::encode(*rec2) == written)) __builtin_trap();
  return 0;
}
