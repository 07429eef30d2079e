/*
 * test_sheet — the walking order of walk sheets (civic numbers and their
 * suffixes, sides, apartments, streets by name, sections), the grouping
 * into addresses, households and buildings, route cutting (no address or
 * building split, sizes near N, cuts at street sides), pagination, and
 * the text and CSV writers (sheet.c, sheet-text.c), over fictitious rows.
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

#include "listelec/i18n.h"
#include "listelec/sheet.h"
#include "listelec/table.h"
#include "listelec/xmalloc.h"

#define NCOLS	7

static const char *const header[NCOLS] = {
	"No section", "No électeur", "Nom", "Prénom", "Adresse",
	"Appartement", "Municipalité"
};

/* A table of the header's columns, rows of NCOLS cells (first n). */
static struct table *
make(const char *const *hdr, size_t ncols, const char *const *cells,
    size_t nrows)
{
	struct table	*t = table_new();
	size_t		 lens[NCOLS], i, k;
	char		*cause = NULL;

	for (k = 0; k < ncols; k++)
		lens[k] = strlen(hdr[k]);
	assert_int_equal(table_set_header(t, hdr, lens, ncols), 0);
	table_add_source(t, "liste.csv");
	for (i = 0; i < nrows; i++) {
		for (k = 0; k < ncols; k++)
			lens[k] = strlen(cells[i * ncols + k]);
		assert_int_equal(table_add_row(t, 0, cells + i * ncols, lens,
		    ncols, &cause), 0);
	}
	table_finish(t);
	return (t);
}

/* A row builder for generated sections. */
struct rows {
	char	**cells;
	size_t	  n;
	size_t	  cap;
};

static void
add(struct rows *r, const char *sec, unsigned line, const char *nom,
    const char *adr, const char *apt)
{
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 256 : r->cap * 2;
		r->cells = xreallocarray(r->cells, r->cap * NCOLS,
		    sizeof *r->cells);
	}
	r->cells[r->n * NCOLS + 0] = xstrdup(sec);
	r->cells[r->n * NCOLS + 1] = xasprintf("%u", line);
	r->cells[r->n * NCOLS + 2] = xstrdup(nom);
	r->cells[r->n * NCOLS + 3] = xstrdup("Camille");
	r->cells[r->n * NCOLS + 4] = xstrdup(adr);
	r->cells[r->n * NCOLS + 5] = xstrdup(apt);
	r->cells[r->n * NCOLS + 6] = xstrdup("Lévis");
	r->n++;
}

static struct table *
rows_table(struct rows *r)
{
	struct table	*t;
	size_t		 i;

	t = make(header, NCOLS, (const char *const *)r->cells, r->n);
	for (i = 0; i < r->n * NCOLS; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof *r);
	return (t);
}

/* The plan of every row of t. */
static struct sheet_plan *
plan_of(const struct table *t, enum sheet_side side, size_t doors)
{
	struct sheet_options	 o;
	struct sheet_plan	*p = NULL;
	char			*cause = NULL;

	memset(&o, 0, sizeof o);
	o.side = side;
	o.doors = doors;
	assert_int_equal(sheet_plan_new(t, NULL, 0, &o, &p, &cause), 0);
	assert_non_null(p);
	return (p);
}

/* The addresses (and apartments) of the plan, in order, joined by |. */
static char *
order_of(const struct sheet_plan *p, int with_apt)
{
	char	*s = xstrdup(""), *n;
	size_t	 i;

	for (i = 0; i < sheet_electors(p); i++) {
		n = xasprintf("%s%s%s%s%s", s, i > 0 ? "|" : "",
		    sheet_cell(p, i, SHEET_ADRESSE), with_apt ? "#" : "",
		    with_apt ? sheet_cell(p, i, SHEET_APPARTEMENT) : "");
		free(s);
		s = n;
	}
	return (s);
}

