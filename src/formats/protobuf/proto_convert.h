#pragma once
/// FileDescriptorProto -> Wire-like elements. For text input the parser's source locations say
/// which labels were written, how reserved/extension statements were grouped and how literals
/// were spelled; for binary descriptors Confluent's own toProtoFile rules apply instead.

#include <google/protobuf/descriptor.pb.h>

#include "formats/protobuf/proto_model.h"
#include "formats/protobuf/proto_source.h"

namespace tessera::formats::protobuf {

/// Converts `file`; `source` is the index of the text it was parsed from, or null.
proto_file to_proto_file(const google::protobuf::FileDescriptorProto& file, const source_index* source);

/// The scalar type name of a descriptor field type ("int32", ...), empty for message/enum/group.
std::string scalar_name(google::protobuf::FieldDescriptorProto::Type type);

}  // namespace tessera::formats::protobuf
