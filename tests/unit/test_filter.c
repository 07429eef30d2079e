/*
 * test_filter — the filter language (filter.c) over small tables of
 * fictitious electors built at test time: every operator, negation,
 * phrases, alternatives, column prefixes and errors, numbers, dates, Âge,
 * empty cells, accents both ways, threads and cancellation, search;
 * filter_narrows, case by case and as a property (narrowing over the old
 * rows gives what a full run gives); filter_quote and filter_term_equals
 * round trips.
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
#include "listelec/table.h"
#include "listelec/text.h"

#define NCOLS	7

static const char *const header[NCOLS] = { "Nom", "Prénom", "Naissance",
    "Adresse", "Municipalité", "Section", "Note" };

static const char *const rows[][NCOLS] = {
	{ "Bélanger", "Élodie", "1950-03-05", "12 rue des Érables", "Québec",
	    "12", "" },
	{ "BELANGER", "François", "1961-11-20", "101 boul. Laurier", "Lévis",
	    "101", "bénévole" },
	{ "Tremblay", "Jean-Noël", "20/07/1990", "3 ch. du Lac",
	    "Saint-Jean-sur-Richelieu", "3", "L’œuvre" },
	{ "Gagnon", "Zoé", "", "45 rue Principale", "Québec", "",
	    "oeuvre d'art" },
	{ "Côté", "Marc", "31/12/1959", "7 av. Cartier", "Montréal", "12A",
	    "Straße" },
	{ "Roy", "Anne", "2001-01-01", "", "Lévis", "7", "x\"y" },
};
#define NROWS	(sizeof rows / sizeof rows[0])

/* A table from rows, today 2026-01-15. */
static struct table *
make_table(const char *const (*r)[NCOLS], size_t n)
{
	struct table	*t = table_new();
	size_t		 lens[NCOLS], i, k, src;
	char		*cause = NULL;
	int32_t		 today;

	for (k = 0; k < NCOLS; k++)
		lens[k] = strlen(header[k]);
	assert_int_equal(table_set_header(t, header, lens, NCOLS), 0);
	src = table_add_source(t, "liste.csv");
	for (i = 0; i < n; i++) {
		for (k = 0; k < NCOLS; k++)
			lens[k] = strlen(r[i][k]);
		assert_int_equal(table_add_row(t, src, r[i], lens, NCOLS,
		    &cause), 0);
	}
	assert_int_equal(text_parse_date("2026-01-15", 10, &today), 0);
	table_set_today(t, today);
	table_finish(t);
	return (t);
}

static int
setup(void **state)
{
	*state = make_table(rows, NROWS);
	return (0);
}

static int
teardown(void **state)
{
	table_free(*state);
	return (0);
}

/*
 * Run expr and compare the matching rows with want, a string of row
 * numbers ("0 1 4"); with both filter_match and filter_run.
 */
static void
check(const struct table *t, const char *expr, const char *want)
{
	struct filter		*f;
	struct filter_error	 err;
	uint32_t		 out[NROWS];
	char			 got[128];
	size_t			 n, i, o = 0, o2 = 0;
	char			 got2[128];

	if (filter_parse(expr, t, &f, &err) != 0)
		fail_msg("%s: parse error at %zu: %s", expr, err.pos,
		    err.message);
	got[0] = got2[0] = '\0';
	for (i = 0; i < table_rows(t); i++) {
		if (filter_match(f, t, i))
			o += (size_t)snprintf(got + o, sizeof got - o, "%s%zu",
			    o > 0 ? " " : "", i);
	}
	n = filter_run(f, t, NULL, table_rows(t), out, 1, NULL);
	for (i = 0; i < n; i++)
		o2 += (size_t)snprintf(got2 + o2, sizeof got2 - o2, "%s%u",
		    o2 > 0 ? " " : "", out[i]);
	filter_free(f);
	if (strcmp(got, want) != 0)
		fail_msg("filter %s: rows \"%s\", expected \"%s\"", expr, got,
		    want);
	assert_string_equal(got2, want);
}

/* Parse expr expecting an error at pos/len whose message holds needle. */
static void
check_error(const struct table *t, const char *expr, size_t pos, size_t len,
    const char *needle)
{
	struct filter		*f = NULL;
	struct filter_error	 err;

	if (filter_parse(expr, t, &f, &err) == 0) {
		filter_free(f);
		fail_msg("%s: parsed without error", expr);
	}
	assert_null(f);
	assert_non_null(err.message);
	if (err.pos != pos || err.len != len)
		fail_msg("%s: error at %zu+%zu, expected %zu+%zu (%s)", expr,
		    err.pos, err.len, pos, len, err.message);
	if (needle != NULL && strstr(err.message, needle) == NULL)
		fail_msg("%s: \"%s\" lacks \"%s\"", expr, err.message, needle);
	free(err.message);
}

static void
test_empty(void **state)
{
	struct filter		*f;
	struct filter_error	 err;

	assert_int_equal(filter_parse("  \t ", *state, &f, &err), 0);
	assert_true(filter_is_empty(f));
	filter_free(f);
	assert_int_equal(filter_parse("roy", *state, &f, &err), 0);
	assert_false(filter_is_empty(f));
	filter_free(f);
	check(*state, "", "0 1 2 3 4 5");
}

