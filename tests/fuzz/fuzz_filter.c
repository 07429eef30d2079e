/*
 * fuzz_filter — libFuzzer target: the input is a filter expression, parsed
 * against a small fixed table of fictitious electors (accents, dates in
 * both forms, numbers, empty cells, a ragged row); when it parses, it is
 * run through every path (filter_run with threads, filter_match,
 * filter_search) and the paths must agree.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/filter.h"
#include "listelec/table.h"
#include "listelec/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define NCOLS	6
#define NROWS	40

static struct table *
fixed_table(void)
{
	static const char *const header[NCOLS] = { "Nom", "Prénom",
	    "Date de naissance", "Municipalité", "Section", "Note" };
	static const char *const noms[] = { "Bélanger", "TREMBLAY", "Côté",
	    "Lœuvre", "Straße", "Ǆokić", "Жуков", "" };
	static const char *const dates[] = { "1950-03-05", "05/03/1961",
	    "", "2001-12-31", "29/02/2000" };
	const char	*cells[NCOLS];
	char		 sec[16];
	size_t		 lens[NCOLS], i, k, n;
	struct table	*t = table_new();
	char		*cause = NULL;

	for (k = 0; k < NCOLS; k++)
		lens[k] = strlen(header[k]);
	table_set_header(t, header, lens, NCOLS);
	table_add_source(t, "liste.csv");
	for (i = 0; i < NROWS; i++) {
		cells[0] = noms[i % 8];
		cells[1] = i % 3 ? "Élodie" : "Jean-Noël";
		cells[2] = dates[i % 5];
		cells[3] = i % 2 ? "Québec" : "Lévis\x1b[2J";
		snprintf(sec, sizeof sec, "%zu%s", i * 7 % 120,
		    i % 9 == 0 ? "A" : "");
		cells[4] = sec;
		cells[5] = i % 4 ? "" : "L’œuvre \"x\"";
		n = i == 17 ? 2 : NCOLS;
		for (k = 0; k < n; k++)
			lens[k] = strlen(cells[k]);
		if (table_add_row(t, 0, cells, lens, n, &cause) != 0)
			abort();
	}
	table_set_today(t, 20468);	/* 2026-01-15 */
	table_finish(t);
	return (t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct table	*t;
	struct filter		*f;
	struct filter_error	 err;
	uint32_t		 out[NROWS];
	char			*expr;
	size_t			 n, i, k;

	if (t == NULL)
		t = fixed_table();
	if (size > 4096)
		return (0);
	expr = malloc(size + 1);
	if (expr == NULL)
		return (0);
	memcpy(expr, data, size);
	expr[size] = '\0';
	if (filter_parse(expr, t, &f, &err) != 0) {
		if (err.message == NULL || err.pos > strlen(expr) ||
		    err.pos + err.len > strlen(expr))
			abort();
		free(err.message);
		free(expr);
		return (0);
	}
	n = filter_run(f, t, NULL, NROWS, out, 2, NULL);
	for (i = k = 0; i < NROWS; i++) {
		if (filter_match(f, t, i)) {
			if (k >= n || out[k] != i)
				abort();
			k++;
		}
	}
	if (k != n)
		abort();
	if (n > 0 && filter_search(f, t, NULL, NROWS, 0, 0, 1) != out[0])
		abort();
	filter_free(f);
	free(expr);
	return (0);
}
