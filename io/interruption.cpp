#include <sgdsde/io/interruption.hpp>

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <stdexcept>

namespace sgdsde::io::interruption {
namespace {

// Fixed storage: the handler may only touch what is async-signal-safe (atomics, unlink, kill).
constexpr int slot_count = 64;
std::array<std::array<char, PATH_MAX>, slot_count> slot_paths;
std::array<std::atomic<bool>, slot_count> slot_used{};
std::atomic<pid_t> running_child{0};

extern "C" void on_signal(int signal_number) {
  const pid_t child = running_child.load();
  if (child > 0) ::kill(child, SIGTERM);
  for (int i = 0; i < slot_count; ++i)
    if (slot_used[std::size_t(i)].load()) ::unlink(slot_paths[std::size_t(i)].data());
  // SA_RESETHAND restored the default action: re-raised, the signal ends the process once the
  // handler returns.
  ::raise(signal_number);
}

}  // namespace

void install() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  for (int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(s, &action, nullptr);
}

int track_temporary(const std::string& path) {
  if (path.size() >= PATH_MAX) throw std::runtime_error("temporary file name too long: " + path);
  for (int i = 0; i < slot_count; ++i) {
    auto& used = slot_used[std::size_t(i)];
    bool expected = false;
    if (!used.compare_exchange_strong(expected, true)) continue;
    // The slot is ours but the handler may already see it as used: keep the text a valid C string
    // while it is written (empty, then the path).
    auto& text = slot_paths[std::size_t(i)];
    text[0] = '\0';
    if (!path.empty()) std::memcpy(text.data() + 1, path.data() + 1, path.size() - 1);
    text[path.size()] = '\0';
    std::atomic_signal_fence(std::memory_order_seq_cst);
    if (!path.empty()) text[0] = path[0];
    return i;
  }
  throw std::runtime_error("too many temporary files open at once");
}

void forget_temporary(int slot) {
  if (slot >= 0 && slot < slot_count) slot_used[std::size_t(slot)].store(false);
}

void set_child(pid_t pid) { running_child.store(pid); }

temporary_file::~temporary_file() {
  if (!kept_) ::unlink(path_.c_str());
  forget_temporary(slot_);
}

void temporary_file::keep() { kept_ = true; }

}  // namespace sgdsde::io::interruption
