/*
 * test_diff — matching two lists without an elector id (diff.c) on small
 * tables of fictitious electors built at test time: each category and
 * detail (unchanged, renumbered, corrected name / birth / sex / spelling,
 * moved in or out of the section, added, struck off), keys folded (case,
 * accents, hyphens, spaces, civic suffixes), duplicates that cannot be
 * told apart (ambiguous, grouped, never guessed), the same result whatever
 * the order of the rows, change marks and where they disagree, a
 * changes-only statement, the per-section statement's sums, and the
 * category names.
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

#include "listelec/diff.h"
#include "listelec/table.h"

#define MAXCOLS	16

static const char *const list_header =
    "No section;No électeur;Nom;Prénom;Sexe;Date de naissance;Adresse;"
    "Appartement;Municipalité;Code postal";
static const char *const marks_header =
    "No section;No électeur;Nom;Prénom;Sexe;Date de naissance;Adresse;"
    "Appartement;Municipalité;Code postal;Modification";

/* Split s on ';' into cells (pointers into a copy kept in *buf). */
static size_t
split(const char *s, char **buf, const char **cells, size_t *lens)
{
	char	*p;
	size_t	 n = 0;

	*buf = strdup(s);
	assert_non_null(*buf);
	for (p = *buf;; p++) {
		cells[n] = p;
		while (*p != ';' && *p != '\0')
			p++;
		lens[n] = (size_t)(p - cells[n]);
		n++;
		assert_true(n <= MAXCOLS);
		if (*p == '\0')
			break;
		*p = '\0';
	}
	return (n);
}

/* A finished table: header, then rows[order[i]] (order NULL: in order). */
static struct table *
make(const char *header, const char *const *rows, size_t n,
    const size_t *order)
{
	struct table	*t = table_new();
	const char	*cells[MAXCOLS];
	size_t		 lens[MAXCOLS], k, i, src;
	char		*buf, *cause = NULL;

	k = split(header, &buf, cells, lens);
	assert_int_equal(table_set_header(t, cells, lens, k), 0);
	free(buf);
	src = table_add_source(t, "liste.csv");
	for (i = 0; i < n; i++) {
		k = split(rows[order != NULL ? order[i] : i], &buf, cells,
		    lens);
		assert_int_equal(table_add_row(t, src, cells, lens, k,
		    &cause), 0);
		free(buf);
	}
	table_finish(t);
	return (t);
}

/* Run diff; the tables are kept in the caller's. */
static struct diff *
run(const struct table *o, const struct table *n)
{
	struct diff	*d = NULL;
	char		*cause = NULL;

	assert_int_equal(diff_run(o, n, NULL, &d, &cause), 0);
	assert_non_null(d);
	return (d);
}

/* The change whose new (or, when absent, old) row holds Nom=nom. */
static const struct diff_change *
find(const struct diff *d, const struct table *o, const struct table *n,
    const char *nom, int side)
{
	const struct diff_change	*ch;
	size_t				 nch, i;
	long				 co = table_col_find(o, "Nom");
	long				 cn = table_col_find(n, "Nom");

	ch = diff_changes(d, &nch);
	for (i = 0; i < nch; i++) {
		if (side == 1 && ch[i].new_row != DIFF_NONE &&
		    strcmp(table_cell(n, ch[i].new_row, (size_t)cn, NULL),
		    nom) == 0)
			return (&ch[i]);
		if (side == 0 && ch[i].old_row != DIFF_NONE &&
		    strcmp(table_cell(o, ch[i].old_row, (size_t)co, NULL),
		    nom) == 0)
			return (&ch[i]);
	}
	fail_msg("no change for %s", nom);
	return (NULL);
}

/* Nonzero when the change's fields mask holds the column named so. */
static int
has_field(const struct diff *d, const struct diff_change *ch,
    const char *name)
{
	size_t	 i;

	for (i = 0; i < diff_ncolumns(d); i++)
		if (strcmp(diff_column(d, i)->name, name) == 0)
			return ((ch->fields & (UINT64_C(1) << i)) != 0);
	fail_msg("no column %s", name);
	return (0);
}

