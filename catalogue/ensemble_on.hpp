#pragma once
// The parts of run_ensemble shared by the built-in problems (ensemble_runs.cpp) and a user's objective
// (user_objective_runs.cpp), which compile as separate units. Internal to the catalogue.
#include <sgdsde/analysis/any_objective.hpp>
#include <sgdsde/catalogue/ensemble_runs.hpp>

#include <string>

namespace sgdsde::catalogue::detail {

// The work cap, for the ensemble and its kept paths; and the memory of the records (ensemble_runs.cpp).
void check_ensemble_work(const ensemble_request& q, const char* engine_name, double steps_per_path, double records, int d);

// Runs the ensemble of `engine` (sgd or sme) on f from x0 into out (plan, result, d, description,
// wall time) and, when asked, the Hessian's spectrum at the final mean (ensemble_runs.cpp: the one
// unit that instantiates the two ensembles, for the two erased kinds).
void run_ensemble_on(const analysis::any_finite_sum& f, const sgd::vector& x0, const std::string& engine,
                     const ensemble_request& request, ensemble_outcome& out, nlohmann::json& hessian);
void run_ensemble_on(const analysis::any_population& f, const sgd::vector& x0, const std::string& engine,
                     const ensemble_request& request, ensemble_outcome& out, nlohmann::json& hessian);

// The document and report of a finished ensemble; problem: the problem's JSON (ensemble_runs.cpp).
void finish_ensemble(const std::string& engine, const ensemble_request& request, nlohmann::json problem, ensemble_outcome& out,
                     const nlohmann::json& hessian);

// run_ensemble on request.objective (user_objective_runs.cpp).
ensemble_outcome run_user_objective_ensemble(const std::string& engine, const ensemble_request& request);

}  // namespace sgdsde::catalogue::detail