static void
test_bare_words(void **state)
{
	check(*state, "belanger", "0 1");
	check(*state, "BÉLANGER", "0 1");
	check(*state, "Bélanger", "0 1");
	check(*state, "francois", "1");
	check(*state, "FRANÇOIS", "1");
	check(*state, "œuvre", "2 3");
	check(*state, "OEUVRE", "2 3");
	check(*state, "erables", "0");
	check(*state, "strasse", "4");
	check(*state, "se", "4");		/* inside ß → ss */
	check(*state, "sse", "4");
	check(*state, "noel", "2");
	check(*state, "zzz", "");
	/* A bare word does not span two cells. */
	check(*state, "elodie1950", "");
	/* Derived column Âge is searched too (row 4 is 66). */
	check(*state, "66", "4");
}

static void
test_phrases(void **state)
{
	check(*state, "\"rue des erables\"", "0");
	check(*state, "\"l'oeuvre\"", "2");
	check(*state, "\"L’ŒUVRE\"", "2");
	check(*state, "note:\"x\\\"y\"", "5");
	check(*state, "\"12 rue\" quebec", "0");
	check(*state, "\"\"", "0 1 2 3 4 5");
}

static void
test_columns(void **state)
{
	check(*state, "mun:quebec", "0 3");
	check(*state, "MUNICIPALITÉ:québec", "0 3");
	check(*state, "municipalite:levis", "1 5");
	check(*state, "\"Prénom\":e", "0 2 3 5");
	check(*state, "nom:an", "0 1");
	check(*state, "pre:jean", "2");
	check(*state, "adr:rue", "0 3");
}

static void
test_equals(void **state)
{
	check(*state, "nom=belanger", "0 1");
	check(*state, "nom=bel", "");
	check(*state, "prenom=zoe", "3");
	check(*state, "mun!=quebec", "1 2 4 5");
	check(*state, "note=\"\"", "0");
	check(*state, "note!=\"\"", "1 2 3 4 5");
	check(*state, "adr=\"\"", "5");
	/* An empty cell satisfies no comparison: row 3's section. */
	check(*state, "section!=12", "1 2 4 5");
	check(*state, "section=012", "0");
	check(*state, "section=12a", "4");
}

static void
test_numbers(void **state)
{
	/* As text "101" < "9"; as numbers it is not. */
	check(*state, "section<9", "2 5");
	check(*state, "section<=7", "2 5");
	check(*state, "section>12", "1 4");
	check(*state, "section>=12", "0 1 4");
	check(*state, "section>100", "1");
	check(*state, "nom<c", "0 1");
	check(*state, "nom>=t", "2");
	check(*state, "nom>cote", "2 3 5");
}

static void
test_dates(void **state)
{
	check(*state, "naissance<1960-01-01", "0 4");
	check(*state, "naissance<01/01/1960", "0 4");
	check(*state, "naissance>=01/01/1960", "1 2 5");
	check(*state, "naissance=05/03/1950", "0");
	check(*state, "naissance=1990-07-20", "2");
	check(*state, "naissance!=1990-07-20", "0 1 4 5");
	check(*state, "naissance=1959", "4");
	check(*state, "naissance<1959", "0");
	check(*state, "naissance<=1959", "0 4");
	check(*state, "naissance>1959", "1 2 5");
	check(*state, "naissance=1961-11", "1");
	check(*state, "naissance>=11/1961", "1 2 5");
	check(*state, "-naissance<1960-01-01", "1 2 3 5");
	check(*state, "naissance:1950", "0");
	check(*state, "naissance:07/1990", "2");
}

static void
test_age(void **state)
{
	check(*state, "âge>=65", "0 4");
	check(*state, "age>=65", "0 4");
	check(*state, "ÂGE<30", "5");
	check(*state, "age=64", "1");
	check(*state, "age!=64", "0 2 4 5");
}

static void
test_alternatives_negation(void **state)
{
	check(*state, "nom:tremblay|gagnon", "2 3");
	check(*state, "roy|gagnon", "3 5");
	check(*state, "mun=quebec|levis", "0 1 3 5");
	check(*state, "mun=\"quebec\"|\"saint-jean-sur-richelieu\"", "0 2 3");
	check(*state, "-belanger", "2 3 4 5");
	check(*state, "-mun:quebec belanger", "1");
	check(*state, "belanger mun:levis", "1");
	check(*state, "-roy|gagnon", "0 1 2 4");
	check(*state, "-note=\"\"", "1 2 3 4 5");
	check(*state, "section>=12 -nom=cote", "0 1");
}

static void
test_errors(void **state)
{
	struct filter		*f = NULL;
	struct filter_error	 err;

	check_error(*state, "n:x", 0, 1, "Nom");
	check_error(*state, "n:x", 0, 1, "Naissance");
	check_error(*state, "belanger n:x", 9, 1, "Note");
	check_error(*state, "ville:x", 0, 5, "Municipalité");
	check_error(*state, "roy -ville=x", 5, 5, "Prénom");
	check_error(*state, "ville:x", 0, 5, "ville");
	check_error(*state, "nom:\"abc", 4, 4, NULL);
	check_error(*state, "roy -", 4, 1, NULL);
	check_error(*state, "nom!x", 3, 1, NULL);
	check_error(*state, ":abc", 0, 1, NULL);
	check_error(*state, "nom: x", 0, 4, NULL);
	check_error(*state, "a||b", 0, 3, NULL);
	check_error(*state, "nom=a|", 0, 6, NULL);
	check_error(*state, "\"abc\"def", 0, 6, NULL);
	check_error(*state, "section<\"\"", 0, 10, NULL);
	/* Too many alternatives, a huge expression: refused. */
	{
		char	*big = malloc(70000);
		size_t	 i;

		assert_non_null(big);
		for (i = 0; i + 2 < 60000; i += 2) {
			big[i] = (char)('a' + i % 26);
			big[i + 1] = '|';
		}
		big[i] = 'z';
		big[i + 1] = '\0';
		check_error(*state, big, 512, 1, "256 alternatives");
		memset(big, 'a', 69999);
		big[69999] = '\0';
		check_error(*state, big, 0, 69999, "too long");
		free(big);
	}
	/* An ambiguous prefix lists only the candidates. */
	assert_int_equal(filter_parse("n=x", *state, &f, &err), -1);
	assert_null(strstr(err.message, "Adresse"));
	free(err.message);
}

