/*
 * archive — zip archives through libzip: the tree with nested zips opened
 * from memory (depth limit 4), each entry's sizes, method, encryption and
 * kind, and decryption + inflation of an entry into memory or through a
 * callback, with a password given per call (never libzip's default
 * password).  Safety first: sizes in headers are never trusted (the bytes
 * actually inflated are capped), bombs (ratio, overlap, depth, count) and
 * duplicate names are refused, a truncated file or an HTML page saved as
 * .zip is recognised and named.
 */
#ifndef LISTELEC_ARCHIVE_H
#define LISTELEC_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

enum archive_status {
	ARCHIVE_OK = 0,
	ARCHIVE_ERR_IO,		/* cannot read the file */
	ARCHIVE_ERR_FORMAT,	/* not a zip, truncated, corrupt, HTML page,
				   duplicate names, an AES entry failing its
				   integrity check (damaged or altered) */
	ARCHIVE_ERR_LIMIT,	/* over a safety limit (bomb, depth, count) */
	ARCHIVE_ERR_PASSWORD,	/* password needed, missing or wrong (also a
				   PKWARE entry that decrypts to bad data) */
	ARCHIVE_ERR_CANCELLED,	/* the callback asked to stop */
};

enum archive_kind {
	ARCHIVE_KIND_DIR,
	ARCHIVE_KIND_CSV,	/* .csv, or text that looks delimited */
	ARCHIVE_KIND_TEXT,	/* .txt and other text */
	ARCHIVE_KIND_PDF,
	ARCHIVE_KIND_ZIP,
	ARCHIVE_KIND_OTHER,
};

enum archive_enc {
	ARCHIVE_ENC_NONE,
	ARCHIVE_ENC_PKWARE,	/* traditional ZipCrypto */
	ARCHIVE_ENC_AES128,
	ARCHIVE_ENC_AES192,
	ARCHIVE_ENC_AES256,
	ARCHIVE_ENC_OTHER,	/* unsupported method */
};

/*
 * Safety limits; 0 means the default.  max_total counts the bytes actually
 * inflated over the archive's life (every read, nested zips included; the
 * default is min(8 GiB, 64 x the archive + 64 MiB, RAM)); at open, the
 * sizes the headers announce must also fit in it.  max_entry defaults to
 * max_total.  The ratio applies from 4 MiB inflated on (announced sizes at
 * open, bytes inflated while reading).
 */
struct archive_limits {
	uint64_t max_total;	/* bytes inflated over all reads; 0 = default */
	uint64_t max_entry;	/* bytes inflated for one entry; 0 = default */
	unsigned max_ratio;	/* inflated / packed; 0 = default 1000 */
	unsigned max_depth;	/* nesting; 0 = default 4 */
	unsigned max_entries;	/* entries over the whole tree; 0 = 10000 */
};

/*
 * Names: with the UTF-8 flag, as they are; without it, as they are when
 * they are valid UTF-8 (Unix tools), else decoded from CP850 (DOS, French
 * Windows).  Paths are data, never file names: they may hold "../", a
 * leading '/', a backslash or control characters (sanitize before
 * display).  A folder's path has no trailing '/'.
 */
struct archive_entry {
	char	*path;		/* UTF-8, '/'-separated, nested zips as folders:
				   "Liste_CSV.zip/liste_001.csv" */
	char	*name;		/* last component */
	uint64_t size;		/* as the central directory says */
	uint64_t packed;
	int	 method;	/* ZIP_CM_* */
	enum archive_enc enc;
	enum archive_kind kind;
	unsigned depth;		/* 0 for the outer archive's entries */
	long	 parent;	/* index of the enclosing zip entry, or -1 */
	int	 expanded;	/* a zip entry whose entries are listed */
	int	 name_cp850;	/* the name was read as CP850 (no UTF-8 flag) */
};

struct archive;

/*
 * Open a zip file (limits may be NULL for defaults).  Lists every entry and
 * expands nested zips that can be read without a password.  Returns
 * ARCHIVE_OK or an error with *cause (allocated, for the user).
 */
enum archive_status archive_open(const char *path,
		    const struct archive_limits *, struct archive **out,
		    char **cause);
/* The same over bytes in memory (borrowed until archive_free). */
enum archive_status archive_open_buffer(const void *buf, size_t len,
		    const char *display_name, const struct archive_limits *,
		    struct archive **out, char **cause);
void	 archive_free(struct archive *);

size_t	 archive_count(const struct archive *);
/*
 * Entry i (NULL past the end), borrowed until archive_free.  Entries are in
 * tree order (a nested zip's entries follow it); archive_expand inserts the
 * new ones after their zip, so indices after it shift — pointers stay valid.
 */
const struct archive_entry *archive_entry(const struct archive *, size_t i);
/* Index of the entry with this exact path, or -1. */
long	 archive_find(const struct archive *, const char *path);
/* Nonzero when some entry (nested ones included) is encrypted. */
int	 archive_encrypted(const struct archive *);
/* Nonzero when some zip entry could not be expanded without a password. */
int	 archive_needs_password_to_expand(const struct archive *);

/*
 * Expand the nested zips still closed because they are encrypted, with the
 * password (borrowed for the call only).  Returns ARCHIVE_OK,
 * ARCHIVE_ERR_PASSWORD when it is wrong, or another error.
 */
enum archive_status archive_expand(struct archive *, const char *password,
		    char **cause);

/*
 * Check a password on the smallest encrypted entry, read whole when under
 * 4 MiB (so a PKWARE password passing the check byte is caught), else its
 * first 4 MiB.  ARCHIVE_OK or ARCHIVE_ERR_PASSWORD (or another error).
 */
enum archive_status archive_check_password(struct archive *,
		    const char *password, char **cause);

/*
 * Decrypt and inflate entry i, calling cb with chunks of plain bytes (the
 * chunks are borrowed for the call).  cb returns 0 to go on, nonzero to stop
 * (ARCHIVE_ERR_CANCELLED).  The whole entry is accepted only when every read
 * succeeded and its checks matched (CRC-32; for WinZip AES the
 * authentication code, and the CRC-32 when the directory gives one): a
 * caller must treat data already passed to cb as unconfirmed until
 * ARCHIVE_OK.
 * Password: NULL or "" means none.  Safe to call from several threads at
 * once for different (or the same) entries (each call opens its own libzip
 * handle), but not while archive_expand or archive_free runs.
 */
enum archive_status archive_stream(struct archive *, size_t i,
		    const char *password,
		    int (*cb)(void *arg, const void *buf, size_t len),
		    void *arg, char **cause);
/*
 * The same for a caller that needs only the first want bytes (its cb
 * stops the read there): the entry is then inflated a chunk at a time
 * rather than all at once.
 */
enum archive_status archive_stream_head(struct archive *, size_t i,
		    const char *password, uint64_t want,
		    int (*cb)(void *arg, const void *buf, size_t len),
		    void *arg, char **cause);
/*
 * How many reads so far inflated their entry at once (libdeflate) rather
 * than streamed it: for tests and bench/.
 */
uint64_t archive_whole_reads(const struct archive *);
/* Read entry i whole into a fresh buffer (*buf, caller frees). */
enum archive_status archive_read(struct archive *, size_t i,
		    const char *password, char **buf, size_t *len,
		    char **cause);

/* Words for info and the chooser (translated). */
const char *archive_kind_name(enum archive_kind);
const char *archive_enc_name(enum archive_enc);
const char *archive_method_name(int method);

#endif
