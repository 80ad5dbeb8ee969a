#include "tessera/core/qualified_subject.h"

namespace tessera {

std::string context_of(std::string_view subject) {
  if (subject.size() < 2 || subject[0] != ':' || subject[1] != '.') return std::string(default_context);
  auto end = subject.find(':', 1);
  return std::string(subject.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
}

std::string unqualified_name(std::string_view subject) {
  if (subject.size() < 2 || subject[0] != ':' || subject[1] != '.') return std::string(subject);
  auto end = subject.find(':', 1);
  return end == std::string_view::npos ? std::string() : std::string(subject.substr(end + 1));
}

std::string qualify(std::string_view context, std::string_view name) {
  if (context.empty() || context == default_context) return std::string(name);
  std::string out;
  out.reserve(context.size() + name.size() + 2);
  out += ':';
  out += context;
  out += ':';
  out += name;
  return out;
}

std::string normalize_subject(std::string_view subject) {
  if (subject.size() >= 2 && subject[0] == ':' && subject[1] == '.') {
    return qualify(context_of(subject), unqualified_name(subject));
  }
  return std::string(subject);
}

std::string reference_target(std::string_view referrer_context, std::string_view ref_subject) {
  if (ref_subject.rfind(":.", 0) == 0) return normalize_subject(ref_subject);
  return qualify(referrer_context, ref_subject);
}

bool is_context_key(std::string_view subject) {
  return subject.size() >= 2 && subject[0] == ':' && subject[1] == '.' && unqualified_name(subject).empty();
}

}  // namespace tessera
