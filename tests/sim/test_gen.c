/*
 * test_gen — the fictitious-elector generator: determinism, counts,
 * sections, the shape of every field and of the CSV rows (Windows-1252,
 * ';', trailing ';', CRLF), and the variety the other modules are tested
 * with (both Bélanger and Belanger, apostrophes, hyphens, suffixes).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "listelec/gen.h"

/* Hash of every CSV row of a list. */
static uint64_t
list_hash(uint64_t seed, size_t n, size_t *rows)
{
	struct gen			*g = gen_new(seed, n);
	const struct gen_elector	*e;
	char				 buf[GEN_ROW_MAX];
	uint64_t			 h = 1469598103934665603ULL;
	size_t				 len, i;

	*rows = 0;
	while ((e = gen_next(g)) != NULL) {
		len = gen_csv_row(e, buf);
		for (i = 0; i < len; i++)
			h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
		(*rows)++;
	}
	gen_free(g);
	return (h);
}

/* Same seed, same list; another seed, another list; exact counts. */
static void
test_deterministic(void **state)
{
	size_t	 rows, rows2;
	uint64_t a, b, c;

	(void)state;
	a = list_hash(42, 5000, &rows);
	assert_int_equal(rows, 5000);
	b = list_hash(42, 5000, &rows2);
	assert_int_equal(rows2, 5000);
	assert_true(a == b);
	c = list_hash(43, 5000, &rows);
	assert_true(a != c);
	list_hash(1, 10, &rows);
	assert_int_equal(rows, 10);
	list_hash(1, 1, &rows);
	assert_int_equal(rows, 1);
}

/* A postal code of shape A1A 1A1 with Canada Post's letters. */
static int
postal_ok(const char *p)
{
	static const char letters[] = "ABCEGHJKLMNPRSTVWXYZ";
	int	 i;

	if (strlen(p) != 7 || p[3] != ' ')
		return (0);
	for (i = 0; i < 7; i++) {
		if (i == 3)
			continue;
		if (i % 2 == (i > 3 ? 1 : 0)) {
			if (strchr(letters, p[i]) == NULL || p[i] == '\0')
				return (0);
		} else if (p[i] < '0' || p[i] > '9')
			return (0);
	}
	return (p[0] == 'G' || p[0] == 'H' || p[0] == 'J');
}

/* Age on 2026-10-05 of an AAAA-MM-JJ date. */
static int
age_of(const char *d)
{
	int	 y, m, j, age;

	assert_int_equal(sscanf(d, "%4d-%2d-%2d", &y, &m, &j), 3);
	assert_true(m >= 1 && m <= 12 && j >= 1 && j <= 31);
	assert_int_equal(strlen(d), 10);
	age = 2026 - y;
	if (m > 10 || (m == 10 && j > 5))
		age--;
	return (age);
}

/* Every field has its shape; sections are ordered and sized. */
static void
test_fields(void **state)
{
	struct gen			*g = gen_new(7, 100000);
	const struct gen_elector	*e;
	char				 prev[16] = "";
	size_t				 in_section = 0, sections = 0;
	size_t				 min_sec = (size_t)-1, n = 0;
	size_t				 max_sec = 0;
	size_t				 i;
	int				 seen_bel = 0, seen_bel_acc = 0;
	int				 seen_lev = 0, seen_lev_acc = 0;
	int				 seen_apos = 0, seen_hyphen = 0;
	int				 seen_suffix = 0, seen_half = 0;
	int				 seen_apt = 0, seen_oe = 0, f = 0;
	int				 age, min_age = 200, max_age = 0;
	int				 seen_marie_eve = 0, seen_lac = 0;

	(void)state;
	assert_int_equal(gen_sections(g), (100000 + 175) / 350);
	while ((e = gen_next(g)) != NULL) {
		n++;
		assert_false(e->hors_quebec);
		assert_int_equal(strlen(e->section), 3);
		if (strcmp(e->section, prev) != 0) {
			assert_true(strcmp(e->section, prev) > 0);
			if (sections > 0) {
				if (in_section < min_sec)
					min_sec = in_section;
				if (in_section > max_sec)
					max_sec = in_section;
			}
			sections++;
			in_section = 0;
			snprintf(prev, sizeof prev, "%s", e->section);
		}
		in_section++;
		assert_true(postal_ok(e->code_postal));
		age = age_of(e->naissance);
		if (age < min_age)
			min_age = age;
		if (age > max_age)
			max_age = age;
		assert_true(strcmp(e->sexe, "F") == 0 ||
		    strcmp(e->sexe, "M") == 0);
		f += e->sexe[0] == 'F';
		assert_true(e->nom[0] != '\0' && e->prenom[0] != '\0');
		assert_true(e->adresse[0] >= '1' && e->adresse[0] <= '9');
		assert_true(e->municipalite[0] != '\0');
		seen_bel |= strcmp(e->nom, "Belanger") == 0;
		seen_bel_acc |= strcmp(e->nom, "Bélanger") == 0;
		seen_lev |= strcmp(e->nom, "Levesque") == 0;
		seen_lev_acc |= strcmp(e->nom, "Lévesque") == 0;
		seen_apos |= strchr(e->nom, '\'') != NULL;
		seen_hyphen |= strchr(e->nom, '-') != NULL;
		seen_oe |= strstr(e->nom, "œ") != NULL;
		seen_marie_eve |= strcmp(e->prenom, "Marie-Ève") == 0;
		seen_lac |= strstr(e->adresse, " du Lac-à-l'Eau-Claire")
		    != NULL;
		i = strspn(e->adresse, "0123456789");
		seen_suffix |= (e->adresse[i] == 'A' || e->adresse[i] == 'B')
		    && e->adresse[i + 1] == ' ';
		seen_half |= strstr(e->adresse, " 1/2 ") != NULL;
		seen_apt |= e->appartement[0] != '\0';
	}
	gen_free(g);
	assert_int_equal(n, 100000);
	assert_int_equal(sections, (100000 + 175) / 350);
	assert_true(min_sec >= 250 && max_sec <= 450);
	assert_true(min_age >= 18 && min_age <= 20);
	assert_true(max_age >= 95 && max_age <= 105);
	assert_true(f > 45000 && f < 57000);
	assert_true(seen_bel && seen_bel_acc && seen_lev && seen_lev_acc);
	assert_true(seen_apos && seen_hyphen && seen_oe && seen_marie_eve);
	assert_true(seen_suffix);
	assert_true(seen_half);
	assert_true(seen_apt);
	assert_true(seen_lac);
}

