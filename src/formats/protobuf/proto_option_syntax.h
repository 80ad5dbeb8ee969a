#pragma once
/// The syntax Wire's OptionReader demands of aggregate option values (`[(x) = { ... }]`).
/// libprotobuf's parser keeps an aggregate as raw token text and leaves reading it to the
/// descriptor builder, which Confluent never runs; Wire rejects a malformed one while parsing,
/// so Tessera must too, or it would store and print text it cannot read back.

#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

namespace tessera::formats::protobuf {

/// Why the body of `{ ... }` is not a map Wire can read, or nothing if it is.
std::optional<std::string> aggregate_syntax_error(std::string_view text);

/// The first malformed aggregate among the uninterpreted options anywhere inside `m`.
std::optional<std::string> option_syntax_error(const google::protobuf::Message& m);

}  // namespace tessera::formats::protobuf