static const char *const old_rows[] = {
	"001;1;Paré;Lucie;F;2004-01-19;189 rue de l'Église;;Québec;G3J 6L0",
	"001;2;Gagnon;Réjeanne;F;1949-07-07;189 rue de l'Église;;Québec;"
	    "G3J 6L0",
	"001;3;Boudreau;Jean-François;M;2001-03-22;191 rue de l'Église;;"
	    "Québec;G3J 6L0",
	"001;4;Fournier;Annie;F;1981-06-19;197 rue de l'Église;;Québec;"
	    "G3J 6L0",
	"001;5;Simard;Camille;F;1932-05-22;201 rue de l'Église;;Québec;"
	    "G3J 6L0",
	"001;6;Lavoie;Marc;M;1960-02-02;203 rue de l'Église;;Québec;G3J 6L0",
	"002;1;Poulin;Ève;F;1959-06-11;7015A rue des Érables;101;Québec;"
	    "G3J 6L1",
	"002;2;Tremblay;Denis;M;1964-02-05;12 1/2 chemin du Roy;B;Québec;"
	    "G3J 6L1",
	"002;3;Côté;Luc;M;1975-05-05;30 chemin du Roy;;Québec;G3J 6L1",
	"002;4;Morin;Julie;F;1988-08-08;32 chemin du Roy;;Québec;G3J 6L1",
};
static const char *const new_rows[] = {
	/* spelling (accent) */
	"001;1;Pare;Lucie;F;2004-01-19;189 rue de l'Église;;Québec;G3J 6L0",
	/* sex */
	"001;2;Gagnon;Réjeanne;M;1949-07-07;189 rue de l'Église;;Québec;"
	    "G3J 6L0",
	/* added */
	"001;3;Bolduc;Anne;F;1999-09-09;189 rue de l'Église;;Québec;G3J 6L0",
	/* spelling (hyphen, case), renumbered too */
	"001;4;BOUDREAU;Jean François;M;2001-03-22;191 rue de l'Église;;"
	    "Québec;G3J 6L0",
	/* moved, same section */
	"001;5;Fournier;Annie;F;1981-06-19;205 rue de l'Église;;Québec;"
	    "G3J 6L0",
	/* name corrected (close) */
	"001;6;Simard;Camile;F;1932-05-22;201 rue de l'Église;;Québec;"
	    "G3J 6L0",
	/* renumbered only */
	"001;7;Lavoie;Marc;M;1960-02-02;203 rue de l'Église;;Québec;G3J 6L0",
	/* birth corrected; civic suffix written otherwise */
	"002;1;Poulin;Ève;F;1959-06-12;7015-a rue des Érables;101;Québec;"
	    "G3J 6L1",
	/* moved to another section */
	"003;1;Côté;Luc;M;1975-05-05;40 rue Principale;;Québec;G3J 6L2",
	/* unchanged */
	"002;4;Morin;Julie;F;1988-08-08;32 chemin du Roy;;Québec;G3J 6L1",
	/* Tremblay struck off */
};
#define NOLD	(sizeof old_rows / sizeof old_rows[0])
#define NNEW	(sizeof new_rows / sizeof new_rows[0])

/* A table without the columns needed is refused with a reason. */
static void
test_missing_columns(void **state)
{
	static const char *const rows[] = { "1;Roy" };
	struct table	*o, *n;
	struct diff	*d = NULL;
	char		*cause = NULL;

	(void)state;
	o = make("No section;Nom", rows, 1, NULL);
	n = make(list_header, old_rows, NOLD, NULL);
	assert_int_equal(diff_run(o, n, NULL, &d, &cause), -1);
	assert_null(d);
	assert_non_null(strstr(cause, "Prénom"));
	free(cause);
	table_free(o);
	table_free(n);
}

