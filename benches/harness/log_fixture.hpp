// A throw-away git repository for benchmarking `bench-gate log`: a first-parent line of commits,
// each with one stored run on refs/notes/bench-gate. Removed from disk when destroyed.
#pragma once

#include <string>

namespace bgbench {

class LogFixture {
 public:
  // Create `commits` commits (empty trees) on refs/heads/main, HEAD pointing at it, and one note
  // per commit holding a run of benchmarks x repetitions samples, written in one notes commit.
  LogFixture(int commits, int benchmarks, int repetitions);
  ~LogFixture();
  LogFixture(const LogFixture&) = delete;
  LogFixture& operator=(const LogFixture&) = delete;

  const std::string& path() const { return path_; }       // work tree of the repository
  std::size_t note_bytes() const { return note_bytes_; }  // total size of all notes

 private:
  std::string path_;
  std::size_t note_bytes_ = 0;
};

}  // namespace bgbench
