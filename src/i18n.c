/*
 * i18n — picks the language for gettext: --lang fr|en overrides, else
 * LANGUAGE/LC_ALL/LC_MESSAGES/LANG as usual.  Messages are English in the
 * source; French comes from po/fr.po.
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listelec/i18n.h"

static int	utf8;

/*
 * Where the catalogs are: the installed LOCALEDIR, else the build tree's
 * (so src/listelec speaks French before `make install`).
 */
static const char *
i18n_localedir(void)
{
	char	path[4096];

	snprintf(path, sizeof path, "%s/fr/LC_MESSAGES/%s.mo", LOCALEDIR,
	    PACKAGE);
	if (access(path, R_OK) == 0)
		return (LOCALEDIR);
	snprintf(path, sizeof path, "%s/fr/LC_MESSAGES/%s.mo",
	    BUILD_LOCALEDIR, PACKAGE);
	if (access(path, R_OK) == 0)
		return (BUILD_LOCALEDIR);
	return (LOCALEDIR);
}

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
		const char *msgs = setlocale(LC_MESSAGES, NULL);

		/*
		 * gettext ignores LANGUAGE in the C locale: use C.UTF-8 for
		 * messages only (the character set stays the terminal's, and
		 * the sanitizer transliterates for an ASCII terminal).
		 */
		if (msgs == NULL || strcmp(msgs, "C") == 0 ||
		    strcmp(msgs, "POSIX") == 0)
			setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", lang, 1);
	}
	bindtextdomain(PACKAGE, i18n_localedir());
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