/* Every category and detail from hand-made lists. */
static void
test_categories(void **state)
{
	struct table			*o, *n;
	struct diff			*d;
	const struct diff_change	*ch;

	(void)state;
	o = make(list_header, old_rows, NOLD, NULL);
	n = make(list_header, new_rows, NNEW, NULL);
	d = run(o, n);

	ch = find(d, o, n, "Pare", 1);
	assert_int_equal(ch->cat, DIFF_CORRECTED);
	assert_int_equal(ch->detail, DIFF_NAME);
	assert_true(has_field(d, ch, "Nom"));
	assert_false(has_field(d, ch, "Prénom"));

	ch = find(d, o, n, "Gagnon", 1);
	assert_int_equal(ch->cat, DIFF_CORRECTED);
	assert_int_equal(ch->detail, DIFF_SEX);
	assert_true(has_field(d, ch, "Sexe"));

	ch = find(d, o, n, "Bolduc", 1);
	assert_int_equal(ch->cat, DIFF_ADDED);
	assert_int_equal(ch->old_row, DIFF_NONE);

	ch = find(d, o, n, "BOUDREAU", 1);
	assert_int_equal(ch->cat, DIFF_CORRECTED);
	assert_int_equal(ch->detail, DIFF_NAME);
	assert_true(has_field(d, ch, "No électeur"));

	ch = find(d, o, n, "Fournier", 1);
	assert_int_equal(ch->cat, DIFF_MOVED);
	assert_int_equal(ch->detail, DIFF_SAME_SECTION);
	assert_true(has_field(d, ch, "Adresse"));

	ch = find(d, o, n, "Simard", 1);
	assert_int_equal(ch->cat, DIFF_CORRECTED);
	assert_int_equal(ch->detail, DIFF_NAME);
	assert_true(has_field(d, ch, "Prénom"));

	ch = find(d, o, n, "Lavoie", 1);
	assert_int_equal(ch->cat, DIFF_RENUMBERED);
	assert_int_equal(ch->fields & ~UINT64_C(3), 0);

	ch = find(d, o, n, "Poulin", 1);
	assert_int_equal(ch->cat, DIFF_CORRECTED);
	assert_int_equal(ch->detail, DIFF_BIRTH | DIFF_ADDRESS);

	ch = find(d, o, n, "Côté", 1);
	assert_int_equal(ch->cat, DIFF_MOVED);
	assert_int_equal(ch->detail, DIFF_OTHER_SECTION);

	ch = find(d, o, n, "Morin", 1);
	assert_int_equal(ch->cat, DIFF_UNCHANGED);
	assert_int_equal(ch->fields, 0);

	ch = find(d, o, n, "Tremblay", 0);
	assert_int_equal(ch->cat, DIFF_STRUCK);
	assert_int_equal(ch->new_row, DIFF_NONE);

	assert_int_equal(diff_count(d, DIFF_ADDED), 1);
	assert_int_equal(diff_count(d, DIFF_STRUCK), 1);
	assert_int_equal(diff_count(d, DIFF_MOVED), 2);
	assert_int_equal(diff_count(d, DIFF_CORRECTED), 5);
	assert_int_equal(diff_count(d, DIFF_RENUMBERED), 1);
	assert_int_equal(diff_count(d, DIFF_UNCHANGED), 1);
	assert_int_equal(diff_count(d, DIFF_AMBIGUOUS), 0);
	assert_int_equal(diff_before(d), NOLD);
	assert_int_equal(diff_after(d), NNEW);
	assert_false(diff_has_marks(d));
	diff_free(d);
	table_free(o);
	table_free(n);
}

/*
 * A name too far from the old one is not a correction: struck + added
 * (Luc and Lucie, two edits for a short name).
 */
static void
test_name_not_close(void **state)
{
	static const char *const a[] = {
		"001;1;Simard;Luc;M;1932-05-22;201 rue A;;Québec;G3J",
	};
	static const char *const b[] = {
		"001;1;Simard;Lucie;M;1932-05-22;201 rue A;;Québec;G3J",
	};
	struct table	*o, *n;
	struct diff	*d;

	(void)state;
	o = make(list_header, a, 1, NULL);
	n = make(list_header, b, 1, NULL);
	d = run(o, n);
	assert_int_equal(diff_count(d, DIFF_ADDED), 1);
	assert_int_equal(diff_count(d, DIFF_STRUCK), 1);
	assert_int_equal(diff_count(d, DIFF_CORRECTED), 0);
	diff_free(d);
	table_free(o);
	table_free(n);
}

