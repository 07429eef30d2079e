/*
 * csv — bytes to records, streaming.  The first bytes (up to 64 KiB or 50
 * lines) are held as a sample: the BOM, the encoding (valid UTF-8, else
 * Windows-1252), the delimiter (the one giving the same field count on
 * most lines, quotes respected) and Élections Québec's trailing delimiter
 * are decided on it.  Then each chunk goes through two passes: convert (check
 * UTF-8 in place, or transcode Windows-1252 through a byte table; NUL bytes
 * become U+FFFD and are counted) and parse (RFC 4180 state machine with a
 * scanning fast path for unquoted fields), the record built packed —
 * NUL-terminated cells — and handed to the table in one copy.
 *
 * Encoding in auto mode: a sample holding valid UTF-8 decides UTF-8, one
 * holding an invalid sequence decides Windows-1252; an all-ASCII sample
 * stays provisional until the first non-ASCII sequence decides.  In a file
 * decided UTF-8, a later invalid byte is transcoded as Windows-1252 and
 * counted (csv_reader_invalid).  With UTF-8 forced, it is an error naming
 * the line.  Blank lines are skipped.  Errors are sticky.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "listelec/csv.h"
#include "listelec/i18n.h"
#include "listelec/table.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define SAMPLE_MAX	65536
#define SAMPLE_LINES	CSV_SAMPLE_LINES
#define SLICE		262144		/* bytes converted at a time */
#define DEF_FIELD	((size_t)64 << 20)	/* far above a real cell */
#define DEF_RECORD	((size_t)128 << 20)
#define DEF_COLUMNS	4096
#define ENDS_MAX	256		/* cell ends kept for the table */

enum enc_state {
	ES_PROV,		/* auto, ASCII so far */
	ES_UTF8,		/* auto, decided UTF-8 */
	ES_UTF8_FORCED,
	ES_CP1252,
	ES_LATIN1,
};

enum pstate {
	P_START,		/* at the start of a field */
	P_UNQ,			/* in an unquoted field */
	P_QUOTED,		/* in a quoted field */
	P_QQ,			/* a quote seen inside a quoted field */
};

struct csv_reader {
	struct csv_options opts;
	struct table	*t;
	size_t		 source;
	int		 header_done;
	int		 header_only;	/* stop after the header */
	int		 stopped;

	enum csv_encoding enc_forced;
	enum enc_state	 es;
	size_t		 invalid;
	size_t		 nuls;
	unsigned char	 carry[8];
	size_t		 ncarry;

	int		 sampling;
	unsigned char	*sample;
	size_t		 nsample;
	size_t		 sample_lines;

	char		*conv;
	size_t		 convcap;

	int		 delim;
	int		 trailing;
	unsigned char	 cls[256];
	enum pstate	 ps;
	int		 skip_lf;
	size_t		 line;
	size_t		 rec_line;
	size_t		 quote_line;
	char		*rec;
	size_t		 reclen;
	size_t		 reccap;
	size_t		 nfields;
	size_t		 field_start;
	size_t		 last_start;
	size_t		 records;
	uint32_t	 ends[ENDS_MAX];	/* the first cells' NULs */

	enum csv_status	 err;
	char		*errmsg;
};

/* UTF-8 forms of the single-byte code pages' upper halves. */
static char		 cp1252_tab[128][4];
static unsigned char	 cp1252_len[128];
static char		 latin1_tab[128][4];
static unsigned char	 latin1_len[128];
static pthread_once_t	 tab_once = PTHREAD_ONCE_INIT;

static const char	 fffd[] = "\xef\xbf\xbd";

static enum csv_status	 fail(struct csv_reader *, enum csv_status, char *);
static enum csv_status	 process(struct csv_reader *, const unsigned char *,
			     size_t, int);
static void		 set_delim(struct csv_reader *, int);

/* Build the transcoding tables once. */
static void
tab_init(void)
{
	unsigned char	c;
	int		i;

	for (i = 0; i < 128; i++) {
		c = (unsigned char)(0x80 + i);
		cp1252_len[i] = (unsigned char)text_cp1252_to_utf8(
		    cp1252_tab[i], &c, 1);
		latin1_len[i] = (unsigned char)text_latin1_to_utf8(
		    latin1_tab[i], &c, 1);
	}
}

/* Record a sticky error; takes msg. */
static enum csv_status
fail(struct csv_reader *r, enum csv_status st, char *msg)
{
	if (r->err == CSV_OK) {
		r->err = st;
		r->errmsg = msg;
	} else
		free(msg);
	return (r->err);
}

/* Return the sticky error with a copy of its message. */
static enum csv_status
report(struct csv_reader *r, char **cause)
{
	if (r->err != CSV_OK && cause != NULL)
		*cause = xstrdup(r->errmsg != NULL ? r->errmsg : "");
	return (r->err);
}

static struct csv_reader *
reader_new(const struct csv_options *o, struct table *t, const char *source)
{
	struct csv_reader	*r;

	pthread_once(&tab_once, tab_init);
	r = xcalloc(1, sizeof *r);
	if (o != NULL)
		r->opts = *o;
	if (r->opts.max_field == 0)
		r->opts.max_field = DEF_FIELD;
	if (r->opts.max_record == 0)
		r->opts.max_record = DEF_RECORD;
	if (r->opts.max_columns == 0)
		r->opts.max_columns = DEF_COLUMNS;
	r->t = t;
	r->source = table_add_source(t, source != NULL ? source : "");
	r->enc_forced = r->opts.encoding;
	switch (r->opts.encoding) {
	case CSV_ENC_UTF8:
		r->es = ES_UTF8_FORCED;
		break;
	case CSV_ENC_CP1252:
		r->es = ES_CP1252;
		break;
	case CSV_ENC_LATIN1:
		r->es = ES_LATIN1;
		break;
	case CSV_ENC_AUTO:
	default:
		r->es = ES_PROV;
		break;
	}
	r->sampling = 1;
	r->sample = xmalloc(SAMPLE_MAX);
	r->line = r->rec_line = 1;
	r->reccap = 4096;
	r->rec = xmalloc(r->reccap);
	return (r);
}

