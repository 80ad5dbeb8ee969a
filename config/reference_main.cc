// tessera_config_reference: prints the generated property reference, to refresh the part of
// docs/configuration.md between the GENERATED markers after the property table changes.

#include <iostream>

#include "config/config.h"

int main() {
  std::cout << tessera::config::render_markdown_reference();
  return 0;
}
