#pragma once
// A supervised data set (features X, n×p; targets y, n), its CSV reader and feature standardisation.
// CSV: one sample per row, the target in any column (default the last; csv_read_options::target by
// 1-based index or by header name), an optional header row (csv_header).
// Every defect is an error naming the file, the line and the column: an empty file, a directory,
// binary bytes, a ragged row, a cell that is not a number, a NaN or an infinity.
#include <sgdsde/sgd/objective.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
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

// Whether the first non-blank line of a CSV names the columns: yes, no, or automatic (a header
// only when every one of its cells is not a number; a line mixing numbers and text is an error,
// since it is as likely a typo in the first sample as a header).
enum class csv_header { automatic, present, absent };

inline csv_header csv_header_from_string(const std::string& text) {
  if (text == "auto") return csv_header::automatic;
  if (text == "yes") return csv_header::present;
  if (text == "no") return csv_header::absent;
  throw std::invalid_argument("header must be yes, no or auto, got '" + text + "'");
}

struct csv_read_options {
  csv_header header = csv_header::automatic;
  std::string target;  // the target column: a 1-based index or a header name; empty: the last column
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

// What a cell holds. Every double strtod reads counts as a number, subnormals included (ERANGE on
// underflow is fine); a value past double's range is out_of_range. Surrounding blanks are allowed.
enum class cell_kind { number, out_of_range, not_a_number };

inline cell_kind read_cell(const std::string& cell, double& value) {
  const char* begin = cell.c_str();
  char* end = nullptr;
  errno = 0;
  value = std::strtod(begin, &end);  // skips leading blanks itself
  if (end == begin) return cell_kind::not_a_number;
  while (*end == ' ' || *end == '\t' || *end == '\r') ++end;
  if (end != begin + cell.size()) return cell_kind::not_a_number;
  return errno == ERANGE && std::abs(value) >= 1.0 ? cell_kind::out_of_range : cell_kind::number;  // overflow: ±HUGE_VAL
}

// A cell as a message shows it: at most 40 characters, bytes that are not printable ASCII as '?'.
inline std::string shown_cell(const std::string& cell) {
  std::string out;
  for (unsigned char c : cell.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  return "'" + out + (cell.size() > 40 ? "...'" : "'");
}

inline bool is_blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// Text only: a NUL or another control byte (other than tab and CR) means this is not a CSV.
inline std::size_t first_control_byte(const std::string& line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 && c != '\t' && c != '\r') return i;
  }
  return std::string::npos;
}
inline std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\"");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\"") - begin + 1);
}

// The 0-based column of the target among `columns`: the last one, a 1-based index, or a header name.
inline std::size_t target_column(const std::string& target, std::size_t columns, const std::vector<std::string>& names,
                                 const std::string& path) {
  if (target.empty()) return columns - 1;
  const std::string t = trimmed(target);
  const std::string range = "1 to " + std::to_string(columns);
  if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos) {
    errno = 0;
    const unsigned long long k = std::strtoull(t.c_str(), nullptr, 10);
    if (errno == ERANGE || k < 1 || k > columns)
      throw std::invalid_argument("target column (--target) " + shown_cell(t) + ": data file '" + path + "' has " +
                                  std::to_string(columns) + " columns, so an index is " + range);
    return std::size_t(k - 1);
  }
  if (names.empty())
    throw std::invalid_argument("target column (--target) " + shown_cell(t) + " is a name, but data file '" + path +
                                "' has no header line: give its index (" + range + ") or say that line 1 is a header");
  if (names.size() != columns)
    throw std::invalid_argument("target column (--target) " + shown_cell(t) + ": the header of '" + path + "' has " +
                                std::to_string(names.size()) + " cells for " + std::to_string(columns) +
                                " columns, so it does not name them; give the target's index (" + range + ")");
  for (std::size_t j = 0; j < columns; ++j)
    if (trimmed(names[j]) == t) return j;
  throw std::invalid_argument("target column (--target) " + shown_cell(t) + " is not a column name in the header of '" +
                              path + "'");
}
}  // namespace detail

