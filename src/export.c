/*
 * export — writers for the rows a user chose, and private files for them.
 *
 * CSV follows RFC 4180: a header row, fields separated by commas, a field
 * quoted (with doubled quotes) when it holds a comma, a quote, CR or LF,
 * records ended by CRLF, no byte-order mark.  TSV: tab-separated, LF line
 * ends, a tab, CR or LF inside a cell becomes a space (TSV cannot quote).
 * Both in UTF-8, or Windows-1252 for Excel (characters it lacks become '?',
 * counted for the caller).  JSON: one array of objects keyed by the header
 * (a repeated name gets " (2)", " (3)"… so no value is lost), every value a
 * string, control characters escaped, other characters kept as UTF-8
 * (invalid bytes as U+FFFD).  The table format aligns columns for a
 * terminal: every cell goes through text_sanitize, so no control character
 * reaches the terminal, and cells wider than max_width are cut with "…" (or
 * "~" in ascii_only).  Every byte written is hashed with SHA-256 (nettle).
 * CSV and TSV cells that start like a spreadsheet formula (= + - @ TAB CR)
 * are counted for a warning, and get a leading ' only when asked.
 *
 * Rows are never dropped, merged or corrected: one record per row asked for.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <nettle/sha2.h>
#include <zip.h>

#include "listelec/archive.h"
#include "listelec/audit.h"
#include "listelec/export.h"
#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define EXPORT_AHEAD	16	/* rows read ahead in a sorted export */

#define EXPORT_DEFAULT_WIDTH	40
#define EXPORT_GAP		2	/* spaces between table columns */
#define EXPORT_BUFSZ		65536
#define EXPORT_ZIP_ENTRY	"liste.csv"	/* entry of a zip-aes export */

/* An output stream that hashes what it writes and remembers errors. */
struct writer {
	FILE			*out;
	struct sha256_ctx	 sha;
	int			 error;	/* errno of the first failure */
	char			*buf;	/* EXPORT_BUFSZ bytes not yet written */
	size_t			 blen;
	const struct export_options *o;
	char			*conv;	/* Windows-1252 conversion buffer */
	size_t			 convsz;
	size_t			 unmappable;
	size_t			 formulas;
	char			*mem;	/* out == NULL: bytes kept here */
	size_t			 mlen;
	size_t			 mcap;
};

static void	 w_out(struct writer *, const char *, size_t);
static void	 w_mem(struct writer *, const char *, size_t);
static void	 w_flush(struct writer *);
static void	 w_bytes(struct writer *, const char *, size_t);
static void	 w_str(struct writer *, const char *);
static void	 w_text(struct writer *, const char *, size_t);
static void	 w_spaces(struct writer *, size_t);
static int	 formula(struct writer *, const char *, size_t);
static void	 csv_field(struct writer *, const char *, size_t);
static void	 tsv_field(struct writer *, const char *, size_t);
static void	 json_string(struct writer *, const char *, size_t);
static char	**json_keys(const struct table *, const size_t *, size_t);
static void	 write_delimited(struct writer *, const struct table *,
		     const uint32_t *, size_t, const size_t *, size_t, int);
static void	 write_json(struct writer *, const struct table *,
		     const uint32_t *, size_t, const size_t *, size_t);
static void	 write_table(struct writer *, const struct table *,
		     const uint32_t *, size_t, const size_t *, size_t);
static void	 table_cell_out(struct writer *, const char *, size_t, size_t,
		     int, int, int);

/* Parse a format name. */
int
export_parse_format(const char *s, enum export_format *fmt)
{
	if (s == NULL)
		return (-1);
	if (strcasecmp(s, "csv") == 0)
		*fmt = EXPORT_CSV;
	else if (strcasecmp(s, "tsv") == 0)
		*fmt = EXPORT_TSV;
	else if (strcasecmp(s, "json") == 0)
		*fmt = EXPORT_JSON;
	else if (strcasecmp(s, "table") == 0)
		*fmt = EXPORT_TABLE;
	else if (strcasecmp(s, "zip-aes") == 0)
		*fmt = EXPORT_ZIP_AES;
	else
		return (-1);
	return (0);
}

/* Hash and write n bytes at once. */
static void
w_out(struct writer *w, const char *p, size_t n)
{
	if (n == 0 || w->error != 0)
		return;
	sha256_update(&w->sha, n, (const uint8_t *)p);
	if (w->out == NULL)
		w_mem(w, p, n);
	else if (fwrite(p, 1, n, w->out) != n)
		w->error = errno != 0 ? errno : EIO;
}

