#pragma once
// The subcommands of `beyondlin` (DESIGN.md §2). Each add_*_command registers a CLI11 subcommand
// whose callback runs the command and stores the process exit status in `status`
// (0 success, 1 a check failed, 2 bad usage or bad input). No mathematics lives in cli/.
#include <CLI/CLI.hpp>

namespace beyondlin::cli {

void add_instance_command(CLI::App& app, int& status);
void add_eval_command(CLI::App& app, int& status);
void add_loss_command(CLI::App& app, int& status);
void add_train_command(CLI::App& app, int& status);
void add_bound_command(CLI::App& app, int& status);
void add_express_command(CLI::App& app, int& status);
void add_sample_complexity_command(CLI::App&, int&);
void add_check_command(CLI::App& app, int& status);

}  // namespace beyondlin::cli