static void
test_civic_parse(void **state)
{
	struct sheet_civic	 c;

	(void)state;
	sheet_civic_parse("7015A rue des Érables", &c);
	assert_int_equal(c.number, 7015);
	assert_int_equal(c.suffix_len, 1);
	assert_memory_equal(c.suffix, "A", 1);
	assert_string_equal(c.street, "rue des Érables");
	sheet_civic_parse("12 1/2 chemin du Roy", &c);
	assert_int_equal(c.number, 12);
	assert_int_equal(c.suffix_len, 3);
	assert_memory_equal(c.suffix, "1/2", 3);
	assert_string_equal(c.street, "chemin du Roy");
	sheet_civic_parse("12 rue Principale", &c);
	assert_int_equal(c.suffix_len, 0);
	assert_string_equal(c.street, "rue Principale");
	sheet_civic_parse("rang Saint-Joseph", &c);
	assert_int_equal(c.number, UINT32_MAX);
	assert_string_equal(c.street, "rang Saint-Joseph");
	sheet_civic_parse("", &c);
	assert_int_equal(c.number, UINT32_MAX);
}

static void
test_civic_cmp(void **state)
{
	struct sheet_civic	 a, b, c, d, e;

	(void)state;
	sheet_civic_parse("7015 rue A", &a);
	sheet_civic_parse("7015A rue A", &b);
	sheet_civic_parse("7017 rue A", &c);
	sheet_civic_parse("12 rue A", &d);
	sheet_civic_parse("12 1/2 rue A", &e);
	assert_true(sheet_civic_cmp(&a, &b) < 0);
	assert_true(sheet_civic_cmp(&b, &c) < 0);
	assert_true(sheet_civic_cmp(&a, &c) < 0);
	assert_true(sheet_civic_cmp(&d, &e) < 0);
	assert_true(sheet_civic_cmp(&e, &a) < 0);
	assert_int_equal(sheet_civic_cmp(&a, &a), 0);
}

static void
test_apt_cmp(void **state)
{
	(void)state;
	assert_true(sheet_apt_cmp("", "1") < 0);
	assert_true(sheet_apt_cmp("2", "10") < 0);
	assert_true(sheet_apt_cmp("10", "B") < 0);
	assert_true(sheet_apt_cmp("B", "C") < 0);
	assert_true(sheet_apt_cmp("204", "1001") < 0);
	assert_int_equal(sheet_apt_cmp("b", "B") != 0, 1);
}

static void
test_street_name(void **state)
{
	const char	*s;

	(void)state;
	s = "rue des Érables";
	assert_string_equal(s + sheet_street_name(s), "Érables");
	s = "boulevard René-Lévesque Est";
	assert_string_equal(s + sheet_street_name(s), "René-Lévesque Est");
	s = "chemin du Roy";
	assert_string_equal(s + sheet_street_name(s), "Roy");
	s = "rue de l'Église";
	assert_string_equal(s + sheet_street_name(s), "Église");
	s = "rue de la Montagne";
	assert_string_equal(s + sheet_street_name(s), "Montagne");
	s = "1re Avenue";
	assert_string_equal(s + sheet_street_name(s), "1re Avenue");
	s = "rue";
	assert_string_equal(s + sheet_street_name(s), "rue");
}

/*
 * One street: the odd side in civic order (7013, 7015, 7015A, 7017),
 * then the even side (12, 12 1/2, 14); rows given shuffled.
 */
