/*
 * sheet-text — walk sheets as plain text for a line printer (pages of 66
 * lines, 80 columns; landscape 51 lines of 132 columns; a form feed
 * between pages) and as CSV for typing the results back in.  The page
 * carries the notice, the title and date, the section, the route, its
 * page number, its door and elector counts, the legend of the visit codes
 * and of the support scale, a box per code for each elector, and a line
 * for the volunteer's name and the date.  Cells are sanitized on paper;
 * the CSV keeps them as the list has them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "listelec/export.h"
#include "listelec/i18n.h"
#include "listelec/sheet.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define TEXT_LINES		66
#define TEXT_LINES_LANDSCAPE	51
#define TEXT_COLS		80
#define TEXT_COLS_LANDSCAPE	132
#define TEXT_FOOTER		2	/* blank, the volunteer's line */
#define TW_BUFSZ		65536
#define KEY_WIDTH		10
#define APT_WIDTH		5
#define AGE_WIDTH		3
#define NCODES			8
#define NSUPPORT		5

/* Buffered output to a sink. */
struct tw {
	sheet_sink	 sink;
	void		*arg;
	int		 failed;
	char		*buf;
	size_t		 len;
	int		 ascii;
};

/* Send the buffer. */
static void
tw_flush(struct tw *w)
{
	if (w->len > 0 && !w->failed && w->sink(w->arg, w->buf, w->len) != 0)
		w->failed = 1;
	w->len = 0;
}

/* Append n bytes. */
static void
tw_bytes(struct tw *w, const char *s, size_t n)
{
	size_t	 take;

	while (n > 0) {
		if (w->len == TW_BUFSZ)
			tw_flush(w);
		take = TW_BUFSZ - w->len < n ? TW_BUFSZ - w->len : n;
		memcpy(w->buf + w->len, s, take);
		w->len += take;
		s += take;
		n -= take;
	}
}

/* Append a string. */
static void
tw_str(struct tw *w, const char *s)
{
	tw_bytes(w, s, strlen(s));
}

/* n copies of the character c (a string). */
static void
tw_rep(struct tw *w, const char *c, size_t n)
{
	while (n-- > 0)
		tw_str(w, c);
}

/*
 * s (sanitized first) in exactly width columns: cut with "…" ("~" in
 * ascii), padded with spaces on the right (left when right).
 */
static void
tw_cell(struct tw *w, const char *s, size_t width, int right)
{
	char	*clean = text_sanitize(s, strlen(s), w->ascii, 0);
	size_t	 cw = text_width(clean, strlen(clean)), n, used;

	if (cw > width) {
		n = text_fit(clean, strlen(clean), width > 0 ? width - 1 : 0,
		    &used);
		tw_bytes(w, clean, n);
		tw_str(w, w->ascii ? "~" : "\xe2\x80\xa6");
		tw_rep(w, " ", width - used - 1);
	} else {
		if (right)
			tw_rep(w, " ", width - cw);
		tw_str(w, clean);
		if (!right)
			tw_rep(w, " ", width - cw);
	}
	free(clean);
}

/* Print s wrapped at width, each line prefixed; returns the lines. */
static size_t
tw_wrap(struct tw *w, const char *s, size_t width, int print)
{
	char		*clean = text_sanitize(s, strlen(s), w->ascii, 0);
	const char	*p = clean, *word, *end;
	size_t		 col = 0, lines = 1, ww;

	while (*p != '\0') {
		word = p;
		while (*word == ' ')
			word++;
		if (*word == '\0')
			break;
		end = strchr(word, ' ');
		if (end == NULL)
			end = word + strlen(word);
		ww = text_width(word, (size_t)(end - word));
		if (col > 0 && col + 1 + ww > width) {
			if (print)
				tw_str(w, "\n");
			lines++;
			col = 0;
		}
		if (print) {
			if (col > 0)
				tw_str(w, " ");
			tw_bytes(w, word, (size_t)(end - word));
		}
		col += (col > 0 ? 1 : 0) + ww;
		p = end;
	}
	if (print)
		tw_str(w, "\n");
	free(clean);
	return (lines);
}

/* The legend of the visit codes and the support scale (translated). */
static const char *
legend_codes(void)
{
	return (_("Visit: A absent \xc2\xb7 R refused \xc2\xb7 M moved "
	    "\xc2\xb7 D deceased \xc2\xb7 I inaccessible \xc2\xb7 S sign "
	    "\xc2\xb7 V volunteer \xc2\xb7 C call back"));
}