/* Rows: Windows-1252, ten fields, trailing ';', CRLF. */
static void
test_csv(void **state)
{
	struct gen			*g = gen_new(3, 2000);
	const struct gen_elector	*e;
	char				 buf[GEN_ROW_MAX];
	size_t				 len, i, semis;
	int				 high = 0;

	(void)state;
	len = gen_csv_header(buf);
	assert_memory_equal(buf, "No section;No \xe9lecteur;Nom;Pr\xe9nom;Sexe;"
	    "Date de naissance;Adresse;Appartement;Municipalit\xe9;"
	    "Code postal;\r\n", len);
	while ((e = gen_next(g)) != NULL) {
		len = gen_csv_row(e, buf);
		assert_true(len > 20 && len < GEN_ROW_MAX);
		assert_int_equal(buf[len - 1], '\n');
		assert_int_equal(buf[len - 2], '\r');
		assert_int_equal(buf[len - 3], ';');
		for (i = 0, semis = 0; i < len; i++) {
			semis += buf[i] == ';';
			assert_true(buf[i] != '"' && buf[i] != '\0');
			high |= (unsigned char)buf[i] >= 0x80;
			/* No UTF-8 lead byte followed by a continuation. */
			if ((unsigned char)buf[i] == 0xc3)
				assert_false(i + 1 < len &&
				    ((unsigned char)buf[i + 1] & 0xc0) ==
				    0x80);
		}
		assert_int_equal(semis, 10);
	}
	assert_true(high);
	gen_free(g);
}

/* The electors outside Québec: their count, header and rows. */
static void
test_hq(void **state)
{
	struct gen			*g;
	const struct gen_elector	*e;
	char				 buf[GEN_ROW_MAX];
	size_t				 n = 0, len, i, semis;

	(void)state;
	assert_int_equal(gen_hq_count(100000), 401);
	g = gen_new_hq(5, 100000);
	len = gen_hq_csv_header(buf);
	assert_true(memmem(buf, len, "Province ou pays;", 17) != NULL);
	while ((e = gen_next(g)) != NULL) {
		n++;
		assert_true(e->hors_quebec);
		assert_true(strcmp(e->province_pays, "Québec") != 0);
		len = gen_hq_csv_row(e, buf);
		for (i = 0, semis = 0; i < len; i++)
			semis += buf[i] == ';';
		assert_int_equal(semis, 10);
	}
	assert_int_equal(n, 401);
	gen_free(g);
}

/* Conversion to Windows-1252. */
static void
test_cp1252(void **state)
{
	char	 out[32];
	size_t	 n;

	(void)state;
	n = gen_to_cp1252("Cœur-Ève’", out, sizeof out);
	assert_int_equal(n, 9);
	assert_memory_equal(out, "C\x9cur-\xc8ve\x92", 9);
	n = gen_to_cp1252("\xff", out, sizeof out);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], '?');
	n = gen_to_cp1252("abcdef", out, 3);
	assert_int_equal(n, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_hq),
		cmocka_unit_test(test_cp1252),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