static void
test_order_side_civic(void **state)
{
	static const char *const cells[] = {
		"001", "1", "Roy", "Léa", "14 rue du Roy", "", "Lévis",
		"001", "2", "Roy", "Léa", "7017 rue du Roy", "", "Lévis",
		"001", "3", "Roy", "Léa", "12 1/2 rue du Roy", "", "Lévis",
		"001", "4", "Roy", "Léa", "7015A rue du Roy", "", "Lévis",
		"001", "5", "Roy", "Léa", "7013 rue du Roy", "", "Lévis",
		"001", "6", "Roy", "Léa", "12 rue du Roy", "", "Lévis",
		"001", "7", "Roy", "Léa", "7015 rue du Roy", "", "Lévis",
	};
	struct table		*t = make(header, NCOLS, cells, 7);
	struct sheet_plan	*p;
	char			*s;

	(void)state;
	p = plan_of(t, SHEET_SIDE_BOTH, 45);
	s = order_of(p, 0);
	assert_string_equal(s, "7013 rue du Roy|7015 rue du Roy|"
	    "7015A rue du Roy|7017 rue du Roy|12 rue du Roy|"
	    "12 1/2 rue du Roy|14 rue du Roy");
	free(s);
	assert_int_equal(sheet_ndoors(p), 7);
	sheet_plan_free(p);
	p = plan_of(t, SHEET_SIDE_EVEN, 45);
	s = order_of(p, 0);
	assert_string_equal(s, "12 rue du Roy|12 1/2 rue du Roy|"
	    "14 rue du Roy");
	free(s);
	sheet_plan_free(p);
	p = plan_of(t, SHEET_SIDE_ODD, 45);
	assert_int_equal(sheet_electors(p), 4);
	sheet_plan_free(p);
	table_free(t);
}

/* Apartments in natural order; households and the building's units. */
static void
test_order_apartments(void **state)
{
	static const char *const cells[] = {
		"001", "1", "Côté", "Léa", "40 rue Main", "B", "Lévis",
		"001", "2", "Côté", "Luc", "40 rue Main", "10", "Lévis",
		"001", "3", "Roy", "Léa", "40 rue Main", "2", "Lévis",
		"001", "4", "Aubé", "Léa", "40 rue Main", "10", "Lévis",
		"001", "5", "Roy", "Léa", "40 rue Main", "", "Lévis",
		"001", "6", "Roy", "Zoé", "42 rue Main", "", "Lévis",
	};
	struct table		*t = make(header, NCOLS, cells, 6);
	struct sheet_plan	*p;
	const struct sheet_door	*d;
	char			*s;

	(void)state;
	p = plan_of(t, SHEET_SIDE_BOTH, 45);
	s = order_of(p, 1);
	assert_string_equal(s, "40 rue Main#|40 rue Main#2|40 rue Main#10|"
	    "40 rue Main#10|40 rue Main#B|42 rue Main#");
	free(s);
	/* In a household, by name: Aubé before Côté. */
	assert_string_equal(sheet_cell(p, 2, SHEET_NOM), "Aubé");
	assert_int_equal(sheet_ndoors(p), 2);
	d = sheet_door(p, 0);
	assert_int_equal(d->n, 5);
	assert_int_equal(d->units, 4);
	assert_int_equal(sheet_door(p, 1)->units, 1);
	assert_int_equal(sheet_new_household(p, 1), 1);
	assert_int_equal(sheet_new_household(p, 3), 0);
	assert_int_equal(sheet_new_household(p, 4), 1);
	/* A building of 4 units counts 4 doors. */
	assert_int_equal(sheet_nroutes(p), 1);
	assert_int_equal(sheet_route(p, 0)->doors, 5);
	sheet_plan_free(p);
	table_free(t);
}

