#include "tessera/core/subject_validation.h"

#include "tessera/core/qualified_subject.h"

namespace tessera {

bool is_valid_subject(std::string_view subject) {
  for (unsigned char c : subject) {
    if (c < 0x20 || c == 0x7F) return false;
  }
  std::string name = unqualified_name(subject);
  return name != "__GLOBAL" && name != "__EMPTY";
}

}  // namespace tessera