/* Civic numbers: "12 1/2" is not "12", "7015A" is "7015 a". */
static void
test_civic(void **state)
{
	static const char *const a[] = {
		"001;1;Roy;Paul;M;1950-01-01;12 1/2 rue Jarry;;Laval;H1",
		"001;2;Roy;Anne;F;1951-01-01;7015A rue Jarry;;Laval;H1",
		"001;3;Roy;Léo;M;1952-01-01;0040 rue Jarry;3;Laval;H1",
	};
	static const char *const b[] = {
		"001;1;Roy;Paul;M;1950-01-01;12 rue Jarry;;Laval;H1",
		"001;2;Roy;Anne;F;1951-01-01;7015 a rue  jarry;;Laval;H1",
		"001;3;Roy;Léo;M;1952-01-01;40 rue Jarry;03;Laval;H1",
	};
	struct table	*o, *n;
	struct diff	*d;

	(void)state;
	o = make(list_header, a, 3, NULL);
	n = make(list_header, b, 3, NULL);
	d = run(o, n);
	assert_int_equal(find(d, o, n, "Roy", 1)->cat, DIFF_MOVED);
	assert_int_equal(diff_count(d, DIFF_MOVED), 1);
	assert_int_equal(diff_count(d, DIFF_CORRECTED), 2);
	diff_free(d);
	table_free(o);
	table_free(n);
}

/* Duplicates that cannot be told apart: ambiguous, one group. */
static void
test_ambiguous(void **state)
{
	static const char *const a[] = {
		"002;4;Roy;Jean;M;1970-01-01;14 chemin du Roy;;Québec;G3J",
		"002;5;Roy;Jean;M;1970-01-01;14 chemin du Roy;;Québec;G3J",
		"002;6;Roy;Anne;F;1972-01-01;14 chemin du Roy;;Québec;G3J",
	};
	static const char *const b[] = {
		"002;3;Roy;Jean;M;1970-01-01;16 chemin du Roy;;Québec;G3J",
		"002;4;Roy;Anne;F;1972-01-01;14 chemin du Roy;;Québec;G3J",
	};
	struct table			*o, *n;
	struct diff			*d;
	const struct diff_change	*ch;
	size_t				 nch, i, amb = 0;

	(void)state;
	o = make(list_header, a, 3, NULL);
	n = make(list_header, b, 2, NULL);
	d = run(o, n);
	ch = diff_changes(d, &nch);
	for (i = 0; i < nch; i++) {
		if (ch[i].cat != DIFF_AMBIGUOUS)
			continue;
		amb++;
		assert_int_equal(ch[i].group, 1);
	}
	assert_int_equal(amb, 3);
	assert_int_equal(diff_count(d, DIFF_AMBIGUOUS), 3);
	assert_int_equal(diff_count(d, DIFF_MOVED), 0);
	assert_int_equal(diff_count(d, DIFF_STRUCK), 0);
	assert_int_equal(diff_count(d, DIFF_RENUMBERED), 1);
	diff_free(d);
	table_free(o);
	table_free(n);
}

/* A printable form of a result: category, detail, both rows' cells. */
static char *
result_text(const struct diff *d, const struct table *o,
    const struct table *n)
{
	const struct diff_change	*ch;
	size_t				 nch, i, c, len = 0;
	char				*s = NULL;
	FILE				*f;

	f = open_memstream(&s, &len);
	assert_non_null(f);
	ch = diff_changes(d, &nch);
	for (i = 0; i < nch; i++) {
		fprintf(f, "%d %d %u %llx |", ch[i].cat, ch[i].detail,
		    (unsigned)ch[i].group, (unsigned long long)ch[i].fields);
		for (c = 0; ch[i].old_row != DIFF_NONE &&
		    c < table_file_cols(o); c++)
			fprintf(f, "%s;", table_cell(o, ch[i].old_row, c,
			    NULL));
		fputs("|", f);
		for (c = 0; ch[i].new_row != DIFF_NONE &&
		    c < table_file_cols(n); c++)
			fprintf(f, "%s;", table_cell(n, ch[i].new_row, c,
			    NULL));
		fputs("\n", f);
	}
	fclose(f);
	return (s);
}

/* Shuffled rows give the same result, in the same order. */
static void
test_shuffled(void **state)
{
	static const size_t	 po[NOLD] = { 7, 2, 9, 0, 4, 8, 1, 6, 3, 5 };
	static const size_t	 pn[NNEW] = { 9, 3, 0, 6, 8, 1, 5, 2, 7, 4 };
	struct table		*o, *n, *so, *sn;
	struct diff		*d, *sd;
	char			*a, *b;

	(void)state;
	o = make(list_header, old_rows, NOLD, NULL);
	n = make(list_header, new_rows, NNEW, NULL);
	so = make(list_header, old_rows, NOLD, po);
	sn = make(list_header, new_rows, NNEW, pn);
	d = run(o, n);
	sd = run(so, sn);
	a = result_text(d, o, n);
	b = result_text(sd, so, sn);
	assert_string_equal(a, b);
	free(a);
	free(b);
	diff_free(d);
	diff_free(sd);
	table_free(o);
	table_free(n);
	table_free(so);
	table_free(sn);
}