/* Sections in natural order; streets by name, accents ignored. */
static void
test_order_sections_streets(void **state)
{
	static const char *const cells[] = {
		"10", "1", "Roy", "Léa", "1 rue Dubois", "", "Lévis",
		"2", "1", "Roy", "Léa", "1 rue des Érables", "", "Lévis",
		"2", "2", "Roy", "Léa", "1 avenue des Eaux", "", "Lévis",
		"2", "3", "Roy", "Léa", "1 rue Dubois", "", "Lévis",
		"1", "1", "Roy", "Léa", "1 chemin du Roy", "", "Lévis",
	};
	struct table		*t = make(header, NCOLS, cells, 5);
	struct sheet_plan	*p;
	char			*s, key[32];

	(void)state;
	p = plan_of(t, SHEET_SIDE_BOTH, 45);
	s = order_of(p, 0);
	assert_string_equal(s, "1 chemin du Roy|1 rue Dubois|"
	    "1 avenue des Eaux|1 rue des Érables|1 rue Dubois");
	free(s);
	assert_string_equal(sheet_cell(p, 4, SHEET_SECTION), "10");
	sheet_key(p, 3, key, sizeof key);
	assert_string_equal(key, "2-1");
	assert_int_equal(sheet_nroutes(p), 3);
	assert_string_equal(sheet_route(p, 0)->id, "1-1");
	assert_string_equal(sheet_route(p, 1)->id, "2-1");
	sheet_plan_free(p);
	table_free(t);
}

/* Without a No électeur column the key is the section. */
static void
test_no_line_column(void **state)
{
	static const char *const hdr[] = { "No section", "Nom", "Prénom",
	    "Adresse" };
	static const char *const cells[] = {
		"007", "Roy", "Léa", "3 rue Main",
	};
	struct table		*t = make(hdr, 4, cells, 1);
	struct sheet_plan	*p;
	char			 key[32];

	(void)state;
	p = plan_of(t, SHEET_SIDE_BOTH, 45);
	assert_int_equal(sheet_column(p, SHEET_LINE), -1);
	sheet_key(p, 0, key, sizeof key);
	assert_string_equal(key, "007");
	sheet_plan_free(p);
	table_free(t);
}

/* A list without an address is refused. */
static void
test_no_address(void **state)
{
	static const char *const hdr[] = { "Nom", "Prénom" };
	static const char *const cells[] = { "Roy", "Léa" };
	struct table		*t = make(hdr, 2, cells, 1);
	struct sheet_options	 o;
	struct sheet_plan	*p = NULL;
	char			*cause = NULL;

	(void)state;
	memset(&o, 0, sizeof o);
	assert_int_equal(sheet_plan_new(t, NULL, 0, &o, &p, &cause), -1);
	assert_null(p);
	assert_non_null(strstr(cause, "Adresse"));
	free(cause);
	table_free(t);
}

/* Every route holds whole addresses, in order, within one section. */
static void
check_routes(const struct sheet_plan *p)
{
	const struct sheet_route	*r;
	const struct sheet_door		*d;
	size_t				 i, k, next = 0, ndoor = 0, doors;
	uint32_t			 n;

	for (i = 0; i < sheet_nroutes(p); i++) {
		r = sheet_route(p, i);
		assert_int_equal(r->first_door, ndoor);
		assert_int_equal(r->first, next);
		n = 0;
		doors = 0;
		for (k = r->first_door; k < r->first_door + r->ndoors; k++) {
			d = sheet_door(p, k);
			assert_int_equal(d->route, i);
			n += d->n;
			doors += d->units;
			assert_string_equal(sheet_cell(p, d->first,
			    SHEET_SECTION), sheet_cell(p, r->first,
			    SHEET_SECTION));
		}
		assert_int_equal(n, r->n);
		assert_int_equal(doors, r->doors);
		next += r->n;
		ndoor += r->ndoors;
	}
	assert_int_equal(next, sheet_electors(p));
	assert_int_equal(ndoor, sheet_ndoors(p));
}

/*
 * Nine streets of 7 houses (odd side) in one section, N = 30: routes cut
 * only where a street ends (28 and 35 doors; 31 and 32 would be nearer
 * to N, but cut a street).
 */
