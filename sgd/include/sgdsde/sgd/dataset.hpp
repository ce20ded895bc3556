#pragma once
// A supervised data set (features X, n×p; targets y, n) and its CSV reader.
// CSV: one sample per row, the target in the last column, an optional header row (a first row
// that is not all numbers). Every defect is an error naming the file, the row and the column:
// an empty file, a ragged row, a cell that is not a number, a NaN or an infinity.
#include <sgdsde/sgd/objective.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::sgd {

struct dataset {
  matrix X;  // n×p features
  vector y;  // n targets

  std::size_t size() const { return std::size_t(X.rows()); }
  int features() const { return int(X.cols()); }

  // Throws unless X and y are non-empty, consistent and finite.
  void check(const std::string& what = "data set") const {
    if (X.rows() == 0 || X.cols() == 0) throw std::invalid_argument(what + " is empty");
    if (y.size() != X.rows())
      throw std::invalid_argument(what + ": " + std::to_string(X.rows()) + " feature rows but " +
                                  std::to_string(y.size()) + " targets");
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      for (Eigen::Index j = 0; j < X.cols(); ++j)
        if (!std::isfinite(X(i, j)))
          throw std::invalid_argument(what + ": non-finite feature at row " + std::to_string(i + 1) + ", column " +
                                      std::to_string(j + 1));
      if (!std::isfinite(y[i]))
        throw std::invalid_argument(what + ": non-finite target at row " + std::to_string(i + 1));
    }
  }
};

namespace detail {
inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

inline bool parse_number(std::string cell, double& value) {
  const auto first = cell.find_first_not_of(" \t\r");
  const auto last = cell.find_last_not_of(" \t\r");
  if (first == std::string::npos) return false;
  cell = cell.substr(first, last - first + 1);
  char* end = nullptr;
  errno = 0;
  value = std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size() && errno != ERANGE;
}
}  // namespace detail

inline dataset load_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open data file '" + path + "'");
  std::vector<std::vector<double>> rows;
  std::string line;
  std::size_t line_number = 0, columns = 0;
  bool header_allowed = true;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines
    const auto cells = detail::split_csv_line(line);
    std::vector<double> row(cells.size());
    bool numeric = true;
    std::size_t bad = 0;
    for (std::size_t j = 0; j < cells.size() && numeric; ++j)
      if (!detail::parse_number(cells[j], row[j])) numeric = false, bad = j;
    if (!numeric && header_allowed) {  // a header row names the columns
      header_allowed = false;
      columns = cells.size();
      continue;
    }
    header_allowed = false;
    const std::string where = "'" + path + "' line " + std::to_string(line_number);
    if (!numeric) throw std::invalid_argument(where + ", column " + std::to_string(bad + 1) + ": '" + cells[bad] + "' is not a number");
    if (columns == 0) columns = cells.size();
    if (cells.size() != columns)
      throw std::invalid_argument(where + " has " + std::to_string(cells.size()) + " columns, expected " +
                                  std::to_string(columns) + " (ragged CSV)");
    for (std::size_t j = 0; j < row.size(); ++j)
      if (!std::isfinite(row[j]))
        throw std::invalid_argument(where + ", column " + std::to_string(j + 1) + ": non-finite value");
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw std::invalid_argument("data file '" + path + "' has no data rows");
  if (columns < 2)
    throw std::invalid_argument("data file '" + path + "' needs at least two columns (features, then the target)");
  dataset data;
  data.X.resize(Eigen::Index(rows.size()), Eigen::Index(columns - 1));
  data.y.resize(Eigen::Index(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j + 1 < columns; ++j) data.X(Eigen::Index(i), Eigen::Index(j)) = rows[i][j];
    data.y[Eigen::Index(i)] = rows[i][columns - 1];
  }
  return data;
}

}  // namespace sgdsde::sgd
