#include <sgdsde/io/output_files.hpp>

#include <sgdsde/io/interruption.hpp>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>

namespace sgdsde::io {
namespace {

std::string reason() { return std::strerror(errno); }

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string file_name_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Where the bytes go: the file to replace atomically (regular or absent), or a file to write in
// place (anything else that is not a directory).
struct resolved_target {
  std::string path;
  bool replace = true;
};

resolved_target resolve(const std::string& given) {
  if (given.empty()) throw std::invalid_argument("an empty file name");
  std::string path = given;
  for (int links = 0; links < 40; ++links) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return {path, true};
      throw std::invalid_argument("cannot use " + given + ": " + reason());
    }
    if (S_ISDIR(st.st_mode)) throw std::invalid_argument(given + " is a directory");
    if (!S_ISLNK(st.st_mode)) return {path, S_ISREG(st.st_mode)};
    struct stat followed {};
    if (::stat(path.c_str(), &followed) == 0) {
      if (S_ISDIR(followed.st_mode)) throw std::invalid_argument(given + " is a link to a directory");
      if (!S_ISREG(followed.st_mode)) return {path, false};  // e.g. /dev/stdout, /dev/fd/N: write through the link
      char real[PATH_MAX];
      if (!::realpath(path.c_str(), real)) throw std::invalid_argument("cannot resolve " + given + ": " + reason());
      return {real, true};
    }
    // A dangling link: the file it names is created.
    char text[PATH_MAX];
    const ssize_t n = ::readlink(path.c_str(), text, sizeof text - 1);
    if (n < 0) throw std::invalid_argument("cannot read the link " + path + ": " + reason());
    const std::string target(text, std::size_t(n));
    path = target[0] == '/' ? target : directory_of(path) + "/" + target;
  }
  throw std::invalid_argument("cannot use " + given + ": too many levels of symbolic links");
}

// Short temporary names (a long target name must not push them past NAME_MAX), unique per process.
std::string temporary_name(const std::string& directory) {
  static std::atomic<unsigned> counter{0};
  return directory + "/.sgdsde-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tmp";
}

void write_all(int fd, const std::string& contents, const std::string& path) {
  const char* p = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = reason();
      ::close(fd);
      throw std::runtime_error("cannot write " + path + ": " + why);
    }
    p += n;
    left -= std::size_t(n);
  }
}

std::string prefixed(const std::string& option, const std::string& message) {
  return option.empty() ? message : option + ": " + message;
}

}  // namespace

void write_output_file(const std::string& given, const std::string& contents, const std::string& option) {
  resolved_target target;
  try {
    target = resolve(given);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(prefixed(option, e.what()));
  }
  try {
    if (!target.replace) {
      const int fd = ::open(target.path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) throw std::runtime_error("cannot open " + given + ": " + reason());
      write_all(fd, contents, given);
      if (::close(fd) != 0) throw std::runtime_error("cannot write " + given + ": " + reason());
      return;
    }
    interruption::temporary_file temp(temporary_name(directory_of(target.path)));
    const int fd = ::open(temp.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) throw std::runtime_error("cannot create a file in " + directory_of(target.path) + ": " + reason());
    struct stat old {};
    if (::stat(target.path.c_str(), &old) == 0) ::fchmod(fd, old.st_mode & 07777);  // a replaced file keeps its mode
    write_all(fd, contents, given);
    if (::close(fd) != 0) throw std::runtime_error("cannot write " + given + ": " + reason());
    if (::rename(temp.path().c_str(), target.path.c_str()) != 0)
      throw std::runtime_error("cannot replace " + target.path + ": " + reason());
    temp.keep();
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(prefixed(option, e.what()));
  }
}

std::string why_not_writable(const std::string& value) {
  try {
    const resolved_target target = resolve(value);
    if (target.replace) {
      // Tracked like every temporary file, so a signal between its creation and its removal still
      // removes it (an untracked probe was left behind by a SIGTERM in that window).
      interruption::temporary_file probe(temporary_name(directory_of(target.path)));
      const int fd = ::open(probe.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) {
        const std::string why = reason();
        probe.keep();  // not ours (nothing was created): never remove it
        return "cannot create a file in " + directory_of(target.path) + " (for " + value + "): " + why;
      }
      ::close(fd);  // the probe's destructor removes it
    } else if (::access(target.path.c_str(), W_OK) != 0) {
      // Not opened here: opening a pipe would hand its reader an early end of file.
      return "cannot write " + value + ": " + reason();
    }
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return std::string();
}

void refuse_shared_output_files(const std::vector<std::pair<std::string, std::string>>& options) {
  std::vector<std::pair<std::string, std::string>> seen;  // option, canonical path of a replaced file
  for (const auto& [option, path] : options) {
    if (path.empty()) continue;
    const resolved_target target = resolve(path);
    if (!target.replace) continue;  // /dev/null twice is fine
    char real[PATH_MAX];
    const std::string directory = directory_of(target.path);
    const std::string key =
        (::realpath(directory.c_str(), real) ? std::string(real) : directory) + "/" + file_name_of(target.path);
    for (const auto& [other, other_key] : seen)
      if (other_key == key) throw std::invalid_argument(other + " and " + option + " name the same file (" + path + "): give each its own");
    seen.emplace_back(option, key);
  }
}

void finish_standard_output() {
  errno = 0;
  std::cout.flush();
  if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout))
    throw std::runtime_error(std::string("cannot write the standard output: ") + (errno ? reason() : "write error"));
}

}  // namespace sgdsde::io
