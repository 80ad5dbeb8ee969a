#pragma once
/// .proto text -> elements, through libprotobuf's own parser (compiler::Parser over an
/// io::Tokenizer). Errors carry Confluent's wording: `Could not parse Protobuf - ...`.

#include <string_view>

#include "formats/protobuf/proto_model.h"
#include "tessera/core/result.h"

namespace tessera::formats::protobuf {

/// Parses `text`. Like Confluent, a text that is not valid .proto but is a base64
/// FileDescriptorProto is accepted as that descriptor.
result<proto_file> parse_proto(std::string_view text);

}  // namespace tessera::formats::protobuf
