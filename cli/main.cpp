// `beyondlin`: the command-line front end (DESIGN.md §2). Parses the subcommand, runs it, and maps
// errors to exit statuses: 0 success, 1 a check failed (set by `check`), 2 bad usage or bad input
// (one line `beyondlin: error: <message>` on stderr naming the option or field), 3 an internal
// error (out of memory, a bug).

#include "commands.hpp"

#include <beyondlin/errors.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <new>
#include <string>

#ifndef BEYONDLIN_VERSION
#define BEYONDLIN_VERSION "unknown"
#endif

namespace {

/// Print one error line: newlines inside the message are folded into spaces.
void error_line(const std::string& kind, std::string message) {
  for (char& c : message)
    if (c == '\n' || c == '\r') c = ' ';
  while (!message.empty() && message.back() == ' ') message.pop_back();
  std::cerr << "beyondlin: " << kind << ": " << message << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"beyondlin " BEYONDLIN_VERSION
               ": numerical checks of Bai & Lee, \"Beyond Linearization\" (ICLR 2020). "
               "Every command writes one JSON document to stdout or -o FILE; exit status 0 success, "
               "1 a check failed, 2 bad usage or input.",
               "beyondlin"};
  app.set_version_flag("--version", std::string("beyondlin ") + BEYONDLIN_VERSION);
  app.require_subcommand(1);
  int status = 0;
  beyondlin::cli::add_instance_command(app, status);
  beyondlin::cli::add_eval_command(app, status);
  beyondlin::cli::add_loss_command(app, status);
  beyondlin::cli::add_train_command(app, status);
  beyondlin::cli::add_bound_command(app, status);
  beyondlin::cli::add_express_command(app, status);
  beyondlin::cli::add_sample_complexity_command(app, status);
  beyondlin::cli::add_check_command(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    error_line("error", e.what());
    return 2;
  } catch (const beyondlin::InputError& e) {
    error_line("error", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {  // bad input detected below the CLI's own checks
    error_line("error", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    error_line("internal error", "out of memory");
    return 3;
  } catch (const std::exception& e) {
    error_line("internal error", e.what());
    return 3;
  }
  return status;
}
