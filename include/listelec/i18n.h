/*
 * i18n — gettext glue.  _() marks and translates, N_() only marks.
 * Messages are written in English; po/fr.po holds the French.
 */
#ifndef LISTELEC_I18N_H
#define LISTELEC_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/*
 * Choose the language: lang is "fr", "en" or NULL (follow LANG/LC_ALL).
 * Calls setlocale(LC_ALL, "") and binds the text domain.  Returns 0, or -1
 * when lang is not fr or en.
 */
int	i18n_init(const char *lang);
/* Nonzero when the terminal's character set is UTF-8. */
int	i18n_utf8(void);

#endif
