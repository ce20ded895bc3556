#pragma once
// Eigen vectors and matrices as JSON arrays (a matrix as an array of rows), for the studies' to_json.
#include <Eigen/Dense>
#include <nlohmann/json.hpp>

namespace sgdsde::analysis {

inline nlohmann::json json_vector(const Eigen::VectorXd& v) {
  return nlohmann::json(std::vector<double>(v.data(), v.data() + v.size()));
}

inline nlohmann::json json_matrix(const Eigen::MatrixXd& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) rows.push_back(json_vector(m.row(i).transpose()));
  return rows;
}

}  // namespace sgdsde::analysis
