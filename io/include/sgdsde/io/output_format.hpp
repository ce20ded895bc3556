#pragma once
// How the command writes results, in one place: every CSV cell and JSON number round-trips (17
// significant digits; a CSV's NaN as "nan", which gnuplot and pandas read as missing, and a value that
// does not exist, such as a diverged side's, as an empty cell); messages and tables show 3 digits.
#include <sgdsde/sde/text_format.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::io {

inline std::string csv_number(double v) {
  if (std::isnan(v)) return "nan";
  // std::to_chars at precision 17 writes printf's "%.17g" byte for byte (C++17 [charconv.to.chars]),
  // at about a third of its cost: a kept-paths CSV of a million rows spent most of its time here.
  char text[32];
  char* end = std::to_chars(text, text + sizeof text, v, std::chars_format::general, 17).ptr;
  return std::string(text, end);
}

// A number as messages show it: three significant digits ("1e+11", "2.43e+29").
using sde::short_number;

// One CSV cell: a number (17 digits), a count, a word, or empty (std::nullopt).
struct csv_cell {
  std::string text;
  csv_cell(double v) : text(csv_number(v)) {}
  csv_cell(std::optional<double> v) : text(v ? csv_number(*v) : std::string()) {}
  csv_cell(std::uint64_t v) : text(std::to_string(v)) {}
  csv_cell(int v) : text(std::to_string(v)) {}
  csv_cell(std::string word) : text(std::move(word)) {}
  csv_cell(const char* word) : text(word) {}
};

// A CSV document: a header line, then rows of exactly as many cells.
class csv_table {
 public:
  explicit csv_table(std::vector<std::string> columns) : columns_(columns.size()) {
    for (std::size_t i = 0; i < columns.size(); ++i) text_ += (i ? "," : "") + columns[i];
    text_ += "\n";
  }
  void add_row(const std::vector<csv_cell>& cells) {
    if (cells.size() != columns_)
      throw std::logic_error("csv_table: a row of " + std::to_string(cells.size()) + " cells under " +
                             std::to_string(columns_) + " columns");
    for (std::size_t i = 0; i < cells.size(); ++i) text_ += (i ? "," : "") + cells[i].text;
    text_ += "\n";
  }
  const std::string& text() const { return text_; }

 private:
  std::size_t columns_;
  std::string text_;
};

// A command's JSON result on standard output (nlohmann writes doubles with 17 significant digits).
inline void print_json(const nlohmann::json& doc) { std::cout << doc.dump(2) << "\n"; }

}  // namespace sgdsde::io
