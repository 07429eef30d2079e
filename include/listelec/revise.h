/*
 * revise — the successive lists of one riding: list 0 (au décret) is the
 * generator's list; list k is list k-1 after a revision (1: après la
 * révision spéciale, 2: au jour -11).  Deterministic from the seed, and
 * streamed like gen: a section at a time, plus the electors moving to a
 * later section.
 *
 * A revision, per elector of list k-1 (fates drawn from a hash of the
 * seed, the elector and k):
 *	struck off	1 %: moved out of the riding, or deceased (the old
 *			more often);
 *	moved		2.5 %: half within the section, half to one of the
 *			next four sections, into a dwelling of the section
 *			(joining its household);
 *	corrected	0.3 %: name spelling (an accent, a letter), date of
 *			birth (day and month swapped, a day off) or sex;
 *	added		1.5 %: a new elector in the dwelling of an elector
 *			kept (most just turned 18, with the household's
 *			surname; the others newcomers).
 * Lines (No électeur): a section keeps its numbers, struck-off and
 * moved-out lines are left as gaps and the electors arriving take the
 * next free numbers of the section (after the highest of list k-1), at
 * the end of it.  A section whose changes (struck off, moved out, in or
 * within, added) reach 9 % of its electors is renumbered 1..n in walking
 * order instead (a few sections per revision): its electors whose line
 * changed are "renumbered".
 * The electors living outside Québec are the same on the three lists.
 */
#ifndef LISTELEC_REVISE_H
#define LISTELEC_REVISE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "listelec/gen.h"

#define REVISE_LISTS	3

enum revise_cat {
	REVISE_SAME = 0,
	REVISE_ADDED,
	REVISE_STRUCK,
	REVISE_MOVED,
	REVISE_CORRECTED,
	REVISE_RENUMBERED
};

/* Details (bits). */
#define REVISE_D_SAME_SECTION	0x01	/* moved */
#define REVISE_D_OTHER_SECTION	0x02
#define REVISE_D_NAME		0x04	/* corrected */
#define REVISE_D_BIRTH		0x08
#define REVISE_D_SEX		0x10
#define REVISE_D_MOVED_OUT	0x20	/* struck off */
#define REVISE_D_DECEASED	0x40

/* Columns changed (bits, in the order of the header). */
#define REVISE_F_SECTION	0x001
#define REVISE_F_LINE		0x002
#define REVISE_F_NOM		0x004
#define REVISE_F_PRENOM		0x008
#define REVISE_F_SEXE		0x010
#define REVISE_F_NAISSANCE	0x020
#define REVISE_F_ADRESSE	0x040
#define REVISE_F_APPARTEMENT	0x080
#define REVISE_F_MUNICIPALITE	0x100
#define REVISE_F_POSTAL		0x200

/* A row of list k (struck off: the elector as on list k-1), borrowed
   until the next revise_next. */
struct revise_row {
	struct gen_elector e;
	enum revise_cat	 cat;		/* from list k-1 to list k */
	unsigned	 detail;	/* REVISE_D_* */
	unsigned	 fields;	/* REVISE_F_* */
	size_t		 old_section;	/* on list k-1; 0: absent */
	unsigned	 old_line;
};

#define REVISE_CHANGES_ONLY	0x1	/* only added, struck off, moved,
					   corrected (not renumbered) */
#define REVISE_ALL		0x2	/* every row, struck off too */

struct revise;

/* List (0..2) of the riding of seed and electors (the electors of list
   0); caller frees with revise_free. */
struct revise	*revise_new(uint64_t seed, size_t electors, int list,
		     int flags);
const struct revise_row *revise_next(struct revise *);
size_t		 revise_sections(const struct revise *);
void		 revise_free(struct revise *);

/* The change mark of a row: "Ajout", "Radiation", "Déménagement",
   "Correction" or "". */
const char	*revise_mark(const struct revise_row *);
/* CSV header and row as gen's, with the Modification column when marks
   (room: GEN_ROW_MAX). */
size_t		 revise_csv_header(char *buf, int marks);
size_t		 revise_csv_row(const struct revise_row *, int marks,
		     char *buf);

/*
 * The facts of list (1..2) to f: the truth of every change from list-1,
 * one CSV line each after the header
 *	category,detail,old_section,old_line,new_section,new_line,fields
 * (category added, struck-off, moved, corrected or renumbered; detail
 * same-section, other-section, moved-out, deceased, or name, birth, sex
 * joined by + for a correction;
 * the places empty where the elector is absent; fields the changed
 * columns' names, '|'-joined).  The struck-off come last.  Returns the
 * number of facts, or -1 on a write error.
 */
long		 revise_facts(uint64_t seed, size_t electors, int list,
		     FILE *f);
/* The header names of REVISE_F_* bits, '|'-joined, into buf (room n). */
void		 revise_fields_str(unsigned fields, char *buf, size_t n);

#endif
