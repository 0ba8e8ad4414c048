// Turn argv into option structs and dispatch to the commands. Returns the process exit code.
#pragma once

namespace bg {
int cli_main(int argc, char** argv);
}
