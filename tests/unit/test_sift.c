/*
 * test_sift — the background filter and sort (sift.c) against the direct
 * calls it stands for (filter_run, table_sort): every result equals them,
 * narrowing as the user types never loses a row, widening again finds
 * them back, a new sort drops the narrowed result, and only the last job
 * posted is given.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "listelec/filter.h"
#include "listelec/sift.h"
#include "listelec/table.h"

#define NROWS	3000

static struct table	*tbl;
static int		 wakes;

static void
count_wake(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&wakes, 1, __ATOMIC_RELAXED);
}

/* A table of fictitious names, deterministic. */
static struct table *
make(void)
{
	static const char *const first[] = { "Roy", "Royer", "Rousseau",
	    "Gagnon", "Bélanger", "Tremblay", "Côté", "Ouellet", "Lévesque",
	    "Roberge" };
	const char	*h[] = { "Nom", "Âge", "Section" };
	const char	*cells[3];
	char		 age[8], sec[8];
	size_t		 lens[3], i, k;
	struct table	*t = table_new();
	char		*cause = NULL;
	unsigned	 x = 12345;

	for (k = 0; k < 3; k++)
		lens[k] = strlen(h[k]);
	assert_int_equal(table_set_header(t, h, lens, 3), 0);
	table_add_source(t, "liste.csv");
	for (i = 0; i < NROWS; i++) {
		x = x * 1103515245u + 12345u;
		cells[0] = first[(x >> 16) % 10];
		snprintf(age, sizeof age, "%u", 18 + (x >> 8) % 80);
		snprintf(sec, sizeof sec, "%03u", 1 + (x >> 4) % 30);
		cells[1] = age;
		cells[2] = sec;
		for (k = 0; k < 3; k++)
			lens[k] = strlen(cells[k]);
		assert_int_equal(table_add_row(t, 0, cells, lens, 3, &cause),
		    0);
	}
	table_finish(t);
	return (t);
}

static struct filter *
parse(const char *expr)
{
	struct filter		*f = NULL;
	struct filter_error	 e;

	memset(&e, 0, sizeof e);
	if (filter_parse(expr, tbl, &f, &e) != 0)
		fail_msg("%s: %s", expr, e.message);
	return (f);
}

/* What the worker must give: the sorted rows kept by expr. */
static size_t
expected(const char *expr, const struct table_sortkey *keys, size_t nkeys,
    uint32_t *out)
{
	uint32_t	*base = malloc(NROWS * sizeof *base);
	struct filter	*f = parse(expr);
	size_t		 i, n;

	for (i = 0; i < NROWS; i++)
		base[i] = (uint32_t)i;
	if (nkeys > 0)
		assert_int_equal(table_sort(tbl, keys, nkeys, base, NROWS,
		    NULL), 0);
	if (filter_is_empty(f)) {
		memcpy(out, base, NROWS * sizeof *out);
		n = NROWS;
	} else
		n = filter_run(f, tbl, base, NROWS, out, 0, NULL);
	filter_free(f);
	free(base);
	return (n);
}

/* Post expr, wait, and check the result against the direct calls. */
static void
check(struct sift *s, const char *expr, const struct table_sortkey *keys,
    size_t nkeys)
{
	uint32_t	*want = malloc(NROWS * sizeof *want), *got = NULL;
	size_t		 nwant, ngot = 0, i;
	int		 busy = 1;

	nwant = expected(expr, keys, nkeys, want);
	(void)sift_post(s, parse(expr), expr, keys, nkeys);
	sift_wait(s);
	assert_int_equal(sift_take(s, &got, &ngot, &busy), 1);
	assert_int_equal(busy, 0);
	assert_int_equal(ngot, nwant);
	for (i = 0; i < nwant; i++)
		assert_int_equal(got != NULL ? got[i] : i, want[i]);
	/* Taken once. */
	assert_int_equal(sift_take(s, &got, &ngot, &busy), 0);
	free(got);
	free(want);
}

static void
test_plain(void **state)
{
	struct sift	*s = sift_new(tbl, count_wake, NULL);
	uint32_t	*rows = (uint32_t *)1;
	size_t		 n = 0;
	int		 busy = 1;

	(void)state;
	/* Nothing posted: nothing to take, not busy. */
	assert_int_equal(sift_take(s, &rows, &n, &busy), 0);
	assert_int_equal(busy, 0);
	/* Every row in table order is given as NULL. */
	(void)sift_post(s, NULL, "", NULL, 0);
	sift_wait(s);
	assert_int_equal(sift_take(s, &rows, &n, &busy), 1);
	assert_null(rows);
	assert_int_equal(n, NROWS);
	assert_true(__atomic_load_n(&wakes, __ATOMIC_RELAXED) > 0);
	check(s, "nom:roy", NULL, 0);
	check(s, "âge>=65 sec=012|013", NULL, 0);
	sift_free(s);
}

static void
test_narrow_and_widen(void **state)
{
	struct sift	*s = sift_new(tbl, NULL, NULL);
	static const char *const typed[] = { "r", "ro", "roy", "roye",
	    "royer", "roy", "r", "", "nom:r", "nom:ro", "nom:ro -nom:roy",
	    "nom:ro", "nom:ro|gagnon", "nom:ro|gagnon âge>30", "nom:ro|gagnon",
	    "-gagnon", "-gagnon -roy", "-gagnon" };
	size_t		 i;

	(void)state;
	/* As the user types, then deletes: never too few rows. */
	for (i = 0; i < sizeof typed / sizeof typed[0]; i++)
		check(s, typed[i], NULL, 0);
	sift_free(s);
}

static void
test_sorted(void **state)
{
	struct sift		*s = sift_new(tbl, NULL, NULL);
	struct table_sortkey	 k[2];

	(void)state;
	k[0].col = 0;
	k[0].desc = 0;
	k[1].col = 1;
	k[1].desc = 1;
	check(s, "", k, 1);
	check(s, "ro", k, 1);
	check(s, "roy", k, 2);		/* new keys: not narrowed from "ro" */
	check(s, "ro", k, 2);
	k[0].desc = 1;
	check(s, "ro", k, 2);
	check(s, "", NULL, 0);		/* back to the file's order */
	check(s, "roy", NULL, 0);
	sift_free(s);
}

static void
test_superseded(void **state)
{
	struct sift	*s = sift_new(tbl, NULL, NULL);
	struct table_sortkey k = { 0, 0 };
	unsigned	 g1, g2;
	int		 i;

	(void)state;
	/* Many jobs at once: only the last one's result is given. */
	g1 = sift_post(s, parse("gagnon"), "gagnon", &k, 1);
	for (i = 0; i < 20; i++)
		(void)sift_post(s, parse(i % 2 ? "côté" : "roy"),
		    i % 2 ? "côté" : "roy", &k, 1);
	g2 = sift_post(s, parse("ouellet"), "ouellet", &k, 1);
	assert_true(g2 > g1);
	check(s, "lévesque", &k, 1);
	/* Freed with a job still queued: no leak, no hang. */
	(void)sift_post(s, parse("roy"), "roy", &k, 1);
	(void)sift_post(s, parse("roberge"), "roberge", NULL, 0);
	sift_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_narrow_and_widen),
		cmocka_unit_test(test_sorted),
		cmocka_unit_test(test_superseded),
	};
	int	 r;

	tbl = make();
	r = cmocka_run_group_tests(tests, NULL, NULL);
	table_free(tbl);
	return (r);
}