/* A reader feeding t under the name source. */
struct csv_reader *
csv_reader_new(const struct csv_options *o, struct table *t,
    const char *source)
{
	return (reader_new(o, t, source));
}

/* A reader for a later part of r's file; see csv.h. */
struct csv_reader *
csv_reader_part(const struct csv_reader *r, struct table *t)
{
	struct csv_reader	*p;
	const char		**names;
	size_t			 *lens, i, n;
	const struct table	*rt = r->t;

	if (r->sampling || r->es == ES_PROV || !r->header_done ||
	    r->err != CSV_OK || r->stopped || !table_has_header(rt) ||
	    table_has_header(t))
		return (NULL);
	n = table_file_cols(rt);
	names = xreallocarray(NULL, n + 1, sizeof *names);
	lens = xreallocarray(NULL, n + 1, sizeof *lens);
	for (i = 0; i < n; i++) {
		names[i] = table_col_name(rt, i);
		lens[i] = strlen(names[i]);
	}
	i = table_set_header(t, names, lens, n) == 0;
	free(names);
	free(lens);
	if (!i)
		return (NULL);
	p = reader_new(&r->opts, t, table_source_name(rt, r->source));
	p->enc_forced = r->enc_forced;
	p->es = r->es;
	p->sampling = 0;
	free(p->sample);
	p->sample = NULL;
	p->header_done = 1;
	p->trailing = r->trailing;
	set_delim(p, r->delim);
	return (p);
}

/* Nonzero when the input fed so far ends between records. */
int
csv_reader_at_record(const struct csv_reader *r)
{
	return (!r->sampling && r->err == CSV_OK && r->ncarry == 0 &&
	    r->ps == P_START && !r->skip_lf && r->nfields == 0 &&
	    r->reclen == 0);
}

/* Free a reader; NULL is fine. */
void
csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->sample);
	free(r->conv);
	free(r->rec);
	free(r->errmsg);
	free(r);
}

enum csv_encoding
csv_reader_encoding(const struct csv_reader *r)
{
	switch (r->es) {
	case ES_UTF8:
	case ES_UTF8_FORCED:
		return (CSV_ENC_UTF8);
	case ES_CP1252:
		return (CSV_ENC_CP1252);
	case ES_LATIN1:
		return (CSV_ENC_LATIN1);
	case ES_PROV:
	default:
		/* ASCII so far reads the same in every encoding. */
		return (CSV_ENC_UTF8);
	}
}

int
csv_reader_delimiter(const struct csv_reader *r)
{
	return (r->delim);
}

size_t
csv_reader_records(const struct csv_reader *r)
{
	return (r->records);
}

/* Bytes of a UTF-8 file that were invalid and read as Windows-1252. */
size_t
csv_reader_invalid(const struct csv_reader *r)
{
	return (r->invalid);
}

/* NUL bytes replaced by U+FFFD. */
size_t
csv_reader_nuls(const struct csv_reader *r)
{
	return (r->nuls);
}

/* Nonzero when the trailing delimiter of every line was dropped. */
int
csv_reader_trailing(const struct csv_reader *r)
{
	return (r->trailing);
}

/*
 * Sniffing: scan s[0..n) once for nd candidate delimiters d[] (at most
 * 8), quotes respected, recording for each the field count of each
 * complete record (the last one too when final) and whether its last
 * field is empty.  Which lines are records does not depend on the
 * delimiter (a line is one when it holds anything); a bit per candidate
 * says whether its current field has a byte yet.
 */
static size_t
scan_counts(const unsigned char *s, size_t n, const int *d, size_t nd,
    int final, size_t counts[][SAMPLE_LINES + 1],
    unsigned char lastempty[][SAMPLE_LINES + 1], size_t max)
{
	unsigned char	 which[256];
	size_t		 i, k, nf[8], nrec = 0, used = 0;
	unsigned	 all = (1u << nd) - 1, full = 0;
	int		 inq = 0, quoted = 0;

	memset(which, 0, sizeof which);
	for (k = 0; k < nd; k++) {
		which[(unsigned char)d[k]] = (unsigned char)(k + 1);
		nf[k] = 1;
	}
	for (i = 0; i < n && nrec < max; i++) {
		if (inq) {
			if (s[i] != '"')
				full = all;
			else if (i + 1 < n && s[i + 1] == '"') {
				i++;
				full = all;
			} else
				inq = 0;
			used = 1;
			continue;
		}
		if (s[i] == '"') {
			inq = quoted = 1;
		} else if (which[s[i]] != 0) {
			k = which[s[i]] - 1u;
			nf[k]++;
			full = all & ~(1u << k);
			used = 1;
		} else if (s[i] == '\r' || s[i] == '\n') {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			if (used || quoted) {
				for (k = 0; k < nd; k++) {
					counts[k][nrec] = nf[k];
					lastempty[k][nrec] = !(full >> k & 1);
				}
				nrec++;
			}
			for (k = 0; k < nd; k++)
				nf[k] = 1;
			full = 0;
			used = quoted = 0;
		} else {
			full = all;
			used = 1;
		}
	}
	if (final && !inq && nrec < max && (used || quoted)) {
		for (k = 0; k < nd; k++) {
			counts[k][nrec] = nf[k];
			lastempty[k][nrec] = !(full >> k & 1);
		}
		nrec++;
	}
	return (nrec);
}

/*
 * No record of the sample settles it (a header longer than the sample: a
 * list of 100 000 columns): the candidate seen most in the first line,
 * outside quotes, so that a wide file meets the column limit and is
 * refused, never read silently as one column.
 */