/* Keep n bytes in memory; an outgrown buffer is wiped before it is freed. */
static void
w_mem(struct writer *w, const char *p, size_t n)
{
	char	*nb;
	size_t	 cap;

	if (n > w->mcap - w->mlen) {
		cap = w->mcap > 0 ? w->mcap : EXPORT_BUFSZ;
		while (n > cap - w->mlen) {
			if (cap > SIZE_MAX / 2) {
				w->error = ENOMEM;
				return;
			}
			cap *= 2;
		}
		nb = xmalloc(cap);
		if (w->mlen > 0)
			memcpy(nb, w->mem, w->mlen);
		if (w->mem != NULL) {
			secure_wipe(w->mem, w->mcap);
			free(w->mem);
		}
		w->mem = nb;
		w->mcap = cap;
	}
	memcpy(w->mem + w->mlen, p, n);
	w->mlen += n;
}

/* Write the buffered bytes. */
static void
w_flush(struct writer *w)
{
	w_out(w, w->buf, w->blen);
	w->blen = 0;
}

/* Write n bytes (through the buffer). */
static void
w_bytes(struct writer *w, const char *p, size_t n)
{
	if (n > EXPORT_BUFSZ - w->blen) {
		w_flush(w);
		if (n >= EXPORT_BUFSZ) {
			w_out(w, p, n);
			return;
		}
	}
	memcpy(w->buf + w->blen, p, n);
	w->blen += n;
}

/* Write a NUL-terminated string as it is. */
static void
w_str(struct writer *w, const char *s)
{
	w_bytes(w, s, strlen(s));
}

/* Write cell text, converted to Windows-1252 when asked. */
static void
w_text(struct writer *w, const char *p, size_t n)
{
	size_t	m, bad;

	if (!w->o->cp1252 || w->o->format == EXPORT_JSON ||
	    w->o->format == EXPORT_TABLE) {
		w_bytes(w, p, n);
		return;
	}
	if (n > w->convsz) {
		w->convsz = n;
		w->conv = xrealloc(w->conv, w->convsz);
	}
	m = text_utf8_to_cp1252(w->conv, p, n, &bad);
	w->unmappable += bad;
	w_bytes(w, w->conv, m);
}

/* Write n spaces. */
static void
w_spaces(struct writer *w, size_t n)
{
	static const char	spaces[] = "                                ";

	while (n > 0) {
		w_bytes(w, spaces, n < 32 ? n : 32);
		n -= n < 32 ? n : 32;
	}
}

/*
 * Does the cell start like a spreadsheet formula?  Counts it; nonzero when
 * it must be neutralized with a leading quote.
 */
int
export_formula_like(const char *s, size_t len)
{
	switch (len > 0 ? s[0] : '\0') {
	case '=':
	case '+':
	case '-':
	case '@':
	case '\t':
	case '\r':
		return (1);
	}
	return (0);
}

static int
formula(struct writer *w, const char *s, size_t len)
{
	if (!export_formula_like(s, len))
		return (0);
	w->formulas++;
	return (w->o->neutralize);
}

