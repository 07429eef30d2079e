/*
 * test_table — the table in memory (table.c): cells, ragged rows, column
 * typing and flags, Âge with a fixed today, Fichier with several sources,
 * table_col_find, merging, and sorting (natural, accent-insensitive, by
 * value, empty last, stable, descending, cancellable).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "listelec/csv.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

/* A finished table from CSV text. */
static struct table *
mk(const char *csv)
{
	struct table	*t = table_new();
	char		*cause = NULL;

	if (csv_read_buffer(NULL, t, "liste.csv", csv, strlen(csv), &cause) !=
	    CSV_OK)
		fail_msg("%s", cause);
	table_finish(t);
	return (t);
}

/* Sort every row by keys; the column col of the result joined by ','. */
static char *
sorted(struct table *t, const struct table_sortkey *k, size_t nk, size_t col)
{
	uint32_t	*rows;
	size_t		 i, n = table_rows(t), used = 0, cap = 4096;
	char		*out = xmalloc(cap);
	const char	*s;

	rows = xreallocarray(NULL, n + 1, sizeof *rows);
	for (i = 0; i < n; i++)
		rows[i] = (uint32_t)i;
	assert_int_equal(table_sort(t, k, nk, rows, n, NULL), 0);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		s = table_cell(t, rows[i], col, NULL);
		used += (size_t)snprintf(out + used, cap - used, "%s%s",
		    i > 0 ? "," : "", s);
	}
	free(rows);
	return (out);
}

#define SORTED(t, col, desc, shown, expect) do {			\
	struct table_sortkey k_ = { (col), (desc) };			\
	char *s_ = sorted((t), &k_, 1, (shown));			\
	assert_string_equal(s_, (expect));				\
	free(s_);							\
} while (0)

static void
test_cells(void **state)
{
	struct table	*t;
	const char	*names[] = { "Nom", "Ville" };
	const size_t	 lens[] = { 3, 5 };
	const char	*cells[] = { "Roy", "La\0val", "extra" };
	const size_t	 cl[] = { 3, 6, 5 };
	char		*cause = NULL;
	size_t		 len, src;

	(void)state;
	t = table_new();
	assert_int_equal(table_set_header(t, names, lens, 2), 0);
	src = table_add_source(t, "a.csv");
	assert_int_equal(table_add_row(t, src, cells, cl, 3, &cause), 0);
	assert_int_equal(table_add_row(t, src, cells, cl, 1, &cause), 0);
	assert_int_equal(table_add_row(t, src, cells, cl, 2, &cause), 0);
	table_finish(t);
	assert_int_equal(table_rows(t), 3);
	assert_int_equal(table_cols(t), 2);
	/* A NUL inside a cell cannot end it early. */
	assert_string_equal(table_cell(t, 0, 1, &len), "La val");
	assert_int_equal(len, 6);
	assert_string_equal(table_cell(t, 1, 1, &len), "");
	assert_int_equal(len, 0);
	assert_int_equal(table_ragged(t), 2);
	assert_int_equal(table_row_width(t, 0), 3);
	assert_int_equal(table_row_width(t, 1), 1);
	assert_string_equal(table_raw_cell(t, 0, 2, NULL), "extra");
	/* Past the header's width, table_cell gives nothing. */
	assert_string_equal(table_cell(t, 0, 2, NULL), "");
	/* Reading right to left after left to right still works. */
	assert_string_equal(table_cell(t, 2, 1, NULL), "La val");
	assert_string_equal(table_cell(t, 2, 0, NULL), "Roy");
	assert_true(table_memory(t) > 0);
	table_free(t);
}

/*
 * A row of more than 1 GiB of text is refused with a message, before its
 * bytes are read (a mapping never touched stands for them); the rows
 * before it stay.  Those after it are still taken.
 */
