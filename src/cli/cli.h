/* The commands of `disclose`; only cli/ maps diagnostics to exit status:
 * 0 success, 1 findings of severity error (or failed batch documents),
 * 2 usage error or unreadable input. */
#ifndef DC_CLI_H
#define DC_CLI_H

#include "core.h"
#include "tabledef.h"

#define DC_EXIT_OK 0
#define DC_EXIT_FINDINGS 1
#define DC_EXIT_USAGE 2

int dc_cmd_dump(int argc, char **argv);
int dc_cmd_check(int argc, char **argv);
int dc_cmd_render(int argc, char **argv);
int dc_cmd_batch(int argc, char **argv);
int dc_cmd_verify(int argc, char **argv);
int dc_cmd_diff(int argc, char **argv);

/* Loads the layouts (reporting to stderr); NULL on failure. */
struct dc_tabledefs *dc_cli_load_defs(struct dc_diag *diag);

#endif