/* The support scale in words (translated). */
static const char *
legend_support(void)
{
	return (_("Support: 1 sure \xc2\xb7 2 leaning \xc2\xb7 3 undecided "
	    "\xc2\xb7 4 leaning against \xc2\xb7 5 against"));
}

/* The letters of the eight visit codes, in the legend's order. */
static const char *
code_letters(void)
{
	/* TRANSLATORS: the first letters of the eight visit codes, in the
	   order of the legend (absent, refused, moved, deceased,
	   inaccessible, sign, volunteer, call back). */
	const char	*l = _("ARMDISVC");

	return (strlen(l) == NCODES ? l : "ARMDISVC");
}

/* The layout of a text page. */
struct tlayout {
	size_t	 cols;
	size_t	 lines;
	size_t	 header;	/* lines above the body */
	size_t	 name_width;
	int	 age;
};

/* The column header and its rule. */
static void
column_header(struct tw *w, const struct tlayout *l)
{
	const char	*letters = code_letters();
	char		 one[2];
	size_t		 i;

	tw_cell(w, _("Key"), KEY_WIDTH, 0);
	tw_str(w, " ");
	tw_cell(w, _("Name"), l->name_width, 0);
	tw_str(w, " ");
	tw_cell(w, _("Apt"), APT_WIDTH, 0);
	tw_str(w, " ");
	if (l->age) {
		tw_cell(w, _("Age"), AGE_WIDTH, 1);
		tw_str(w, " ");
	}
	one[1] = '\0';
	for (i = 0; i < NCODES; i++) {
		one[0] = letters[i];
		tw_str(w, one);
		tw_str(w, " ");
	}
	tw_str(w, " ");
	for (i = 0; i < NSUPPORT; i++) {
		one[0] = (char)('1' + i);
		tw_str(w, one);
		tw_str(w, i + 1 < NSUPPORT ? " " : "");
	}
	if (l->cols > TEXT_COLS)
		tw_str(w, "  Notes");
	tw_str(w, "\n");
	tw_rep(w, "-", l->cols);
	tw_str(w, "\n");
}

/* Text for the header's counts line (allocated). */
static char *
counts_line(const struct sheet_route *r)
{
	char	*d, *e, *s;

	d = xasprintf(ngettext("%u door", "%u doors", r->doors), r->doors);
	e = xasprintf(ngettext("%u elector", "%u electors", r->n), r->n);
	s = xasprintf(_("%s, %s, %u addresses"), d, e, r->ndoors);
	free(d);
	free(e);
	return (s);
}

/* The top of a page. */
static void
page_header(struct tw *w, const struct sheet_plan *p,
    const struct sheet_layout *lo, const struct tlayout *l,
    const struct sheet_page *pg)
{
	const struct sheet_route	*r = sheet_route(p, pg->route);
	const char			*sec, *mun;
	char				*left, *right, *counts;
	size_t				 rw;

	tw_wrap(w, sheet_notice(), l->cols, 1);
	tw_rep(w, "=", l->cols);
	tw_str(w, "\n");
	right = xstrdup(lo->date);
	rw = text_width(right, strlen(right));
	tw_cell(w, lo->title, l->cols - rw - 1, 0);
	tw_str(w, " ");
	tw_str(w, right);
	tw_str(w, "\n");
	free(right);
	sec = sheet_cell(p, r->first, SHEET_SECTION);
	mun = sheet_cell(p, r->first, SHEET_MUNICIPALITE);
	left = xasprintf(*mun != '\0' ? _("Section %s, %s \xc2\xb7 Route %s") :
	    _("Section %s%s \xc2\xb7 Route %s"), sec, mun, r->id);
	right = xasprintf(_("Page %u of %u"), pg->page, pg->pages);
	rw = text_width(right, strlen(right));
	tw_cell(w, left, l->cols - rw - 1, 0);
	tw_str(w, " ");
	tw_str(w, right);
	tw_str(w, "\n");
	free(left);
	free(right);
	counts = counts_line(r);
	tw_cell(w, counts, l->cols, 0);
	free(counts);
	tw_str(w, "\n");
	tw_wrap(w, legend_codes(), l->cols, 1);
	tw_wrap(w, legend_support(), l->cols, 1);
	tw_str(w, "\n");
	column_header(w, l);
}