static int
sniff_first_line(const unsigned char *s, size_t n, const int *cands,
    size_t ncands, int d)
{
	size_t	 count[8] = { 0 }, i, k, best = 0;
	int	 inq = 0;

	for (i = 0; i < n && (inq || (s[i] != '\n' && s[i] != '\r')); i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (!inq)
			for (k = 0; k < ncands && k < 8; k++)
				count[k] += s[i] == (unsigned char)cands[k];
	}
	for (k = 0; k < ncands && k < 8; k++)
		if (count[k] > best) {
			best = count[k];
			d = cands[k];
		}
	return (d);
}

/* Choose the delimiter by consistency over the sample. */
static int
sniff(const unsigned char *s, size_t n, int final)
{
	static const int	 cands[] = { ';', ',', '\t', '|' };
	size_t			 counts[4][SAMPLE_LINES + 1];
	unsigned char		 le[4][SAMPLE_LINES + 1];
	size_t			 nrec, i, j, k, mode, agree, m, a;
	size_t			 best = 0, bestm = 0;
	int			 d = ',';

	nrec = scan_counts(s, n, cands, 4, final, counts, le, SAMPLE_LINES);
	for (k = 0; k < sizeof cands / sizeof cands[0]; k++) {
		mode = agree = 0;
		for (i = 0; i < nrec; i++) {
			m = counts[k][i];
			if (m < 2)
				continue;
			for (a = 0, j = 0; j < nrec; j++)
				a += counts[k][j] == m;
			if (a > agree || (a == agree && m > mode)) {
				agree = a;
				mode = m;
			}
		}
		if (mode < 2)
			continue;
		if (agree > best || (agree == best && mode > bestm)) {
			best = agree;
			bestm = mode;
			d = cands[k];
		}
	}
	if (best == 0)
		d = sniff_first_line(s, n, cands, sizeof cands /
		    sizeof cands[0], d);
	return (d);
}

/* Decide on Élections Québec's trailing delimiter from the sample. */
static int
sniff_trailing(const unsigned char *s, size_t n, int d, int final)
{
	size_t		counts[1][SAMPLE_LINES + 1], nrec, i, empty = 0;
	unsigned char	le[1][SAMPLE_LINES + 1];

	nrec = scan_counts(s, n, &d, 1, final, counts, le, SAMPLE_LINES);
	if (nrec == 0 || counts[0][0] < 2 || !le[0][0])
		return (0);
	for (i = 1; i < nrec; i++)
		empty += le[0][i] && counts[0][i] >= counts[0][0] - 1;
	return (nrec == 1 || empty * 10 >= (nrec - 1) * 9);
}

/* Set up the parser's byte classes for the delimiter. */
static void
set_delim(struct csv_reader *r, int d)
{
	r->delim = d;
	memset(r->cls, 0, sizeof r->cls);
	r->cls[(unsigned char)d] = 1;
	r->cls['"'] = 1;
	r->cls['\r'] = 1;
	r->cls['\n'] = 1;
}

/* The sample is complete: decide, then parse it. */
static enum csv_status
end_sample(struct csv_reader *r, int final)
{
	unsigned char	*s = r->sample;
	size_t		 n = r->nsample, skip = 0, i, nuls = 0, done;
	int		 ascii = 1;
	enum csv_status	 st;

	r->sampling = 0;
	if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
	    (s[0] == 0xfe && s[1] == 0xff)))
		return (fail(r, CSV_ERR_DATA, xstrdup(_("the file is in "
		    "UTF-16 (it starts with a UTF-16 byte order mark): "
		    "UTF-16 is not supported; save it as UTF-8 or "
		    "Windows-1252"))));
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		skip = 3;
		if (r->es == ES_PROV)
			r->es = ES_UTF8;
	}
	for (i = skip; i < n; i++) {
		if (s[i] == 0)
			nuls++;
		else if (s[i] >= 0x80)
			ascii = 0;
	}
	if (nuls > 0 && nuls * 8 > n - skip)
		return (fail(r, CSV_ERR_DATA, xstrdup(_("the file holds many "
		    "NUL bytes: it looks like UTF-16 or binary data, not a "
		    "CSV list"))));
	if (r->es == ES_PROV && !ascii) {
		done = final ? n - skip : text_utf8_complete((char *)s + skip,
		    n - skip);
		r->es = text_utf8_valid((char *)s + skip, done) ? ES_UTF8 :
		    ES_CP1252;
	}
	set_delim(r, r->opts.delimiter != 0 ? r->opts.delimiter :
	    sniff(s + skip, n - skip, final));
	r->trailing = sniff_trailing(s + skip, n - skip, r->delim, final);
	st = process(r, s + skip, n - skip, 0);
	free(r->sample);
	r->sample = NULL;
	return (st);
}

/* Make the record buffer hold need more bytes, within the caps. */
static int
rec_room(struct csv_reader *r, size_t need)
{
	size_t	cap;

	if (r->reccap - r->reclen >= need)
		return (0);
	if (r->reclen + need - r->field_start > r->opts.max_field + 1) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: a field is "
		    "longer than %zu bytes"), r->rec_line, r->opts.max_field));
		return (-1);
	}
	if (r->reclen + need > r->opts.max_record + 1) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: a record is "
		    "longer than %zu bytes"), r->rec_line, r->opts.max_record));
		return (-1);
	}
	cap = r->reccap;
	while (cap - r->reclen < need)
		cap *= 2;
	r->rec = xrealloc(r->rec, cap);
	r->reccap = cap;
	return (0);
}

