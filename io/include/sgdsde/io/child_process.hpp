#pragma once
// Runs another program (the figures driver runs sgdsde's own subcommands and gnuplot) in a given
// working directory, capturing its standard output and standard error.
#include <sgdsde/io/interruption.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sgdsde::io {

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

// Runs argv[0] (searched on PATH when it has no '/') with cwd = dir; waits for it. The child dies
// with this process (PR_SET_PDEATHSIG), and a SIGINT/SIGTERM here terminates it and removes the
// capture files (interruption.hpp).
inline child_result run_child(const std::vector<std::string>& argv, const std::string& dir) {
  if (argv.empty()) throw std::invalid_argument("run_child: empty command");
  const char* tmpdir = std::getenv("TMPDIR");
  const std::string directory = tmpdir && *tmpdir ? tmpdir : "/tmp";
  std::string out_name = directory + "/sgdsde-child-out-XXXXXX", err_name = directory + "/sgdsde-child-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name.data());
  const interruption::temporary_file out_file(out_fd >= 0 ? out_name : "");
  const int err_fd = ::mkstemp(err_name.data());
  const interruption::temporary_file err_file(err_fd >= 0 ? err_name : "");
  if (out_fd < 0 || err_fd < 0) {
    if (out_fd >= 0) ::close(out_fd);
    if (err_fd >= 0) ::close(err_fd);
    throw std::runtime_error("run_child: cannot create temporary files in " + directory + ": " + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out_fd);
    ::close(err_fd);
    throw std::runtime_error("run_child: fork failed");
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(125);  // the parent died before prctl took effect
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (!dir.empty() && ::chdir(dir.c_str()) != 0) ::_exit(126);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  interruption::set_child(pid);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      interruption::set_child(0);
      throw std::runtime_error("run_child: waitpid failed");
    }
  interruption::set_child(0);
  ::close(out_fd);
  ::close(err_fd);
  child_result r;
  r.out = read_whole_file(out_name);
  r.err = read_whole_file(err_name);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace sgdsde::io