/* The bytes that make a CSV field quoted. */
static const unsigned char csv_special[256] = {
	[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
};

/*
 * One CSV field: quoted when it holds a comma, a quote, CR or LF; a ' put
 * first when it must be neutralized.
 */
static void
csv_field(struct writer *w, const char *s, size_t len)
{
	const char	*q, *end = s + len;
	char		*d;
	size_t		 i;
	int		 pre = formula(w, s, len);

	/*
	 * The common cell (UTF-8 out, no formula, room in the buffer):
	 * copied while it is checked, in one pass.
	 */
	if (!pre && !w->o->cp1252 && len < EXPORT_BUFSZ - w->blen) {
		d = w->buf + w->blen;
		for (i = 0; i < len; i++) {
			if (csv_special[(unsigned char)s[i]])
				break;
			d[i] = s[i];
		}
		if (i == len) {
			w->blen += len;
			return;
		}
	}
	for (q = s; q < end; q++) {
		if (csv_special[(unsigned char)*q])
			break;
	}
	if (q == end) {
		if (pre)
			w_bytes(w, "'", 1);
		w_text(w, s, len);
		return;
	}
	w_bytes(w, pre ? "\"'" : "\"", pre ? 2 : 1);
	while (s < end && (q = memchr(s, '"', (size_t)(end - s))) != NULL) {
		w_text(w, s, (size_t)(q - s) + 1);
		w_bytes(w, "\"", 1);
		s = q + 1;
	}
	w_text(w, s, (size_t)(end - s));
	w_bytes(w, "\"", 1);
}

/* One TSV field: tabs and line breaks become spaces. */
static void
tsv_field(struct writer *w, const char *s, size_t len)
{
	size_t	i, start = 0;

	if (formula(w, s, len))
		w_bytes(w, "'", 1);
	for (i = 0; i < len; i++) {
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			continue;
		w_text(w, s + start, i - start);
		w_bytes(w, " ", 1);
		start = i + 1;
	}
	w_text(w, s + start, len - start);
}

/* A JSON string: quotes, backslashes and controls escaped; UTF-8 kept. */
static void
json_string(struct writer *w, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 esc[8];
	uint32_t		 cp;
	size_t			 i, start = 0, used;

	w_bytes(w, "\"", 1);
	for (i = 0; i < len; i += used) {
		used = 1;
		if (p[i] >= 0x80) {
			used = text_utf8_decode(p + i, len - i, &cp);
			if (cp == 0xfffd && !(used == 3 && p[i] == 0xef &&
			    p[i + 1] == 0xbf && p[i + 2] == 0xbd)) {
				w_bytes(w, s + start, i - start);
				w_str(w, "\\ufffd");
				start = i + used;
			} else if (cp == 0x2028 || cp == 0x2029) {
				w_bytes(w, s + start, i - start);
				snprintf(esc, sizeof esc, "\\u%04x", cp);
				w_str(w, esc);
				start = i + used;
			}
			continue;
		}
		if (p[i] >= 0x20 && p[i] != '"' && p[i] != '\\' &&
		    p[i] != 0x7f)
			continue;
		w_bytes(w, s + start, i - start);
		start = i + 1;
		switch (p[i]) {
		case '"':
			w_str(w, "\\\"");
			break;
		case '\\':
			w_str(w, "\\\\");
			break;
		case '\n':
			w_str(w, "\\n");
			break;
		case '\r':
			w_str(w, "\\r");
			break;
		case '\t':
			w_str(w, "\\t");
			break;
		case '\b':
			w_str(w, "\\b");
			break;
		case '\f':
			w_str(w, "\\f");
			break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", p[i]);
			w_str(w, esc);
			break;
		}
	}
	w_bytes(w, s + start, len - start);
	w_bytes(w, "\"", 1);
}

/* CSV or TSV: the header, then one record per row. */
static void
write_delimited(struct writer *w, const struct table *t, const uint32_t *rows,
    size_t nrows, const size_t *cols, size_t ncols, int tsv)
{
	const char	*eol = tsv ? "\n" : "\r\n", *sep = tsv ? "\t" : ",";
	const char	*s;
	size_t		 r, c, len, row, neol = tsv ? 1 : 2;

	for (c = 0; c < ncols; c++) {
		if (c > 0)
			w_str(w, sep);
		s = table_col_name(t, cols[c]);
		if (tsv)
			tsv_field(w, s, strlen(s));
		else
			csv_field(w, s, strlen(s));
	}
	w_str(w, eol);
	for (r = 0; r < nrows && w->error == 0; r++) {
		row = rows != NULL ? rows[r] : r;
		if (rows != NULL && r + 2 * EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + 2 * EXPORT_AHEAD], 0);
		if (rows != NULL && r + EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + EXPORT_AHEAD], 1);
		for (c = 0; c < ncols; c++) {
			if (c > 0)
				w_bytes(w, sep, 1);
			s = table_cell(t, row, cols[c], &len);
			if (tsv)
				tsv_field(w, s, len);
			else
				csv_field(w, s, len);
		}
		w_bytes(w, eol, neol);
	}
}

/* Unique JSON keys: a repeated header name gets " (2)", " (3)"… */
static char **
json_keys(const struct table *t, const size_t *cols, size_t ncols)
{
	char	**keys;
	size_t	  c, k, n;
	int	  taken;

	keys = xcalloc(ncols + 1, sizeof *keys);
	for (c = 0; c < ncols; c++) {
		keys[c] = xstrdup(table_col_name(t, cols[c]));
		for (n = 2;; n++) {
			taken = 0;
			for (k = 0; k < c && !taken; k++)
				taken = strcmp(keys[k], keys[c]) == 0;
			if (!taken)
				break;
			free(keys[c]);
			keys[c] = xasprintf("%s (%zu)",
			    table_col_name(t, cols[c]), n);
		}
	}
	return (keys);
}

