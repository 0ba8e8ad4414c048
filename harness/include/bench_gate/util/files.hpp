// Files: whole-file reads, the one atomic write, temporary files and directories (RAII).
// Errors are bg::Error with ExitCode::input_error and a one-line message naming the path.
#pragma once

#include <string>
#include <string_view>

namespace bg::util {

// Read a whole file. Throws input_error "<path>: is a directory" / "<path>: cannot read: <errno>".
std::string read_file(const std::string& path);

// Write `text` to `path` so that no reader ever sees it half-written, and nothing but the named
// file's content changes:
//  - absent path or regular file: a temporary file in the same directory, fsync, rename over it
//    (mode 0644 for a new file, the old file's mode otherwise);
//  - a symbolic link: the same, at the link's final target (the link itself stays a link);
//  - anything else (a character or block device such as /dev/null, a FIFO, a socket): written
//    through in place, never replaced (a rename would turn /dev/null into a regular file).
// Throws input_error "<path>: cannot write: <errno text>" (a directory: "<path>: is a directory").
void write_file_atomically(const std::string& path, std::string_view text);

// A temporary directory, mkdtemp(3) under $TMPDIR (or /tmp) named "<prefix>-XXXXXX"; removed with
// everything in it when the object dies. Not copyable or movable.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A new empty temporary file, mkstemp(3) under $TMPDIR (or /tmp) named "<prefix>-XXXXXX"
// (closed); unlinked when the object dies. Not copyable or movable.
class TempFile {
 public:
  explicit TempFile(const std::string& prefix);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace bg::util
