#include "cli.hpp"

int main(int argc, char** argv) { return bg::cli_main(argc, argv); }
