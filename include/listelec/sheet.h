/*
 * sheet — walk sheets for door-to-door canvassing, from the rows of a
 * list: the walking order (section, municipality, street, side, civic
 * number, apartment, name), the grouping into addresses (civic number and
 * street), households (apartment) and buildings (an address with several
 * units), the cutting of each section into routes of about N doors, and
 * the pagination (a route starts a page; an address and its electors are
 * never split across pages unless they alone fill more than one).
 *
 * A door is a place a volunteer knocks: a house, or each unit of a
 * building (a building of 12 units counts 12 doors).  Routes are cut at a
 * street or side boundary; a street side longer than one and a half
 * routes is cut between addresses; a building is never cut.
 *
 * Writers: plain text paginated with form feeds and CSV (sheet-text.c,
 * in the core library), PDF through cairo and pango (sheet-pdf.c, in
 * src/libsheet.a with the command, so the core library and its tests do
 * not link cairo).  Writers send their bytes to a callback and never
 * print.  No curses.
 */
#ifndef LISTELEC_SHEET_H
#define LISTELEC_SHEET_H

#include <stddef.h>
#include <stdint.h>

struct table;
struct sheet_plan;

enum sheet_side {
	SHEET_SIDE_BOTH,	/* odd side of a street, then even */
	SHEET_SIDE_ODD,
	SHEET_SIDE_EVEN,
};

#define SHEET_DOORS_DEFAULT	45
#define SHEET_DOORS_MAX		10000

struct sheet_options {
	enum sheet_side	 side;
	size_t		 doors;		/* route size; 0 = default */
};

/* Parse "odd", "even", "both" (and the French impair, pair, tous). */
int	 sheet_parse_side(const char *, enum sheet_side *);

/*
 * A civic number as read from the start of an address: the number, its
 * suffix ("A" of 7015A, "1/2" of 12 1/2; "" when none), and where the
 * street begins.  number is UINT32_MAX when the address has none.
 */
struct sheet_civic {
	uint32_t	 number;
	const char	*suffix;	/* into the address */
	size_t		 suffix_len;
	const char	*street;	/* into the address, NUL-terminated */
};
void	 sheet_civic_parse(const char *address, struct sheet_civic *);
/* Order of two addresses' civic parts: number, then suffix. */
int	 sheet_civic_cmp(const struct sheet_civic *,
	     const struct sheet_civic *);
/* Natural order of apartments: "" first, then 2 < 10 < B. */
int	 sheet_apt_cmp(const char *, const char *);
/*
 * Where a street's name begins for ordering, after its type and the
 * particles of French (rue des Érables orders as Érables): an offset into
 * street.
 */
size_t	 sheet_street_name(const char *street);

/*
 * The columns a plan reads, found by name (table_col_find): the section,
 * the line number (No électeur; may be missing), names, address,
 * apartment, municipality, and Âge when asked.
 */
enum sheet_field {
	SHEET_SECTION,
	SHEET_LINE,
	SHEET_NOM,
	SHEET_PRENOM,
	SHEET_ADRESSE,
	SHEET_APPARTEMENT,
	SHEET_MUNICIPALITE,
	SHEET_AGE,
	SHEET_NFIELDS
};

/*
 * Order and group rows[0..n) of t (NULL = every row), borrowed until
 * sheet_plan_free, and cut them into routes.  Returns 0, or -1 with
 * *cause (allocated) when a column it needs (Adresse, Nom) is missing.
 */
int	 sheet_plan_new(const struct table *t, const uint32_t *rows, size_t n,
	     const struct sheet_options *, struct sheet_plan **out,
	     char **cause);
void	 sheet_plan_free(struct sheet_plan *);

/* One address: its electors are positions first..first+n of the plan. */
struct sheet_door {
	uint32_t	 first;
	uint32_t	 n;
	uint32_t	 units;		/* households (apartments) */
	uint32_t	 route;
};
/* A route: addresses first_door.., electors first.., in one section. */
struct sheet_route {
	char		 id[40];	/* "012-3": section, number */
	uint32_t	 first_door;
	uint32_t	 ndoors;	/* addresses */
	uint32_t	 first;
	uint32_t	 n;		/* electors */
	uint32_t	 doors;		/* doors: a unit counts one */
};

