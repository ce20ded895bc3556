#pragma once
// A catalogue study's table as CSV text: numbers at full precision, a missing cell empty.
#include <sgdsde/catalogue/study_request.hpp>
#include <sgdsde/io/output_format.hpp>

#include <string>

namespace sgdsde::cli {

inline std::string table_csv(const catalogue::study_table& t) {
  io::csv_table table(t.columns);
  for (const auto& row : t.rows) {
    std::vector<io::csv_cell> cells;
    cells.reserve(row.size());
    for (const auto& v : row) cells.emplace_back(v);
    table.add_row(cells);
  }
  return table.text();
}

}  // namespace sgdsde::cli
