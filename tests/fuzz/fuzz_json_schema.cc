// libFuzzer target: the JSON Schema loader (every draft), printer, normaliser and SchemaDiff.
// Input format: see fuzz_schema_input.h. Run through tests/fuzz/run.sh.
#include "formats/json_schema/json_schema_format.h"
#include "fuzz_schema_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> outputs;
  tessera::fuzz::fuzz_schema_format(*tessera::formats::json_schema::json_schema_format(), "ref.json", outputs,
                                    data, size);
  return 0;
}