const struct table *sheet_table(const struct sheet_plan *);
size_t	 sheet_electors(const struct sheet_plan *);
/* The table row of position i, in walking order. */
uint32_t sheet_row(const struct sheet_plan *, size_t i);
/* The address (door index) of position i. */
uint32_t sheet_door_of(const struct sheet_plan *, size_t i);
/* Nonzero when position i starts a household (after the first). */
int	 sheet_new_household(const struct sheet_plan *, size_t i);
size_t	 sheet_ndoors(const struct sheet_plan *);
const struct sheet_door *sheet_door(const struct sheet_plan *, size_t);
size_t	 sheet_nroutes(const struct sheet_plan *);
const struct sheet_route *sheet_route(const struct sheet_plan *, size_t);
/* Rows left out by --side odd|even because they have no civic number. */
size_t	 sheet_left_out(const struct sheet_plan *);
/* The column of a field, or -1 when the list has none. */
long	 sheet_column(const struct sheet_plan *, enum sheet_field);
/* The cell of a field at position i ("" when the column is missing). */
const char *sheet_cell(const struct sheet_plan *, size_t i,
	     enum sheet_field);
/* The key to type results back in: "012-34", or "012" without lines. */
void	 sheet_key(const struct sheet_plan *, size_t i, char *buf,
	     size_t size);

/*
 * Pages of lines_per_page lines: a page holds electors first..end of one
 * route, each address taking one more line for its heading.  continued:
 * the page begins inside an address (only when one address alone is
 * longer than a page).  page and pages: its number within its route.
 * Returns the number of pages; *out allocated (caller frees).
 */
struct sheet_page {
	uint32_t	 route;
	uint32_t	 first;
	uint32_t	 end;
	uint32_t	 page;
	uint32_t	 pages;
	int		 continued;
};
size_t	 sheet_paginate(const struct sheet_plan *, size_t lines_per_page,
	     struct sheet_page **out);

/* What goes on every page, borrowed for the writer's call. */
struct sheet_layout {
	const char	*title;		/* riding or list name */
	const char	*date;		/* printed on every page */
	int		 with_age;	/* an Âge column */
	int		 landscape;
	int		 ascii;		/* text: [ ] boxes, transliterated */
};

/* Where a writer's bytes go: 0, or -1 to stop (the error is the sink's). */
typedef int (*sheet_sink)(void *arg, const void *buf, size_t len);

/*
 * Plain text for a line printer: 80 columns (132 landscape), 66 lines a
 * page (51 landscape), pages separated by form feeds.  UTF-8.  Returns the
 * number of pages, or 0 after a sink error.
 */
size_t	 sheet_write_text(const struct sheet_plan *,
	     const struct sheet_layout *, sheet_sink, void *arg);
/*
 * CSV (RFC 4180, UTF-8, CRLF): the notice on the first line, then a header
 * and one record per elector in walking order, with empty columns for the
 * visit code, the support and a note.  Returns 0, or -1 after a sink
 * error.  *formulas receives the number of cells that begin like a
 * spreadsheet formula.
 */
int	 sheet_write_csv(const struct sheet_plan *,
	     const struct sheet_layout *, sheet_sink, void *arg,
	     size_t *formulas);
/*
 * PDF, letter size, through cairo and pango (src/sheet-pdf.c, linked in
 * the program only).  Returns the number of pages, or 0 with *cause.
 */
size_t	 sheet_write_pdf(const struct sheet_plan *,
	     const struct sheet_layout *, sheet_sink, void *arg,
	     char **cause);

/* The words every page carries (translated). */
const char *sheet_notice(void);

/*
 * A file of walk sheets, written as every export (src/sheet-file.c, in
 * src/libsheet.a): to a new private file path (0600, never over another,
 * synced; removed again on failure) or to out, then an audit line
 * "sheet" naming file (the list read), the path (or to=, what out is), the
 * format, electors, pages, routes and their ids, bytes and sha256, which
 * purge reads.  Returns 0; -1 with *cause (error: its errno); 1 with
 * *cause when the sheets are written but the audit log refused the line.
 */
enum sheet_format {
	SHEET_PDF,
	SHEET_TEXT,
	SHEET_CSV,
};
/* Parse "pdf", "text" (or "txt"), "csv"; 0 or -1. */
int	 sheet_parse_format(const char *, enum sheet_format *);
/* The format a file name suggests: .txt or .text, .csv, else PDF. */
enum sheet_format sheet_format_of_name(const char *path);
struct sheet_save {
	const struct sheet_plan		*plan;
	const struct sheet_layout	*layout;
	enum sheet_format		 format;
	const char			*file;
	const char			*path;
	void				*out;		/* a FILE * */
	const char			*to;		/* out's name */
	size_t				 pages;		/* written */
	size_t				 formulas;	/* CSV */
	char				 sha256[65];
	int				 error;
};
int	 sheet_save(struct sheet_save *, char **cause);

#endif
