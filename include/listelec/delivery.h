/*
 * delivery — the archive the simulated portal serves, shared by the
 * simulator and bench/listelec-gen.  Deterministic from the seed: an outer
 * zip (entry names in CP850 without the UTF-8 flag, a folder, a readme)
 * holding an encrypted zip with the PDF list (the largest), an encrypted
 * zip of CSV lists split by polling division (Windows-1252, ';', CRLF,
 * trailing ';') and an encrypted zip of the electors outside Québec.
 * Streams: the list is generated twice (PDF, CSV), never held in memory.
 */
#ifndef LISTELEC_DELIVERY_H
#define LISTELEC_DELIVERY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DELIVERY_LISTS		3	/* lists the portal offers */
#define DELIVERY_SECTIONS_PER_CSV 20	/* polling divisions per CSV file */

struct delivery {
	uint64_t	 seed;
	size_t		 electors;	/* electors living in Québec */
	int		 aes;		/* WinZip AES-256, else ZipCrypto */
	const char	*password;	/* the archive password */
	int		 list;		/* 0 .. DELIVERY_LISTS - 1: the
					   riding's successive lists */
	int		 marks;		/* lists 1, 2: the Modification
					   column */
	int		 changes_only;	/* lists 1, 2: only the changes */
	const volatile int *cancel;	/* NULL, or stop when it turns
					   nonzero (delivery_write fails) */
};

/* The list's title, in French ("Liste des électeurs au décret", ...). */
const char	*delivery_title(int list);
/* The archive's name as PHP's uniqid() makes them: 13 hex digits, no
   ".zip" (name needs 14 bytes). */
void		 delivery_name(uint64_t seed, int list, char *name);
/* Write the archive at the start of fd (a regular file or memfd, which is
   truncated first); *size is its length.  0, or -1 with *cause. */
int		 delivery_write(int fd, const struct delivery *, off_t *size,
		     char **cause);
/* The PDF "Instructions pour l'extraction des données de la liste
   électorale"; caller frees *pdf. */
void		 delivery_instructions(char **pdf, size_t *len);

#endif
