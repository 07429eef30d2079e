/*
 * export — writers for the rows a user chose: CSV (RFC 4180, header row,
 * UTF-8 or Windows-1252 for Excel), TSV, JSON (one array of objects keyed by
 * header, every value a string), and an aligned table for a terminal with
 * control characters shown as marks.  Rows are never dropped, merged or
 * corrected.  Private file creation (0600, O_EXCL|O_NOFOLLOW, never
 * overwriting) for exports to disk, with the SHA-256 of what was written;
 * and the whole of an export or of a saved decrypted entry as one call
 * (create, write, sync, close, remove on failure, digest, audit line).
 * An export that can leave the box: the CSV inside a zip of one entry
 * encrypted with WinZip AES-256, built in memory (the plain CSV never
 * touches the disk; its buffers are wiped).
 */
#ifndef LISTELEC_EXPORT_H
#define LISTELEC_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct table;

enum export_format {
	EXPORT_CSV,
	EXPORT_TSV,
	EXPORT_JSON,
	EXPORT_TABLE,
	EXPORT_ZIP_AES,		/* CSV (UTF-8) in an AES-256 zip; only
				   through export_run, with a password */
};

struct export_options {
	enum export_format format;
	int	cp1252;		/* CSV/TSV in Windows-1252 (for Excel) */
	int	ascii_only;	/* table format: transliterate (LANG=C) */
	size_t	max_width;	/* table format: widest column; 0 = 40 */
	size_t	*unmappable;	/* when not NULL: receives the number of
				   characters Windows-1252 lacks ('?') */
	int	neutralize;	/* CSV/TSV: put ' before a cell starting
				   with = + - @ TAB or CR (a spreadsheet
				   would run it as a formula); only on the
				   user's request: it changes the data */
	size_t	*formulas;	/* when not NULL: receives the number of
				   CSV/TSV cells (header included) that
				   start like a formula, to warn about */
};

/* Nonzero when a cell starts like a spreadsheet formula (= + - @ TAB CR). */
int	 export_formula_like(const char *s, size_t len);
/* Parse "csv", "tsv", "json", "table", "zip-aes"; 0 or -1. */
int	 export_parse_format(const char *, enum export_format *);

/*
 * Write rows[0..nrows) (NULL = every row in order) and cols[0..ncols) (NULL
 * = every column) of t to out.  Returns 0, or -1 with *cause on a write
 * error.  sha256 (32 bytes), when not NULL, receives the digest of the
 * bytes written.  CSV: RFC 4180, CRLF line ends, no BOM.  TSV: LF line
 * ends; tabs and line breaks inside cells become spaces.  JSON: UTF-8,
 * LF, one object per line, repeated header names made unique with " (2)".
 * Table: cells sanitized (no control character), numbers right-aligned,
 * cut with "…" ("~" in ascii_only) past max_width.
 */
int	 export_write(FILE *out, const struct table *t, const uint32_t *rows,
	     size_t nrows, const size_t *cols, size_t ncols,
	     const struct export_options *, unsigned char sha256[32],
	     char **cause);

/*
 * Create path for writing: 0600, O_CREAT|O_EXCL|O_NOFOLLOW (an existing
 * file or symlink is refused: -1 with errno EEXIST), in a folder that is
 * not writable by others.  Returns a stream or NULL with *cause.
 */
FILE	*export_create_private(const char *path, char **cause);

/*
 * One export, from start to audit line: the rows and columns of t (as in
 * export_write) in opts's format, to out (an open stream: query's stdout)
 * or, when path is not NULL, to a new private file (export_create_private;
 * written, synced, closed, and removed again when anything fails).  The
 * hex SHA-256 of the bytes goes to sha256.  When audit is not NULL, an
 * "export" line is recorded: audit's key/value pairs, then rows= and
 * sha256=.  Returns 0; -1 with *cause when the export failed (error is
 * its errno, EPIPE when the reader went away; no file is left); 1 with
 * *cause when the export is complete but the audit log refused the line.
 * EXPORT_ZIP_AES: the CSV (UTF-8, as export_write writes it; cp1252 is
 * ignored) is made in memory, wiped after use, and becomes the one entry
 * zip_entry (NULL = "liste.csv") of a new zip encrypted with AES-256 and
 * password (borrowed for the call; not empty); the zip's bytes are what
 * is written, hashed and recorded.
 */
struct export_job {
	const struct table		*t;
	const uint32_t			*rows;
	size_t				 nrows;
	const size_t			*cols;
	size_t				 ncols;
	const struct export_options	*opts;
	const char			*path;
	FILE				*out;
	const char *const		*audit;
	const char			*password;	/* EXPORT_ZIP_AES */
	const char			*zip_entry;	/* EXPORT_ZIP_AES */
	char				 sha256[65];
	int				 error;
};
int	 export_run(struct export_job *, char **cause);

/*
 * Save entry i of archive a, decrypted (password may be NULL), to a new
 * private file path, with the same steps and guarantees as export_run;
 * the audit line (when audit is not NULL) gets bytes= and sha256=.
 * Returns as export_run.
 */
struct archive;
struct export_save {
	struct archive		*a;
	size_t			 entry;
	const char		*password;
	const char		*path;
	const char *const	*audit;
	uint64_t		 bytes;
	char			 sha256[65];
	int			 error;
};
int	 export_save_entry(struct export_save *, char **cause);

/*
 * A file of the caller's making (walk sheets), with the same steps and
 * guarantees as export_run: body writes every byte through
 * export_sink_write (hashed, counted), to out or to a new private file
 * path; then the audit line, event (NULL = "export") with audit's pairs
 * then bytes= and sha256=.  body returns 0, or -1 with *cause (allocated)
 * or after a failed export_sink_write (the cause is then made here).
 * Returns as export_run.
 */
int	 export_sink_write(void *sink, const void *buf, size_t len);
struct export_custom {
	int			(*body)(void *sink, void *arg, char **cause);
	void			*arg;
	const char		*path;
	FILE			*out;
	const char		*event;
	const char *const	*audit;
	uint64_t		 bytes;
	char			 sha256[65];
	int			 error;
};
int	 export_run_custom(struct export_custom *, char **cause);

/* Hex form of a digest into out (65 bytes). */
void	 export_sha256_hex(const unsigned char sha256[32], char out[65]);

#endif
