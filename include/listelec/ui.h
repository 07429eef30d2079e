/*
 * ui — the ncurses screens.  The only part of listelec that includes
 * <curses.h>.  One ui_end(), safe to call twice, restores the terminal; it
 * is registered with atexit and as the fatal hook, and runs on signals.
 */
#ifndef LISTELEC_UI_H
#define LISTELEC_UI_H

/* Restore the terminal if the screen is up; safe anywhere, any times. */
void	ui_end(void);

#endif
