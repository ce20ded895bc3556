#include <sgdsde/sde/nearest_name.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace sgdsde::sde;

TEST_CASE("edit distance counts insertions, deletions, substitutions and neighbour swaps once", "[nearest_name]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("steps", "steps") == 0);
  CHECK(edit_distance("stpes", "steps") == 1);   // a swap
  CHECK(edit_distance("step", "steps") == 1);    // an insertion
  CHECK(edit_distance("stepss", "steps") == 1);  // a deletion
  CHECK(edit_distance("stexs", "steps") == 1);   // a substitution
  CHECK(edit_distance("Milstein", "milstein") == 0);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("the nearest name is offered only for a likely typo", "[nearest_name]") {
  const std::vector<std::string> names{"convergence", "sgd", "sme", "weak-error", "figures"};
  CHECK(nearest_name("figurs", names) == "figures");
  CHECK(nearest_name("weak_error", names) == "weak-error");
  CHECK(nearest_name("sgf", names) == "sgd");  // the first of equals (sme is 2 away)
  CHECK(nearest_name("frobnicate", names).empty());
  CHECK(nearest_name("x", names).empty());
  CHECK(did_you_mean("figurs", names) == " (did you mean 'figures'?)");
  CHECK(did_you_mean("sgd", names).empty());  // a valid name needs no suggestion
  CHECK(did_you_mean("frobnicate", names).empty());
}
