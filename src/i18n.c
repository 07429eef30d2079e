/*
 * i18n — picks the language for gettext: --lang fr|en overrides, else
 * LANGUAGE/LC_ALL/LC_MESSAGES/LANG as usual.  Messages are English in the
 * source; French comes from po/fr.po.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/i18n.h"

static int	utf8;

/* Set the locale and text domain; lang "fr", "en" or NULL. */
int
i18n_init(const char *lang)
{
	const char	*codeset;

	if (lang != NULL && strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0)
		return (-1);
	setlocale(LC_ALL, "");
	codeset = nl_langinfo(CODESET);
	utf8 = codeset != NULL && (strcmp(codeset, "UTF-8") == 0 ||
	    strcmp(codeset, "utf8") == 0);
	if (lang != NULL) {
		/*
		 * gettext ignores LANGUAGE in the C locale; LANGUAGE is only a
		 * preference list, so setting it does not leak anything.
		 */
		setenv("LANGUAGE", lang, 1);
		if (strcmp(lang, "en") == 0)
			setenv("LANGUAGE", "en", 1);
	}
	bindtextdomain(PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
	return (0);
}

/* Nonzero when the locale's character set is UTF-8. */
int
i18n_utf8(void)
{
	return (utf8);
}