static void
test_routes_streets(void **state)
{
	static const char *const names[] = { "Aubé", "Bédard", "Côté",
	    "Dion", "Émond", "Fortin", "Gagné", "Hébert", "Isabel", "Jobin",
	    "Kirouac", "Lévesque" };
	struct rows		 r;
	struct table		*t;
	struct sheet_plan	*p;
	const struct sheet_route *rt;
	char			*a;
	size_t			 s, h, i, line = 1;

	(void)state;
	memset(&r, 0, sizeof r);
	for (s = 0; s < 9; s++)
		for (h = 0; h < 7; h++) {
			a = xasprintf("%zu rue %s", 2 * h + 1, names[s]);
			add(&r, "001", (unsigned)line++, "Roy", a, "");
			free(a);
		}
	t = rows_table(&r);
	p = plan_of(t, SHEET_SIDE_BOTH, 30);
	check_routes(p);
	assert_int_equal(sheet_nroutes(p), 2);
	for (i = 0; i < sheet_nroutes(p); i++) {
		rt = sheet_route(p, i);
		assert_true(rt->doors == 28 || rt->doors == 35);
		/* It begins a street: 1 rue X. */
		assert_memory_equal(sheet_cell(p, rt->first, SHEET_ADRESSE),
		    "1 rue ", 6);
	}
	sheet_plan_free(p);
	table_free(t);
}

/*
 * One long street side of 200 houses, then a building of 60 units, then
 * a short street, N = 45: the long side is cut between houses into routes
 * near 45; the building is never cut.
 */
static void
test_routes_long_and_building(void **state)
{
	struct rows		 r;
	struct table		*t;
	struct sheet_plan	*p;
	const struct sheet_route *rt;
	const struct sheet_door	*d;
	char			*a, *apt;
	size_t			 h, i, line = 1, in_building = 0;

	(void)state;
	memset(&r, 0, sizeof r);
	for (h = 0; h < 200; h++) {
		a = xasprintf("%zu boulevard Long", 2 * h + 1);
		add(&r, "002", (unsigned)line++, "Roy", a, "");
		free(a);
	}
	for (h = 0; h < 60; h++) {
		apt = xasprintf("%zu", 101 + h);
		add(&r, "002", (unsigned)line++, "Roy", "500 rue Haute", apt);
		add(&r, "002", (unsigned)line++, "Côté", "500 rue Haute", apt);
		free(apt);
	}
	for (h = 0; h < 5; h++) {
		a = xasprintf("%zu rue Zénon", 2 * h + 2);
		add(&r, "002", (unsigned)line++, "Roy", a, "");
		free(a);
	}
	t = rows_table(&r);
	p = plan_of(t, SHEET_SIDE_BOTH, 45);
	check_routes(p);
	for (i = 0; i < sheet_nroutes(p); i++) {
		rt = sheet_route(p, i);
		d = sheet_door(p, rt->first_door);
		if (strcmp(sheet_cell(p, d->first, SHEET_ADRESSE),
		    "500 rue Haute") == 0 || (rt->ndoors > 1 &&
		    strcmp(sheet_cell(p, sheet_door(p, rt->first_door + 1)->
		    first, SHEET_ADRESSE), "500 rue Haute") == 0))
			in_building++;
		if (strstr(sheet_cell(p, rt->first, SHEET_ADRESSE),
		    "boulevard Long") != NULL)
			assert_in_range(rt->doors, 35, 55);
	}
	/* The 60 units and 120 electors of the building: one route. */
	for (i = 0; i < sheet_ndoors(p); i++) {
		d = sheet_door(p, i);
		if (strcmp(sheet_cell(p, d->first, SHEET_ADRESSE),
		    "500 rue Haute") == 0) {
			assert_int_equal(d->n, 120);
			assert_int_equal(d->units, 60);
		}
	}
	assert_int_equal(in_building, 1);
	/* 200 houses: four or five routes, then the building's. */
	assert_in_range(sheet_nroutes(p), 5, 7);
	sheet_plan_free(p);
	table_free(t);
}