/* Marks: used (Ajout kept out), and flagged where they disagree. */
static void
test_marks(void **state)
{
	static const char *const a[] = {
		"001;1;Roy;Paul;M;1950-01-01;12 rue Jarry;;Laval;H1",
		"001;2;Roy;Anne;F;1951-01-01;14 rue Jarry;;Laval;H1",
		"001;3;Roy;Léo;M;1952-01-01;16 rue Jarry;;Laval;H1",
		"001;4;Roy;Éva;F;1953-01-01;18 rue Jarry;;Laval;H1",
	};
	static const char *const b[] = {
		/* marked added, but the old Paul moved: disagrees */
		"001;1;Roy;Paul;M;1950-01-01;20 rue Jarry;;Laval;H1;Ajout",
		/* marked corrected, unchanged: disagrees */
		"001;2;Roy;Anne;F;1951-01-01;14 rue Jarry;;Laval;H1;"
		    "Correction",
		/* marked moved and moved: agrees */
		"001;3;Roy;Léo;M;1952-01-01;22 rue Jarry;;Laval;H1;"
		    "Déménagement",
		/* no mark, unchanged: agrees */
		"001;4;Roy;Éva;F;1953-01-01;18 rue Jarry;;Laval;H1;",
		/* marked added, new: agrees */
		"001;5;Roy;Zoé;F;2008-01-01;18 rue Jarry;;Laval;H1;Ajout",
	};
	struct table			*o, *n;
	struct diff			*d;
	struct diff_options		 opts;
	const struct diff_change	*ch;
	char				*cause = NULL;

	(void)state;
	o = make(list_header, a, 4, NULL);
	n = make(marks_header, b, 5, NULL);
	d = run(o, n);
	assert_true(diff_has_marks(d));
	assert_false(diff_changes_only(d));
	ch = find(d, o, n, "Roy", 1);	/* Paul, the first new row */
	assert_int_equal(ch->cat, DIFF_ADDED);
	assert_int_equal(ch->mark, DIFF_ADDED);
	assert_true(ch->disagree);
	assert_int_equal(diff_count(d, DIFF_ADDED), 2);
	assert_int_equal(diff_count(d, DIFF_STRUCK), 1);
	assert_int_equal(diff_count(d, DIFF_MOVED), 1);
	assert_int_equal(diff_count(d, DIFF_UNCHANGED), 2);
	assert_int_equal(diff_disagreements(d), 2);
	/* The column Modification is not a field compared. */
	assert_int_equal(diff_ncolumns(d), 10);
	diff_free(d);

	/* Without the marks: Paul moved, no disagreement. */
	memset(&opts, 0, sizeof opts);
	opts.no_marks = 1;
	assert_int_equal(diff_run(o, n, &opts, &d, &cause), 0);
	assert_false(diff_has_marks(d));
	assert_int_equal(diff_count(d, DIFF_MOVED), 2);
	assert_int_equal(diff_count(d, DIFF_ADDED), 1);
	assert_int_equal(diff_disagreements(d), 0);
	diff_free(d);
	table_free(o);
	table_free(n);
}