/* A later word of a header names it too. */
static void
test_word_prefix(void **state)
{
	static const char *const h[] = { "Date de naissance",
	    "Lieu de naissance", "No section" };
	static const char *const r[] = { "1950-03-05", "Lévis", "12" };
	struct table		*t = table_new();
	struct filter		*f;
	struct filter_error	 err;
	size_t			 lens[3], k;
	char			*cause = NULL;

	(void)state;
	for (k = 0; k < 3; k++)
		lens[k] = strlen(h[k]);
	assert_int_equal(table_set_header(t, h, lens, 3), 0);
	table_add_source(t, "l.csv");
	for (k = 0; k < 3; k++)
		lens[k] = strlen(r[k]);
	assert_int_equal(table_add_row(t, 0, r, lens, 3, &cause), 0);
	table_finish(t);
	check(t, "section=12", "0");
	check(t, "lieu:levis", "0");
	check(t, "date<1960", "0");
	assert_int_equal(filter_parse("ville:x", t, &f, &err), -1);
	assert_non_null(strstr(err.message, "Date de naissance, Lieu de "
	    "naissance, No section"));
	free(err.message);
	table_free(t);
}

static void
test_search(void **state)
{
	struct filter		*f;
	struct filter_error	 err;
	uint32_t		 view[] = { 5, 4, 3, 2, 1, 0 };

	assert_int_equal(filter_parse("belanger", *state, &f, &err), 0);
	assert_int_equal(filter_search(f, *state, NULL, NROWS, 2, 0, 1), 0);
	assert_int_equal(filter_search(f, *state, NULL, NROWS, 2, 0, 0), -1);
	assert_int_equal(filter_search(f, *state, NULL, NROWS, 1, 0, 0), 1);
	assert_int_equal(filter_search(f, *state, NULL, NROWS, 3, 1, 0), 1);
	assert_int_equal(filter_search(f, *state, NULL, NROWS, 0, 1, 0), 0);
	assert_int_equal(filter_search(f, *state, view, 6, 0, 0, 0), 4);
	assert_int_equal(filter_search(f, *state, view, 6, 0, 1, 1), 5);
	assert_int_equal(filter_search(f, *state, view, 6, 0, 1, 0), -1);
	assert_int_equal(filter_search(f, *state, view, 0, 0, 0, 1), -1);
	filter_free(f);
}

/* Ragged rows: short ones lack cells, long ones' extra cells are unseen. */
static void
test_ragged_and_sources(void **state)
{
	const char	*r0[] = { "Roy", "Anne", "1950-01-02", "1 rue A",
	    "Lévis", "4", "" };
	const char	*r1[] = { "Côté" };
	const char	*r2[] = { "Morin", "Luc", "1980-05-06", "2 rue B",
	    "Québec", "5", "note", "belanger-cache" };
	const char	*r3[] = { "Bélanger", "Zoé", "1990-07-08" };
	const char	*const *all[] = { r0, r1, r2, r3 };
	size_t		 widths[] = { 7, 1, 8, 3 }, lens[8], i, k, src[2];
	struct table	*t = table_new(), *t2 = table_new();
	char		*cause = NULL;
	int32_t		 today;

	(void)state;
	for (k = 0; k < NCOLS; k++)
		lens[k] = strlen(header[k]);
	assert_int_equal(table_set_header(t, header, lens, NCOLS), 0);
	assert_int_equal(table_set_header(t2, header, lens, NCOLS), 0);
	src[0] = table_add_source(t, "liste-a.csv");
	src[1] = table_add_source(t2, "liste-b.csv");
	for (i = 0; i < 4; i++) {
		for (k = 0; k < widths[i]; k++)
			lens[k] = strlen(all[i][k]);
		assert_int_equal(table_add_row(i < 2 ? t : t2, src[i / 2],
		    all[i], lens, widths[i], &cause), 0);
	}
	assert_int_equal(table_append(t, t2, &cause), 0);
	table_free(t2);
	assert_int_equal(text_parse_date("2026-01-15", 10, &today), 0);
	table_set_today(t, today);
	table_finish(t);
	assert_int_equal(table_rows(t), 4);
	assert_true(table_ragged(t) > 0);

	check(t, "belanger", "3");
	check(t, "cache", "");
	check(t, "note=\"\"", "0 1 3");
	check(t, "mun:quebec", "2");
	check(t, "-mun:quebec", "0 1 3");
	check(t, "mun!=quebec", "0");
	check(t, "cote", "1");
	check(t, "nom:o prenom:u", "2");
	check(t, "liste-b", "2 3");
	check(t, "fichier:a.csv", "0 1");
	check(t, "fichier=liste-b.csv bel", "3");
	check(t, "age>=70", "0");
	check(t, "76", "0");
	table_free(t);
}

