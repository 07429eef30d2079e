/* Placeholder until the training area lands: refuses to run. */
#include "config.h"

#include <stdio.h>

#include "listelec/cmd.h"

/* Not yet built: says so and fails. */
int
cmd_training(int argc, char **argv, const struct cmd_common *common)
{
	(void)argc; (void)argv; (void)common;
	fputs("listelec: training is not built yet\n", stderr);
	return (EXIT_RUNTIME);
}
