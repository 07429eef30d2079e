/*
 * ui-end — ui_end (ui.h), alone in its file so that the program links it
 * only where no other definition stands in for it.
 */
#include "config.h"

#include "listelec/ui.h"

#include "ui-int.h"

/* Restore the terminal if the screen is up; any number of times. */
void
ui_end(void)
{
	ui_stop();
}