/* A big table of generated rows for threads and cancellation. */
static void
test_run_threads_cancel(void **state)
{
	static const char *const noms[] = { "Bélanger", "Tremblay", "Côté",
	    "Gagnon", "Roy", "Lévesque", "Ouellet", "Bouchard" };
	const char	*(*big)[NCOLS];
	char		(*text)[4][24];
	struct table	*t;
	struct filter	*f;
	struct filter_error err;
	uint32_t	*out1, *out2, *sub;
	size_t		 n = 100000, i, n1, n2, k;
	volatile int	 cancel = 0;

	(void)state;
	big = calloc(n, sizeof *big);
	text = calloc(n, sizeof *text);
	assert_non_null(big);
	assert_non_null(text);
	for (i = 0; i < n; i++) {
		snprintf(text[i][0], 24, "%04zu-%02zu-%02zu", 1920 + i % 90,
		    1 + i % 12, 1 + i % 28);
		snprintf(text[i][1], 24, "%zu rue Nº %zu", i % 977, i % 13);
		snprintf(text[i][2], 24, "%zu", i % 250);
		big[i][0] = noms[i % 8];
		big[i][1] = i % 3 ? "Élise" : "Marc";
		big[i][2] = text[i][0];
		big[i][3] = text[i][1];
		big[i][4] = i % 5 ? "Québec" : "Lévis";
		big[i][5] = text[i][2];
		big[i][6] = i % 7 ? "" : "œuvre";
	}
	t = make_table(big, n);
	out1 = calloc(n, sizeof *out1);
	out2 = calloc(n, sizeof *out2);
	sub = calloc(n, sizeof *sub);
	assert_int_equal(filter_parse("elise|oeuvre -levis section>=100 "
	    "naissance<1980", t, &f, &err), 0);
	n1 = filter_run(f, t, NULL, n, out1, 1, &cancel);
	n2 = filter_run(f, t, NULL, n, out2, 4, &cancel);
	assert_true(n1 > 1000 && n1 < n);
	assert_int_equal(n1, n2);
	assert_memory_equal(out1, out2, n1 * sizeof *out1);
	for (i = k = 0; i < n; i++) {
		if (filter_match(f, t, i)) {
			assert_true(k < n1);
			assert_int_equal(out1[k], i);
			k++;
		}
	}
	assert_int_equal(k, n1);
	/* Over a subset (every other row, backwards): order kept. */
	for (i = 0; i < n / 2; i++)
		sub[i] = (uint32_t)(n - 1 - 2 * i);
	n2 = filter_run(f, t, sub, n / 2, out2, 3, NULL);
	for (i = k = 0; i < n / 2; i++) {
		if (filter_match(f, t, sub[i]))
			assert_int_equal(out2[k++], sub[i]);
	}
	assert_int_equal(k, n2);
	/* A small subset: read row by row in its order. */
	n2 = filter_run(f, t, sub, 5000, out2, 2, NULL);
	for (i = k = 0; i < 5000; i++) {
		if (filter_match(f, t, sub[i]))
			assert_int_equal(out2[k++], sub[i]);
	}
	assert_int_equal(k, n2);
	/* Every path (anchor, row walk, cell by cell) agrees with match. */
	{
		static const char *const exprs[] = { "elise", "gagnon|roy",
		    "-quebec", "mun:levis section<20", "oeuvre rue",
		    "\"rue no 1\"", "naissance>=1990 nom=roy", "7",
		    "elise|marc|zzz -bel", "note=\"\" 12" };
		struct filter	*g;

		for (k = 0; k < sizeof exprs / sizeof exprs[0]; k++) {
			assert_int_equal(filter_parse(exprs[k], t, &g, &err),
			    0);
			n1 = filter_run(g, t, NULL, n, out1, 2, NULL);
			n2 = 0;
			for (i = 0; i < n; i++) {
				if (filter_match(g, t, i)) {
					if (n2 >= n1 || out1[n2] != i)
						fail_msg("%s: row %zu",
						    exprs[k], i);
					n2++;
				}
			}
			assert_int_equal(n1, n2);
			filter_free(g);
		}
	}
	/* Cancelled. */
	cancel = 1;
	assert_true(filter_run(f, t, NULL, n, out1, 2, &cancel) ==
	    (size_t)-1);
	assert_true(filter_run(f, t, NULL, n, out1, 1, &cancel) ==
	    (size_t)-1);
	filter_free(f);
	assert_int_equal(filter_parse("mun:levis -section<100", t, &f, &err),
	    0);
	assert_true(filter_run(f, t, NULL, n, out1, 2, &cancel) ==
	    (size_t)-1);
	assert_true(filter_run(f, t, sub, n / 2, out1, 1, &cancel) ==
	    (size_t)-1);
	cancel = 0;
	assert_true(filter_run(f, t, sub, n / 2, out1, 1, &cancel) < n / 2);
	filter_free(f);
	table_free(t);
	free(out1);
	free(out2);
	free(sub);
	free(big);
	free(text);
}

/* Append s to buf (size sz). */
static void
append(char *buf, size_t sz, const char *s)
{
	size_t	n = strlen(buf);

	snprintf(buf + n, sz - n, "%s", s);
}

/*
 * Substring search against an oracle: the fully folded text searched with
 * strstr, over strings made of pieces that fold in awkward ways.
 */
