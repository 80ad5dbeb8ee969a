#pragma once
/// `format=serialized`: the FileDescriptorProto Confluent's DynamicSchema builds from the parsed
/// elements (file name "default", only resolvable imports, well-known options and Confluent's
/// meta extensions kept, types marked message/enum where they resolve), base64-encoded.

#include <functional>
#include <string>

#include "formats/protobuf/proto_model.h"
#include "formats/protobuf/proto_types.h"

namespace tessera::formats::protobuf {

/// The serialized descriptor of `file`, base64. `has_dependency` tells which imports resolve
/// (a reference or a known dependency).
std::string serialized_descriptor(const proto_file& file, const type_index& types,
                                  const std::function<bool(const std::string&)>& has_dependency);

}  // namespace tessera::formats::protobuf