// Loads features and targets (by default the last column). Values are stored once, contiguously, in the
// dataset's matrix (8 bytes each): the file is read twice, first to count the rows.
inline dataset load_csv(const std::string& path, const csv_read_options& options) {
  const csv_header header = options.header;
  if (path.empty()) throw std::invalid_argument("data file: an empty file name");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw std::invalid_argument("cannot open data file '" + path + "': " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw std::invalid_argument("data file '" + path + "' is a directory");
  // Read twice (to count, then to fill), so a pipe or a device (/dev/zero never ends) cannot serve.
  if (!S_ISREG(st.st_mode)) throw std::invalid_argument("data file '" + path + "' is not a regular file");
  auto open = [&] {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument("cannot open data file '" + path + "': " + std::strerror(errno));
    return in;
  };
  // Pass 1: the non-blank lines.
  std::size_t non_blank = 0;
  {
    std::ifstream in = open();
    std::string line;
    while (std::getline(in, line)) non_blank += !detail::is_blank(line);
  }
  std::ifstream in = open();
  std::string line;
  std::size_t line_number = 0, columns = 0, row = 0, target = 0;
  bool first = true;
  std::vector<std::string> names;  // the header's cells, if there is one
  std::vector<double> values;
  dataset data;
  while (std::getline(in, line)) {
    ++line_number;
    // Built only for a message: this loop runs once per row.
    auto where = [&] { return "'" + path + "' line " + std::to_string(line_number); };
    if (line_number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // UTF-8 byte-order mark
    if (const auto at = detail::first_control_byte(line); at != std::string::npos)
      throw std::invalid_argument(where() + ": byte " + std::to_string(at + 1) + " is a control character; this is not a text CSV");
    if (detail::is_blank(line)) continue;
    const auto cells = detail::split_csv_line(line);
    values.resize(cells.size());
    std::size_t numbers = 0, bad = cells.size();
    for (std::size_t j = 0; j < cells.size(); ++j)
      if (detail::read_cell(cells[j], values[j]) == detail::cell_kind::number) ++numbers;
      else if (bad == cells.size()) bad = j;
    if (first) {
      first = false;
      const bool is_header = header == csv_header::present || (header == csv_header::automatic && numbers == 0);
      if (header == csv_header::automatic && numbers > 0 && numbers < cells.size())
        throw std::invalid_argument(where() + " mixes numbers and text (column " + std::to_string(bad + 1) + ": " +
                                    detail::shown_cell(cells[bad]) +
                                    "): if it is a header, say so (--header yes); otherwise fix that cell");
      if (is_header) {
        --non_blank;
        names = cells;
        continue;
      }
    }
    if (columns == 0) {
      columns = cells.size();
      if (columns < 2)
        throw std::invalid_argument("data file '" + path + "' needs at least two columns (features and the target)");
      target = detail::target_column(options.target, columns, names, path);
      data.X.resize(Eigen::Index(non_blank), Eigen::Index(columns - 1));
      data.y.resize(Eigen::Index(non_blank));
    }
    if (cells.size() != columns)
      throw std::invalid_argument(where() + " has " + std::to_string(cells.size()) + " columns, expected " +
                                  std::to_string(columns) + " (ragged CSV)");
    if (bad < cells.size())
      throw std::invalid_argument(where() + ", column " + std::to_string(bad + 1) + ": " + detail::shown_cell(cells[bad]) +
                                  (detail::read_cell(cells[bad], values[bad]) == detail::cell_kind::out_of_range
                                       ? " is beyond the range of a double"
                                       : " is not a number"));
    for (std::size_t j = 0; j < columns; ++j)
      if (!std::isfinite(values[j]))
        throw std::invalid_argument(where() + ", column " + std::to_string(j + 1) + ": non-finite value");
    if (row >= non_blank) throw std::invalid_argument("data file '" + path + "' changed while it was read");
    for (std::size_t j = 0; j < target; ++j) data.X(Eigen::Index(row), Eigen::Index(j)) = values[j];
    for (std::size_t j = target + 1; j < columns; ++j) data.X(Eigen::Index(row), Eigen::Index(j - 1)) = values[j];
    data.y[Eigen::Index(row)] = values[target];
    ++row;
  }
  if (row == 0) throw std::invalid_argument("data file '" + path + "' has no data rows");
  if (row != non_blank) throw std::invalid_argument("data file '" + path + "' changed while it was read");
  return data;
}

inline dataset load_csv(const std::string& path, csv_header header = csv_header::automatic) {
  return load_csv(path, csv_read_options{header, ""});
}

// Standardisation: each feature column centred and divided by its standard deviation (1/n), in place.
// Real features often span orders of magnitude (the breast-cancer table: area ~10³, fractal dimension
// ~0.05), which makes one rate too large for some directions and too small for others. A constant
// column (every value equal; e.g. an always-blank pixel) becomes 0, kept so that d stays the file's.
struct feature_scaling {
  vector mean, scale;                  // per feature: x ← (x − mean)/scale (scale 1 for constant columns)
  std::vector<int> constant_columns;   // 1-based feature indices
};

inline feature_scaling standardize_features(dataset& data) {
  feature_scaling s;
  const Eigen::Index n = data.X.rows(), p = data.X.cols();
  s.mean = data.X.colwise().mean().transpose();
  s.scale = vector::Ones(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    auto column = data.X.col(j);
    if ((column.array() == column[0]).all()) {
      column.setZero();
      s.constant_columns.push_back(int(j) + 1);
      continue;
    }
    column.array() -= s.mean[j];
    s.scale[j] = std::sqrt(column.squaredNorm() / double(n));
    column /= s.scale[j];
  }
  return s;
}

}  // namespace sgdsde::sgd