/* The heading of an address: "== 2400 rue du Fleuve ==". */
static void
door_heading(struct tw *w, const struct sheet_plan *p,
    const struct tlayout *l, uint32_t door, int continued)
{
	const struct sheet_door	*d = sheet_door(p, door);
	const char		*a = sheet_cell(p, d->first, SHEET_ADRESSE);
	char			*s, *b = NULL, *u;
	size_t			 cw;

	if (d->units > 1) {
		u = xasprintf(ngettext("%u elector", "%u electors", d->n),
		    d->n);
		b = xasprintf(ngettext("building: %u unit, %s",
		    "building: %u units, %s", d->units), d->units, u);
		free(u);
	}
	s = xasprintf("== %s%s%s%s ", a, b != NULL ? " \xe2\x80\x94 " : "",
	    b != NULL ? b : "", continued ? _(" (continued)") : "");
	free(b);
	cw = text_width(s, strlen(s));
	if (cw >= l->cols)
		tw_cell(w, s, l->cols, 0);
	else {
		tw_cell(w, s, cw, 0);
		tw_rep(w, "=", l->cols - cw);
	}
	tw_str(w, "\n");
	free(s);
}

/* One elector's line. */
static void
elector_line(struct tw *w, const struct sheet_plan *p,
    const struct tlayout *l, size_t i, int first_of_household)
{
	const char	*box = w->ascii ? "o" : "\xe2\x96\xa1";
	char		 key[64], *name;
	size_t		 k;

	sheet_key(p, i, key, sizeof key);
	tw_cell(w, key, KEY_WIDTH, 0);
	tw_str(w, " ");
	name = xasprintf("%s, %s", sheet_cell(p, i, SHEET_NOM),
	    sheet_cell(p, i, SHEET_PRENOM));
	tw_cell(w, name, l->name_width, 0);
	free(name);
	tw_str(w, " ");
	tw_cell(w, first_of_household ? sheet_cell(p, i, SHEET_APPARTEMENT) :
	    "", APT_WIDTH, 0);
	tw_str(w, " ");
	if (l->age) {
		tw_cell(w, sheet_cell(p, i, SHEET_AGE), AGE_WIDTH, 1);
		tw_str(w, " ");
	}
	for (k = 0; k < NCODES; k++) {
		tw_str(w, box);
		tw_str(w, " ");
	}
	tw_str(w, " ");
	for (k = 0; k < NSUPPORT; k++) {
		tw_str(w, box);
		tw_str(w, k + 1 < NSUPPORT ? " " : "");
	}
	if (l->cols > TEXT_COLS)
		tw_str(w, "  ______________________________");
	tw_str(w, "\n");
}

/* Every page as text; see sheet.h. */
size_t
sheet_write_text(const struct sheet_plan *p, const struct sheet_layout *lo,
    sheet_sink sink, void *arg)
{
	struct tw		 w;
	struct tlayout		 l;
	struct sheet_page	*pages = NULL;
	const struct sheet_page	*pg;
	size_t			 npages, i, j, used, fixed;
	uint32_t		 door;
	char			*foot, *num;

	memset(&w, 0, sizeof w);
	w.sink = sink;
	w.arg = arg;
	w.ascii = lo->ascii;
	w.buf = xmalloc(TW_BUFSZ);
	memset(&l, 0, sizeof l);
	l.cols = lo->landscape ? TEXT_COLS_LANDSCAPE : TEXT_COLS;
	l.lines = lo->landscape ? TEXT_LINES_LANDSCAPE : TEXT_LINES;
	l.age = lo->with_age && sheet_column(p, SHEET_AGE) >= 0;
	fixed = KEY_WIDTH + 1 + 1 + APT_WIDTH + 1 + 2 * NCODES + 1 +
	    2 * NSUPPORT - 1 + (l.age ? AGE_WIDTH + 1 : 0) +
	    (l.cols > TEXT_COLS ? 32 : 0);
	l.name_width = l.cols - fixed;
	/* notice, rule, title, section, counts, legends, blank, header. */
	l.header = tw_wrap(&w, sheet_notice(), l.cols, 0) + 4 +
	    tw_wrap(&w, legend_codes(), l.cols, 0) +
	    tw_wrap(&w, legend_support(), l.cols, 0) + 1 + 2;
	npages = sheet_paginate(p, l.lines - l.header - TEXT_FOOTER, &pages);
	for (i = 0; i < npages && !w.failed; i++) {
		pg = &pages[i];
		if (i > 0)
			tw_str(&w, "\f");
		page_header(&w, p, lo, &l, pg);
		used = 0;
		for (j = pg->first; j < pg->end; j++) {
			door = sheet_door_of(p, j);
			if (j == pg->first || sheet_door(p, door)->first == j) {
				door_heading(&w, p, &l, door,
				    sheet_door(p, door)->first != j);
				used++;
			}
			elector_line(&w, p, &l, j, j == pg->first ||
			    sheet_door(p, door)->first == j ||
			    sheet_new_household(p, j));
			used++;
		}
		for (; used < l.lines - l.header - TEXT_FOOTER; used++)
			tw_str(&w, "\n");
		tw_str(&w, "\n");
		foot = xstrdup(_("Volunteer: ____________________  "
		    "Date: ____________"));
		num = xasprintf(_("sheet %zu/%zu"), i + 1, npages);
		tw_cell(&w, foot, l.cols - text_width(num, strlen(num)) - 1,
		    0);
		tw_str(&w, " ");
		tw_str(&w, num);
		tw_str(&w, "\n");
		free(foot);
		free(num);
	}
	tw_flush(&w);
	free(w.buf);
	free(pages);
	return (w.failed ? 0 : npages > 0 ? npages : 1);
}