/* Doors, not electors: a route size of 3 with houses of 2 electors. */
static void
test_routes_small(void **state)
{
	struct rows		 r;
	struct table		*t;
	struct sheet_plan	*p;
	char			*a;
	size_t			 s, h, i, line = 1;

	(void)state;
	memset(&r, 0, sizeof r);
	for (s = 0; s < 4; s++)
		for (h = 0; h < 3; h++) {
			a = xasprintf("%zu rue R%zu", 2 * h + 1, s);
			add(&r, "003", (unsigned)line++, "Roy", a, "");
			add(&r, "003", (unsigned)line++, "Côté", a, "");
			free(a);
		}
	t = rows_table(&r);
	p = plan_of(t, SHEET_SIDE_BOTH, 3);
	check_routes(p);
	assert_int_equal(sheet_nroutes(p), 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(sheet_route(p, i)->doors, 3);
		assert_int_equal(sheet_route(p, i)->n, 6);
	}
	sheet_plan_free(p);
	table_free(t);
}

/*
 * Pages of 8 lines: an address (heading + electors) is never split
 * unless it alone is longer than a page; pages counted per route.
 */
static void
test_paginate(void **state)
{
	struct rows		 r;
	struct table		*t;
	struct sheet_plan	*p;
	struct sheet_page	*pg = NULL;
	const struct sheet_door	*d;
	char			*a, *apt;
	size_t			 h, k, i, j, n, line = 1, lines;

	(void)state;
	memset(&r, 0, sizeof r);
	for (h = 0; h < 20; h++) {
		a = xasprintf("%zu rue Main", 2 * h + 1);
		for (k = 0; k < 1 + h % 3; k++)
			add(&r, "004", (unsigned)line++, "Roy", a, "");
		free(a);
	}
	for (h = 0; h < 12; h++) {
		apt = xasprintf("%zu", h + 1);
		add(&r, "004", (unsigned)line++, "Roy", "99 rue Main", apt);
		free(apt);
	}
	t = rows_table(&r);
	p = plan_of(t, SHEET_SIDE_BOTH, 1000);
	n = sheet_paginate(p, 8, &pg);
	assert_true(n > 1);
	assert_int_equal(pg[0].first, 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(pg[i].page, i + 1);
		assert_int_equal(pg[i].pages, n);
		assert_true(pg[i].end > pg[i].first);
		if (i > 0)
			assert_int_equal(pg[i].first, pg[i - 1].end);
		lines = 0;
		for (j = pg[i].first; j < pg[i].end; j++) {
			d = sheet_door(p, sheet_door_of(p, j));
			if (j == pg[i].first || d->first == j)
				lines++;
			lines++;
			/* The address ends on this page, or fills pages. */
			if (d->first + d->n > pg[i].end)
				assert_true(d->n + 1 > 8);
		}
		assert_true(lines <= 8);
		d = sheet_door(p, sheet_door_of(p, pg[i].first));
		assert_int_equal(pg[i].continued, d->first < pg[i].first);
	}
	assert_int_equal(pg[n - 1].end, sheet_electors(p));
	free(pg);
	sheet_plan_free(p);
	table_free(t);
}

/* Collects a writer's bytes. */
struct buf {
	char	*p;
	size_t	 len;
};

static int
sink(void *arg, const void *data, size_t len)
{
	struct buf	*b = arg;

	b->p = xrealloc(b->p, b->len + len + 1);
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = '\0';
	return (0);
}

