#pragma once
// Files are written atomically: to a temporary file beside the target, then renamed, so an
// interrupted run never leaves a half-written result.
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace sgdsde::cli {

inline void write_file_atomically(const std::string& path, const std::string& contents) {
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + temp);
    out << contents;
    out.flush();
    if (!out) {
      std::remove(temp.c_str());
      throw std::runtime_error("failed writing " + temp);
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot rename " + temp + " to " + path);
  }
}

}  // namespace sgdsde::cli
