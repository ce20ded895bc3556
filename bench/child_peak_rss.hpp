#pragma once
// Runs a benchmark case in a child process (fork) and returns the child's peak RSS in bytes, so each
// case's memory is its own; a failed child ends the benchmark with `what` named.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

template <class Work>
double child_peak_rss_bytes(Work&& work, const std::string& what) {
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    work();
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "%s failed\n", what.c_str());
    std::exit(1);
  }
  return double(usage.ru_maxrss) * 1024.0;  // ru_maxrss is in KiB on Linux
}