static void
test_row_limit(void **state)
{
	struct table	*t;
	const char	*names[] = { "Nom" };
	const size_t	 lens[] = { 3 };
	const char	*cells[1];
	size_t		 cl[1], big = ((size_t)1 << 30) + 1;
	char		*cause = NULL;
	void		*p;

	(void)state;
	if (sizeof(size_t) < 8)
		skip();
	p = mmap(NULL, big, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
	    MAP_NORESERVE, -1, 0);
	assert_true(p != MAP_FAILED);
	t = table_new();
	assert_int_equal(table_set_header(t, names, lens, 1), 0);
	cells[0] = "Roy";
	cl[0] = 3;
	assert_int_equal(table_add_row(t, 0, cells, cl, 1, &cause), 0);
	cells[0] = p;
	cl[0] = big;
	assert_int_equal(table_add_row(t, 0, cells, cl, 1, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause,
	    "a row is too large (more than 1024 MiB of text)");
	free(cause);
	cells[0] = "Roy";
	cl[0] = 3;
	assert_int_equal(table_add_row(t, 0, cells, cl, 1, NULL), 0);
	table_finish(t);
	assert_int_equal(table_rows(t), 2);
	table_free(t);
	munmap(p, big);
}

static void
test_types_and_flags(void **state)
{
	struct table	*t;

	(void)state;
	t = mk("Nom;Prénom;Sexe;Date de naissance;Numéro civique;Section\n"
	    "Roy;Luc;M;1950-03-15;12;3\n"
	    "Côté;Ève;F;1990-12-31;12A;10\n"
	    "Tremblay;Zoé;F;;7;\n");
	assert_int_equal(table_col_type(t, 0), TABLE_COL_TEXT);
	assert_int_equal(table_col_type(t, 3), TABLE_COL_DATE);
	assert_int_equal(table_col_type(t, 4), TABLE_COL_TEXT);
	assert_int_equal(table_col_type(t, 5), TABLE_COL_NUMBER);
	assert_true(table_col_flags(t, 0) & TABLE_COL_NAME);
	assert_true(table_col_flags(t, 1) & TABLE_COL_NAME);
	assert_false(table_col_flags(t, 4) & TABLE_COL_NAME);
	assert_true(table_col_flags(t, 2) & TABLE_COL_SENSITIVE);
	assert_true(table_col_flags(t, 3) & TABLE_COL_BIRTHDATE);
	assert_true(table_col_flags(t, 3) & TABLE_COL_SENSITIVE);
	assert_false(table_col_flags(t, 5) & TABLE_COL_SENSITIVE);
	/* One source: Âge but no Fichier. */
	assert_int_equal(table_cols(t), 7);
	assert_string_equal(table_col_name(t, 6), "Âge");
	assert_true(table_col_flags(t, 6) & TABLE_COL_DERIVED);
	assert_int_equal(table_col_type(t, 6), TABLE_COL_NUMBER);
	table_free(t);

	/* Names, not other things named. */
	t = mk("Nom de famille;Prénom usuel;Nom de la municipalité;Nom de rue\n"
	    "Roy;Luc;Laval;Rue A\n");
	assert_true(table_col_flags(t, 0) & TABLE_COL_NAME);
	assert_true(table_col_flags(t, 1) & TABLE_COL_NAME);
	assert_false(table_col_flags(t, 2) & TABLE_COL_NAME);
	assert_false(table_col_flags(t, 3) & TABLE_COL_NAME);
	table_free(t);

	/* A date column that is not a birth date gives no Âge. */
	t = mk("Nom;Date d'inscription\nRoy;2020-01-02\n");
	assert_int_equal(table_cols(t), 2);
	assert_false(table_col_flags(t, 1) & TABLE_COL_BIRTHDATE);
	table_free(t);
}

/* Many rows: the ages are computed on two cores, the same in each half. */
static void
test_age_many(void **state)
{
	static const char *const pat[] = { "2000-06-15", "2000-06-16",
	    "15/06/1958", "", "2030-01-01", "2008-02-29" };
	static const char *const want[] = { "26", "25", "68", "", "", "18" };
	struct table	*t;
	int32_t		 today;
	size_t		 n = 250000, i, used = 0, cap;
	char		*csv, *cause = NULL;

	(void)state;
	cap = 32 * n;
	csv = xmalloc(cap);
	used = (size_t)snprintf(csv, cap, "Nom;Naissance\n");
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(csv + used, cap - used, "N%zu;%s\n",
		    i, pat[i % 6]);
	t = table_new();
	assert_int_equal(csv_read_buffer(NULL, t, "l.csv", csv, used,
	    &cause), CSV_OK);
	assert_int_equal(text_parse_date("2026-06-15", 10, &today), 0);
	table_set_today(t, today);
	table_finish(t);
	for (i = 0; i < n; i++)
		if (strcmp(table_cell(t, i, 2, NULL), want[i % 6]) != 0)
			fail_msg("row %zu: age %s, not %s", i,
			    table_cell(t, i, 2, NULL), want[i % 6]);
	table_free(t);
	free(csv);
}

static void
test_age(void **state)
{
	struct table	*t;
	int32_t		 today;
	char		*cause = NULL;

	(void)state;
	t = table_new();
	assert_int_equal(csv_read_buffer(NULL, t, "l.csv",
	    "Nom;Naissance\nA;2000-06-15\nB;2000-06-16\nC;15/06/1958\n"
	    "D;\nE;2030-01-01\nF;2008-02-29\n", 82, &cause), CSV_OK);
	assert_int_equal(text_parse_date("2026-06-15", 10, &today), 0);
	table_set_today(t, today);
	table_finish(t);
	assert_int_equal(table_col_find(t, "age"), 2);
	assert_string_equal(table_cell(t, 0, 2, NULL), "26");	/* birthday */
	assert_string_equal(table_cell(t, 1, 2, NULL), "25");	/* tomorrow */
	assert_string_equal(table_cell(t, 2, 2, NULL), "68");
	assert_string_equal(table_cell(t, 3, 2, NULL), "");	/* empty */
	assert_string_equal(table_cell(t, 4, 2, NULL), "");	/* future */
	assert_string_equal(table_cell(t, 5, 2, NULL), "18");
	/* Âge sorts by value, empty last either way. */
	SORTED(t, 2, 0, 0, "F,B,A,C,D,E");
	SORTED(t, 2, 1, 0, "C,A,B,F,D,E");
	table_free(t);
}

static void
test_fichier(void **state)
{
	struct table	*a, *b;
	char		*cause = NULL;

	(void)state;
	a = table_new();
	b = table_new();
	assert_int_equal(csv_read_buffer(NULL, a, "sv_001.csv",
	    "Nom;Ville\nRoy;Laval\nCôté;Lévis\n", 33, &cause), CSV_OK);
	assert_int_equal(csv_read_buffer(NULL, b, "sv_002.csv",
	    "NOM;ville\nTremblay;Gaspé\n", 26, &cause), CSV_OK);
	assert_int_equal(table_append(a, b, &cause), 0);
	assert_int_equal(table_rows(b), 0);
	table_finish(a);
	assert_int_equal(table_rows(a), 3);
	assert_int_equal(table_sources(a), 2);
	assert_int_equal(table_cols(a), 3);
	assert_string_equal(table_col_name(a, 2), "Fichier");
	assert_string_equal(table_cell(a, 0, 2, NULL), "sv_001.csv");
	assert_string_equal(table_cell(a, 1, 2, NULL), "sv_001.csv");
	assert_string_equal(table_cell(a, 2, 2, NULL), "sv_002.csv");
	assert_string_equal(table_cell(a, 2, 1, NULL), "Gaspé");
	assert_int_equal(table_row_source(a, 2), 1);
	assert_string_equal(table_source_name(a, 1), "sv_002.csv");
	SORTED(a, 2, 1, 0, "Tremblay,Roy,Côté");
	table_free(a);
	table_free(b);

	/* Append into an empty table (adopting), then a different header. */
	a = table_new();
	b = table_new();
	assert_int_equal(csv_read_buffer(NULL, b, "x.csv", "Nom\nRoy\n", 8,
	    &cause), CSV_OK);
	assert_int_equal(table_append(a, b, &cause), 0);
	assert_int_equal(table_rows(a), 1);
	assert_string_equal(table_cell(a, 0, 0, NULL), "Roy");
	table_free(b);
	b = table_new();
	assert_int_equal(csv_read_buffer(NULL, b, "y.csv", "Code\n1\n", 7,
	    &cause), CSV_OK);
	assert_int_equal(table_append(a, b, &cause), -1);
	assert_non_null(cause);
	free(cause);
	table_free(a);
	table_free(b);
}

static void
test_col_find(void **state)
{
	struct table	*t;

	(void)state;
	t = mk("Nom;Prénom;Municipalité;Numéro civique;Numéro d'appartement;"
	    "Code postal\nRoy;Luc;Laval;1;;H7N 1A1\n");
	assert_int_equal(table_col_find(t, "nom"), 0);	/* exact wins */
	assert_int_equal(table_col_find(t, "PRENOM"), 1);
	assert_int_equal(table_col_find(t, "mun"), 2);
	assert_int_equal(table_col_find(t, "municipalite"), 2);
	assert_int_equal(table_col_find(t, "numéro"), -2);
	assert_int_equal(table_col_find(t, "numero c"), 3);
	assert_int_equal(table_col_find(t, "ville"), -1);
	assert_int_equal(table_col_find(t, "code"), 5);
	table_free(t);
}

static void
test_sort_natural(void **state)
{
	struct table	*t;

	(void)state;
	t = mk("Civique;Nom\n101;Émile\n12A;eve\n12;Eric\n9;Zoé\n2;Ève\n"
	    ";Ébert\n012;Abel\n");
	/* Text column (12A): natural, empty last; "12" and "012" equal. */
	SORTED(t, 0, 0, 0, "2,9,12,012,12A,101,");
	SORTED(t, 0, 1, 0, "101,12A,12,012,9,2,");
	/* É sorts with E; accents and case ignored; equal keys stable. */
	SORTED(t, 1, 0, 1, "Abel,Ébert,Émile,Eric,eve,Ève,Zoé");
	SORTED(t, 1, 1, 1, "Zoé,eve,Ève,Eric,Émile,Ébert,Abel");
	table_free(t);
}

static void
test_sort_values(void **state)
{
	struct table	*t;

	(void)state;
	t = mk("N;D;L\n10;2001-05-03;a\n-1.5;15/01/1990;b\n2;;c\n;1990-01-14;d"
	    "\n2,5;2001-05-03;e\n");
	assert_int_equal(table_col_type(t, 0), TABLE_COL_NUMBER);
	assert_int_equal(table_col_type(t, 1), TABLE_COL_DATE);
	SORTED(t, 0, 0, 2, "b,c,e,a,d");
	SORTED(t, 0, 1, 2, "a,e,c,b,d");
	SORTED(t, 1, 0, 2, "d,b,a,e,c");
	SORTED(t, 1, 1, 2, "a,e,b,d,c");
	table_free(t);
}

static void
test_sort_multi_and_stable(void **state)
{
	struct table		*t;
	struct table_sortkey	 k[2] = { { 0, 0 }, { 1, 1 } };
	char			*s;
	size_t			 i;
	char			 buf[64];
	char			*csv;
	size_t			 used, cap = 1 << 16;

	(void)state;
	t = mk("Ville;Nom;Id\nLaval;Roy;1\nLévis;Côté;2\nlaval;Abel;3\n"
	    "LAVAL;Roy;4\nLevis;Zoé;5\n");
	s = sorted(t, k, 2, 2);
	assert_string_equal(s, "1,4,3,5,2");
	free(s);
	table_free(t);

	/* Many equal keys keep their order through the merges. */
	csv = xmalloc(cap);
	used = (size_t)snprintf(csv, cap, "K;Id\n");
	for (i = 0; i < 1000; i++)
		used += (size_t)snprintf(csv + used, cap - used, "%s;%zu\n",
		    i % 3 == 0 ? "b" : i % 3 == 1 ? "A" : "", i);
	t = mk(csv);
	{
		struct table_sortkey	kk = { 0, 0 };
		uint32_t		rows[1000];
		size_t			last = 0;

		for (i = 0; i < 1000; i++)
			rows[i] = (uint32_t)i;
		assert_int_equal(table_sort(t, &kk, 1, rows, 1000, NULL), 0);
		for (i = 0; i < 1000; i++) {
			snprintf(buf, sizeof buf, "%s",
			    table_cell(t, rows[i], 0, NULL));
			if (i == 0 || i == 333 || i == 667)
				last = rows[i];
			else
				assert_true(rows[i] > last);
			last = rows[i];
			assert_string_equal(buf, i < 333 ? "A" : i < 667 ?
			    "b" : "");
		}
	}
	table_free(t);
	free(csv);
}

/*
 * The two ways of sorting text agree: a column that repeats few values is
 * sorted by ranks of its distinct values, a subset with many distinct
 * values by their text keys.  Sorting every row, then a small subset of
 * the same rows, must give the subset the same relative order (both are
 * stable), for each direction, over accents, case, digits, empty cells,
 * keys equal under folding and values longer than a sort key; with
 * enough rows that the second key is built on a thread of its own.
 */
static void
test_sort_ranks_property(void **state)
{
	static const char *const vals[] = { "Roy", "ROY", "Rôy", "roy ",
	    "Côté", "cote", "Cote", "Ève", "eve", "12 rue", "9 rue",
	    "012 rue", "rue 9", "rue 10", "", "Zoé", "Émile", "Émilie",
	    "Œuvre", "oeuvre", "a-b", "ab", "a b" };
	struct table_sortkey	 k[2];
	struct table		*t;
	uint32_t		*all, sub[40], want[40];
	size_t			 n = 120000, i, j, used = 0, cap = 1 << 23, m;
	char			*csv, longv[400];
	unsigned		 x = 777;
	int			 d, key2;

	(void)state;
	memset(longv, 'x', sizeof longv - 1);
	longv[sizeof longv - 1] = '\0';
	csv = xmalloc(cap);
	used = (size_t)snprintf(csv, cap, "Nom;Rue\n");
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		j = (x >> 8) % (sizeof vals / sizeof vals[0] + 2);
		used += (size_t)snprintf(csv + used, cap - used, "%s%s;%s\n",
		    j < sizeof vals / sizeof vals[0] ? vals[j] : longv,
		    j == sizeof vals / sizeof vals[0] + 1 ? "y" : "",
		    vals[(x >> 16) % (sizeof vals / sizeof vals[0])]);
	}
	t = mk(csv);
	all = xreallocarray(NULL, n, sizeof *all);
	for (key2 = 0; key2 < 2; key2++)
	for (d = 0; d < 2; d++) {
		k[0].col = 0;
		k[0].desc = d;
		k[1].col = 1;
		k[1].desc = !d;
		for (i = 0; i < n; i++)
			all[i] = (uint32_t)i;
		assert_int_equal(table_sort(t, k, 1 + key2, all, n, NULL), 0);
		/* 40 rows, 1 in 100: too few for ranks, so text keys. */
		for (m = 0; m < 40; m++)
			sub[m] = (uint32_t)(m * 100 + m % 7);
		assert_int_equal(table_sort(t, k, 1 + key2, sub, 40, NULL),
		    0);
		for (i = 0, m = 0; i < n; i++)
			if (all[i] % 100 == (all[i] / 100) % 7 &&
			    all[i] / 100 < 40)
				want[m++] = all[i];
		assert_int_equal(m, 40);
		for (m = 0; m < 40; m++)
			assert_int_equal(sub[m], want[m]);
	}
	free(all);
	table_free(t);
	free(csv);
}