static void
test_contains_oracle(void **state)
{
	static const char *const pieces[] = { "a", "E", "é", "É", "e\xcc\x81",
	    "œ", "Œ", "o", "ß", "s", "S", "’", "'", "-", "—", "ǅ", "z", "Ж",
	    "ж", "\xe9", "1", "１", " " };
	const char	*cells[1][NCOLS];
	char		 cell[64], needle[32], fc[256], fn[128], expr[80];
	struct table	*t;
	struct filter	*f;
	struct filter_error err;
	unsigned	 seed = 12345;
	size_t		 i, k, np = sizeof pieces / sizeof pieces[0], m;
	size_t		 yes = 0, no = 0;
	int		 want, got;

	(void)state;
	for (i = 0; i < 2000; i++) {
		cell[0] = '\0';
		m = 1 + (seed = seed * 1103515245 + 12345) % 8;
		for (k = 0; k < m; k++) {
			seed = seed * 1103515245 + 12345;
			append(cell, sizeof cell, pieces[(seed >> 8) % np]);
		}
		needle[0] = '\0';
		m = 1 + (seed = seed * 1103515245 + 12345) % 3;
		for (k = 0; k < m; k++) {
			seed = seed * 1103515245 + 12345;
			append(needle, sizeof needle,
			    pieces[(seed >> 8) % (np - 1)]);
		}
		if (strchr(needle, '\xe9') != NULL && !text_utf8_valid(needle,
		    strlen(needle)))
			continue;
		for (k = 0; k < NCOLS; k++)
			cells[0][k] = k == 3 ? cell : "";
		t = make_table(cells, 1);
		snprintf(expr, sizeof expr, "adresse:\"%s\"", needle);
		assert_int_equal(filter_parse(expr, t, &f, &err), 0);
		got = filter_match(f, t, 0);
		filter_free(f);
		text_fold(fc, sizeof fc, cell, strlen(cell));
		text_fold(fn, sizeof fn, needle, strlen(needle));
		want = strstr(fc, fn) != NULL;
		if (got != want)
			fail_msg("\"%s\" in \"%s\": %d, expected %d", needle,
			    cell, got, want);
		table_free(t);
		if (want)
			yes++;
		else
			no++;
	}
	assert_true(yes > 200 && no > 200);
}

/* The rows (a bit each) matching expr, with filter_match. */
static unsigned
rows_of(const struct table *t, const char *expr)
{
	struct filter		*f;
	struct filter_error	 err;
	unsigned		 bits = 0;
	size_t			 i;

	if (filter_parse(expr, t, &f, &err) != 0)
		fail_msg("%s: parse error: %s", expr, err.message);
	for (i = 0; i < table_rows(t); i++) {
		if (filter_match(f, t, i))
			bits |= 1u << i;
	}
	filter_free(f);
	return (bits);
}

/*
 * A term with many alternatives is searched by an automaton (one pass for
 * all of them, and one for every bare term of a row): it must match
 * exactly the rows its alternatives match one by one — accents, ß, œ,
 * the derived Âge, negation, two such terms together — and never across
 * two cells of a row.
 */
static void
test_many_alternatives(void **state)
{
	static const char *const pool[] = { "bel", "lan", "é", "oe", "œ",
	    "ss", "ß", "rue", "12", "75", "66", "qu", "lévis", "jean", "x",
	    "zz9", "-", "’", "ÉRA", "noël", "101", "ç", "anne", "art", "belx",
	    "anx", "elo", "ruex" };
	static const char *const cols[] = { "", "nom:", "adresse:", "note:",
	    "mun:" };
	const struct table	*t = *state;
	char			 expr[512], one[64];
	unsigned		 seed = 777, want, w1, got, all, k, n, i, j;
	size_t			 np = sizeof pool / sizeof pool[0], o;
	const char		*col;
	int			 neg, two;

	/* Never across cells: "belanGER" then "Elodie". */
	check(t, "gere", "");
	check(t, "gere|zz1|zz2|zz3", "");
	check(t, "75|zz1|zz2|zz3", "0");		/* Âge */
	/* "bel" of "belx" fails into the "l" of "lan". */
	check(t, "belx|lan|zz1|zz2", "0 1");
	check(t, "-75|zz1|zz2|zz3", "1 2 3 4 5");
	all = (1u << table_rows(t)) - 1;
	for (i = 0; i < 400; i++) {
		want = all;
		o = 0;
		two = (seed = seed * 1103515245 + 12345) % 3 == 0;
		for (j = 0; j < (two ? 2u : 1u); j++) {
			seed = seed * 1103515245 + 12345;
			col = cols[(seed >> 8) % 5];
			neg = (seed >> 16) % 4 == 0;
			n = 4 + (seed >> 20) % 8;
			w1 = 0;
			o += (size_t)snprintf(expr + o, sizeof expr - o,
			    "%s%s%s", j > 0 ? " " : "", neg ? "-" : "", col);
			for (k = 0; k < n; k++) {
				seed = seed * 1103515245 + 12345;
				snprintf(one, sizeof one, "%s\"%s\"", col,
				    pool[(seed >> 8) % np]);
				w1 |= rows_of(t, one);
				o += (size_t)snprintf(expr + o, sizeof expr - o,
				    "%s\"%s\"", k > 0 ? "|" : "",
				    pool[(seed >> 8) % np]);
			}
			want &= neg ? ~w1 & all : w1;
		}
		got = rows_of(t, expr);
		if (got != want)
			fail_msg("%s: rows %#x, expected %#x", expr, got, want);
	}
}

/*
 * Does narrowing agree with a full run?  Runs new over every row and over
 * the rows old matched (what ui-table.c does when filter_narrows says
 * yes); fails when they differ.  Returns 0 when old or new does not parse
 * (the table screen never narrows from or to such an expression), else 1.
 */
