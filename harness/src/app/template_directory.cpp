// template_directory: where --help says the templates to copy are.
#include "bench_gate/app/commands.hpp"
#include "bench_gate/report/render.hpp"

namespace bg {

std::string template_directory() { return template_dir(); }

}  // namespace bg
