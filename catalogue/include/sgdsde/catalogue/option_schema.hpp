#pragma once
// One row per option of a front end's request: its command-line spelling (the Python keyword is the
// same name with '_' for '-'), the field it sets, its help, its range or choices, and who reads it
// (an option given where nothing reads it is refused rather than ignored). The CLI registers its
// options from these rows (cli/schema_options.hpp), the Python package its keywords
// (python/sgdsde_module.cpp), and the request's checks read the same rows: a field is described once.
#include <sgdsde/sde/text_format.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sgdsde::catalogue {

// A real option's range (each value of a list).
struct real_range {
  double lo, hi;
  bool lo_open = false, hi_open = false;
  bool contains(double v) const { return (lo_open ? v > lo : v >= lo) && (hi_open ? v < hi : v <= hi); }
  std::string text() const {  // "[1e-06, 1e+06]", "(-1, 1)"
    return std::string(lo_open ? "(" : "[") + sde::short_number(lo) + ", " + sde::short_number(hi) + (hi_open ? ")" : "]");
  }
};

// An integer option's range; -1, where a signed field uses it, means "the default" and is not checked.
struct integer_range {
  std::uint64_t lo, hi;
};

// Where an option's value lives: an accessor of a field of Settings, made by field<&S::member>() or,
// for a member of a member, field<&S::study, &study_options::eta>().
template <class Settings>
using option_field =
    std::variant<std::string& (*)(Settings&), bool& (*)(Settings&), int& (*)(Settings&), unsigned& (*)(Settings&),
                 long long& (*)(Settings&), unsigned long& (*)(Settings&), double& (*)(Settings&),
                 std::vector<double>& (*)(Settings&), std::vector<unsigned long>& (*)(Settings&),
                 std::vector<std::string>& (*)(Settings&), std::optional<double>& (*)(Settings&)>;

template <class MemberPointer>
struct member_traits;
template <class Owner, class Value>
struct member_traits<Value Owner::*> {
  using owner = Owner;
};

template <auto Member, auto... Rest, class T>
constexpr auto& follow_members(T& s) {
  if constexpr (sizeof...(Rest) == 0) return s.*Member;
  else return follow_members<Rest...>(s.*Member);
}

// The accessor of Owner's field reached through Members (Owner may derive from the first's class).
template <class Owner, auto... Members>
constexpr auto field_of() {
  using value = std::remove_reference_t<decltype(follow_members<Members...>(std::declval<Owner&>()))>;
  return +[](Owner& s) -> value& { return follow_members<Members...>(s); };
}

template <auto First, auto... Rest>
constexpr auto field() {
  return field_of<typename member_traits<decltype(First)>::owner, First, Rest...>();
}

template <class Settings>
struct option_row {
  const char* option;  // "--tilt-sd"
  option_field<Settings> field;
  std::string help;
  std::optional<real_range> reals = std::nullopt;
  std::optional<integer_range> integers = std::nullopt;
  std::vector<std::string> choices = {};            // the words a text option takes (empty: any)
  bool (*read)(const Settings&) = nullptr;          // who reads it; null: always read
  const char* readers = "";                         // the same, in words, for the refusal
  const char* short_name = nullptr;                 // "-B"
  bool accepts_infinity = false;                    // a real whose "none" is inf (--bound)
  bool show_default = true;                         // in --help (not where the default is "the problem's own")
  const char* only_for = nullptr;                   // the one command of the schema that takes it (null: each)

  // Chained refinements of a row, for the tables: {"--batch", field<&R::batch>(), "..."}.with_short_name("-B").
  option_row with_short_name(const char* name) const { return with([&](option_row& o) { o.short_name = name; }); }
  option_row with_infinity() const { return with([](option_row& o) { o.accepts_infinity = true; }); }
  option_row without_default() const { return with([](option_row& o) { o.show_default = false; }); }
  option_row for_command(const char* command) const { return with([&](option_row& o) { o.only_for = command; }); }
  option_row read_when(bool (*reads)(const Settings&), const char* when) const {
    return with([&](option_row& o) { o.read = reads, o.readers = when; });
  }

  // Python's spelling: "tilt_sd".
  std::string keyword() const {
    std::string key = std::string(option).substr(2);
    for (char& c : key)
      if (c == '-') c = '_';
    return key;
  }
  bool is_read_by(const Settings& s) const { return !read || read(s); }
  bool taken_by(const std::string& command) const { return !only_for || command == only_for; }

 private:
  template <class Edit>
  option_row with(Edit&& edit) const {
    option_row o = *this;
    edit(o);
    return o;
  }
};

// The row spelled `name` (option or keyword), or null.
template <class Settings>
const option_row<Settings>* find_option(const std::vector<option_row<Settings>>& rows, const std::string& name) {
  for (const auto& row : rows)
    if (name == row.option || name == row.keyword()) return &row;
  return nullptr;
}

}  // namespace sgdsde::catalogue
