#include <sgdsde/catalogue/run_options.hpp>
#include <sgdsde/catalogue/run_request.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace sgdsde;
using catalogue::run_request;

TEST_CASE("run options: each row is declared once, taken by sgd, sme or both, and integers have ranges", "[run_options]") {
  std::set<std::string> options, keywords;
  std::size_t sgd_only = 0, sme_only = 0;
  for (const auto& row : catalogue::run_options()) {
    CAPTURE(row.option);
    CHECK(options.insert(row.option).second);
    CHECK(keywords.insert(row.keyword()).second);
    CHECK(row.help.size() > 5);
    CHECK((row.taken_by("sgd") || row.taken_by("sme")));
    sgd_only += row.taken_by("sgd") && !row.taken_by("sme");
    sme_only += row.taken_by("sme") && !row.taken_by("sgd");
    CHECK((row.read == nullptr) == std::string(row.readers).empty());
    std::visit(
        [&](auto field) {
          run_request r;
          using T = std::decay_t<decltype(field(r))>;
          if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) CHECK(row.integers.has_value());
        },
        row.field);
  }
  CHECK(sgd_only > 0);
  CHECK(sme_only > 0);
  CHECK(catalogue::find_option(catalogue::run_options(), "svag_l") == catalogue::find_option(catalogue::run_options(), "--svag-l"));
}

TEST_CASE("run options: every option given where the request's choices do not read it is refused, naming who would", "[run_options][input]") {
  for (const auto& row : catalogue::run_options()) {
    run_request r;  // the defaults: plain SGD, constant rate, no averaging, minibatches
    const std::string option = row.option;
    r.given = [option](const std::string& o) { return o == option; };
    CAPTURE(option);
    if (row.is_read_by(r)) {
      CHECK_NOTHROW(catalogue::refuse_unread_run_options(r));
    } else {
      CHECK_THROWS_WITH(catalogue::refuse_unread_run_options(r),
                        option + " is read only " + row.readers + "; it would be ignored here");
    }
  }
  run_request r;
  r.given = [](const std::string& o) { return o == "--gamma"; };
  r.schedule.name = "exponential";  // the choice that reads it
  CHECK_NOTHROW(catalogue::refuse_unread_run_options(r));
  r.given = [](const std::string& o) { return o == "--batch"; };
  r.gd = true;
  CHECK_THROWS_WITH(catalogue::refuse_unread_run_options(r), Catch::StartsWith("--batch is read only without --gd"));
}
