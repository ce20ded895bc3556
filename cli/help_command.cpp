// `sgdsde help [TOPIC]`: the catalogues as the registries hold them (problems, integrators, schedules) and any
// subcommand's help, so that what a person reads is what the code runs.
#include "commands.hpp"

#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/sde/nearest_name.hpp>
#include <sgdsde/sde/stepper_registry.hpp>
#include <sgdsde/sde/text_format.hpp>
#include <sgdsde/sgd/schedule_kinds.hpp>

#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::cli {

namespace {

std::string integrator_help() {
  std::string text = "Integrators (--integrator, convergence --method), with their orders on smooth coefficients:\n";
  sde::integrators::for_each([&](auto scheme) {
    text += sde::formatted("  %-16s %-18s strong order %.1f, weak order %.1f\n", scheme.name, scheme.title, scheme.strong_order,
                           scheme.weak_order);
  });
  return text + "Each runs on every noise structure (scalar, diagonal, commutative, general); milstein and platen_weak2\n"
                "read Levy areas where the noise does not commute (docs/integrators.md: their references).\n";
}

std::string schedule_help() {
  std::string text =
      "Schedules (--schedule), in SGD's steps k (sgd, sme) and in the SDE's time s = k eta (weak-error: eta_k = eta u(k eta),\n"
      "the same profile for every eta of the sweep):\n";
  for (const auto& kind : sgd::schedule_kinds())
    text += sde::formatted("  %-14s sgd, sme:   %s\n  %-14s weak-error: %s\n", kind.name, kind.in_steps, "", kind.in_time);
  return text;
}

}  // namespace

void register_help(CLI::App& app) {
  auto topic = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("help", "Print a catalogue (problems, integrators, schedules) or a subcommand's help, and exit");
  cmd->add_option("topic", *topic, "problems | integrators | schedules | a subcommand's name (none: the list of subcommands)");
  cmd->callback([&app, topic] {
    std::vector<std::string> topics{"problems", "integrators", "schedules"};
    const CLI::App* subcommand = nullptr;
    for (const CLI::App* sub : app.get_subcommands({}))
      if (sub->get_name() != "help") {
        topics.push_back(sub->get_name());
        if (sub->get_name() == *topic) subcommand = sub;
      }
    // The app's own help (app.help() would show the selected subcommand's, this one's).
    if (topic->empty()) std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
    else if (*topic == "problems") std::cout << catalogue::problem_help();
    else if (*topic == "integrators") std::cout << integrator_help();
    else if (*topic == "schedules") std::cout << schedule_help();
    else if (subcommand) std::cout << subcommand->help(app.get_name());  // as `sgdsde SUB --help` prints it
    else {
      std::string valid;
      for (const auto& t : topics) valid += (valid.empty() ? "" : ", ") + t;
      throw std::invalid_argument("unknown help topic '" + *topic + "'" + sde::did_you_mean(*topic, topics) + "; topics: " + valid);
    }
  });
}

}  // namespace sgdsde::cli
