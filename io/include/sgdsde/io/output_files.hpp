#pragma once
// Output files and standard output, with every failure named.
//
// A regular (or not yet existing) target is written atomically: to a short temporary name in the
// same directory, then renamed over it, so an interrupted or failing run never leaves a partial
// result (and the temporary name is removed on SIGINT/SIGTERM, see interruption.hpp). A symbolic
// link is followed and its target replaced. A target that is not a regular file (a device such as
// /dev/null or /dev/full, a pipe) is written directly and every write is checked: it is never
// replaced by a regular file.
#include <string>
#include <vector>

namespace sgdsde::io {

// Writes contents to path (see above). option names the command-line option in error messages
// ("--csv"); errors are std::runtime_error (exit 1) naming the file and the system's reason.
void write_output_file(const std::string& path, const std::string& contents, const std::string& option = "");

// Why path could not be written (empty when it can), checked before any computation: the name is
// not empty, not a directory, and a file can be created beside it (or, for a device or pipe, it is
// writable).
std::string why_not_writable(const std::string& path);

// Usage error (std::invalid_argument) when two of the given output options name the same regular
// file: options is {option name, path} for each; empty paths are skipped.
void refuse_shared_output_files(const std::vector<std::pair<std::string, std::string>>& options);

// Flushes standard output; std::runtime_error with the system's reason when it could not be
// written (a full disk, a closed pipe), so that a lost result never exits 0.
void finish_standard_output();

}  // namespace sgdsde::io
