#pragma once
// Runs another program (the figures driver runs sgdsde's own subcommands and gnuplot) in a given
// working directory, capturing its standard output and standard error.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::cli {

struct child_result {
  int exit_code = -1;  // the program's exit status; 127: could not be started; -1: killed by a signal
  std::string out, err;
};

inline std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs argv[0] (searched on PATH when it has no '/') with cwd = dir; waits for it.
inline child_result run_child(const std::vector<std::string>& argv, const std::string& dir) {
  if (argv.empty()) throw std::invalid_argument("run_child: empty command");
  char out_name[] = "/tmp/sgdsde-child-out-XXXXXX";
  char err_name[] = "/tmp/sgdsde-child-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name);
  const int err_fd = ::mkstemp(err_name);
  if (out_fd < 0 || err_fd < 0) throw std::runtime_error("run_child: cannot create temporary files in /tmp");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("run_child: fork failed");
  if (pid == 0) {
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (!dir.empty() && ::chdir(dir.c_str()) != 0) ::_exit(126);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("run_child: waitpid failed");
  ::close(out_fd);
  ::close(err_fd);
  child_result r;
  r.out = read_whole_file(out_name);
  r.err = read_whole_file(err_name);
  std::remove(out_name);
  std::remove(err_name);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace sgdsde::cli