static int
narrow_agrees(const struct table *t, const char *old, const char *new)
{
	struct filter		*fo, *fn;
	struct filter_error	 err;
	uint32_t		*ro, *full, *narrow;
	size_t			 n = table_rows(t), no, nf, nn, i;

	if (filter_parse(old, t, &fo, &err) != 0) {
		free(err.message);
		return (0);
	}
	if (filter_parse(new, t, &fn, &err) != 0) {
		free(err.message);
		filter_free(fo);
		return (0);
	}
	ro = calloc(n + 1, sizeof *ro);
	full = calloc(n + 1, sizeof *full);
	narrow = calloc(n + 1, sizeof *narrow);
	assert_non_null(ro);
	assert_non_null(full);
	assert_non_null(narrow);
	no = filter_run(fo, t, NULL, n, ro, 1, NULL);
	nf = filter_run(fn, t, NULL, n, full, 1, NULL);
	nn = filter_run(fn, t, ro, no, narrow, 1, NULL);
	for (i = 0; i < nf && i < nn && full[i] == narrow[i]; i++)
		;
	if (nf != nn || i < nf)
		fail_msg("\"%s\" -> \"%s\" narrows, but rows differ at %zu: "
		    "%zu over all, %zu over the %zu of \"%s\"", old, new, i,
		    nf, nn, no, old);
	filter_free(fo);
	filter_free(fn);
	free(ro);
	free(full);
	free(narrow);
	return (1);
}

/* Pairs of expressions for filter_narrows. */
struct narrow_case {
	const char	*old;
	const char	*new;
};

/*
 * filter_narrows: letters added to a last term that is a positive
 * contains narrow; anything that may widen or change the meaning does not
 * (a '|', a '-', an operator, quotes, an escape, a space, a cut character,
 * an empty old expression, an expression that is no extension of old).
 */
static void
test_narrows(void **state)
{
	static const struct narrow_case yes[] = {
		{ "bel", "bela" },
		{ "bel", "belanger" },
		{ "b", "bé" },			/* a two-byte letter added */
		{ "caf", "caf\xc3\xa9" },
		{ "\xc3\xa9", "\xc3\xa9l" },	/* after a whole é */
		{ "e", "e\xcc\x81" },		/* a combining accent */
		{ "stra", "straß" },
		{ "nom:ro", "nom:roy" },
		{ "nom:r", "nom:roy" },
		{ "mun:qu", "mun:quebec" },
		{ "MUN:QU", "MUN:QUE" },
		{ "6", "66" },			/* contains, not a number */
		{ "section:1", "section:12" },
		{ "naissance:19", "naissance:1959" },
		{ "naissance:07", "naissance:07/1990" },
		{ "a-b", "a-bc" },		/* a dash inside the word */
		{ "l", "l'o" },
		{ "l’", "l’œ" },
		{ "roy ga", "roy gag" },	/* the last of two terms */
		{ "roy\tga", "roy\tgag" },
		{ "-roy ga", "-roy gag" },	/* earlier terms any kind */
		{ "nom=roy ga", "nom=roy gag" },
		{ "age>=65 bel", "age>=65 bela" },
		{ "roy|gagnon ga", "roy|gagnon gag" },
		{ "\"a b\" c", "\"a b\" cd" },
		{ "note:\"x\\\"y\" z", "note:\"x\\\"y\" zz" },
	};
	static const struct narrow_case no[] = {
		/* Alternatives widen. */
		{ "roy", "roy|gagnon" },
		{ "roy", "roy|" },
		{ "nom:roy", "nom:roy|gagnon" },
		{ "roy|ga", "roy|gag" },
		{ "nom:roy|ga", "nom:roy|gag" },
		/* A negated term widens as it grows. */
		{ "-roy", "-roya" },
		{ "-nom:ro", "-nom:roy" },
		{ "bel -ro", "bel -roy" },
		{ "roy", "roy-" },
		{ "roy", "roy -gagnon" },
		/* Quotes and escapes change the meaning. */
		{ "ro", "ro\"" },
		{ "ro", "ro\"y\"" },
		{ "\"roy\"", "\"roy\"s" },
		{ "\"a b\"", "\"a bc\"" },	/* no extension of old */
		{ "nom:\"ro\"", "nom:\"ro\"y" },
		{ "\"ro", "\"roy" },
		{ "x\\", "x\\y" },
		{ "x", "x\\" },
		{ "x", "x\\\"" },
		/* Operators: a word becomes a column, or a comparison. */
		{ "nom", "nom:roy" },
		{ "nom", "nom:" },
		{ "nom", "nom=roy" },
		{ "nom", "nom!=roy" },
		{ "age", "age>65" },
		{ "age>6", "age>65" },
		{ "age>=6", "age>=65" },
		{ "age<6", "age<65" },
		{ "age<=6", "age<=65" },
		{ "nom=ro", "nom=roy" },
		{ "nom!=ro", "nom!=roy" },
		{ "nom:", "nom:roy" },
		{ "a", "a<" },
		{ "a", "a>" },
		{ "a", "a=" },
		{ "a", "a!" },
		{ "a", "a:b" },
		/* Nothing before, or nothing added, or something else. */
		{ "", "roy" },
		{ "", "" },
		{ "roy", "roy" },
		{ "roy", "ro" },
		{ "roy", "gagnon" },
		{ "bel", "Bela" },		/* bytes, not folded */
		{ "bel", "xbel" },
		/* Spaces: a new term, or a trailing space or tab. */
		{ "roy", "roy " },
		{ "roy", "roy\t" },
		{ "roy", "roy\n" },
		{ "roy", "roy\r" },
		{ "roy", "roy ga" },
		{ "roy ", "roy g" },
		{ "roy\t", "roy\tg" },
		{ " ", " roy" },
		/* A UTF-8 character cut in two folds to something else. */
		{ "caf\xc3", "caf\xc3\xa9" },
		{ "\xc3", "\xc3\xa9" },
		{ "\xe2\x82", "\xe2\x82\xac" },
		{ "\xe2", "\xe2\x82\xac" },
		{ "x\xf0\x9f\x98", "x\xf0\x9f\x98\x80" },
		{ "x\xf0", "x\xf0\x9f\x98\x80" },
	};
	size_t	i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!filter_narrows(yes[i].old, yes[i].new))
			fail_msg("\"%s\" -> \"%s\": should narrow", yes[i].old,
			    yes[i].new);
		/* Each also parses and really narrows on the fixture. */
		if (!narrow_agrees(*state, yes[i].old, yes[i].new))
			fail_msg("\"%s\" -> \"%s\": does not parse",
			    yes[i].old, yes[i].new);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		if (filter_narrows(no[i].old, no[i].new))
			fail_msg("\"%s\" -> \"%s\": should not narrow",
			    no[i].old, no[i].new);
	}
}

