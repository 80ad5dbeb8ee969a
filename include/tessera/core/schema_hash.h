#pragma once
/// Confluent's schema identity: MD5 over canonical text, references, metadata and rule set
/// (schemaType excluded). Equal hashes in one context share one id; the UUID form is the `guid`.

#include <array>
#include <cstdint>
#include <string>

#include "tessera/core/schema.h"

namespace tessera {

using schema_hash = std::array<std::uint8_t, 16>;

/// The identity hash of a schema's content.
schema_hash hash_schema(const schema_content& content);
/// The hash as a UUID string (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`), Confluent's `guid`.
std::string to_guid(const schema_hash& h);

}  // namespace tessera