/* JSON: one array, one object per row, one row per line. */
static void
write_json(struct writer *w, const struct table *t, const uint32_t *rows,
    size_t nrows, const size_t *cols, size_t ncols)
{
	char		**keys;
	const char	 *s;
	size_t		  r, c, len, row;

	keys = json_keys(t, cols, ncols);
	w_str(w, "[");
	for (r = 0; r < nrows && w->error == 0; r++) {
		row = rows != NULL ? rows[r] : r;
		if (rows != NULL && r + 2 * EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + 2 * EXPORT_AHEAD], 0);
		if (rows != NULL && r + EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + EXPORT_AHEAD], 1);
		w_str(w, r > 0 ? ",\n{" : "\n{");
		for (c = 0; c < ncols; c++) {
			if (c > 0)
				w_str(w, ", ");
			json_string(w, keys[c], strlen(keys[c]));
			w_str(w, ": ");
			s = table_cell(t, row, cols[c], &len);
			json_string(w, s, len);
		}
		w_str(w, "}");
	}
	w_str(w, nrows > 0 ? "\n]\n" : "]\n");
	for (c = 0; c < ncols; c++)
		free(keys[c]);
	free(keys);
}

/*
 * One table cell: sanitized, cut to width with a mark when wider, padded
 * (on the left when right-aligned) unless it is the last of its line.
 */
static void
table_cell_out(struct writer *w, const char *s, size_t len, size_t width,
    int ascii_only, int right, int last)
{
	char		*clean = NULL;
	const char	*c = s;
	size_t		 cw, n, used, clen = len;

	if (ascii_only || text_needs_sanitize(s, len)) {
		c = clean = text_sanitize(s, len, ascii_only, 0);
		clen = strlen(clean);
	}
	cw = text_width(c, clen);
	if (cw > width) {
		n = text_fit(c, clen, width > 0 ? width - 1 : 0, &used);
		w_bytes(w, c, n);
		w_str(w, ascii_only ? "~" : "…");
		cw = used + 1;
	} else {
		if (right)
			w_spaces(w, width - cw);
		w_bytes(w, c, clen);
		if (right)
			cw = width;
	}
	if (!last)
		w_spaces(w, width - cw + EXPORT_GAP);
	free(clean);
}

/* The table format: aligned columns under a header and a rule. */
static void
write_table(struct writer *w, const struct table *t, const uint32_t *rows,
    size_t nrows, const size_t *cols, size_t ncols)
{
	size_t		*width, maxw, r, c, len, row, k, cw;
	int		*right, ascii = w->o->ascii_only;
	const char	*s;
	char		*clean;

	maxw = w->o->max_width > 0 ? w->o->max_width : EXPORT_DEFAULT_WIDTH;
	width = xcalloc(ncols + 1, sizeof *width);
	right = xcalloc(ncols + 1, sizeof *right);
	for (c = 0; c < ncols; c++) {
		s = table_col_name(t, cols[c]);
		clean = text_sanitize(s, strlen(s), ascii, 0);
		width[c] = text_width(clean, strlen(clean));
		free(clean);
		right[c] = table_col_type(t, cols[c]) == TABLE_COL_NUMBER;
	}
	for (r = 0; r < nrows; r++) {
		row = rows != NULL ? rows[r] : r;
		if (rows != NULL && r + 2 * EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + 2 * EXPORT_AHEAD], 0);
		if (rows != NULL && r + EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + EXPORT_AHEAD], 1);
		for (c = 0; c < ncols; c++) {
			if (width[c] >= maxw)
				continue;
			s = table_cell(t, row, cols[c], &len);
			if (text_needs_sanitize(s, len) || ascii) {
				clean = text_sanitize(s, len, ascii, 0);
				cw = text_width(clean, strlen(clean));
				free(clean);
			} else
				cw = text_width(s, len);
			if (cw > width[c])
				width[c] = cw;
		}
	}
	for (c = 0; c < ncols; c++) {
		if (width[c] > maxw)
			width[c] = maxw;
		if (width[c] == 0)
			width[c] = 1;
	}
	for (c = 0; c < ncols; c++) {
		s = table_col_name(t, cols[c]);
		table_cell_out(w, s, strlen(s), width[c], ascii, right[c],
		    c + 1 == ncols);
	}
	w_str(w, "\n");
	for (c = 0; c < ncols; c++) {
		for (k = 0; k < width[c]; k++)
			w_str(w, "-");
		if (c + 1 < ncols)
			w_spaces(w, EXPORT_GAP);
	}
	w_str(w, "\n");
	for (r = 0; r < nrows && w->error == 0; r++) {
		row = rows != NULL ? rows[r] : r;
		if (rows != NULL && r + 2 * EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + 2 * EXPORT_AHEAD], 0);
		if (rows != NULL && r + EXPORT_AHEAD < nrows)
			table_prefetch(t, rows[r + EXPORT_AHEAD], 1);
		for (c = 0; c < ncols; c++) {
			s = table_cell(t, row, cols[c], &len);
			table_cell_out(w, s, len, width[c], ascii, right[c],
			    c + 1 == ncols);
		}
		w_str(w, "\n");
	}
	free(width);
	free(right);
}