/*
 * filter_narrows as a property: over a generated table, every pair
 * (old, old + more) it accepts gives, run over old's rows, exactly the
 * rows a full run gives.  Expressions are made of pieces that stress the
 * rules (operators, quotes, '|', '-', spaces, accents, cut characters).
 */
static void
test_narrows_property(void **state)
{
	static const char *const pieces[] = { "roy", "gagnon", "ga", "r", "o",
	    "y", "e", "é", "E", "\xcc\x81", "ß", "s", "œ", "oe", "’", "'",
	    "6", "1", "9", "0", "-", "|", " ", "\t", "\"", "\\", ":", "=",
	    "<", ">", "!=", ">=", "nom:", "mun:", "note:", "age>", "age:",
	    "section=", "naissance:", "\xc3", "\xa9", "/", ".", "bel", "an",
	    "levis", "que" };
	static const char *const noms[] = { "Roy", "Leroy", "Royer",
	    "Gagnon", "Gagné", "Bélanger", "BELANGER", "Côté", "Straße",
	    "Roy-Gagnon", "L’Œuvre" };
	static const char *const prenoms[] = { "Élodie", "Anne", "Zoé",
	    "Jean-Noël", "Marc", "Roy" };
	static const char *const muns[] = { "Québec", "Lévis", "Saint-Jean",
	    "" };
	static const char *const notes[] = { "", "bénévole", "x\"y",
	    "e\xcc\x81", "a|b", "-", "66", "oe 1/9", "s\\e" };
	const char	*(*r)[NCOLS];
	char		(*text)[3][24];
	char		 old[64], new[96];
	struct table	*t;
	unsigned	 seed = 4242;
	size_t		 np = sizeof pieces / sizeof pieces[0];
	size_t		 n = 300, i, k, m, accepted = 0, checked = 0;

	(void)state;
	r = calloc(n, sizeof *r);
	text = calloc(n, sizeof *text);
	assert_non_null(r);
	assert_non_null(text);
	for (i = 0; i < n; i++) {
		snprintf(text[i][0], 24, "%04zu-%02zu-%02zu", 1930 + i % 80,
		    1 + i % 12, 1 + i % 28);
		snprintf(text[i][1], 24, "%zu rue des Érables", i % 97);
		snprintf(text[i][2], 24, "%zu", i % 19);
		r[i][0] = noms[i % (sizeof noms / sizeof noms[0])];
		r[i][1] = prenoms[i % (sizeof prenoms / sizeof prenoms[0])];
		r[i][2] = i % 17 ? text[i][0] : "";
		r[i][3] = text[i][1];
		r[i][4] = muns[i % (sizeof muns / sizeof muns[0])];
		r[i][5] = text[i][2];
		r[i][6] = notes[i % (sizeof notes / sizeof notes[0])];
	}
	t = make_table(r, n);
	for (i = 0; i < 20000; i++) {
		old[0] = '\0';
		m = 1 + (seed = seed * 1103515245 + 12345) % 4;
		for (k = 0; k < m; k++) {
			seed = seed * 1103515245 + 12345;
			append(old, sizeof old, pieces[(seed >> 8) % np]);
		}
		snprintf(new, sizeof new, "%s", old);
		m = 1 + (seed = seed * 1103515245 + 12345) % 3;
		for (k = 0; k < m; k++) {
			seed = seed * 1103515245 + 12345;
			append(new, sizeof new, pieces[(seed >> 8) % np]);
		}
		if (!filter_narrows(old, new))
			continue;
		accepted++;
		checked += (size_t)narrow_agrees(t, old, new);
	}
	/* Enough accepted pairs for the property to mean something. */
	if (accepted < 500 || checked < 300)
		fail_msg("only %zu pairs narrowed, %zu parsed", accepted,
		    checked);
	table_free(t);
	free(r);
	free(text);
}

/* filter_quote and filter_term_equals: the exact text built. */
static void
test_quote(void **state)
{
	static const char *const q[][2] = {
		{ "", "\"\"" },
		{ "roy", "\"roy\"" },
		{ "a b", "\"a b\"" },
		{ "x\"y", "\"x\\\"y\"" },
		{ "a\\b", "\"a\\\\b\"" },
		{ "\\\"", "\"\\\\\\\"\"" },
		{ "a|b", "\"a|b\"" },
		{ "-roy", "\"-roy\"" },
		{ "Élodie", "\"Élodie\"" },
	};
	char	*s;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		s = filter_quote(q[i][0]);
		assert_string_equal(s, q[i][1]);
		free(s);
	}
	s = filter_term_equals("Code postal", "G1R 2J6");
	assert_string_equal(s, "\"Code postal\"=\"G1R 2J6\"");
	free(s);
	s = filter_term_equals("Note \"x\"", "");
	assert_string_equal(s, "\"Note \\\"x\\\"\"=\"\"");
	free(s);
}

