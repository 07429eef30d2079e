/*
 * gen — fictitious electors, deterministic from a seed: French-Canadian
 * names with accents and apostrophes (both Bélanger and Belanger, Lévesque
 * and Levesque occur), civic numbers with suffixes and apartments, streets,
 * municipalities, postal codes, sex, date of birth, polling divisions.
 * Every elector is generated; none is copied from a real list.  Streams
 * rows, never holds the list in memory.  Used by the simulator, the tests
 * and bench/.
 */
#ifndef LISTELEC_GEN_H
#define LISTELEC_GEN_H

#include <stddef.h>
#include <stdint.h>

struct gen;

/* An elector, borrowed until the next gen_next. Strings are UTF-8. */
struct gen_elector {
	const char *section;		/* polling division, "001".."999" */
	const char *nom;
	const char *prenom;
	const char *sexe;		/* "F" or "M" */
	const char *naissance;		/* AAAA-MM-JJ */
	const char *adresse;		/* civic number, suffix, street */
	const char *appartement;	/* may be "" */
	const char *municipalite;
	const char *code_postal;
	int	    hors_quebec;	/* elector living outside Québec */
};

struct gen *gen_new(uint64_t seed, size_t electors);
void	 gen_free(struct gen *);
/* The next elector, or NULL after the last; ordered by section. */
const struct gen_elector *gen_next(struct gen *);
/* The header of the CSV lists, and one row, as Élections Québec writes
   them: Windows-1252, ';' separated, a trailing ';', CRLF.  Returns the
   bytes written to buf (room: GEN_ROW_MAX). */
#define GEN_ROW_MAX	1024
size_t	 gen_csv_header(char *buf);
size_t	 gen_csv_row(const struct gen_elector *, char *buf);

#endif
