#pragma once
// What every study subcommand (weak-error, stationary, gibbs, escape, convergence) does once its
// options are parsed: run the catalogue's study with a progress meter, write its table as CSV when
// asked, then print its JSON document (with the version, the wall time and the CSV's name) or its
// report. One function, so the five commands' outputs cannot drift apart.
#include "option_checks.hpp"
#include "progress.hpp"
#include "table_csv.hpp"

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace sgdsde::cli {

template <class Request>
struct study_settings {
  Request request;
  bool json = false;
  std::string csv;
};

// --json, and --csv (csv_help: what the table holds; none: the command writes no table).
template <class Request>
void add_study_outputs(CLI::App* cmd, study_settings<Request>& s, const char* csv_help = nullptr) {
  cmd->add_flag("--json", s.json, "Print one JSON object instead of a table");
  if (csv_help) add_output_file_option(cmd, "--csv", s.csv, csv_help);
}

template <class Outcome, class = void>
struct has_table : std::false_type {};
template <class Outcome>
struct has_table<Outcome, std::void_t<decltype(std::declval<const Outcome&>().table())>> : std::true_type {};

// The study's table as CSV text, by default its study_table (a study without one registers no --csv).
template <class Outcome>
std::string study_csv(const Outcome& out) {
  if constexpr (has_table<Outcome>::value) return table_csv(out.table());
  else throw std::logic_error("this study writes no table");
}

template <class Request, class Outcome, class CsvText>
void run_study_command(const char* command, study_settings<Request> s, Outcome (*study)(const Request&), CsvText&& csv_text) {
  const progress_meter meter(command);
  s.request.progress = {meter.stages_callback(), meter.callback()};
  const Outcome out = study(s.request);
  if (!s.csv.empty()) write_output_file(s.csv, csv_text(out), "--csv");
  if (!s.json) return (void)std::printf("%s", out.report.c_str());
  nlohmann::json doc = out.document;
  doc.update({{"version", SGDSDE_VERSION}, {"wall_seconds", out.wall_seconds}});
  if (!s.csv.empty()) doc["csv"] = s.csv;
  print_json(doc);
}

template <class Request, class Outcome>
void run_study_command(const char* command, study_settings<Request> s, Outcome (*study)(const Request&)) {
  run_study_command(command, std::move(s), study, [](const Outcome& out) { return study_csv(out); });
}

}  // namespace sgdsde::cli
