/*
 * load — from a file on disk to a table: a .csv directly, or a .zip (any
 * nesting) by choosing its CSV lists (the largest group of CSV entries that
 * share one header, read as one table with a last column Fichier when there
 * are several; others left out with a note), decrypting in memory and
 * parsing, on several threads when there are several entries.  The glue
 * that `query` and `open` share.  No printing: notes and progress go
 * through callbacks.
 */
#ifndef LISTELEC_LOAD_H
#define LISTELEC_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "csv.h"

struct table;
struct secret;

enum load_status {
	LOAD_OK = 0,
	LOAD_ERR_IO,		/* exit 1 */
	LOAD_ERR_USAGE,		/* exit 2: --entry not found or ambiguous */
	LOAD_ERR_ARCHIVE,	/* exit 5 */
	LOAD_ERR_PASSWORD,	/* exit 6 */
	LOAD_ERR_DATA,		/* exit 7 */
	LOAD_ERR_CANCELLED,	/* exit 130 */
};

struct load_options {
	const char	*entry;		/* --entry PATH, NULL = the CSV lists */
	struct csv_options csv;
	struct archive_limits limits;
	unsigned	 nthreads;	/* 0 = number of cores */
	/*
	 * Ask for the archive password, attempt 1, 2, 3…: write it into the
	 * secret buffer (secure.h) and return 0, or return -1 to give up.
	 * Called only when an entry to read is encrypted.
	 */
	int	(*ask_password)(void *arg, unsigned attempt, struct secret *pw);
	void	*ask_arg;
	/* Progress: plain bytes read, expected total (0 unknown), rows. */
	void	(*progress)(void *arg, uint64_t done, uint64_t total,
		    size_t rows);
	void	*progress_arg;
	/* Notes for the user (entries left out, ragged rows). */
	void	(*note)(void *arg, const char *message);
	void	*note_arg;
	volatile int	*cancel;	/* set nonzero to stop */
	/*
	 * When not NULL, set to the parts a plain CSV was read in on separate
	 * threads (1; 2, its halves; 3, the second thread having taken the
	 * end of the first half too): for the tests and the bench.
	 */
	unsigned	*parts;
};

/* Default options (auto encoding and delimiter, default limits). */
void	 load_options_init(struct load_options *);

/*
 * Choose the entries of an open archive to read as one table: entry given
 * (exact path, a nested zip counting as a folder) or the default CSV group.
 * Fills *idx (allocated) and *n.  May need the password to expand nested
 * encrypted zips or read headers (asked through opts).
 */
enum load_status load_select(struct archive *, const struct load_options *,
		    struct secret *pw, size_t **idx, size_t *n, char **cause);
/* Read the chosen entries into a new table (finished). */
enum load_status load_entries(struct archive *, const size_t *idx, size_t n,
		    const struct load_options *, struct secret *pw,
		    struct table **out, char **cause);
/*
 * Both steps for a path (.zip or .csv, decided by content, not name).
 * *cause does not name the path (the caller does, once): "line 2: ...".
 */
enum load_status load_file(const char *path, const struct load_options *,
		    struct table **out, char **cause);

#endif