/* Text: 66 lines a page, a form feed between pages, the notice on each. */
static void
test_write_text(void **state)
{
	struct rows		 r;
	struct table		*t;
	struct sheet_plan	*p;
	struct sheet_layout	 lo;
	struct buf		 b = { NULL, 0 };
	char			*a, *page, *save;
	size_t			 h, n, pages = 0, lines, line = 1;

	(void)state;
	memset(&r, 0, sizeof r);
	for (h = 0; h < 150; h++) {
		a = xasprintf("%zu rue Main", 2 * h + 1);
		add(&r, "005", (unsigned)line++, "Roy", a, "");
		free(a);
	}
	t = rows_table(&r);
	p = plan_of(t, SHEET_SIDE_BOTH, 45);
	memset(&lo, 0, sizeof lo);
	lo.title = "Circonscription fictive";
	lo.date = "2026-10-05";
	n = sheet_write_text(p, &lo, sink, &b);
	assert_true(n >= sheet_nroutes(p));
	for (page = strtok_r(b.p, "\f", &save); page != NULL;
	    page = strtok_r(NULL, "\f", &save)) {
		pages++;
		/* The notice, wrapped at 80 columns. */
		assert_non_null(strstr(page, "Confidential \xe2\x80\x94 for "
		    "electoral use only (Loi \xc3\xa9lectorale, art. "
		    "551.1.1)"));
		assert_non_null(strstr(page, "destroy\nafter the vote"));
		assert_non_null(strstr(page, "Circonscription fictive"));
		assert_non_null(strstr(page, "Volunteer:"));
	}
	assert_int_equal(pages, n);
	free(b.p);
	b.p = NULL;
	b.len = 0;
	n = sheet_write_text(p, &lo, sink, &b);
	for (h = 0, lines = 0, pages = 1; h < b.len; h++) {
		if (b.p[h] == '\n')
			lines++;
		if (b.p[h] == '\f') {
			assert_int_equal(lines, 66);
			lines = 0;
			pages++;
		}
	}
	assert_int_equal(lines, 66);
	assert_int_equal(pages, n);
	free(b.p);
	sheet_plan_free(p);
	table_free(t);
}

/* CSV: the notice, a header, one record per elector in walking order. */
static void
test_write_csv(void **state)
{
	static const char *const cells[] = {
		"001", "2", "Roy", "Léa", "9 rue Main", "", "Lévis",
		"001", "1", "=Roy", "Léa", "3 rue Main", "", "Lévis",
	};
	struct table		*t = make(header, NCOLS, cells, 2);
	struct sheet_plan	*p;
	struct sheet_layout	 lo;
	struct buf		 b = { NULL, 0 };
	size_t			 formulas;
	char			*want;

	(void)state;
	p = plan_of(t, SHEET_SIDE_BOTH, 45);
	memset(&lo, 0, sizeof lo);
	lo.title = "x";
	lo.date = "2026-10-05";
	assert_int_equal(sheet_write_csv(p, &lo, sink, &b, &formulas), 0);
	want = xasprintf("\"%s\"\r\nRoute,Key,No section,No électeur,Adresse,"
	    "Appartement,Municipalité,Nom,Prénom,Visit,Support,Note\r\n"
	    "001-1,001-1,001,1,3 rue Main,,Lévis,=Roy,Léa,,,\r\n"
	    "001-1,001-2,001,2,9 rue Main,,Lévis,Roy,Léa,,,\r\n",
	    sheet_notice());
	assert_string_equal(b.p, want);
	assert_int_equal(formulas, 1);
	free(want);
	free(b.p);
	sheet_plan_free(p);
	table_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civic_parse),
		cmocka_unit_test(test_civic_cmp),
		cmocka_unit_test(test_apt_cmp),
		cmocka_unit_test(test_street_name),
		cmocka_unit_test(test_order_side_civic),
		cmocka_unit_test(test_order_apartments),
		cmocka_unit_test(test_order_sections_streets),
		cmocka_unit_test(test_no_line_column),
		cmocka_unit_test(test_no_address),
		cmocka_unit_test(test_routes_streets),
		cmocka_unit_test(test_routes_long_and_building),
		cmocka_unit_test(test_routes_small),
		cmocka_unit_test(test_paginate),
		cmocka_unit_test(test_write_text),
		cmocka_unit_test(test_write_csv),
	};

	i18n_init("en");
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
