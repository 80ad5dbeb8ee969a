// libFuzzer target: the Avro schema parser, printer, normaliser and compatibility checker.
// Input format: see fuzz_schema_input.h. Run through tests/fuzz/run.sh.
#include "formats/avro/avro_format.h"
#include "fuzz_schema_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> outputs = {"resolved"};
  tessera::fuzz::fuzz_schema_format(*tessera::formats::avro::avro_schema_format(), "tessera.fuzz.Ref", outputs,
                                    data, size);
  return 0;
}