/* Append k bytes to the current field. */
static int
append(struct csv_reader *r, const char *p, size_t k)
{
	if (r->reclen + k - r->field_start > r->opts.max_field &&
	    r->ps == P_QUOTED) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: a quoted field "
		    "is longer than %zu bytes (is its closing quote "
		    "missing?)"), r->quote_line, r->opts.max_field));
		return (-1);
	}
	if (r->reclen + k - r->field_start > r->opts.max_field) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: a field is "
		    "longer than %zu bytes"), r->rec_line, r->opts.max_field));
		return (-1);
	}
	if (r->reclen + k > r->opts.max_record) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: a record is "
		    "longer than %zu bytes"), r->rec_line, r->opts.max_record));
		return (-1);
	}
	if (rec_room(r, k + 1) != 0)
		return (-1);
	memcpy(r->rec + r->reclen, p, k);
	r->reclen += k;
	return (0);
}

/* End the current field. */
static int
end_field(struct csv_reader *r)
{
	if (r->nfields >= r->opts.max_columns) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: more than %zu "
		    "columns"), r->rec_line, r->opts.max_columns));
		return (-1);
	}
	if (rec_room(r, 1) != 0)
		return (-1);
	r->last_start = r->field_start;
	if (r->nfields < ENDS_MAX)
		r->ends[r->nfields] = (uint32_t)r->reclen;
	r->rec[r->reclen++] = '\0';
	r->nfields++;
	r->field_start = r->reclen;
	return (0);
}

/* append() with the common case inline. */
static inline int
append_fast(struct csv_reader *r, const char *p, size_t k)
{
	if (r->reccap - r->reclen > k &&
	    r->reclen + k - r->field_start <= r->opts.max_field &&
	    r->reclen + k <= r->opts.max_record) {
		memcpy(r->rec + r->reclen, p, k);
		r->reclen += k;
		return (0);
	}
	return (append(r, p, k));
}

/*
 * append_fast() for a field of at most 16 bytes with 16 readable at p
 * (avail): one 16-byte copy (the bytes past k are overwritten later).
 */
static inline int
append_short(struct csv_reader *r, const char *p, size_t k, size_t avail)
{
#ifdef __SSE2__
	if (k <= 16 && avail >= 16 && r->reccap - r->reclen > 16 &&
	    r->reclen + k - r->field_start <= r->opts.max_field &&
	    r->reclen + k <= r->opts.max_record) {
		_mm_storeu_si128((__m128i *)(void *)(r->rec + r->reclen),
		    _mm_loadu_si128((const __m128i *)(const void *)p));
		r->reclen += k;
		return (0);
	}
#else
	(void)avail;
#endif
	return (append_fast(r, p, k));
}

/* end_field() with the common case inline. */
static inline int
end_field_fast(struct csv_reader *r)
{
	if (r->nfields < r->opts.max_columns && r->reccap > r->reclen &&
	    r->nfields < ENDS_MAX) {
		r->last_start = r->field_start;
		r->ends[r->nfields] = (uint32_t)r->reclen;
		r->rec[r->reclen++] = '\0';
		r->nfields++;
		r->field_start = r->reclen;
		return (0);
	}
	return (end_field(r));
}

/* The header record. */
static int
take_header(struct csv_reader *r)
{
	const char	**names;
	size_t		 *lens, i, o = 0;
	int		  rc = 0;

	names = xreallocarray(NULL, r->nfields, sizeof *names);
	lens = xreallocarray(NULL, r->nfields, sizeof *lens);
	for (i = 0; i < r->nfields; i++) {
		names[i] = r->rec + o;
		lens[i] = strlen(names[i]);
		o += lens[i] + 1;
	}
	if (table_has_header(r->t)) {
		if (!table_same_header(r->t, names, lens, r->nfields)) {
			fail(r, CSV_ERR_DATA, xasprintf(_("the header of %s "
			    "differs from the first list's"),
			    table_source_name(r->t, r->source)));
			rc = -1;
		}
	} else if (table_set_header(r->t, names, lens, r->nfields) != 0) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: too many "
		    "columns"), r->rec_line));
		rc = -1;
	}
	free(names);
	free(lens);
	r->header_done = 1;
	if (r->header_only)
		r->stopped = 1;
	return (rc);
}

/* End the current record (the line end already consumed). */
static int
end_record(struct csv_reader *r)
{
	char	*cause = NULL;
	int	 rc = 0;

	if (r->nfields == 1 && r->reclen == 1)
		goto reset;		/* a blank line */
	if (r->trailing && r->nfields >= 2 &&
	    r->last_start == r->reclen - 1 &&
	    (!r->header_done || r->nfields == table_file_cols(r->t) + 1)) {
		r->reclen = r->last_start;
		r->nfields--;
	}
	if (!r->header_done)
		rc = take_header(r);
	else if ((r->nfields <= ENDS_MAX ? table_add_record_ends(r->t,
	    r->source, r->rec, r->reclen, r->nfields, r->ends, &cause) :
	    table_add_record(r->t, r->source, r->rec, r->reclen, r->nfields,
	    &cause)) != 0) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: %s"), r->rec_line,
		    cause != NULL ? cause : ""));
		free(cause);
		rc = -1;
	} else
		r->records++;
reset:
	r->reclen = r->nfields = r->field_start = r->last_start = 0;
	return (rc);
}

/* Count LF in s[0..n). */
static size_t
count_lf(const char *s, size_t n)
{
	const char	*p = s, *end = s + n;
	size_t		 k = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return (k);
}

/* The first delimiter, quote, CR or LF in [q, end), or end. */
static inline const unsigned char *
scan_special(const unsigned char *q, const unsigned char *end,
    const unsigned char *cls, int delim)
{
#ifdef __SSE2__
	const __m128i	vd = _mm_set1_epi8((char)delim);
	const __m128i	vq = _mm_set1_epi8('"');
	const __m128i	vcr = _mm_set1_epi8('\r');
	const __m128i	vlf = _mm_set1_epi8('\n');
	__m128i		x, m;
	int		mask;

	while (end - q >= 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)q);
		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vd),
		    _mm_cmpeq_epi8(x, vq)), _mm_or_si128(_mm_cmpeq_epi8(x, vcr),
		    _mm_cmpeq_epi8(x, vlf)));
		mask = _mm_movemask_epi8(m);
		if (mask != 0)
			return (q + __builtin_ctz((unsigned)mask));
		q += 16;
	}
