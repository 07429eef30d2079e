/*
 * fuzz_page — libFuzzer target: the input is an HTML page read as if
 * fetched from https://example.test/a/b; every accessor is walked and every
 * string checked to be valid UTF-8, and page_match_text run on them.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/page.h"
#include "listelec/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Abort unless s is valid UTF-8. */
static void
check(const char *s)
{
	if (s == NULL || !text_utf8_valid(s, strlen(s)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct page_form	*f;
	const struct page_field	*d;
	struct page		*p;
	const char		*cause;
	size_t			 i, j, k;

	p = page_parse((const char *)data, size, "https://example.test/a/b",
	    size > 0 && (data[0] & 1) ? "text/html; charset=windows-1252" :
	    NULL, &cause);
	if (p == NULL)
		return (0);
	check(page_text(p));
	check(page_title(p));
	for (i = 0; i < page_nforms(p); i++) {
		f = page_form(p, i);
		check(f->action);
		check(f->method);
		check(f->id);
		for (j = 0; j < f->nfields; j++) {
			d = &f->fields[j];
			check(d->name);
			check(d->value);
			check(d->label);
			check(d->id);
			(void)page_match_text(d->label, "Entrer");
			for (k = 0; k < d->noptions; k++) {
				check(d->options[k].value);
				check(d->options[k].text);
			}
		}
	}
	(void)page_login_form(p);
	for (i = 0; i < page_nlinks(p); i++) {
		check(page_link(p, i)->href);
		check(page_link(p, i)->text);
		(void)page_match_text(page_link(p, i)->text,
		    "Listes électorales");
	}
	for (i = 0; i < page_nmessages(p); i++)
		check(page_message(p, i));
	page_free(p);
	return (0);
}
