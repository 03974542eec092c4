#include "parallel.hpp"

#include <unistd.h>

#include <algorithm>

namespace empathy::cli {

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

Progress::Progress(const char* what, std::uintmax_t total_bytes)
    : what_(what), total_(total_bytes), on_(isatty(STDERR_FILENO) == 1) {
  start_ = std::chrono::steady_clock::now();
  shown_ = start_ - std::chrono::seconds(1);  // the first lines show at once
}

Progress::~Progress() {
  if (on_ && lines_ > 0) std::fprintf(stderr, "\r\033[K");
}

void Progress::add(std::size_t lines, std::uintmax_t bytes) {
  lines_ += lines;
  bytes_ += bytes;
  if (!on_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - shown_ < std::chrono::milliseconds(250)) return;
  shown_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(lines_) / seconds : 0;
  std::fprintf(stderr, "\r\033[K%s: %zu lines, %.0f/s", what_, lines_, rate);
  if (total_ > 0 && bytes_ > 0) {
    const double share = std::min(1.0, static_cast<double>(bytes_) / static_cast<double>(total_));
    const double left = share > 0 ? seconds * (1 - share) / share : 0;
    std::fprintf(stderr, ", %.0f%%, %d:%02d left", 100 * share, static_cast<int>(left) / 60,
                 static_cast<int>(left) % 60);
  }
  std::fflush(stderr);
}

}  // namespace empathy::cli
