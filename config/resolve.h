#pragma once
/// Internal: turns validated key/values into typed settings (second half of config::load()).

#include <map>
#include <string>
#include <vector>

#include "config/settings.h"
#include "tessera/core/result.h"

namespace tessera::config {

/// Explicitly configured values with their origins, after per-key validation.
using configured_values = std::map<std::string, std::pair<std::string, value_origin>, std::less<>>;

/// Applies defaults, deprecated names and computed defaults, checks the rules that involve several
/// keys, and fills the typed fields. Appends to `warnings` (the loader's so far), which the result
/// also carries on success.
result<settings> resolve(const configured_values& configured, std::vector<std::string>& warnings);

/// The canonical name of this machine (like Java's getCanonicalHostName), or its plain host name.
std::string canonical_host_name();

}  // namespace tessera::config
