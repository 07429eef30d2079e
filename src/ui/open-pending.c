/*
 * open-pending — stands in for cmd_open until the modules `open` needs
 * (load, export) are in the build; then mk/ui.mk links the real one.
 */
#include "config.h"

#include <stdio.h>

#include "listelec/cmd.h"

/* Not linked yet: says so and fails. */
int
cmd_open(int argc, char **argv, const struct cmd_common *common)
{
	(void)argc;
	(void)argv;
	(void)common;
	fputs("listelec: open is not linked yet\n", stderr);
	return (EXIT_RUNTIME);
}
