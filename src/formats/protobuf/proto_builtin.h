#pragma once
/// The files Confluent resolves without a reference (ProtobufSchema.KNOWN_DEPENDENCIES): Google's
/// well-known types, the google/type common types and Confluent's meta and decimal protos.

#include <string_view>
#include <utility>
#include <vector>

#include "formats/protobuf/proto_model.h"

namespace tessera::formats::protobuf {

/// Every known dependency as (import path, parsed file), built once.
const std::vector<std::pair<std::string, proto_file>>& known_dependencies();

}  // namespace tessera::formats::protobuf
