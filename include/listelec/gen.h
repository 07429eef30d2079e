/*
 * gen — fictitious electors, deterministic from a seed: French-Canadian
 * names with accents and apostrophes (both Bélanger and Belanger, Lévesque
 * and Levesque occur), civic numbers with suffixes and apartments, streets,
 * municipalities, postal codes, sex, date of birth, polling divisions.
 * Every elector is generated; none is copied from a real list.  Streams
 * rows, never holds the list in memory.  Used by the simulator, the tests
 * and bench/.
 *
 * Addresses: a civic number (sometimes with a suffix, 7015A, 12 1/2) and a
 * street in its French form (rue des Érables, boulevard René-Lévesque Est,
 * chemin du Roy, rue Gérard-Tremblay); apartments are numbers (3, 204) or
 * letters (B) in buildings of several units.  A riding has two to four
 * municipalities.  A street met again in another section goes on with
 * higher numbers, and no two of a household share a given name, so no two
 * electors of a list share name, date of birth, address and apartment.
 *
 * A list of N electors is the N electors living in Québec (gen_new), in
 * polling-division order, plus a few electors living outside Québec
 * (gen_new_hq: gen_hq_count(N) of them, with their own CSV header).  Ages
 * are reckoned on a fixed day (GEN_REF_DATE) so the output never depends
 * on the clock.
 */
#ifndef LISTELEC_GEN_H
#define LISTELEC_GEN_H

#include <stddef.h>
#include <stdint.h>

struct gen;

#define GEN_REF_DATE	"2026-10-05"	/* ages 18 to 105 on this day */

/* An elector, borrowed until the next gen_next. Strings are UTF-8. */
struct gen_elector {
	const char *section;		/* polling division, "001".."999"
					   (more digits past 999 sections) */
	size_t	    section_no;		/* the same as a number (1..) */
	unsigned    line;		/* No électeur: 1..n in the section,
					   walking order (0 outside Québec) */
	const char *nom;
	const char *prenom;
	const char *sexe;		/* "F" or "M" */
	const char *naissance;		/* AAAA-MM-JJ */
	const char *adresse;		/* civic number, suffix, street */
	const char *appartement;	/* may be "" */
	const char *municipalite;
	const char *code_postal;	/* "A1A 1A1" (foreign shapes when
					   hors_quebec) */
	int	    hors_quebec;	/* elector living outside Québec */
	const char *province_pays;	/* hors_quebec: province or country */
};

/* The electors living in Québec; caller frees with gen_free. */
struct gen *gen_new(uint64_t seed, size_t electors);
/* The electors living outside Québec that go with a list of electors. */
struct gen *gen_new_hq(uint64_t seed, size_t electors);
size_t	 gen_hq_count(size_t electors);
void	 gen_free(struct gen *);
/* The next elector, or NULL after the last; ordered by section. */
const struct gen_elector *gen_next(struct gen *);
/* The number of polling divisions of the list (known at gen_new). */
size_t	 gen_sections(const struct gen *);

/* A person drawn from h alone, with g's tables (g's own stream is
   spoiled: use a gen kept for this): young, just turned 18; surname, or
   NULL for any. */
struct gen_person {
	const char *nom;
	const char *prenom;
	const char *sexe;
	char	    naissance[11];
};
void	 gen_person(struct gen *, uint64_t h, int young, const char *surname,
	     struct gen_person *);

/* The header of the CSV lists, and one row, as Élections Québec writes
   them: Windows-1252, ';' separated, a trailing ';', CRLF.  Returns the
   bytes written to buf (room: GEN_ROW_MAX).  Columns: No section, No
   électeur, Nom, Prénom, Sexe, Date de naissance, Adresse, Appartement,
   Municipalité, Code postal. */
#define GEN_ROW_MAX	1024
size_t	 gen_csv_header(char *buf);
size_t	 gen_csv_row(const struct gen_elector *, char *buf);
/* The same for the list of electors outside Québec (other columns, and
   no No électeur: they vote by mail, not on a polling division's list
   of lines). */
size_t	 gen_hq_csv_header(char *buf);
size_t	 gen_hq_csv_row(const struct gen_elector *, char *buf);
/* UTF-8 to Windows-1252 (unmappable characters become '?'); writes at most
   room bytes, returns the bytes written.  Shared with the PDF and zip
   writers. */
size_t	 gen_to_cp1252(const char *utf8, char *out, size_t room);

#endif