/* The rows and columns in w->o's format, through w (buffer flushed). */
static void
export_body(struct writer *w, const struct table *t, const uint32_t *rows,
    size_t nrows, const size_t *cols, size_t ncols)
{
	size_t	*all = NULL, c;

	w->buf = xmalloc(EXPORT_BUFSZ);
	sha256_init(&w->sha);
	if (rows == NULL)
		nrows = table_rows(t);
	if (cols == NULL) {
		ncols = table_cols(t);
		all = xcalloc(ncols + 1, sizeof *all);
		for (c = 0; c < ncols; c++)
			all[c] = c;
		cols = all;
	}
	errno = 0;
	switch (w->o->format) {
	case EXPORT_CSV:
		write_delimited(w, t, rows, nrows, cols, ncols, 0);
		break;
	case EXPORT_TSV:
		write_delimited(w, t, rows, nrows, cols, ncols, 1);
		break;
	case EXPORT_JSON:
		write_json(w, t, rows, nrows, cols, ncols);
		break;
	case EXPORT_TABLE:
		write_table(w, t, rows, nrows, cols, ncols);
		break;
	case EXPORT_ZIP_AES:
		/* Only through export_run, which writes the CSV inside. */
		w->error = EINVAL;
		break;
	}
	w_flush(w);
	/* The staging buffers held cells: wiped as the whole copy is. */
	if (w->out == NULL) {
		secure_wipe(w->buf, EXPORT_BUFSZ);
		if (w->conv != NULL)
			secure_wipe(w->conv, w->convsz);
	}
	free(w->buf);
	w->buf = NULL;
	free(all);
	free(w->conv);
	w->conv = NULL;
	if (w->o->unmappable != NULL)
		*w->o->unmappable = w->unmappable;
	if (w->o->formulas != NULL)
		*w->o->formulas = w->formulas;
}

/* Write the rows and columns asked for; see export.h. */
int
export_write(FILE *out, const struct table *t, const uint32_t *rows,
    size_t nrows, const size_t *cols, size_t ncols,
    const struct export_options *o, unsigned char sha256[32], char **cause)
{
	struct writer	 w;

	memset(&w, 0, sizeof w);
	w.out = out;
	w.o = o;
	export_body(&w, t, rows, nrows, cols, ncols);
	if (w.error == 0 && fflush(out) != 0)
		w.error = errno != 0 ? errno : EIO;
	if (w.error == 0 && ferror(out))
		w.error = EIO;
	if (sha256 != NULL)
		sha256_digest(&w.sha, SHA256_DIGEST_SIZE, sha256);
	if (w.error != 0) {
		*cause = xasprintf(_("could not write the export: %s"),
		    strerror(w.error));
		errno = w.error;
		return (-1);
	}
	return (0);
}

/* Create a private file that did not exist, in a folder only we can write. */
FILE *
export_create_private(const char *path, char **cause)
{
	struct stat	 st;
	const char	*slash, *base;
	char		*dir, *shown;
	int		 dfd = -1, fd, saved = 0;
	FILE		*f;

	shown = text_sanitize(path, strlen(path), 0, 0);
	if ((slash = strrchr(path, '/')) == NULL) {
		dir = xstrdup(".");
		base = path;
	} else {
		dir = slash == path ? xstrdup("/") :
		    xstrndup(path, (size_t)(slash - path));
		base = slash + 1;
	}
	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		*cause = xasprintf(_("%s: not a file name"), shown);
		free(dir);
		free(shown);
		errno = EINVAL;
		return (NULL);
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd == -1) {
		saved = errno;
		*cause = xasprintf(_("%s: cannot open its folder: %s"), shown,
		    strerror(saved));
		goto fail;
	}
	if (fstat(dfd, &st) != 0) {
		saved = errno;
		*cause = xasprintf(_("%s: cannot check its folder: %s"), shown,
		    strerror(saved));
		goto fail;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		saved = EPERM;
		*cause = xasprintf(_("%s: its folder can be written by other "
		    "users, who could read or replace the export; choose a "
		    "private folder"), shown);
		goto fail;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0) {
		saved = EPERM;
		*cause = xasprintf(_("%s: its folder belongs to another user; "
		    "choose a folder of yours"), shown);
		goto fail;
	}
	fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1) {
		saved = errno;
		if (saved == EEXIST)
			*cause = xasprintf(_("%s already exists (nothing was "
			    "overwritten); choose another name"), shown);
		else
			*cause = xasprintf(_("%s: cannot create: %s"), shown,
			    strerror(saved));
		goto fail;
	}
	(void)fchmod(fd, 0600);
	if ((f = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		(void)unlinkat(dfd, base, 0);
		*cause = xasprintf(_("%s: cannot create: %s"), shown,
		    strerror(saved));
		goto fail;
	}
	close(dfd);
	free(dir);
	free(shown);
	return (f);

fail:
	if (dfd != -1)
		close(dfd);
	free(dir);
	free(shown);
	errno = saved;
	return (NULL);
}