#else
	(void)delim;
#endif
	while (q < end && !cls[*q])
		q++;
	return (q);
}

#ifdef __SSE2__
/*
 * The delimiters of a line's block at i (mask m) become NULs, their cells'
 * ends kept after *nf others, *last past the last; -1 past ENDS_MAX.
 */
static inline int
block_ends(struct csv_reader *r, char *dst, size_t i, unsigned m,
    size_t *nf, size_t *last)
{
	size_t	at;

	for (; m != 0; m &= m - 1) {
		if (*nf + 1 >= ENDS_MAX)
			return (-1);
		at = i + (size_t)__builtin_ctz(m);
		dst[at] = '\0';
		r->ends[(*nf)++] = (uint32_t)at;
		*last = at + 1;
	}
	return (0);
}
#endif

/*
 * A whole record on one line at p, read in one pass: taken at a record's
 * start when the line's LF is in the buffer and the line holds no quote
 * and no CR but one before its LF, has at most ENDS_MAX cells and fits
 * the limits (so that the state machine would read it the same way, with
 * no error).  Its bytes are copied 16 at a time, the delimiters become
 * NULs, the LF is found in the same pass.  Returns the bytes used, LF
 * included; 0 when the line is left to the state machine; -1 on a
 * record's error.
 */
static long
whole_line(struct csv_reader *r, const unsigned char *p,
    const unsigned char *end)
{
	size_t			 avail = (size_t)(end - p), i, nf = 0;
	size_t			 len = 0, body = 0;
	size_t			 last = 0, lim;
	char			*dst;
#ifdef __SSE2__
	size_t			 stop, at;
	const __m128i		 vd = _mm_set1_epi8((char)r->delim);
	const __m128i		 vq = _mm_set1_epi8('"');
	const __m128i		 vcr = _mm_set1_epi8('\r');
	const __m128i		 vlf = _mm_set1_epi8('\n');
	__m128i			 x;
	unsigned		 ml, mqc, m;
#else
	const unsigned char	*nl;
	unsigned char		 c;
#endif

	lim = r->opts.max_field < r->opts.max_record - 1 ?
	    r->opts.max_field : r->opts.max_record - 1;
#ifdef __SSE2__
	/*
	 * 16 bytes at a time, each block whole in the buffer (a line that
	 * ends in the last 15 bytes is the state machine's) and starting
	 * within the limits: its LF, quotes and CRs, its delimiters before
	 * the LF.
	 */
	if (avail < 16)
		return (0);
	stop = lim < avail - 16 ? lim + 17 : avail;
	if (stop > r->reccap - 1)
		stop = r->reccap - 1;	/* longer: the state machine's */
	dst = r->rec;
	for (i = 0;; i += 16) {
		if (i + 16 > stop)
			return (0);
		x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		ml = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vlf));
		mqc = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(x, vq), _mm_cmpeq_epi8(x, vcr)));
		_mm_storeu_si128((__m128i *)(void *)(dst + i), x);
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd));
		if ((ml | mqc) != 0)
			break;
		if (block_ends(r, dst, i, m, &nf, &last) != 0)
			return (0);
	}
	if (ml != 0) {
		/* The LF: a CR just before it ends the line too. */
		at = (size_t)__builtin_ctz(ml);
		m &= (1u << at) - 1;
		mqc &= (1u << at) - 1;
		len = body = i + at;
		if (at > 0 && mqc == 1u << (at - 1) && p[len - 1] == '\r') {
			mqc = 0;
			body--;
		}
	} else if (mqc == 0x8000 && p[i + 15] == '\r' && i + 16 < avail &&
	    p[i + 16] == '\n') {
		/* A CR ends the block, the LF starts the next. */
		mqc = 0;
		len = i + 16;
		body = i + 15;
	}
	if (mqc != 0 || block_ends(r, dst, i, m, &nf, &last) != 0)
		return (0);
#else
	if ((nl = memchr(p, '\n', avail)) == NULL)
		return (0);
	len = (size_t)(nl - p);
	body = len > 0 && p[len - 1] == '\r' ? len - 1 : len;
	if (body > lim || body + 1 > r->reccap)
		return (0);	/* longer: the state machine's */
	dst = r->rec;
	for (i = 0; i < body; i++) {
		c = p[i];
		if (c == '"' || c == '\r')
			return (0);
		if (c == r->delim) {
			if (nf + 1 >= ENDS_MAX)
				return (0);
			dst[i] = '\0';
			r->ends[nf++] = (uint32_t)i;
			last = i + 1;
		} else
			dst[i] = (char)c;
	}
#endif
	if (body > lim || nf + 1 > r->opts.max_columns)
		return (0);
	dst[body] = '\0';
	r->ends[nf++] = (uint32_t)body;
	r->reclen = body + 1;
	r->nfields = nf;
	r->last_start = last;
	r->field_start = body + 1;
	if (end_record(r) != 0)
		return (-1);
	r->line++;
	r->rec_line = r->line;
	return ((long)len + 1);
}

