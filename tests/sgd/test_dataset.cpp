#include <sgdsde/sgd/dataset.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace sgdsde::sgd;

namespace {
// The CSVs live in the system's temporary directory, named per process, and are removed at exit.
struct temporary_csvs {
  std::vector<std::string> paths;
  ~temporary_csvs() {
    for (const auto& p : paths) std::remove(p.c_str());
  }
};

std::string write_temp(const std::string& name, const std::string& text) {
  static temporary_csvs written;
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("sgdsde_test_" + std::to_string(::getpid()) + "_" + name + ".csv")).string();
  std::ofstream(path) << text;
  written.paths.push_back(path);
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

TEST_CASE("the header is explicit: yes, no, or auto only when no cell of line 1 is a number", "[dataset][input]") {
  // A UTF-8 byte-order mark before a numeric first row used to make that row a "header".
  const dataset bom = load_csv(write_temp("bom", "\xEF\xBB\xBF" "1,2\n3,4\n"));
  CHECK(bom.size() == 2);
  CHECK(bom.X(0, 0) == 1.0);
  // A typo in the first sample used to turn it silently into a header.
  CHECK_THROWS_WITH(load_csv(write_temp("typo", "1,2x,3\n4,5,6\n")),
                    Catch::Contains("line 1 mixes numbers and text (column 2: '2x')") && Catch::Contains("--header yes"));
  // The same line is a header when the user says so; its cell count need not match the data
  // (scikit-learn's data sets start with "n,p,class names...").
  const dataset declared = load_csv(write_temp("sklearn", "3,2,malignant,benign\n1,2,0\n3,4,1\n5,6,0\n"), csv_header::present);
  CHECK(declared.size() == 3);
  CHECK(declared.features() == 2);
  CHECK(declared.y[1] == 1.0);
  // --header no: a text first line is an error, not skipped.
  CHECK_THROWS_WITH(load_csv(write_temp("nohead", "a,b\n1,2\n"), csv_header::absent), Catch::Contains("line 1, column 1: 'a'"));
  // --header yes on a numeric first line drops it, as asked.
  CHECK(load_csv(write_temp("yeshead", "1,2\n3,4\n5,6\n"), csv_header::present).size() == 2);
  CHECK(csv_header_from_string("auto") == csv_header::automatic);
  CHECK_THROWS_WITH(csv_header_from_string("maybe"), Catch::Contains("yes, no or auto"));
}

TEST_CASE("subnormal values load; directories, binary bytes and empty names are clear errors", "[dataset][input]") {
  const dataset tiny = load_csv(write_temp("subnormal", "1e-320,2\n3,-4.9e-324\n"));
  CHECK(tiny.X(0, 0) == 1e-320);
  CHECK(tiny.y[1] == -4.9e-324);
  CHECK_THROWS_WITH(load_csv(write_temp("overflow", "1,2\n1e400,2\n")),
                    Catch::Contains("line 2, column 1: '1e400' is beyond the range of a double"));
  CHECK_THROWS_WITH(load_csv("."), Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(load_csv("/dev/zero"), Catch::Contains("is not a regular file"));  // used to read forever
  CHECK_THROWS_WITH(load_csv(""), Catch::Contains("empty file name"));
  std::string message;
  try {
    load_csv(write_temp("binary", std::string("1,2\n3,\x01\x7f\0", 8) + "\n"));
  } catch (const std::invalid_argument& e) {
    message = e.what();
  }
  CHECK(message.find("line 2: byte 3 is a control character") != std::string::npos);
  for (unsigned char c : message) CHECK((c >= 0x20 && c < 0x7f));  // nothing echoed raw
  // A non-ASCII cell is shown with '?' in place of its bytes.
  CHECK_THROWS_WITH(load_csv(write_temp("latin", "1,2\n3,\xE9t\xE9\n")), Catch::Contains("'?t?' is not a number"));
}

TEST_CASE("values are stored once: the data set's matrices are the only copy", "[dataset][memory]") {
  // 2000 rows x 3 columns with blank lines between: exactly n rows, no slack rows left allocated.
  std::string text = "a,b,y\n";
  for (int i = 0; i < 2000; ++i) text += std::to_string(i) + "," + std::to_string(2 * i) + "," + std::to_string(i % 2) + "\n\n";
  const dataset d = load_csv(write_temp("large", text));
  CHECK(d.X.rows() == 2000);
  CHECK(d.X.cols() == 2);
  CHECK(d.y.size() == 2000);
  CHECK(d.X(1999, 1) == 3998.0);
}

TEST_CASE("the target column: the last by default, or by 1-based index or header name", "[dataset][target]") {
  const auto path = write_temp("target", "a,label,b\n1,10,2\n3,20,4\n");
  const dataset last = load_csv(path, csv_read_options{csv_header::automatic, ""});
  CHECK(last.y[1] == 4.0);
  CHECK(last.X(1, 1) == 20.0);
  for (const char* target : {"2", "label", " label "}) {
    INFO(target);
    const dataset d = load_csv(path, csv_read_options{csv_header::automatic, target});
    REQUIRE(d.features() == 2);
    CHECK(d.y[0] == 10.0);
    CHECK(d.y[1] == 20.0);
    CHECK(d.X(1, 0) == 3.0);
    CHECK(d.X(1, 1) == 4.0);
  }
  CHECK_THROWS_WITH(load_csv(path, csv_read_options{csv_header::automatic, "4"}),
                    Catch::Contains("target column (--target) '4'") && Catch::Contains("3 columns, so an index is 1 to 3"));
  CHECK_THROWS_WITH(load_csv(path, csv_read_options{csv_header::automatic, "0"}), Catch::Contains("1 to 3"));
  CHECK_THROWS_WITH(load_csv(path, csv_read_options{csv_header::automatic, "99999999999999999999999"}), Catch::Contains("1 to 3"));
  CHECK_THROWS_WITH(load_csv(path, csv_read_options{csv_header::automatic, "price"}), Catch::Contains("'price' is not a column name"));
  const auto bare = write_temp("target_bare", "1,10,2\n3,20,4\n");
  CHECK_THROWS_WITH(load_csv(bare, csv_read_options{csv_header::automatic, "label"}), Catch::Contains("has no header line"));
  // A first line that is not column names (sklearn's "569,30,malignant,benign") names no target.
  const auto counts = write_temp("target_counts", "2,2,no,yes\n1,10,0\n3,20,1\n");
  CHECK(load_csv(counts, csv_read_options{csv_header::present, "3"}).y[1] == 1.0);
  CHECK_THROWS_WITH(load_csv(counts, csv_read_options{csv_header::present, "yes"}), Catch::Contains("4 cells for 3 columns"));
  for (const auto& p : {path, bare, counts}) std::remove(p.c_str());
}

TEST_CASE("standardised features have mean 0 and standard deviation 1; constant columns become 0", "[dataset][standardize]") {
  dataset d;
  d.X = (matrix(4, 3) << 1, 1000, 7, 2, 3000, 7, 3, 2000, 7, 6, 4000, 7).finished();
  d.y = vector::Zero(4);
  const feature_scaling s = standardize_features(d);
  CHECK(s.mean[0] == Approx(3.0));
  CHECK(s.scale[0] == Approx(std::sqrt((4.0 + 1.0 + 0.0 + 9.0) / 4.0)));
  for (int j = 0; j < 2; ++j) {
    CHECK(std::abs(d.X.col(j).mean()) < 1e-15);
    CHECK(d.X.col(j).squaredNorm() / 4.0 == Approx(1.0).epsilon(1e-14));
  }
  CHECK(s.constant_columns == std::vector<int>{3});
  CHECK(d.X.col(2).isZero(0.0));
  CHECK(d.X(3, 1) == Approx((4000.0 - 2500.0) / std::sqrt(1250000.0)));
}