/* Lower-case hex of a SHA-256 digest. */
void
export_sha256_hex(const unsigned char sha256[32], char out[65])
{
	static const char	hex[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[sha256[i] >> 4];
		out[2 * i + 1] = hex[sha256[i] & 0xf];
	}
	out[64] = '\0';
}

#define EXPORT_AUDIT_MAX	32	/* key/value slots of an audit line */

/* The audit line: the caller's fields, then k1=v1 and k2=v2. */
static int
export_audit_event(const char *event, const char *const *lead,
    const char *k1, const char *v1, const char *k2, const char *v2,
    char **cause)
{
	const char	*f[EXPORT_AUDIT_MAX + 5];
	size_t		 n = 0;

	while (lead[n] != NULL && n < EXPORT_AUDIT_MAX) {
		f[n] = lead[n];
		n++;
	}
	f[n++] = k1;
	f[n++] = v1;
	f[n++] = k2;
	f[n++] = v2;
	f[n] = NULL;
	return (audit_record(event, f, cause) != 0 ? 1 : 0);
}

/* An "export" audit line. */
static int
export_audit(const char *const *lead, const char *k1, const char *v1,
    const char *k2, const char *v2, char **cause)
{
	return (export_audit_event("export", lead, k1, v1, k2, v2, cause));
}

/* Sync and close a new file; remove it when anything failed before. */
static int
export_close(FILE *f, const char *path, int failed, int *error)
{
	int	 e = 0;

	if (!failed && (fflush(f) != 0 || fsync(fileno(f)) != 0))
		e = errno != 0 ? errno : EIO;
	if (fclose(f) != 0 && e == 0)
		e = errno != 0 ? errno : EIO;
	if (failed || e != 0)
		(void)unlink(path);
	if (e != 0 && *error == 0)
		*error = e;
	return (failed || e != 0 ? -1 : 0);
}

/* A libzip failure as the cause; errno EIO. */
static int
export_zip_error(zip_error_t *ze, char **cause)
{
	*cause = xasprintf(_("cannot make the encrypted zip: %s"),
	    zip_error_strerror(ze));
	errno = EIO;
	return (-1);
}

/* The zip bytes of a kept buffer source, into *zip (caller frees). */
static int
export_zip_bytes(zip_source_t *src, char **zip, size_t *zlen, char **cause)
{
	zip_int64_t	 size, n;
	int		 r = -1;

	if (zip_source_open(src) != 0)
		return (export_zip_error(zip_source_error(src), cause));
	if (zip_source_seek(src, 0, SEEK_END) != 0 ||
	    (size = zip_source_tell(src)) < 0 ||
	    zip_source_seek(src, 0, SEEK_SET) != 0) {
		export_zip_error(zip_source_error(src), cause);
		goto out;
	}
	*zip = xmalloc(size > 0 ? (size_t)size : 1);
	n = zip_source_read(src, *zip, (zip_uint64_t)size);
	if (n != size) {
		export_zip_error(zip_source_error(src), cause);
		free(*zip);
		*zip = NULL;
		goto out;
	}
	*zlen = (size_t)size;
	r = 0;
out:
	zip_source_close(src);
	return (r);
}

/*
 * The zip of an EXPORT_ZIP_AES job, in memory: the CSV written into a
 * buffer (wiped and freed after), added as the one entry, encrypted with
 * AES-256.  0 with *zip (caller frees) and *zlen, or -1 with *cause.
 */
