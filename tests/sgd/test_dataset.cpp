#include <sgdsde/sgd/dataset.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

using namespace sgdsde::sgd;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = "sgdsde_test_" + name + ".csv";
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("a CSV with a header loads features and targets", "[dataset]") {
  const auto path = write_temp("good", "x1,x2,y\n1,2,3\n4.5,-6e-1,7\n\n8,9,10\n");
  const dataset d = load_csv(path);
  CHECK(d.size() == 3);
  CHECK(d.features() == 2);
  CHECK(d.X(1, 1) == -0.6);
  CHECK(d.y[2] == 10.0);
  const dataset no_header = load_csv(write_temp("noheader", "1,2\n3,4\n"));
  CHECK(no_header.size() == 2);
  CHECK(no_header.X(1, 0) == 3.0);
  std::remove(path.c_str());
}

TEST_CASE("every CSV defect is a clear error naming the place", "[dataset][input]") {
  CHECK_THROWS_WITH(load_csv("/nonexistent/file.csv"), Catch::Contains("cannot open"));
  CHECK_THROWS_WITH(load_csv(write_temp("empty", "")), Catch::Contains("no data rows"));
  CHECK_THROWS_WITH(load_csv(write_temp("headeronly", "a,b\n")), Catch::Contains("no data rows"));
  CHECK_THROWS_WITH(load_csv(write_temp("ragged", "1,2,3\n4,5\n")), Catch::Contains("line 2 has 2 columns, expected 3"));
  CHECK_THROWS_WITH(load_csv(write_temp("text", "1,2\n3,abc\n")), Catch::Contains("line 2, column 2: 'abc' is not a number"));
  CHECK_THROWS_WITH(load_csv(write_temp("nan", "1,2\nnan,4\n")), Catch::Contains("line 2, column 1: non-finite"));
  CHECK_THROWS_WITH(load_csv(write_temp("inf", "1,inf\n")), Catch::Contains("non-finite"));
  CHECK_THROWS_WITH(load_csv(write_temp("onecol", "1\n2\n")), Catch::Contains("at least two columns"));
  CHECK_THROWS_WITH(load_csv(write_temp("emptycell", "1,2\n3,\n")), Catch::Contains("is not a number"));
}
