#include "option_checks.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace sgdsde::cli {
namespace {

const std::string integer_tag = "integer range";
const std::string infinity_tag = "accepts inf";

// Shows what the user typed without echoing control bytes back to the terminal.
std::string shown(const std::string& value) {
  std::string s = "'";
  for (unsigned char c : value.substr(0, 60)) s += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  return s + (value.size() > 60 ? "...'" : "'");
}

bool has_validator(CLI::Option* option, const std::string& tag) {
  try {
    option->get_validator(tag);
    return true;
  } catch (const CLI::OptionNotFound&) {
    return false;
  }
}

CLI::Validator non_empty() {
  return CLI::Validator([](std::string& v) { return v.empty() ? std::string("an empty value is not allowed (leave the option out for its default)") : std::string(); },
                        "", "non-empty");
}

CLI::Validator finite_real(bool allow_infinity) {
  return CLI::Validator(
      [allow_infinity](std::string& v) -> std::string {
        const char* begin = v.c_str();
        char* end = nullptr;
        const double x = std::strtod(begin, &end);
        if (v.empty() || end != begin + v.size()) return shown(v) + " is not a number";
        if (std::isnan(x)) return shown(v) + " is not a number";
        const bool typed_infinity = v.find_first_of("iI") != std::string::npos;
        if (std::isinf(x) && !typed_infinity) return shown(v) + " is beyond the range of a double (about 1.8e308)";
        if (std::isinf(x) && !allow_infinity) return shown(v) + ": must be finite";
        return std::string();
      },
      "", "finite real");
}

}  // namespace

CLI::Validator integer_in(std::uint64_t lo, std::uint64_t hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  CLI::Validator v(
      [lo, hi, range](std::string& value) -> std::string {
        const std::string wanted = shown(value) + " is not a whole number in " + range;
        if (value.empty() || value.size() > 20 || value.find_first_not_of("0123456789") != std::string::npos) return wanted;
        errno = 0;
        const unsigned long long x = std::strtoull(value.c_str(), nullptr, 10);
        if (errno == ERANGE || x < lo || x > hi) return wanted;
        value = std::to_string(x);  // CLI11 converts with base 0: "010" would be octal
        return std::string();
      },
      "", integer_tag);
  return v;
}

CLI::Validator positive_real() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(value.c_str(), &end);
        if (value.empty() || end != value.c_str() + value.size() || !(x > 0.0)) return shown(value) + " is not a number > 0";
        return std::string();
      },
      "> 0", "positive");
}

CLI::Validator real_in(double lo, double hi, bool lo_open, bool hi_open) {
  const std::string range = std::string(lo_open ? "(" : "[") + short_number(lo) + ", " + short_number(hi) + (hi_open ? ")" : "]");
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(value.c_str(), &end);
        const bool number = !value.empty() && end == value.c_str() + value.size() && !std::isnan(x);
        const bool inside = (lo_open ? x > lo : x >= lo) && (hi_open ? x < hi : x <= hi);
        return number && inside ? std::string() : shown(value) + " is not a number in " + range;
      },
      range, "real range");
}

CLI::Validator one_of(const std::vector<std::string>& choices) {
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ",") + c;
  return CLI::Validator(
      [choices, list](std::string& value) -> std::string {
        for (const auto& c : choices)
          if (value == c) return std::string();
        return shown(value) + " is not one of {" + list + "}";
      },
      "{" + list + "}", "one of");
}

CLI::Option* accept_infinity(CLI::Option* option) { return option->check(CLI::Validator([](std::string&) { return std::string(); }, "", infinity_tag)); }

void check_every_value(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    for (CLI::Option* option : sub->get_options()) {
      if (option->get_items_expected_max() == 0) continue;  // a flag
      const std::string type = option->get_type_name().substr(0, option->get_type_name().find(':'));
      option->check(non_empty());
      if (type == "FLOAT") option->check(finite_real(has_validator(option, infinity_tag)));
      if ((type == "UINT" || type == "INT") && !has_validator(option, integer_tag))
        throw std::logic_error(sub->get_name() + " " + option->get_name() + ": integer option registered without a range");
    }
    check_every_value(*sub);
  }
}

CLI::Option* add_output_file_option(CLI::App* cmd, const std::string& name, std::string& path, const std::string& help) {
  return cmd->add_option(name, path, help)->check(CLI::Validator([](std::string& value) { return why_not_writable(value); }, "FILE"));
}

}  // namespace sgdsde::cli