static int
export_zip_build(const struct export_job *j, char **zip, size_t *zlen,
    char **cause)
{
	struct export_options	 o;
	struct writer		 w;
	zip_error_t		 ze;
	zip_source_t		*out, *data;
	zip_t			*za;
	zip_int64_t		 idx;
	const char		*name;
	int			 r = -1, e;

	*zip = NULL;
	*zlen = 0;
	if (j->password == NULL || *j->password == '\0') {
		*cause = xstrdup(_("the encrypted zip needs a password"));
		errno = EINVAL;
		return (-1);
	}
	if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		*cause = xstrdup(_("this build of libzip cannot encrypt with "
		    "AES-256"));
		errno = ENOTSUP;
		return (-1);
	}
	o = *j->opts;
	o.format = EXPORT_CSV;
	o.cp1252 = 0;
	memset(&w, 0, sizeof w);
	w.o = &o;
	export_body(&w, j->t, j->rows, j->nrows, j->cols, j->ncols);
	if (w.error != 0) {
		*cause = xasprintf(_("could not write the export: %s"),
		    strerror(w.error));
		errno = w.error;
		goto wipe;
	}
	name = j->zip_entry != NULL ? j->zip_entry : EXPORT_ZIP_ENTRY;
	zip_error_init(&ze);
	if ((out = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL) {
		export_zip_error(&ze, cause);
		goto wipe;
	}
	if ((za = zip_open_from_source(out, ZIP_TRUNCATE, &ze)) == NULL) {
		zip_source_free(out);
		export_zip_error(&ze, cause);
		goto wipe;
	}
	zip_source_keep(out);
	if ((data = zip_source_buffer(za, w.mem, w.mlen, 0)) == NULL) {
		export_zip_error(zip_get_error(za), cause);
		goto discard;
	}
	if ((idx = zip_file_add(za, name, data, ZIP_FL_ENC_UTF_8)) < 0) {
		export_zip_error(zip_get_error(za), cause);
		zip_source_free(data);
		goto discard;
	}
	if (zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256,
	    j->password) != 0 || zip_set_file_compression(za,
	    (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) != 0) {
		export_zip_error(zip_get_error(za), cause);
		goto discard;
	}
	if (zip_close(za) != 0) {
		export_zip_error(zip_get_error(za), cause);
		goto discard;
	}
	r = export_zip_bytes(out, zip, zlen, cause);
	zip_source_free(out);
	goto wipe;

discard:
	e = errno;
	zip_discard(za);
	zip_source_free(out);
	errno = e;
wipe:
	e = errno;
	if (w.mem != NULL) {
		secure_wipe(w.mem, w.mcap);
		free(w.mem);
	}
	errno = e;
	return (r);
}

/* Write n bytes to f, with their digest; -1 with *cause and errno. */
static int
export_bytes(FILE *f, const char *p, size_t n, unsigned char sha[32],
    char **cause)
{
	struct sha256_ctx	 ctx;
	int			 e = 0;

	sha256_init(&ctx);
	sha256_update(&ctx, n, (const uint8_t *)p);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, sha);
	errno = 0;
	if (fwrite(p, 1, n, f) != n || fflush(f) != 0)
		e = errno != 0 ? errno : EIO;
	else if (ferror(f))
		e = EIO;
	if (e != 0) {
		*cause = xasprintf(_("could not write the export: %s"),
		    strerror(e));
		errno = e;
		return (-1);
	}
	return (0);
}

int
export_run(struct export_job *j, char **cause)
{
	unsigned char	 sha[32];
	char		 nr[32], *shown, *zip = NULL;
	size_t		 zlen = 0;
	FILE		*f = j->out;
	int		 r, zipped = j->opts->format == EXPORT_ZIP_AES;

	j->error = 0;
	j->sha256[0] = '\0';
	if (zipped && export_zip_build(j, &zip, &zlen, cause) != 0) {
		j->error = errno;
		return (-1);
	}
	if (j->path != NULL && (f = export_create_private(j->path,
	    cause)) == NULL) {
		j->error = errno;
		free(zip);
		return (-1);
	}
	if (zipped)
		r = export_bytes(f, zip, zlen, sha, cause);
	else
		r = export_write(f, j->t, j->rows, j->nrows, j->cols,
		    j->ncols, j->opts, sha, cause);
	if (r != 0)
		j->error = errno;
	free(zip);
	if (j->path != NULL && export_close(f, j->path, r != 0,
	    &j->error) != 0) {
		if (r == 0) {
			shown = text_sanitize(j->path, strlen(j->path), 0, 0);
			*cause = xasprintf(_("%s: cannot write: %s"), shown,
			    strerror(j->error));
			free(shown);
		}
		return (-1);
	}
	if (r != 0)
		return (-1);
	export_sha256_hex(sha, j->sha256);
	if (j->audit == NULL)
		return (0);
	snprintf(nr, sizeof nr, "%zu", j->rows != NULL ? j->nrows :
	    table_rows(j->t));
	return (export_audit(j->audit, "rows", nr, "sha256", j->sha256,
	    cause));
}

