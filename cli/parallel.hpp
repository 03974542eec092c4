// Line-by-line work on all cores, in input order: `empathy score` and `empathy report`.
// A reader thread cuts the input into batches of lines, workers score the batches, and the
// calling thread hands each line's result on in input order. At most 4 batches per worker
// are in flight, so memory stays flat however long the input; with one job everything
// runs on the calling thread. Progress (lines, rate, and for a file its share and the time
// left) goes to standard error when it is a terminal.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <istream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace empathy::cli {

// Jobs when --jobs is not given: every core.
unsigned default_jobs();

// Progress on standard error, when it is a terminal: what, lines done, lines per second,
// and with total_bytes (0: unknown) the share read and the time left.
class Progress {
 public:
  Progress(const char* what, std::uintmax_t total_bytes);
  ~Progress();  // clears the line
  void add(std::size_t lines, std::uintmax_t bytes);

 private:
  const char* what_;
  std::uintmax_t total_;
  bool on_ = false;
  std::size_t lines_ = 0;
  std::uintmax_t bytes_ = 0;
  std::chrono::steady_clock::time_point start_, shown_;
};

// work(state, line, number) -> Result runs on a worker (state: one per worker, for example
// a cache); emit(result, number) runs on the calling thread, in input order. Lines keep
// their "\r"; number counts from 1 over every line read, blank or not.
template <typename State, typename Result, typename Work, typename Emit>
void ordered_lines(std::istream& in, unsigned jobs, Progress* progress, Work work, Emit emit) {
  if (jobs <= 1) {
    State state;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      Result r = work(state, line, number);
      emit(std::move(r), number);
      if (progress) progress->add(1, line.size() + 1);
    }
    return;
  }
  struct Batch {
    std::size_t first = 0;  // the number of its first line
    std::vector<std::string> lines;
    std::vector<Result> results;
    std::uintmax_t bytes = 0;
    bool done = false;
  };
  // std::cin flushes std::cout before it reads: from the reader thread that would race with
  // the output written here.
  in.tie(nullptr);
  constexpr std::size_t kBatchLines = 256, kBatchBytes = 1 << 20;
  const std::size_t max_in_flight = 4 * static_cast<std::size_t>(jobs);
  std::mutex m;
  std::condition_variable changed;
  std::deque<std::shared_ptr<Batch>> queue;    // read, in input order, until emitted
  std::deque<std::shared_ptr<Batch>> pending;  // read, not yet taken by a worker
  bool read_all = false;

  std::thread reader([&] {
    std::size_t number = 0;
    for (;;) {
      auto b = std::make_shared<Batch>();
      b->first = number + 1;
      std::string line;
      while (b->lines.size() < kBatchLines && b->bytes < kBatchBytes && std::getline(in, line)) {
        ++number;
        b->bytes += line.size() + 1;
        b->lines.push_back(std::move(line));
      }
      std::unique_lock lock(m);
      if (b->lines.empty()) break;
      changed.wait(lock, [&] { return queue.size() < max_in_flight; });
      queue.push_back(b);
      pending.push_back(b);
      changed.notify_all();
    }
    std::lock_guard lock(m);
    read_all = true;
    changed.notify_all();
  });
  std::vector<std::thread> workers;
  for (unsigned j = 0; j < jobs; ++j)
    workers.emplace_back([&] {
      State state;
      for (;;) {
        std::shared_ptr<Batch> b;
        {
          std::unique_lock lock(m);
          changed.wait(lock, [&] { return !pending.empty() || read_all; });
          if (pending.empty()) return;
          b = pending.front();
          pending.pop_front();
        }
        b->results.reserve(b->lines.size());
        for (std::size_t i = 0; i < b->lines.size(); ++i) b->results.push_back(work(state, b->lines[i], b->first + i));
        std::lock_guard lock(m);
        b->done = true;
        changed.notify_all();
      }
    });
  for (;;) {
    std::shared_ptr<Batch> b;
    {
      std::unique_lock lock(m);
      changed.wait(lock, [&] { return (!queue.empty() && queue.front()->done) || (read_all && queue.empty()); });
      if (queue.empty()) break;
      b = queue.front();
      queue.pop_front();
      changed.notify_all();  // room for the reader
    }
    for (std::size_t i = 0; i < b->results.size(); ++i) emit(std::move(b->results[i]), b->first + i);
    if (progress) progress->add(b->lines.size(), b->bytes);
  }
  reader.join();
  for (auto& w : workers) w.join();
}

}  // namespace empathy::cli