/* Parse n bytes of UTF-8 text. */
static enum csv_status
parse(struct csv_reader *r, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + n, *q;
	const unsigned char	*cls = r->cls;
	int			 c;
	long			 k;

	while (p < end) {
		if (r->stopped)
			return (CSV_OK);
		switch (r->ps) {
		case P_START:
			if (!r->skip_lf && r->reclen == 0 && r->nfields == 0) {
				if ((k = whole_line(r, p, end)) < 0)
					return (r->err);
				if (k > 0) {
					p += k;
					continue;
				}
			}
			c = *p;
			if (r->skip_lf) {
				r->skip_lf = 0;
				if (c == '\n') {
					p++;
					continue;
				}
			}
			if (c == '"') {
				r->ps = P_QUOTED;
				r->quote_line = r->line;
				p++;
				continue;
			}
			r->ps = P_UNQ;
			continue;
		case P_UNQ:
			q = scan_special(p, end, cls, r->delim);
			if (q > p && append_short(r, (const char *)p,
			    (size_t)(q - p), (size_t)(end - p)) != 0)
				return (r->err);
			p = q;
			if (p == end)
				break;
			c = *p++;
			if (c == '"') {
				if (append_fast(r, "\"", 1) != 0)
					return (r->err);
				continue;
			}
			if (end_field_fast(r) != 0)
				return (r->err);
			/*
			 * The next field or line: unquoted unless a quote
			 * opens it (or a CR's LF may follow: P_START).
			 */
			r->ps = p < end && *p != '"' && c != '\r' ? P_UNQ :
			    P_START;
			if (c == r->delim)
				continue;
			if (end_record(r) != 0)
				return (r->err);
			r->skip_lf = c == '\r';
			r->line++;
			r->rec_line = r->line;
			continue;
		case P_QUOTED:
			q = memchr(p, '"', (size_t)(end - p));
			if (q == NULL)
				q = end;
			r->line += count_lf((const char *)p, (size_t)(q - p));
			if (q > p && append_fast(r, (const char *)p,
			    (size_t)(q - p)) != 0)
				return (r->err);
			p = q;
			if (p < end) {
				p++;
				r->ps = P_QQ;
			}
			continue;
		case P_QQ:
			if (*p == '"') {
				if (append_fast(r, "\"", 1) != 0)
					return (r->err);
				p++;
				r->ps = P_QUOTED;
			} else
				r->ps = P_UNQ;	/* "ab"c reads ab"c… as abc */
			continue;
		}
	}
	return (CSV_OK);
}

/* Room in the conversion buffer for need bytes. */
static void
conv_room(struct csv_reader *r, size_t need)
{
	if (r->convcap >= need)
		return;
	r->conv = xrealloc(r->conv, need);
	r->convcap = need;
}

/* Transcode single-byte text (table tab) into out; returns bytes written. */
static size_t
single(char *out, const unsigned char *in, size_t n, char tab[][4],
    const unsigned char *tlen, size_t *nuls)
{
	size_t		i = 0, o = 0, k;
	uint64_t	v;
	unsigned char	c;

	(void)k;
	while (i < n) {
#ifdef __SSE2__
		if (i + 16 <= n) {
			__m128i	x = _mm_loadu_si128(
			    (const __m128i *)(const void *)(in + i));
			int	m = _mm_movemask_epi8(_mm_or_si128(x,
			    _mm_cmpeq_epi8(x, _mm_setzero_si128())));

			/* Store 16 bytes; keep those before a special one. */
			_mm_storeu_si128((__m128i *)(void *)(out + o), x);
			if (m == 0) {
				i += 16;
				o += 16;
				continue;
			}
			k = (size_t)__builtin_ctz((unsigned)m);
			i += k;
			o += k;
		}
#endif
		if (i + 8 <= n) {
			memcpy(&v, in + i, 8);
			if ((v & UINT64_C(0x8080808080808080)) == 0 &&
			    ((v - UINT64_C(0x0101010101010101)) & ~v &
			    UINT64_C(0x8080808080808080)) == 0) {
				memcpy(out + o, in + i, 8);
				i += 8;
				o += 8;
				continue;
			}
		}
		c = in[i++];
		if (c >= 0x80) {
			memcpy(out + o, tab[c - 0x80], 4);
			o += tlen[c - 0x80];
		} else if (c == 0) {
			memcpy(out + o, fffd, 3);
			o += 3;
			(*nuls)++;
		} else
			out[o++] = (char)c;
	}
	return (o);
}

/* Expected length of a UTF-8 sequence from its lead byte; 0 invalid. */
static size_t
u8len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return (2);
	if (c >= 0xe0 && c <= 0xef)
		return (3);
	if (c >= 0xf0 && c <= 0xf4)
		return (4);
	return (0);
}

#ifdef __SSE2__
/*
 * 16 bytes of valid UTF-8 that convert() keeps as they are: 1 when ASCII
 * without NUL, 2 when two-byte sequences lie wholly inside too, else 0.
 */
static inline int
utf8_block(const unsigned char *p)
{
	const __m128i	x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i		s;
	unsigned	hi, lead, cont;

	hi = (unsigned)_mm_movemask_epi8(x);
	if ((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x,
	    _mm_setzero_si128())) != 0)
		return (0);
	if (hi == 0)
		return (1);
	/* Signed once the top bit is flipped: 80-BF are 00-3F, C2-DF 42-5F. */
	s = _mm_xor_si128(x, _mm_set1_epi8((char)0x80));
	lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(
	    _mm_cmpgt_epi8(s, _mm_set1_epi8(0x41)),
	    _mm_cmplt_epi8(s, _mm_set1_epi8(0x60))));
	cont = (unsigned)_mm_movemask_epi8(_mm_and_si128(
	    _mm_cmpgt_epi8(s, _mm_set1_epi8(-1)),
	    _mm_cmplt_epi8(s, _mm_set1_epi8(0x40))));
	if ((lead | cont) != hi || (lead & 0x8000) != 0 ||
	    ((lead << 1) & 0xffff) != cont)
		return (0);
	return (2);
}
#endif

