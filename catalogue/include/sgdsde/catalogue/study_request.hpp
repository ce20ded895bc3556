#pragma once
// What every catalogue study takes and gives back. A front end (the CLI, the Python package) fills a
// request with a problem of the catalogue by name and the study's options, and gets the study's
// typed result, its JSON document and its report: the same numbers and the same text in both.
#include <sgdsde/catalogue/problem_registry.hpp>
#include <sgdsde/catalogue/work_plan.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sgdsde::catalogue {

// Progress of the ensembles a study runs: begin(stages) once, with how many ensembles it will run
// (0: not known in advance), then update(done, total) as paths finish (ensemble_options::progress).
struct study_progress {
  std::function<void(int stages)> begin;
  std::function<void(std::uint64_t done, std::uint64_t total)> update;

  void start(int stages) const {
    if (begin) begin(stages);
  }
};

struct study_request {
  catalogue::problem_settings problem;  // its `given` also answers for the study's own options
  double max_path_steps = default_max_path_steps;
  study_progress progress;

  bool given(const std::string& option) const { return problem.given && problem.given(option); }
};

// A study's table, one row per point of its sweep (the CLI's --csv, the Python result's columns). A
// missing cell (the side of a point that diverged) is empty.
struct study_table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<double>>> rows;
};

struct study_outcome {
  std::string description;   // the objective's
  nlohmann::json document;   // {"command", "problem" (with its description), the result's fields}
  std::string report;        // the text a terminal shows
  double wall_seconds = 0;   // of the study's runs (not in the document, which the seed fixes)
};

// A study's JSON document: {"command", "problem" (its parameters and description)} and the result's fields.
inline nlohmann::json study_document(const std::string& command, const catalogue::problem_settings& p,
                                     const std::string& description, const nlohmann::json& result) {
  nlohmann::json problem = problem_json(p);
  problem["description"] = description;
  nlohmann::json doc = {{"command", command}, {"problem", problem}};
  doc.update(result);
  return doc;
}

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace sgdsde::catalogue
