#include "formats/tag_support.h"

#include <algorithm>

namespace tessera::formats {

result<std::string> parsed_schema::with_tags(std::span<const tag_edit> edits) const {
  (void)edits;
  return error{error_code::invalid_schema,
               "Tags cannot be edited in schemas of type " + std::string(to_string_view(type()))};
}

std::vector<std::string> java_split_dots(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string_view::npos) {
      out.emplace_back(path.substr(start));
      break;
    }
    out.emplace_back(path.substr(start, dot - start));
    start = dot + 1;
  }
  // Java drops trailing empty strings, except that an input without any match stays whole.
  if (path.find('.') != std::string_view::npos) {
    while (!out.empty() && out.back().empty()) out.pop_back();
  }
  return out;
}

error illegal_argument(std::string message) {
  return error{error_code::invalid_schema, "java.lang.IllegalArgumentException: " + std::move(message)};
}

error no_matching_path(std::string_view path) {
  return illegal_argument("No matching path '" + std::string(path) + "' found in the schema");
}

std::vector<std::string> edited_tags(const std::vector<std::string>& existing, const tag_edit& edit) {
  std::vector<std::string> out;
  auto add = [&](const std::string& t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const auto& t : existing) add(t);
  for (const auto& t : edit.add) add(t);
  std::erase_if(out, [&](const std::string& t) {
    return std::find(edit.remove.begin(), edit.remove.end(), t) != edit.remove.end();
  });
  return out;
}

}  // namespace tessera::formats