/*
 * Convert in[0..n) to UTF-8: *out points into in when nothing changes, else
 * into r->conv.  *used: bytes consumed (less than n when a sequence is cut
 * at the end and not final, or at an invalid byte with UTF-8 forced: then
 * *bad is set).
 */
static void
convert(struct csv_reader *r, const unsigned char *in, size_t n, int final,
    const char **out, size_t *outlen, size_t *used, int *bad)
{
	size_t		 i = 0, o = 0, start = 0, L, k;
	int		 copying = 0;
	uint64_t	 v;
	unsigned char	 c;
#ifdef __SSE2__
	int		 m;
#endif

	*bad = 0;
	if (r->es == ES_CP1252 || r->es == ES_LATIN1) {
		conv_room(r, 3 * n + 8);
		*outlen = r->es == ES_CP1252 ?
		    single(r->conv, in, n, cp1252_tab, cp1252_len, &r->nuls) :
		    single(r->conv, in, n, latin1_tab, latin1_len, &r->nuls);
		*out = r->conv;
		*used = n;
		return;
	}
	while (i < n) {
#ifdef __SSE2__
		/*
		 * 16 bytes at once: ASCII without NUL, or two-byte sequences
		 * (é, à, ç) wholly inside: each lead (C2-DF) followed by a
		 * continuation byte (80-BF), each continuation after a lead.
		 */
		if (i + 16 <= n && (m = utf8_block(in + i)) != 0) {
			if (m == 2 && r->es == ES_PROV)
				r->es = ES_UTF8;
			i += 16;
			continue;
		}
#endif
		if (i + 8 <= n) {
			memcpy(&v, in + i, 8);
			if ((v & UINT64_C(0x8080808080808080)) == 0 &&
			    ((v - UINT64_C(0x0101010101010101)) & ~v &
			    UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		c = in[i];
		if (c != 0 && c < 0x80) {
			i++;
			continue;
		}
		/* A two-byte sequence (é, à, ç): valid by its bytes. */
		if (c >= 0xc2 && c <= 0xdf && i + 1 < n &&
		    (in[i + 1] & 0xc0) == 0x80) {
			if (r->es == ES_PROV)
				r->es = ES_UTF8;
			i += 2;
			continue;
		}
		if (c != 0) {
			L = u8len(c);
			if (L > 1 && i + L > n && !final) {
				for (k = i + 1; k < n; k++)
					if ((in[k] & 0xc0) != 0x80)
						break;
				if (k == n)
					break;	/* cut: wait for more */
			}
			if (L > 1 && i + L <= n &&
			    text_utf8_valid((const char *)in + i, L)) {
				if (r->es == ES_PROV)
					r->es = ES_UTF8;
				i += L;
				continue;
			}
			if (r->es == ES_UTF8_FORCED) {
				*bad = 1;
				break;
			}
		}
		/* This byte changes: copy what came before. */
		if (!copying) {
			conv_room(r, 3 * n + 8);
			copying = 1;
		}
		memcpy(r->conv + o, in + start, i - start);
		o += i - start;
		if (c == 0) {
			memcpy(r->conv + o, fffd, 3);
			o += 3;
			r->nuls++;
			start = ++i;
			continue;
		}
		if (r->es == ES_PROV) {
			/* First non-ASCII is invalid UTF-8: Windows-1252. */
			r->es = ES_CP1252;
			o += single(r->conv + o, in + i, n - i, cp1252_tab,
			    cp1252_len, &r->nuls);
			start = i = n;
			break;
		}
		r->invalid++;
		memcpy(r->conv + o, cp1252_tab[c - 0x80], 4);
		o += cp1252_len[c - 0x80];
		start = ++i;
	}
	if (copying) {
		memcpy(r->conv + o, in + start, i - start);
		o += i - start;
		*out = r->conv;
		*outlen = o;
	} else {
		*out = (const char *)in;
		*outlen = i;
	}
	*used = i;
}

/* Convert and parse one piece (at most SLICE bytes); returns bytes used. */
static enum csv_status
piece(struct csv_reader *r, const unsigned char *in, size_t n, int final,
    size_t *used)
{
	const char	*out;
	size_t		 outlen;
	int		 bad;

	convert(r, in, n, final, &out, &outlen, used, &bad);
	if (outlen > 0 && parse(r, out, outlen) != CSV_OK)
		return (r->err);
	if (bad && !r->stopped)
		return (fail(r, CSV_ERR_ENCODING, xasprintf(_("line %zu: "
		    "invalid UTF-8 (byte 0x%02X); the file may be in "
		    "Windows-1252: try --encoding cp1252"), r->line,
		    in[*used])));
	return (CSV_OK);
}

/* Convert and parse bytes after the sample; a cut sequence waits. */
static enum csv_status
process(struct csv_reader *r, const unsigned char *in, size_t n, int final)
{
	size_t		 take, used, L, k;
	enum csv_status	 st;

	if (r->ncarry > 0) {
		/* Complete the cut sequence with continuation bytes only. */
		L = u8len(r->carry[0]);
		for (k = 0; r->ncarry < L && k < n && (in[k] & 0xc0) == 0x80;
		    k++)
			r->carry[r->ncarry++] = in[k];
		in += k;
		n -= k;
		if (r->ncarry < L && n == 0 && !final)
			return (CSV_OK);
		k = r->ncarry;
		r->ncarry = 0;
		if ((st = piece(r, r->carry, k, 1, &used)) != CSV_OK)
			return (st);
	}
	while (n > 0 && !r->stopped) {
		take = n < SLICE ? n : SLICE;
		if ((st = piece(r, in, take, final && take == n, &used)) !=
		    CSV_OK)
			return (st);
		in += used;
		n -= used;
		/* A sequence cut at the end of the input waits for more. */
		if (used < take && take - used == n)
			break;
		if (used == 0)
			fatal("csv: no progress");
	}
	if (n > 0 && !r->stopped) {
		if (n > sizeof r->carry)
			fatal("csv: carry of %zu bytes", n);
		memcpy(r->carry, in, n);
		r->ncarry = n;
	}
	return (CSV_OK);
}

/* Feed len bytes. */
enum csv_status
csv_reader_feed(struct csv_reader *r, const void *buf, size_t len,
    char **cause)
{
	const unsigned char	*p = buf, *nl;
	size_t			 take;

	if (r->err != CSV_OK)
		return (report(r, cause));
	if (r->stopped || len == 0)
		return (CSV_OK);
	if (r->sampling) {
		take = SAMPLE_MAX - r->nsample;
		if (take > len)
			take = len;
		/* Stop the sample after its SAMPLE_LINES-th line. */
		nl = p;
		while (r->sample_lines < SAMPLE_LINES &&
		    (nl = memchr(nl, '\n', (size_t)(p + take - nl))) != NULL) {
			nl++;
			if (++r->sample_lines == SAMPLE_LINES)
				take = (size_t)(nl - p);
		}
		memcpy(r->sample + r->nsample, p, take);
		r->nsample += take;
		p += take;
		len -= take;
		if (r->nsample < SAMPLE_MAX &&
		    r->sample_lines < SAMPLE_LINES)
			return (CSV_OK);
		if (end_sample(r, 0) != CSV_OK)
			return (report(r, cause));
	}
	if (len > 0 && process(r, p, len, 0) != CSV_OK)
		return (report(r, cause));
	return (CSV_OK);
}

/* End of input. */
enum csv_status
csv_reader_finish(struct csv_reader *r, char **cause)
{
	if (r->err != CSV_OK)
		return (report(r, cause));
	if (r->sampling && end_sample(r, 1) != CSV_OK)
		return (report(r, cause));
	if (r->ncarry > 0 && process(r, (const unsigned char *)"", 0, 1) !=
	    CSV_OK)
		return (report(r, cause));
	if (r->stopped)
		return (CSV_OK);
	if (r->ps == P_QUOTED) {
		fail(r, CSV_ERR_DATA, xasprintf(_("line %zu: a quoted field "
		    "opens here and is never closed"), r->quote_line));
		return (report(r, cause));
	}
	if (r->nfields > 0 || r->ps != P_START) {
		if (end_field(r) != 0 || end_record(r) != 0)
			return (report(r, cause));
		r->ps = P_START;
	}
	if (!r->header_done) {
		fail(r, CSV_ERR_EMPTY, xstrdup(_("the file is empty: no "
		    "header line")));
		return (report(r, cause));
	}
	table_build_done(r->t);	/* the building buffers go */
	return (CSV_OK);
}

/* Whole buffer at once. */
enum csv_status
csv_read_buffer(const struct csv_options *o, struct table *t,
    const char *source, const void *buf, size_t len, char **cause)
{
	struct csv_reader	*r;
	enum csv_status		 st;

	r = csv_reader_new(o, t, source);
	st = csv_reader_feed(r, buf, len, cause);
	if (st == CSV_OK)
		st = csv_reader_finish(r, cause);
	csv_reader_free(r);
	return (st);
}

/* The folded header of the first bytes, joined by 0x1f. */
char *
csv_header_key(const struct csv_options *o, const void *buf, size_t len)
{
	struct table		*t;
	struct csv_reader	*r;
	char			*key = NULL, *f, *n;
	size_t			 i;

	t = table_new();
	r = reader_new(o, t, "");
	r->header_only = 1;
	if (csv_reader_feed(r, buf, len, NULL) == CSV_OK)
		(void)csv_reader_finish(r, NULL);
	if (r->header_done && table_has_header(t)) {
		key = xstrdup("");
		for (i = 0; i < table_file_cols(t); i++) {
			f = text_fold_dup(table_col_name(t, i));
			n = xasprintf("%s%s%s", key, i > 0 ? "\x1f" : "", f);
			free(f);
			free(key);
			key = n;
		}
	}
	csv_reader_free(r);
	table_free(t);
	return (key);
}

const char *
csv_encoding_name(enum csv_encoding e)
{
	switch (e) {
	case CSV_ENC_UTF8:
		return ("UTF-8");
	case CSV_ENC_CP1252:
		return ("Windows-1252");
	case CSV_ENC_LATIN1:
		return ("ISO-8859-1");
	case CSV_ENC_AUTO:
	default:
		return ("auto");
	}
}

/* Parse --encoding. */
int
csv_parse_encoding(const char *s, enum csv_encoding *e)
{
	if (strcasecmp(s, "auto") == 0)
		*e = CSV_ENC_AUTO;
	else if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		*e = CSV_ENC_UTF8;
	else if (strcasecmp(s, "cp1252") == 0 ||
	    strcasecmp(s, "windows-1252") == 0)
		*e = CSV_ENC_CP1252;
	else if (strcasecmp(s, "latin1") == 0 ||
	    strcasecmp(s, "iso-8859-1") == 0)
		*e = CSV_ENC_LATIN1;
	else
		return (-1);
	return (0);
}

/* Parse --delimiter. */
int
csv_parse_delimiter(const char *s, int *d)
{
	if (strcasecmp(s, "auto") == 0)
		*d = 0;
	else if (strcmp(s, ",") == 0 || strcasecmp(s, "comma") == 0)
		*d = ',';
	else if (strcmp(s, ";") == 0 || strcasecmp(s, "semicolon") == 0)
		*d = ';';
	else if (strcasecmp(s, "tab") == 0 || strcmp(s, "\t") == 0 ||
	    strcmp(s, "\\t") == 0)
		*d = '\t';
	else if (strcmp(s, "|") == 0 || strcasecmp(s, "pipe") == 0)
		*d = '|';
	else
		return (-1);
	return (0);
}