/* Enough rows for the radix passes: numbers, long shared prefixes, desc. */
static void
test_sort_large(void **state)
{
	struct table		*t;
	struct table_sortkey	 k[2] = { { 0, 0 }, { 1, 1 } };
	uint32_t		*rows;
	size_t			 i, n = 5000, used, cap = 1 << 20;
	char			*csv;
	const char		*p, *q;
	unsigned		 x = 12345, va, vb;

	(void)state;
	csv = xmalloc(cap);
	used = (size_t)snprintf(csv, cap, "Adresse;Rang\n");
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		used += (size_t)snprintf(csv + used, cap - used,
		    "Appartement du boulevard Saint-%u;%u\n",
		    (x >> 8) % 700, (x >> 4) % 13);
	}
	t = mk(csv);
	rows = xreallocarray(NULL, n, sizeof *rows);
	for (i = 0; i < n; i++)
		rows[i] = (uint32_t)i;
	assert_int_equal(table_sort(t, k, 2, rows, n, NULL), 0);
	for (i = 1; i < n; i++) {
		p = table_cell(t, rows[i - 1], 0, NULL);
		q = table_cell(t, rows[i], 0, NULL);
		va = (unsigned)strtoul(p + 31, NULL, 10);
		vb = (unsigned)strtoul(q + 31, NULL, 10);
		assert_true(va <= vb);
		if (va == vb) {
			/* Second key descending, then the file's order. */
			va = (unsigned)strtoul(table_cell(t, rows[i - 1], 1,
			    NULL), NULL, 10);
			vb = (unsigned)strtoul(table_cell(t, rows[i], 1, NULL),
			    NULL, 10);
			assert_true(va >= vb);
			if (va == vb)
				assert_true(rows[i - 1] < rows[i]);
		}
	}
	free(rows);
	table_free(t);
	free(csv);
}

static void
test_sort_cancel(void **state)
{
	struct table		*t;
	struct table_sortkey	 k = { 0, 0 };
	uint32_t		 rows[3] = { 0, 1, 2 };
	volatile int		 cancel = 1;

	(void)state;
	t = mk("A\nc\nb\na\n");
	assert_int_equal(table_sort(t, &k, 1, rows, 3, &cancel), -1);
	assert_int_equal(rows[0], 0);
	assert_int_equal(rows[1], 1);
	assert_int_equal(rows[2], 2);
	cancel = 0;
	assert_int_equal(table_sort(t, &k, 1, rows, 3, &cancel), 0);
	assert_int_equal(rows[0], 2);
	table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_row_limit),
		cmocka_unit_test(test_types_and_flags),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_age_many),
		cmocka_unit_test(test_fichier),
		cmocka_unit_test(test_col_find),
		cmocka_unit_test(test_sort_natural),
		cmocka_unit_test(test_sort_values),
		cmocka_unit_test(test_sort_multi_and_stable),
		cmocka_unit_test(test_sort_large),
		cmocka_unit_test(test_sort_ranks_property),
		cmocka_unit_test(test_sort_cancel),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
