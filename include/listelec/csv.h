/*
 * csv — bytes to records.  Detects the encoding (BOM; valid UTF-8; else
 * Windows-1252, transcoded to UTF-8 once) and the delimiter (',' ';' TAB
 * '|', by consistency over the first lines), parses RFC 4180 (delimiters,
 * doubled quotes, CR/LF inside quotes; CRLF, LF or CR line ends), keeps and
 * counts ragged rows, ignores a trailing delimiter present on every line
 * (Élections Québec's files), and feeds the rows to a table.  Streaming:
 * bytes come in chunks of any size.
 */
#ifndef LISTELEC_CSV_H
#define LISTELEC_CSV_H

#include <stddef.h>

struct table;

/* Lines of a file's start read to detect its delimiter (and encoding). */
#define CSV_SAMPLE_LINES	50

enum csv_encoding {
	CSV_ENC_AUTO = 0,
	CSV_ENC_UTF8,
	CSV_ENC_CP1252,
	CSV_ENC_LATIN1,
};

enum csv_status {
	CSV_OK = 0,
	CSV_ERR_DATA,		/* not usable: unterminated quote, caps, … */
	CSV_ERR_ENCODING,	/* bytes invalid for a forced encoding */
	CSV_ERR_EMPTY,		/* no header */
};

struct csv_options {
	enum csv_encoding encoding;
	int	delimiter;	/* 0 = detect; else ',' ';' '\t' '|' */
	size_t	max_field;	/* bytes; 0 = default 64 MiB */
	size_t	max_record;	/* bytes; 0 = default 128 MiB */
	size_t	max_columns;	/* 0 = default 4096 */
};

struct csv_reader;

/*
 * A reader that adds rows to t (borrowed until csv_reader_free) under the
 * source name (copied).  The first record is the header, unless t already
 * has one (then a differing header is CSV_ERR_DATA).
 */
struct csv_reader *csv_reader_new(const struct csv_options *, struct table *t,
		    const char *source);
/* Feed len bytes.  Returns CSV_OK or an error with *cause (line named). */
enum csv_status csv_reader_feed(struct csv_reader *, const void *buf,
		    size_t len, char **cause);
/* End of input: flush the last record, check quotes.  Same returns. */
enum csv_status csv_reader_finish(struct csv_reader *, char **cause);
/* What was detected (valid after the first feed that held a full line). */
enum csv_encoding csv_reader_encoding(const struct csv_reader *);
int	 csv_reader_delimiter(const struct csv_reader *);
size_t	 csv_reader_records(const struct csv_reader *);	/* header excluded */
/* Bytes of a UTF-8 file that were invalid and read as Windows-1252. */
size_t	 csv_reader_invalid(const struct csv_reader *);
/* NUL bytes found in cells (each replaced by U+FFFD). */
size_t	 csv_reader_nuls(const struct csv_reader *);
/* Nonzero when a trailing delimiter on every line was dropped. */
int	 csv_reader_trailing(const struct csv_reader *);
void	 csv_reader_free(struct csv_reader *);
/*
 * A file read in two parts at once (load.c): once r is past its sample
 * with the encoding decided, a reader for bytes that start after a line
 * end, with r's options and decisions (encoding, delimiter, trailing
 * delimiter), feeding t (borrowed; it gets r's header and a source of
 * the same name).  NULL when r is not that far (then read on with r).
 * Its line numbers start again at 1: on any error, read on with r.
 */
struct csv_reader *csv_reader_part(const struct csv_reader *r,
		    struct table *t);
/*
 * Nonzero when the bytes fed so far end where a record may start (no
 * record, quoted field or cut sequence open): a part started there reads
 * what r would have.
 */
int	 csv_reader_at_record(const struct csv_reader *);

/* Whole buffer in one call: new + feed + finish + free. */
enum csv_status csv_read_buffer(const struct csv_options *, struct table *t,
		    const char *source, const void *buf, size_t len,
		    char **cause);

/*
 * Read just the header of a buffer's first lines (for grouping entries by
 * header without parsing them): returns the folded header joined by '\x1f',
 * allocated, or NULL when no header line can be read.  The delimiter is
 * detected as a whole read does: more than CSV_SAMPLE_LINES lines, or the
 * first 64 KiB, give the same.
 */
char	*csv_header_key(const struct csv_options *, const void *buf,
	    size_t len);

/* Names for messages and parsing of --encoding / --delimiter. */
const char *csv_encoding_name(enum csv_encoding);
int	 csv_parse_encoding(const char *, enum csv_encoding *);
int	 csv_parse_delimiter(const char *, int *);

#endif
