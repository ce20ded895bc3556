#pragma once
// An interrupted run leaves nothing behind. On SIGINT, SIGTERM or SIGHUP the handler installed here
// removes every temporary file still registered, terminates the child process being waited for,
// and then lets the signal's default action end the process (so the exit status still says which
// signal). Children started by run_child also die with their parent (PR_SET_PDEATHSIG).
#include <sys/types.h>

#include <string>

namespace sgdsde::io::interruption {

// Installs the handlers; main calls it once before parsing.
void install();

// Registers a temporary file to remove on a signal; returns its slot for forget_temporary.
// Throws std::runtime_error when more than 64 are open at once (a bug, not a user error).
int track_temporary(const std::string& path);
void forget_temporary(int slot);

// The child process the handler terminates (0: none).
void set_child(pid_t pid);

// A temporary file: registered on construction, removed (if still there) and forgotten on
// destruction unless keep() was called after it was renamed into place.
class temporary_file {
 public:
  explicit temporary_file(std::string path) : path_(std::move(path)), slot_(track_temporary(path_)) {}
  temporary_file(const temporary_file&) = delete;
  temporary_file& operator=(const temporary_file&) = delete;
  ~temporary_file();
  const std::string& path() const { return path_; }
  void keep();  // it no longer exists under this name (renamed): only forget it

 private:
  std::string path_;
  int slot_;
  bool kept_ = false;
};

}  // namespace sgdsde::io::interruption
