#include "bench_gate/util/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "bench_gate/util/error.hpp"
#include "bench_gate/util/text.hpp"

namespace bg::util {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail_write(const std::string& path, int err) {
  throw Error(ExitCode::input_error, one_line_text(path) + ": cannot write: " + std::strerror(err));
}

void write_all(int fd, std::string_view text, const std::string& path) {
  std::size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      fail_write(path, err);
    }
    off += static_cast<std::size_t>(n);
  }
}

std::string temp_root() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

// Resolve a chain of symbolic links to the final target path (which may not exist yet).
std::string final_target(const std::string& path) {
  std::string current = path;
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st {};
    if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
    std::error_code ec;
    fs::path target = fs::read_symlink(current, ec);
    if (ec) return current;
    if (target.is_relative()) target = fs::path(current).parent_path() / target;
    current = target.lexically_normal().string();
  }
  throw Error(ExitCode::input_error, one_line_text(path) + ": cannot write: too many levels of "
                                                           "symbolic links");
}

// Open a FIFO for writing once a reader has it open: O_NONBLOCK fails with ENXIO while none has,
// so poll every 50 ms for up to kFifoReaderWait, then give up with one line (exit 2). The
// descriptor goes back to blocking writes once open.
constexpr std::chrono::seconds kFifoReaderWait{10};

int open_fifo_for_writing(const std::string& target, const std::string& path) {
  const auto deadline = std::chrono::steady_clock::now() + kFifoReaderWait;
  while (true) {
    const int fd = ::open(target.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0) {
      const int flags = ::fcntl(fd, F_GETFL);
      if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        const int err = errno;
        ::close(fd);
        fail_write(path, err);
      }
      return fd;
    }
    if (errno != ENXIO) return -1;
    if (std::chrono::steady_clock::now() >= deadline) {
      throw Error(ExitCode::input_error,
                  one_line_text(path) + ": a FIFO that no process opened for reading within " +
                      std::to_string(kFifoReaderWait.count()) + " s; start its reader first");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw Error(ExitCode::input_error, one_line_text(path) + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::input_error,
                one_line_text(path) + ": cannot read: " + std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file_atomically(const std::string& path, std::string_view text) {
  const std::string target = final_target(path);
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    throw Error(ExitCode::input_error, one_line_text(path) + ": is a directory");
  }
  if (exists && !S_ISREG(st.st_mode)) {
    // A device, FIFO or socket: write through it; replacing it would destroy it. A FIFO is opened
    // without blocking, so a FIFO nobody reads is an error after kFifoReaderWait, not a hang.
    const int fd = S_ISFIFO(st.st_mode) ? open_fifo_for_writing(target, path)
                                        : ::open(target.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) fail_write(path, errno);
    write_all(fd, text, path);
    if (::close(fd) != 0) fail_write(path, errno);
    return;
  }
  const fs::path t(target);
  const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
  std::string tmp_name = t.filename().string();  // ".<name>.tmp-XXXXXX", built in place: GCC
  tmp_name.insert(0, 1, '.');                     // 12 warns (-Wrestrict) on "." + name + "..."
  tmp_name.append(".tmp-XXXXXX");
  std::string tmp = (dir / tmp_name).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) fail_write(path, errno);
  try {
    write_all(fd, text, path);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail_write(path, err);
  }
  ::chmod(tmp.c_str(), exists ? (st.st_mode & 07777) : 0644);
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail_write(path, err);
  }
}

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = (fs::path(temp_root()) / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw Error(ExitCode::input_error, "cannot create a temporary directory in " +
                                           one_line_text(temp_root()) + ": " +
                                           std::strerror(errno));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

TempFile::TempFile(const std::string& prefix) {
  std::string pattern = (fs::path(temp_root()) / (prefix + "-XXXXXX")).string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw Error(ExitCode::input_error, "cannot create a temporary file in " +
                                           one_line_text(temp_root()) + ": " +
                                           std::strerror(errno));
  }
  ::close(fd);
  path_ = pattern;
}

TempFile::~TempFile() { ::unlink(path_.c_str()); }

}  // namespace bg::util
