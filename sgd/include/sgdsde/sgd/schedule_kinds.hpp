#pragma once
// The five schedule shapes by name, each in both of the toolkit's clocks: SGD's step k (`sgd`/`sme
// --schedule`, sgd::schedule_choice → learning_rate_schedule) and the SDE's time s = kη (`weak-error
// --schedule`, analysis::rate_profile, so that every η of a sweep follows one profile u(s)). Both
// families take their names, choices and refusals from this list; `sgdsde help schedules` prints it.
#include <string>
#include <vector>

namespace sgdsde::sgd {

struct schedule_kind {
  const char* name;
  const char* in_steps;  // η_k, k = 0, 1, … (sgd, sme)
  const char* in_time;   // η_k = η u(kη) on [0, T] (weak-error)
};

inline const std::vector<schedule_kind>& schedule_kinds() {
  static const std::vector<schedule_kind> kinds{
      {"constant", "eta", "u = 1"},
      {"inverse_power", "eta / (1 + (k - decay_start)/decay_unit)^alpha after decay_start steps at eta",
       "u = (1 + s/decay_time)^-alpha"},
      {"exponential", "eta gamma^k", "u = exp(-s/decay_time)"},
      {"linear", "eta -> eta_end linearly over the run", "u = 1 -> end_ratio linearly over [0, T]"},
      {"step_decay", "eta decay_factor^floor(k/decay_every)", "u = decay_factor^floor(s/decay_time)"},
  };
  return kinds;
}

inline std::vector<std::string> schedule_names() {
  std::vector<std::string> names;
  for (const auto& kind : schedule_kinds()) names.emplace_back(kind.name);
  return names;
}

inline bool is_schedule_name(const std::string& name) {
  for (const auto& kind : schedule_kinds())
    if (name == kind.name) return true;
  return false;
}

// "constant, inverse_power, exponential, linear or step_decay", for refusals.
inline std::string schedule_names_text() {
  const auto names = schedule_names();
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return text;
}

}  // namespace sgdsde::sgd