/* One CSV field (RFC 4180). */
static void
csv_field(struct tw *w, const char *s, int last, size_t *formulas)
{
	const char	*q;

	if (export_formula_like(s, strlen(s)))
		(*formulas)++;
	if (strpbrk(s, ",\"\r\n") == NULL)
		tw_str(w, s);
	else {
		tw_str(w, "\"");
		for (; (q = strchr(s, '"')) != NULL; s = q + 1) {
			tw_bytes(w, s, (size_t)(q - s) + 1);
			tw_str(w, "\"");
		}
		tw_str(w, s);
		tw_str(w, "\"");
	}
	tw_str(w, last ? "\r\n" : ",");
}

/* The CSV of the sheets; see sheet.h. */
int
sheet_write_csv(const struct sheet_plan *p, const struct sheet_layout *lo,
    sheet_sink sink, void *arg, size_t *formulas)
{
	static const enum sheet_field fields[] = {
		SHEET_SECTION, SHEET_LINE, SHEET_ADRESSE, SHEET_APPARTEMENT,
		SHEET_MUNICIPALITE, SHEET_NOM, SHEET_PRENOM, SHEET_AGE
	};
	const struct table	*t = sheet_table(p);
	struct tw		 w;
	char			 key[64];
	size_t			 i, f, nf = sizeof fields / sizeof fields[0];
	size_t			 none = 0;
	int			 age = lo->with_age &&
				    sheet_column(p, SHEET_AGE) >= 0;

	*formulas = 0;
	memset(&w, 0, sizeof w);
	w.sink = sink;
	w.arg = arg;
	w.buf = xmalloc(TW_BUFSZ);
	csv_field(&w, sheet_notice(), 1, &none);
	csv_field(&w, _("Route"), 0, &none);
	csv_field(&w, _("Key"), 0, &none);
	for (f = 0; f < nf; f++) {
		if ((fields[f] == SHEET_AGE && !age) ||
		    sheet_column(p, fields[f]) < 0)
			continue;
		csv_field(&w, table_col_name(t,
		    (size_t)sheet_column(p, fields[f])), 0, &none);
	}
	csv_field(&w, _("Visit"), 0, &none);
	csv_field(&w, _("Support"), 0, &none);
	csv_field(&w, _("Note"), 1, &none);
	for (i = 0; i < sheet_electors(p) && !w.failed; i++) {
		csv_field(&w, sheet_route(p, sheet_door(p,
		    sheet_door_of(p, i))->route)->id, 0, &none);
		sheet_key(p, i, key, sizeof key);
		csv_field(&w, key, 0, formulas);
		for (f = 0; f < nf; f++) {
			if ((fields[f] == SHEET_AGE && !age) ||
			    sheet_column(p, fields[f]) < 0)
				continue;
			csv_field(&w, sheet_cell(p, i, fields[f]), 0,
			    formulas);
		}
		tw_str(&w, ",,\r\n");
	}
	tw_flush(&w);
	free(w.buf);
	return (w.failed ? -1 : 0);
}