/*
 * filter_term_equals round trip: over a table whose headers and cells
 * need quoting, the term built for each column and value parses and
 * selects exactly the rows whose cell equals the value once folded (the
 * empty value: the empty cells; a lone combining accent, which folds to
 * nothing, is no empty value).  Numbers and dates are left out: they
 * compare as such (section=012 selects 12).
 */
static void
test_term_equals_roundtrip(void **state)
{
	static const char *const h[] = { "Nom", "Code postal", "Note \"x\"",
	    "A|B", "-Neg", "Back\\slash", "Mun:icipalité", "x=y" };
	static const char *const v[] = { "a b", "x\"y", "a|b", "-roy", "-",
	    "back\\slash", "trail\\", "\\", "\"", "\"\"", "|", " ", "a  b",
	    " roy", "", "Élodie", "ELODIE", "elodie", "l’œuvre", "L'OEUVRE",
	    "e\xcc\x81", "E", "\xcc\x81", "Roy gagnon", "nom:roy", "x=y",
	    "\t", "a\"|\"b", "\"roy\"", "Straße", "STRASSE", "ß" };
	enum { NH = sizeof h / sizeof h[0], NV = sizeof v / sizeof v[0] };
	const char		*cells[NV][NH];
	size_t			 lens[NH], i, k, c, row, n;
	struct table		*t = table_new();
	struct filter		*f;
	struct filter_error	 err;
	char			*expr, *cause = NULL, fc[64], fv[64];
	uint32_t		 out[NV];
	int			 want, got;

	(void)state;
	for (c = 0; c < NH; c++)
		lens[c] = strlen(h[c]);
	assert_int_equal(table_set_header(t, h, lens, NH), 0);
	table_add_source(t, "l.csv");
	for (i = 0; i < NV; i++) {
		for (c = 0; c < NH; c++) {
			cells[i][c] = v[(i + 3 * c) % NV];
			lens[c] = strlen(cells[i][c]);
		}
		assert_int_equal(table_add_row(t, 0, cells[i], lens, NH,
		    &cause), 0);
	}
	table_finish(t);
	for (c = 0; c < NH; c++) {
		for (k = 0; k < NV; k++) {
			expr = filter_term_equals(h[c], v[k]);
			if (filter_parse(expr, t, &f, &err) != 0)
				fail_msg("%s: %s", expr, err.message);
			text_fold(fv, sizeof fv, v[k], strlen(v[k]));
			n = filter_run(f, t, NULL, NV, out, 1, NULL);
			for (row = i = 0; row < NV; row++) {
				text_fold(fc, sizeof fc, cells[row][c],
				    strlen(cells[row][c]));
				want = *v[k] == '\0' ? *cells[row][c] == '\0' :
				    *cells[row][c] != '\0' &&
				    strcmp(fc, fv) == 0;
				got = filter_match(f, t, row);
				if (got != want)
					fail_msg("%s: row %zu (\"%s\") %s",
					    expr, row, cells[row][c], got ?
					    "selected" : "not selected");
				if (want) {
					assert_true(i < n);
					assert_int_equal(out[i], row);
					i++;
				}
			}
			assert_int_equal(i, n);
			assert_true(n > 0);	/* each value is in a cell */
			filter_free(f);
			free(expr);
		}
	}
	table_free(t);
}

/*
 * The cost of a filter is bounded: 256 alternatives in a term and 64
 * terms pass; one more of either is refused, with the place said (a
 * 9 000-alternative list took 31 s on 300 000 rows).
 */
static void
test_limits(void **state)
{
	const struct table	*t = *state;
	char			*e, *p;
	size_t			 i, at = 0;

	e = malloc(65536);
	assert_non_null(e);
	p = e + snprintf(e, 65536, "section=");
	for (i = 0; i < 256; i++)
		p += snprintf(p, 16, "%szz%zu", i ? "|" : "", i + 100);
	check(t, e, "");
	for (; i < 300; i++) {
		if (i == 256)
			at = (size_t)(p - e) + 1;
		p += snprintf(p, 16, "|zz%zu", i + 100);
	}
	check_error(t, e, at, 5, "256 alternatives");
	p = e;
	for (i = 0; i < 64; i++)
		p += snprintf(p, 16, "%s-qq%zu", i ? " " : "", i);
	check(t, e, "0 1 2 3 4 5");
	at = (size_t)(p - e) + 1;
	snprintf(p, 16, " -qq64");
	check_error(t, e, at, 1, "64 terms");
	/* A comparison takes 16 alternatives, not 17 (each folds the cell). */
	p = e + snprintf(e, 65536, "nom>");
	for (i = 0; i < 16; i++)
		p += snprintf(p, 16, "%szz%zu", i ? "|" : "", i + 10);
	check(t, e, "");
	at = (size_t)(p - e) + 1;
	snprintf(p, 16, "|zz99");
	check_error(t, e, at, 4, "16 alternatives");
	free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bare_words, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_phrases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_age, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alternatives_negation,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test(test_word_prefix),
		cmocka_unit_test(test_ragged_and_sources),
		cmocka_unit_test(test_run_threads_cancel),
		cmocka_unit_test(test_contains_oracle),
		cmocka_unit_test_setup_teardown(test_many_alternatives, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_narrows, setup, teardown),
		cmocka_unit_test(test_narrows_property),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_term_equals_roundtrip),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
