/*
 * diff — what changed between two lists of electors, without an elector
 * id.  Each row gets keys folded for matching (case, accents, hyphens and
 * spacing ignored in names and streets; dates as ISO; civic number and
 * suffix; apartment), and passes over the rows still unmatched link only
 * keys that are unique on both sides, never a guess:
 *   1. same person and address (with section and line, then with sex,
 *      then without): unchanged, corrected (sex, spelling) or renumbered;
 *   2. same person, another address: moved (within the section first,
 *      then to any section);
 *   3. same address and birth date, one name equal and the other close
 *      (a small edit distance): corrected (name);
 *   4. same names and address, another birth date: corrected (birth).
 * Rows sharing a key with rows of the other side that cannot be told apart
 * are ambiguous (grouped); the rest are struck off (old only) or added
 * (new only).  The result does not depend on the order of the rows.
 *
 * When the new list has a Modification column (Ajout, Déménagement,
 * Correction, empty; Radiation in a changes-only statement), its marks are
 * used: a row marked Ajout is never linked to an old row (it is added),
 * and every row whose mark and inferred category differ is flagged.  A new
 * list holding only marked rows, or any Radiation, is a changes-only
 * statement: Radiation rows strike off the old rows they match, the
 * others are matched as usual, and the old rows they do not touch are
 * unchanged (renumbering cannot be seen there).
 *
 * Keys are compared as 64-bit hashes of the folded forms, checked part by
 * part on every link.  No printing, no curses; the tables are borrowed.
 */
#ifndef LISTELEC_DIFF_H
#define LISTELEC_DIFF_H

#include <stddef.h>
#include <stdint.h>

struct table;
struct diff;

enum diff_cat {
	DIFF_UNCHANGED,
	DIFF_ADDED,
	DIFF_STRUCK,		/* struck off */
	DIFF_MOVED,
	DIFF_CORRECTED,
	DIFF_RENUMBERED,
	DIFF_AMBIGUOUS,
};
#define DIFF_NCATS	7

/* Details of a change (bits). */
#define DIFF_SAME_SECTION	0x01	/* moved */
#define DIFF_OTHER_SECTION	0x02	/* moved */
#define DIFF_NAME		0x04	/* corrected: Nom or Prénom */
#define DIFF_BIRTH		0x08	/* corrected: date of birth */
#define DIFF_SEX		0x10	/* corrected: sex */
#define DIFF_ADDRESS		0x20	/* corrected: spelling of the address,
					   apartment, municipality, postal
					   code (the same once folded) */
#define DIFF_OTHER		0x40	/* corrected: another column */

#define DIFF_NONE	UINT32_MAX	/* no row on that side */
#define DIFF_NOMARK	(-1)		/* no mark (no Modification column) */
#define DIFF_BADMARK	(-2)		/* a mark diff does not know */

/* The roles of the columns diff reads (found by name). */
enum diff_role {
	DIFF_COL_SECTION,	/* No section */
	DIFF_COL_LINE,		/* No électeur */
	DIFF_COL_NOM,
	DIFF_COL_PRENOM,
	DIFF_COL_SEX,
	DIFF_COL_BIRTH,
	DIFF_COL_ADDRESS,
	DIFF_COL_APT,
	DIFF_COL_CITY,
	DIFF_COL_POSTAL,
	DIFF_COL_MARK,		/* Modification (new list only) */
	DIFF_COL_OTHER,
};

/*
 * One change: an elector of the new list (new_row), of the old one
 * (old_row), or both when linked.  fields: bit i set when diff column i
 * differs (only for linked rows).  mark: the new row's mark as a category
 * (DIFF_NOMARK, DIFF_BADMARK); disagree: the mark and the category differ
 * (or a row marked Ajout matches an old row, or a Radiation matches none).
 * group: ambiguous rows that compete share a group number (1, 2, ...).
 */
struct diff_change {
	uint32_t	old_row;
	uint32_t	new_row;
	uint64_t	fields;
	uint32_t	group;
	uint8_t		cat;		/* enum diff_cat */
	uint8_t		detail;		/* DIFF_* bits */
	int8_t		mark;
	uint8_t		disagree;
};

/* A column compared: its name and its index on each side (-1: absent). */
struct diff_column {
	const char	*name;		/* the new list's header */
	long		 old_col;
	long		 new_col;
	enum diff_role	 role;
};

/* One section's statement (--by-section). */
struct diff_section {
	const char	*name;		/* borrowed from a table */
	size_t		 before, after;
	size_t		 added, struck, moved_in, moved_out, corrected;
	size_t		 ambiguous_before, ambiguous_after;
};

struct diff_options {
	int		 no_marks;	/* ignore a Modification column */
	volatile int	*cancel;	/* set nonzero to stop */
};

/*
 * Compare old with new (both finished, borrowed until diff_free).
 * Returns 0 with *out, -1 with *cause when a list lacks the columns
 * needed (Nom, Prénom, Date de naissance, Adresse), -2 when cancelled.
 */
int	 diff_run(const struct table *old, const struct table *new,
	     const struct diff_options *, struct diff **out, char **cause);
void	 diff_free(struct diff *);

/*
 * Every elector, in the new list's order (section, then line) followed by
 * the old electors left (struck off, ambiguous; unchanged in a
 * changes-only statement), in the old list's order.  Borrowed.
 */
const struct diff_change *diff_changes(const struct diff *, size_t *n);
/* Electors in a category (ambiguous: rows of both sides). */
size_t	 diff_count(const struct diff *, enum diff_cat);
/* Electors before and after (a statement: before, less struck off, plus
   added). */
size_t	 diff_before(const struct diff *);
size_t	 diff_after(const struct diff *);
/* Rows whose mark disagrees with the inference. */
size_t	 diff_disagreements(const struct diff *);
int	 diff_has_marks(const struct diff *);
int	 diff_changes_only(const struct diff *);
/* The columns compared. */
size_t	 diff_ncolumns(const struct diff *);
const struct diff_column *diff_column(const struct diff *, size_t);
/* The column of a role on one side (0 old, 1 new), or -1. */
long	 diff_role_col(const struct diff *, enum diff_role, int side);
/* The per-section statement, in natural order of the sections. */
const struct diff_section *diff_sections(const struct diff *, size_t *n);

/* The English token of a category ("struck-off") and its translation. */
const char *diff_cat_token(enum diff_cat);
const char *diff_cat_name(enum diff_cat);
/*
 * A category from its English token or its name in either language
 * (folded: "demenagement" = "Déménagement" = "moved"); -1 when none.
 */
int	 diff_parse_cat(const char *);
/*
 * The detail as words joined by '+' ("name+sex", "same-section") into
 * buf: English tokens, or translated when translated is nonzero.
 */
void	 diff_detail(unsigned detail, int translated, char *buf, size_t size);

#endif
