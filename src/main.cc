// tessera: a Confluent-compatible schema registry.
//   tessera [--config FILE] [--override key=value]... [--version] [--help]

#include <spdlog/spdlog.h>

#include <cstring>
#include <iostream>

#include "app/application.h"
#include "config/config.h"

namespace {

void usage(std::ostream& out) {
  out << "usage: tessera [--config FILE] [--override key=value]... [--print-config-reference] [--version]\n"
         "With no configuration Tessera serves http://0.0.0.0:8081 from a local log under ./data.\n"
         "Configuration keys are Confluent's property names; see docs/configuration.md.\n";
}

spdlog::level::level_enum to_spdlog(tessera::config::log_level l) {
  using tessera::config::log_level;
  switch (l) {
    case log_level::trace: return spdlog::level::trace;
    case log_level::debug: return spdlog::level::debug;
    case log_level::info: return spdlog::level::info;
    case log_level::warn: return spdlog::level::warn;
    case log_level::error: return spdlog::level::err;
    case log_level::critical: return spdlog::level::critical;
    case log_level::off: return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

int main(int argc, char** argv) {
  tessera::config::load_options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--help" || arg == "-h") {
      usage(std::cout);
      return 0;
    } else if (arg == "--version") {
      std::cout << "tessera " << TESSERA_VERSION << " (" << TESSERA_COMMIT << ")\n";
      return 0;
    } else if (arg == "--print-config-reference") {
      std::cout << tessera::config::render_markdown_reference();
      return 0;
    } else if (arg == "--config") {
      const char* v = value();
      if (!v) {
        std::cerr << "tessera: --config needs a file\n";
        return 2;
      }
      options.config_file = v;
    } else if (arg == "--override") {
      const char* v = value();
      auto kv = v ? tessera::config::parse_override(v) : tessera::result<std::pair<std::string, std::string>>(
                                                             tessera::fail(tessera::error_code::bad_request,
                                                                           "--override needs key=value"));
      if (!kv) {
        std::cerr << "tessera: " << kv.error().message << "\n";
        return 2;
      }
      options.overrides.push_back(*kv);
    } else {
      std::cerr << "tessera: unknown argument '" << arg << "'\n";
      usage(std::cerr);
      return 2;
    }
  }

  auto settings = tessera::config::load(options);
  if (!settings) {
    std::cerr << "tessera: configuration error: " << settings.error().message << "\n";
    return 2;
  }
  spdlog::set_level(to_spdlog(settings->log));
  for (const auto& w : settings->warnings) spdlog::warn("{}", w);

  tessera::app::application app(std::move(*settings));
  if (auto started = app.start(); !started) {
    spdlog::critical("startup failed: {}", started.error().message);
    return 1;
  }
  int status = app.run_until_signal();
  spdlog::info("stopped");
  return status;
}