/* A changes-only statement: only what it says changes. */
static void
test_changes_only(void **state)
{
	static const char *const a[] = {
		"001;1;Roy;Paul;M;1950-01-01;12 rue Jarry;;Laval;H1",
		"001;2;Roy;Anne;F;1951-01-01;14 rue Jarry;;Laval;H1",
		"001;3;Roy;Léo;M;1952-01-01;16 rue Jarry;;Laval;H1",
		"002;1;Roy;Éva;F;1953-01-01;18 rue Jarry;;Laval;H1",
		"002;2;Roy;Marc;M;1954-01-01;18 rue Jarry;;Laval;H1",
	};
	static const char *const b[] = {
		"001;1;Roy;Paul;M;1950-01-01;12 rue Jarry;;Laval;H1;Radiation",
		"002;3;Roy;Léo;M;1952-01-01;30 rue Jarry;;Laval;H1;"
		    "Déménagement",
		"002;1;Roy;Éva;F;1953-02-01;18 rue Jarry;;Laval;H1;Correction",
		"001;4;Roy;Zoé;F;2008-01-01;14 rue Jarry;;Laval;H1;Ajout",
		"009;9;Nul;Nul;F;2000-01-01;1 rue Nulle;;Laval;H1;Radiation",
	};
	struct table			*o, *n;
	struct diff			*d;
	const struct diff_section	*s;
	size_t				 ns;

	(void)state;
	o = make(list_header, a, 5, NULL);
	n = make(marks_header, b, 5, NULL);
	d = run(o, n);
	assert_true(diff_changes_only(d));
	assert_int_equal(diff_count(d, DIFF_ADDED), 1);
	assert_int_equal(diff_count(d, DIFF_MOVED), 1);
	assert_int_equal(diff_count(d, DIFF_CORRECTED), 1);
	/* Paul, and the Radiation that matches nobody (disagrees). */
	assert_int_equal(diff_count(d, DIFF_STRUCK), 2);
	assert_int_equal(diff_count(d, DIFF_UNCHANGED), 2);
	assert_int_equal(diff_disagreements(d), 1);
	assert_int_equal(diff_before(d), 5);
	assert_int_equal(diff_after(d), 5);
	s = diff_sections(d, &ns);
	assert_int_equal(ns, 3);
	assert_string_equal(s[0].name, "001");
	assert_int_equal(s[0].before, 3);
	assert_int_equal(s[0].after, 2);	/* Anne, Zoé */
	assert_int_equal(s[0].moved_out, 1);
	assert_int_equal(s[1].moved_in, 1);
	assert_int_equal(s[1].after, 3);
	diff_free(d);
	table_free(o);
	table_free(n);
}

/* Per section: after = before + added - struck + in - out (+ ambiguous). */
static void
test_sections(void **state)
{
	struct table			*o, *n;
	struct diff			*d;
	const struct diff_section	*s;
	size_t				 ns, i, before = 0, after = 0;

	(void)state;
	o = make(list_header, old_rows, NOLD, NULL);
	n = make(list_header, new_rows, NNEW, NULL);
	d = run(o, n);
	s = diff_sections(d, &ns);
	assert_int_equal(ns, 3);
	assert_string_equal(s[0].name, "001");
	assert_string_equal(s[2].name, "003");
	for (i = 0; i < ns; i++) {
		assert_int_equal(s[i].after, s[i].before + s[i].added -
		    s[i].struck + s[i].moved_in - s[i].moved_out +
		    s[i].ambiguous_after - s[i].ambiguous_before);
		before += s[i].before;
		after += s[i].after;
	}
	assert_int_equal(s[1].moved_out, 1);
	assert_int_equal(s[2].moved_in, 1);
	assert_int_equal(s[0].added, 1);
	assert_int_equal(s[1].struck, 1);
	assert_int_equal(before, NOLD);
	assert_int_equal(after, NNEW);
	diff_free(d);
	table_free(o);
	table_free(n);
}

/* Category names: English tokens, French words, marks. */
static void
test_names(void **state)
{
	char	 buf[64];

	(void)state;
	assert_int_equal(diff_parse_cat("added"), DIFF_ADDED);
	assert_int_equal(diff_parse_cat("Struck-Off"), DIFF_STRUCK);
	assert_int_equal(diff_parse_cat("radiation"), DIFF_STRUCK);
	assert_int_equal(diff_parse_cat("Déménagement"), DIFF_MOVED);
	assert_int_equal(diff_parse_cat("renumérotation"), DIFF_RENUMBERED);
	assert_int_equal(diff_parse_cat("inchangé"), DIFF_UNCHANGED);
	assert_int_equal(diff_parse_cat("AMBIGU"), DIFF_AMBIGUOUS);
	assert_int_equal(diff_parse_cat("nothing"), -1);
	assert_string_equal(diff_cat_token(DIFF_STRUCK), "struck-off");
	diff_detail(DIFF_NAME | DIFF_SEX, 0, buf, sizeof buf);
	assert_string_equal(buf, "name+sex");
	diff_detail(DIFF_OTHER_SECTION, 0, buf, sizeof buf);
	assert_string_equal(buf, "other-section");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_columns),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_name_not_close),
		cmocka_unit_test(test_civic),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_shuffled),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_changes_only),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_names),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
