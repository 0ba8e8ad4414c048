#include "bench_gate/app/workspace.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "bench_gate/config.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/version.hpp"

namespace bg {

Workspace Workspace::open(const GlobalOptions& global) {
  std::optional<git::Repository> repo;
  try {
    repo.emplace(git::Repository::discover(global.repo_path));
  } catch (const Error& e) {
    throw Error(e.code(), one_line_text(e.what()));  // -C DIR may hold any byte
  }
  Workspace ws{std::move(*repo), Config{}, nullptr};
  if (!global.config_path.empty()) {
    ws.config = load_config(global.config_path);
  } else {
    std::string top = ws.repo.workdir();
    if (!top.empty()) {
      if (auto found = find_config(top)) ws.config = load_config(*found);
    }
  }
  if (!global.notes_ref.empty()) {
    if (global.notes_ref.rfind("refs/notes/", 0) != 0) {
      throw Error(ExitCode::input_error,
                  "--notes-ref: '" + global.notes_ref + "' must start with refs/notes/");
    }
    ws.config.notes_ref = global.notes_ref;
  }
  ws.notes = std::make_unique<git::NotesStore>(ws.repo, ws.config.notes_ref);
  return ws;
}

Config config_without_repository(const GlobalOptions& global) {
  return global.config_path.empty() ? Config{} : load_config(global.config_path);
}

std::optional<std::vector<Run>> Workspace::runs_of(const std::string& commit,
                                                   bool tolerate_bad_notes,
                                                   std::vector<std::string>* missing_shards,
                                                   std::vector<std::string>* problems) const {
  std::optional<std::string> text = notes->read(commit);
  if (!text) return std::nullopt;
  try {
    NoteDocument doc =
        parse_note(*text, "note of commit " + short_id(commit) + " on " + config.notes_ref);
    if (doc.runs.empty()) return std::nullopt;
    return combine_shards(doc.runs, missing_shards);
  } catch (const Error& e) {
    if (!tolerate_bad_notes) throw;
    std::string line = std::string(e.what()) + " (skipped)";
    if (problems) problems->push_back(line);
    std::cerr << "bench-gate: warning: " << line << "\n";
    return std::nullopt;
  }
}

SuiteRequest Workspace::suite_request(const RunOptions& options, bool quiet) const {
  SuiteRequest req;
  req.command = options.command.empty() ? config.suite_command : options.command;
  req.repetitions = options.repetitions > 0 ? options.repetitions : config.repetitions;
  req.filter = options.filter;
  req.timeout_seconds =
      options.timeout_seconds >= 0 ? options.timeout_seconds : config.timeout_seconds;
  req.quiet = quiet;
  if (!options.shard.empty()) {
    auto [k, n] = parse_shard(options.shard, "--shard");
    req.shard_index = k;
    req.shard_count = n;
  }
  if (req.command.empty()) {
    throw Error(ExitCode::input_error,
                "no suite command: pass it after '--' (bench-gate run -- ./my-benchmarks) or set "
                "\"suite_command\" in bench-gate.json");
  }
  // A relative suite path is relative to the repository top, so bench-gate works from any folder.
  std::string top = repo.workdir();
  if (!top.empty() && req.command[0].find('/') != std::string::npos && req.command[0][0] != '/') {
    std::filesystem::path candidate = std::filesystem::path(top) / req.command[0];
    if (!std::filesystem::exists(req.command[0]) && std::filesystem::exists(candidate)) {
      req.command[0] = candidate.string();
    }
  }
  return req;
}

void print_comparison(const Comparison& cmp, const std::string& format,
                      const std::string& markdown) {
  if (format == "markdown") {
    std::cout << markdown;
  } else if (format == "github") {
    std::cout << render_github_annotations(cmp);
  } else if (format == "json") {
    std::cout << comparison_to_json(cmp).dump(2) << "\n";
  }
}

void write_file_atomically(const std::string& path, const std::string& text) {
  std::filesystem::path target(path);
  std::filesystem::path dir =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string tmp_name = target.filename().string();
  tmp_name.insert(tmp_name.begin(), '.');
  tmp_name.append(".tmp-XXXXXX");
  std::string tmp = (dir / tmp_name).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    throw Error(ExitCode::input_error,
                one_line_text(path) + ": cannot write: " + std::strerror(errno));
  std::size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw Error(ExitCode::input_error,
                  one_line_text(path) + ": cannot write: " + std::strerror(err));
    }
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw Error(ExitCode::input_error,
                one_line_text(path) + ": cannot write: " + std::strerror(err));
  }
  ::chmod(tmp.c_str(), 0644);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw Error(ExitCode::input_error,
                one_line_text(path) + ": cannot write: " + std::strerror(err));
  }
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(ExitCode::input_error, one_line_text(path) + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ExitCode::input_error,
                one_line_text(path) + ": cannot read: " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Run> Workspace::run_processes(const RunOptions& options, bool quiet,
                                          const std::string& commit) const {
  const SuiteRequest req = suite_request(options, quiet);
  const int processes = options.processes > 0 ? options.processes : config.processes;
  std::vector<Run> runs;
  runs.reserve(static_cast<std::size_t>(processes));
  for (int p = 1; p <= processes; ++p) {
    if (processes > 1 && !quiet)
      std::cerr << "bench-gate: suite process " << p << "/" << processes << "\n";
    Run run = run_suite(req);
    run.commit = commit;
    run.run_id = new_run_id();
    run.recorded_at = utc_now();
    run.tool_version = tool_version();
    runs.push_back(std::move(run));
  }
  return runs;
}

std::string new_run_id() {
  std::random_device rd;
  std::string id;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) id += hex[rd() & 15];
  return id;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string short_id(const std::string& id) { return id.substr(0, 10); }

}  // namespace bg
