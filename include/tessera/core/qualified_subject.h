#pragma once
/// Confluent's context-qualified subject names: `:.ctx:name` lives in context `.ctx`; anything
/// else lives in the default context `.`. Ids are allocated per context.

#include <string>
#include <string_view>

namespace tessera {

inline constexpr std::string_view default_context = ".";
/// Confluent's pseudo-context holding registry-wide settings.
inline constexpr std::string_view global_context = ".__GLOBAL";
/// `subjectPrefix` value that matches subjects of every context.
inline constexpr std::string_view any_context_prefix = ":*:";

/// The context of a subject: `.ctx` for `:.ctx:name` (or `:.ctx`), `.` otherwise.
std::string context_of(std::string_view subject);
/// The name without its context prefix (`name` for `:.ctx:name`).
std::string unqualified_name(std::string_view subject);
/// `:.ctx:name`, or `name` for the default context. Empty name gives the context's own key (`:.ctx:`).
std::string qualify(std::string_view context, std::string_view name);
/// Rewrites a subject that names the default context explicitly (`:.:name`) to `name`.
std::string normalize_subject(std::string_view subject);
/// The subject a schema reference names, qualified relative to the referring schema's context
/// (`:.ctx:x` stays as is; an unqualified name lives in the referrer's context).
std::string reference_target(std::string_view referrer_context, std::string_view ref_subject);
/// True for a context-only key (`:.ctx:` or `:.ctx`), which addresses the context's settings.
bool is_context_key(std::string_view subject);

}  // namespace tessera
