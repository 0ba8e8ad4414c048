// bench-gate accept REV GLOB --up-to N% --reason TEXT: acknowledge an intended slowdown, stored
// beside the notes (app/acceptances.hpp) so that sync carries it.
#include <iostream>

#include "bench_gate/app/acceptances.hpp"
#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/config.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {

int accept_command(const GlobalOptions& global, const AcceptOptions& options) {
  Workspace ws(global);
  Acceptance a;
  a.commit = ws.resolve(options.rev);
  if (!ws.repo.commit_info(a.commit)) {
    throw Error(ExitCode::input_error, "accept: unknown revision '" +
                                           util::one_line_text(options.rev) +
                                           "': no such commit in this repository");
  }
  a.glob = options.glob;
  try {
    validate_glob(a.glob);
  } catch (const Error& e) {
    throw Error(ExitCode::input_error, std::string("accept: ") + e.what());
  }
  a.bound = parse_accept_bound(options.up_to, "accept --up-to");
  a.reason = options.reason;
  a.by = ws.repo.user();
  a.source = "note";
  const std::string path = store_acceptance(ws, a);
  if (!global.quiet) {
    std::cerr << "bench-gate: accepted " << util::one_line_text(a.glob) << " up to "
              << util::signed_percent(a.bound) << " for " << util::short_id(a.commit) << " ("
              << path << " on " << ws.config.notes_ref << ")\n";
  }
  return 0;
}

}  // namespace bg
