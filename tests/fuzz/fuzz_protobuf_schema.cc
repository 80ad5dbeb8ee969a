// libFuzzer target: the .proto parser (and its base64 FileDescriptorProto fallback), the
// canonical and `format=serialized` printers, normalisation and the Protobuf differ.
// Input format: see fuzz_schema_input.h. Run through tests/fuzz/run.sh.
#include "formats/protobuf/protobuf_format.h"
#include "fuzz_schema_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> outputs = {"serialized", "ignore_extensions"};
  tessera::fuzz::fuzz_schema_format(*tessera::formats::protobuf::protobuf_schema_format(), "ref.proto", outputs,
                                    data, size);
  return 0;
}