/* Streaming an entry to its file with the digest. */
struct save_sink {
	FILE			*f;
	struct sha256_ctx	 sha;
	uint64_t		 bytes;
	int			 error;
};

static int
save_chunk(void *arg, const void *buf, size_t len)
{
	struct save_sink	*sv = arg;

	if (fwrite(buf, 1, len, sv->f) != len) {
		sv->error = errno != 0 ? errno : EIO;
		return (1);
	}
	sha256_update(&sv->sha, len, buf);
	sv->bytes += len;
	return (0);
}

int
export_save_entry(struct export_save *s, char **cause)
{
	struct save_sink	 sv;
	enum archive_status	 st;
	unsigned char		 digest[32];
	char			 nb[32], *shown, *why = NULL;

	s->error = 0;
	s->bytes = 0;
	s->sha256[0] = '\0';
	memset(&sv, 0, sizeof sv);
	if ((sv.f = export_create_private(s->path, cause)) == NULL) {
		s->error = errno;
		return (-1);
	}
	sha256_init(&sv.sha);
	errno = 0;
	st = archive_stream(s->a, s->entry, s->password, save_chunk, &sv,
	    &why);
	s->error = sv.error;
	if (export_close(sv.f, s->path, st != ARCHIVE_OK || sv.error != 0,
	    &s->error) != 0) {
		if (st != ARCHIVE_OK && sv.error == 0)
			*cause = why != NULL ? why : xstrdup(_("cannot read "
			    "the entry"));
		else {
			free(why);
			shown = text_sanitize(s->path, strlen(s->path), 0, 0);
			*cause = xasprintf(_("%s: cannot write: %s"), shown,
			    strerror(s->error));
			free(shown);
		}
		return (-1);
	}
	free(why);
	s->bytes = sv.bytes;
	sha256_digest(&sv.sha, sizeof digest, digest);
	export_sha256_hex(digest, s->sha256);
	if (s->audit == NULL)
		return (0);
	snprintf(nb, sizeof nb, "%llu", (unsigned long long)sv.bytes);
	return (export_audit(s->audit, "bytes", nb, "sha256", s->sha256,
	    cause));
}

/* The stream of an export_custom: hashed, counted, first error kept. */
struct export_sink {
	FILE			*f;
	struct sha256_ctx	 sha;
	uint64_t		 bytes;
	int			 error;
};

int
export_sink_write(void *arg, const void *buf, size_t len)
{
	struct export_sink	*sk = arg;

	if (sk->error != 0)
		return (-1);
	if (len > 0 && fwrite(buf, 1, len, sk->f) != len) {
		sk->error = errno != 0 ? errno : EIO;
		return (-1);
	}
	sha256_update(&sk->sha, len, buf);
	sk->bytes += len;
	return (0);
}

int
export_run_custom(struct export_custom *c, char **cause)
{
	struct export_sink	 sk;
	unsigned char		 digest[32];
	char			 nb[32], *shown;
	int			 r;

	c->error = 0;
	c->bytes = 0;
	c->sha256[0] = '\0';
	memset(&sk, 0, sizeof sk);
	sk.f = c->out;
	if (c->path != NULL && (sk.f = export_create_private(c->path,
	    cause)) == NULL) {
		c->error = errno;
		return (-1);
	}
	sha256_init(&sk.sha);
	errno = 0;
	*cause = NULL;
	r = c->body(&sk, c->arg, cause);
	if (r == 0 && sk.error == 0 && (fflush(sk.f) != 0 || ferror(sk.f)))
		sk.error = errno != 0 ? errno : EIO;
	if (sk.error != 0 && *cause == NULL)
		*cause = xasprintf(_("could not write the export: %s"),
		    strerror(sk.error));
	c->error = sk.error != 0 ? sk.error : r != 0 ? EIO : 0;
	if (c->path != NULL && export_close(sk.f, c->path, c->error != 0,
	    &c->error) != 0) {
		if (*cause == NULL) {
			shown = text_sanitize(c->path, strlen(c->path), 0, 0);
			*cause = xasprintf(_("%s: cannot write: %s"), shown,
			    strerror(c->error));
			free(shown);
		}
		return (-1);
	}
	if (c->error != 0)
		return (-1);
	c->bytes = sk.bytes;
	sha256_digest(&sk.sha, sizeof digest, digest);
	export_sha256_hex(digest, c->sha256);
	if (c->audit == NULL)
		return (0);
	snprintf(nb, sizeof nb, "%llu", (unsigned long long)sk.bytes);
	return (export_audit_event(c->event != NULL ? c->event : "export",
	    c->audit, "bytes", nb, "sha256", c->sha256, cause));
}
