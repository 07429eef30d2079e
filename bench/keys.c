/*
 * keys — the table screen's work without curses, timed: a list is loaded
 * (a CSV or a delivery, the password on fd 3 when it is encrypted), then
 * a scripted sequence of filter expressions is typed one key at a time
 * through the same background worker the screen uses (sift), each key
 * waiting for its result as a user watching the screen would; then the
 * sort by Nom then Prénom and the frequency of a column.  Prints the
 * latency distribution of the keystrokes (median, 90th percentile, worst)
 * and the other times.  For bench/run; never a test.
 *
 *   bench/listelec-keys [-v] FILE      -v: each keystroke's latency
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "listelec/archive.h"
#include "listelec/filter.h"
#include "listelec/load.h"
#include "listelec/secure.h"
#include "listelec/sift.h"
#include "listelec/table.h"
#include "listelec/view.h"
#include "listelec/xmalloc.h"

/* What a user types, key by key, with a pause (Backspace) where marked. */
static const char *const script[] = {
	"mun:mont",		/* a prefix term, letter by letter */
	"sec=012|013",		/* alternatives */
	"belanger",		/* a bare word over every column */
	"âge>=65",		/* a comparison */
	"âge>=65 -sexe=F",	/* a negation added */
};

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static int
give_password(void *arg, unsigned attempt, struct secret *pw)
{
	char	*cause = NULL;

	(void)arg;
	if (attempt > 1 || secure_read_fd(3, pw, &cause) != 0) {
		free(cause);
		return (-1);
	}
	return (0);
}

/* Post expr and wait for its rows; the latency in seconds. */
static double
type(struct sift *s, struct table *t, const char *expr, size_t *shown,
    const struct table_sortkey *keys, size_t nkeys)
{
	struct filter		*f = NULL;
	struct filter_error	 e;
	uint32_t		*rows = NULL;
	size_t			 n = 0;
	double			 t0 = now();

	memset(&e, 0, sizeof e);
	if (filter_parse(expr, t, &f, &e) != 0) {
		free(e.message);	/* a key that makes it incomplete */
		return (now() - t0);
	}
	(void)sift_post(s, f, expr, keys, nkeys);
	sift_wait(s);
	if (sift_take(s, &rows, &n, NULL))
		*shown = n;
	free(rows);
	return (now() - t0);
}

int
main(int argc, char **argv)
{
	struct load_options	 lo;
	struct table		*t = NULL;
	struct sift		*s;
	struct table_sortkey	 k[2];
	struct view_freq	*vf;
	uint32_t		*all;
	double			*lat, t0, tload, tsort, tfreq;
	char			*cause = NULL, buf[64];
	size_t			 nlat = 0, i, j, len, shown = 0, n;
	long			 mun;
	int			 verbose = 0;

	if (argc == 3 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: listelec-keys [-v] FILE\n");
		return (2);
	}
	load_options_init(&lo);
	lo.ask_password = give_password;
	t0 = now();
	if (load_file(argv[1], &lo, &t, &cause) != LOAD_OK) {
		fprintf(stderr, "listelec-keys: %s\n", cause);
		return (1);
	}
	tload = now() - t0;
	n = table_rows(t);
	s = sift_new(t, NULL, NULL);
	lat = xreallocarray(NULL, 256, sizeof *lat);
	for (i = 0; i < sizeof script / sizeof script[0]; i++) {
		len = strlen(script[i]);
		for (j = 1; j <= len; j++) {
			if ((script[i][j - 1] & 0xc0) == 0xc0)
				continue;	/* inside an accented key */
			if (j < len && (script[i][j] & 0xc0) == 0x80)
				continue;
			snprintf(buf, sizeof buf, "%.*s", (int)j, script[i]);
			lat[nlat++] = type(s, t, buf, &shown, NULL, 0);
			if (verbose)
				printf("%6.0f ms %9zu rows  %s\n",
				    1000 * lat[nlat - 1], shown, buf);
		}
		/* Then erased, as the user clears the line. */
		lat[nlat++] = type(s, t, "", &shown, NULL, 0);
	}
	qsort(lat, nlat, sizeof *lat, cmp_double);

	/* The sort by Nom, then Prénom, in the screen's worker. */
	k[0].col = (size_t)table_col_find(t, "nom");
	k[0].desc = 0;
	k[1].col = (size_t)table_col_find(t, "prénom");
	k[1].desc = 0;
	tsort = type(s, t, "", &shown, k, 2);
	sift_free(s);

	/* The frequency of the municipalities over every row. */
	all = xreallocarray(NULL, n + 1, sizeof *all);
	for (i = 0; i < n; i++)
		all[i] = (uint32_t)i;
	mun = table_col_find(t, "mun");
	t0 = now();
	vf = view_freq_table(t, all, n, mun >= 0 ? (size_t)mun : 0, NULL);
	tfreq = now() - t0;
	printf("rows %zu\n", n);
	printf("load %.3f s\n", tload);
	printf("keystrokes %zu: median %.0f ms, 90%% %.0f ms, worst %.0f ms\n",
	    nlat, 1000 * lat[nlat / 2], 1000 * lat[nlat * 9 / 10],
	    1000 * lat[nlat - 1]);
	printf("sort nom, prénom %.0f ms\n", 1000 * tsort);
	printf("frequency of Municipalité %.0f ms (%zu values)\n",
	    1000 * tfreq, vf != NULL ? vf->n : 0);
	view_freq_free(vf);
	free(all);
	free(lat);
	table_free(t);
	return (0);
}
