#pragma once
/// Options as Wire reads them. libprotobuf's parser leaves every option uninterpreted (name parts
/// plus one value, aggregates as re-joined token text); these helpers rebuild Wire's
/// OptionElement from that, reading aggregates with Wire's OptionReader rules.

#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.pb.h>

#include "formats/protobuf/proto_model.h"
#include "formats/protobuf/proto_source.h"

namespace tessera::formats::protobuf {

/// The options of one element. `options_path` is the path of its `options` field, used to
/// recover number literals exactly as written; `source` may be null (binary descriptors).
std::vector<option_element> convert_options(const google::protobuf::Message& options, const source_index* source,
                                            const proto_path& options_path);

/// Tokens of an aggregate value: punctuation, quoted strings (quotes kept) and words.
std::vector<std::string> aggregate_tokens(std::string_view text);

/// Wire's OptionReader.readMap over the body of `{ ... }` (braces excluded). Lenient: run
/// aggregate_syntax_error (proto_option_syntax.h) first; it refuses what Wire cannot read.
option_value read_aggregate(std::string_view text);

/// Resolves C-style escapes the way the .proto tokenizer does.
std::string unescape_c(std::string_view s);

}  // namespace tessera::formats::protobuf
