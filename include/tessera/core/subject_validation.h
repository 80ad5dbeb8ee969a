#pragma once
/// Confluent's subject-name rule (QualifiedSubject.isValidSubject).

#include <string_view>

namespace tessera {

/// False for names Confluent rejects with 42208: control characters, or a name that is one of
/// the reserved words `__GLOBAL` / `__EMPTY`.
bool is_valid_subject(std::string_view subject);

}  // namespace tessera
