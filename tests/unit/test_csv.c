/*
 * test_csv — the CSV reader (csv.c): RFC 4180 edge cases, chunk boundaries,
 * encodings, delimiter sniffing, the trailing delimiter, ragged rows, caps,
 * errors naming lines.  Data is fictitious and built here.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "listelec/csv.h"
#include "listelec/table.h"
#include "listelec/xmalloc.h"

/* Every file cell of t, '|' between cells, a newline after each row. */
static char *
dump(const struct table *t)
{
	size_t	 r, c, w, len, cap = 256, used = 0;
	char	*out = xmalloc(cap);
	const char *s;

#define PUT(p, n) do {							\
	while (used + (n) + 2 > cap)					\
		out = xrealloc(out, cap *= 2);				\
	memcpy(out + used, (p), (n));					\
	used += (n);							\
} while (0)
	for (c = 0; c < table_file_cols(t); c++) {
		if (c > 0)
			PUT("|", 1);
		s = table_col_name(t, c);
		PUT(s, strlen(s));
	}
	PUT("\n", 1);
	for (r = 0; r < table_rows(t); r++) {
		w = table_row_width(t, r);
		for (c = 0; c < w; c++) {
			if (c > 0)
				PUT("|", 1);
			s = table_raw_cell(t, r, c, &len);
			PUT(s, len);
		}
		PUT("\n", 1);
	}
#undef PUT
	out[used] = '\0';
	return (out);
}

/* Parse s whole with options o; returns the dump, or NULL on error. */
static char *
parse_with(const struct csv_options *o, const char *s, size_t len,
    enum csv_status *stp, char **cause)
{
	struct table	*t = table_new();
	enum csv_status	 st;
	char		*d = NULL;

	st = csv_read_buffer(o, t, "x.csv", s, len, cause);
	if (stp != NULL)
		*stp = st;
	if (st == CSV_OK)
		d = dump(t);
	table_free(t);
	return (d);
}

/* Parse s fed in chunks of size step (0 = whole). */
static char *
parse_chunks(const char *s, size_t len, size_t step)
{
	struct table		*t = table_new();
	struct csv_reader	*r = csv_reader_new(NULL, t, "x.csv");
	char			*cause = NULL, *d;
	size_t			 i, k;

	for (i = 0; i < len; i += k) {
		k = step == 0 || len - i < step ? len - i : step;
		assert_int_equal(csv_reader_feed(r, s + i, k, &cause), CSV_OK);
	}
	assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
	d = dump(t);
	csv_reader_free(r);
	table_free(t);
	return (d);
}

static char *
parse(const char *s)
{
	char	*cause = NULL, *d;
	enum csv_status st;

	d = parse_with(NULL, s, strlen(s), &st, &cause);
	if (st != CSV_OK)
		fail_msg("parse failed: %s", cause);
	return (d);
}

#define EXPECT(in, out) do {						\
	char *d_ = parse(in);						\
	assert_string_equal(d_, out);					\
	free(d_);							\
} while (0)

static void
test_rfc4180(void **state)
{
	(void)state;
	/* Simple, LF. */
	EXPECT("a,b,c\n1,2,3\n", "a|b|c\n1|2|3\n");
	/* CRLF and no final line end. */
	EXPECT("a,b\r\n1,2\r\n3,4", "a|b\n1|2\n3|4\n");
	/* Old Mac CR. */
	EXPECT("a,b\r1,2\r3,4\r", "a|b\n1|2\n3|4\n");
	/* Delimiter, doubled quote, CRLF and LF inside quotes. */
	EXPECT("a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n\"l1\r\nl2\",\"m\nn\"\n",
	    "a|b\nx,y|he said \"hi\"\nl1\r\nl2|m\nn\n");
	/* Empty fields, quoted empty field. */
	EXPECT("a,b,c\n,,\n\"\",x,\n", "a|b|c\n||\n|x|\n");
	/* A quote inside an unquoted field is kept. */
	EXPECT("a,b\n5\" pipe,x\n", "a|b\n5\" pipe|x\n");
	/* Blank lines are skipped. */
	EXPECT("a,b\n\n1,2\n\r\n3,4\n", "a|b\n1|2\n3|4\n");
	/* Header only. */
	EXPECT("a,b\n", "a|b\n");
}

static void
test_records_count(void **state)
{
	struct table	*t = table_new();
	struct csv_reader *r = csv_reader_new(NULL, t, "x.csv");
	const char	*s = "n;p\nA;B\nC;D\nE;F\n";
	char		*cause = NULL;

	(void)state;
	assert_int_equal(csv_reader_feed(r, s, strlen(s), &cause), CSV_OK);
	assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
	assert_int_equal(csv_reader_records(r), 3);
	assert_int_equal(table_rows(t), 3);
	assert_int_equal(csv_reader_delimiter(r), ';');
	csv_reader_free(r);
	table_free(t);
}

/* A file with every tricky thing, fed at many chunk sizes. */
static void
test_chunks(void **state)
{
	static const size_t steps[] = { 1, 2, 3, 5, 7, 64, 4096 };
	char	*buf, *whole, *d;
	size_t	 i, len = 0, cap = 1 << 20;
	int	 k;

	(void)state;
	buf = xmalloc(cap);
	len += (size_t)snprintf(buf + len, cap - len,
	    "\xef\xbb\xbfNom;Prénom;Adresse;Note\r\n");
	for (k = 0; k < 300; k++)
		len += (size_t)snprintf(buf + len, cap - len,
		    "Bélanger%d;Zoé;\"%d, rue de l'Église\r\napp. %d\";"
		    "\"dit \"\"Ti-Jean\"\"\"\r\n", k, k, k);
	whole = parse_chunks(buf, len, 0);
	assert_non_null(strstr(whole, "Bélanger7|Zoé|7, rue de l'Église\r\n"
	    "app. 7|dit \"Ti-Jean\"\n"));
	assert_non_null(strstr(whole, "Nom|Prénom|Adresse|Note\n"));
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		d = parse_chunks(buf, len, steps[i]);
		assert_string_equal(d, whole);
		free(d);
	}
	free(whole);

	/*
	 * UTF-8 with stray bytes: a cut sequence is completed only by
	 * continuation bytes ("\xe0" then a valid "\xe0\xac\xac").
	 */
	len = (size_t)snprintf(buf, cap, "Nom;Note\n");
	for (k = 0; k < 60; k++)	/* past the sample: decided UTF-8 */
		len += (size_t)snprintf(buf + len, cap - len, "Zoé;%d\n", k);
	len += (size_t)snprintf(buf + len, cap - len, "Zoé;a\xe0\xe0\xac\xac"
	    "b\xc3\n\xc3;\xf0\x9f\x98\x80\n");
	whole = parse_chunks(buf, len, 0);
	assert_non_null(strstr(whole, "Zoé|59\nZoé|aà\xe0\xac\xac" "bÃ\n"
	    "Ã|\xf0\x9f\x98\x80\n"));
	for (i = 1; i < 8; i++) {
		d = parse_chunks(buf, len, i);
		assert_string_equal(d, whole);
		free(d);
	}
	free(whole);

	/* The same in Windows-1252, one byte at a time. */
	len = 0;
	len += (size_t)snprintf(buf + len, cap - len, "Nom;Pr\xe9nom\r\n");
	for (k = 0; k < 200; k++)
		len += (size_t)snprintf(buf + len, cap - len,
		    "B\xe9langer;C\x9cur %d\r\n", k);
	whole = parse_chunks(buf, len, 0);
	d = parse_chunks(buf, len, 1);
	assert_string_equal(d, whole);
	assert_non_null(strstr(d, "Bélanger|Cœur 199\n"));
	free(d);
	free(whole);
	free(buf);
}

/*
 * Parse s[0..len) with options o fed in chunks of step bytes (0: whole);
 * the dump, or "error: " and the cause.
 */
static char *
parse_any(const struct csv_options *o, const char *s, size_t len,
    size_t step)
{
	struct table		*t = table_new();
	struct csv_reader	*r = csv_reader_new(o, t, "x.csv");
	char			*cause = NULL, *d;
	size_t			 i, k;
	enum csv_status		 st = CSV_OK;

	for (i = 0; i < len && st == CSV_OK; i += k) {
		k = step == 0 || len - i < step ? len - i : step;
		st = csv_reader_feed(r, s + i, k, &cause);
	}
	if (st == CSV_OK)
		st = csv_reader_finish(r, &cause);
	if (st == CSV_OK)
		d = dump(t);
	else
		d = xasprintf("error: %s", cause != NULL ? cause : "");
	free(cause);
	csv_reader_free(r);
	table_free(t);
	return (d);
}

/*
 * Whole lines are read in one pass when they hold no quote and no lone
 * CR: random lists of such lines and others (quotes, CR, blank lines,
 * trailing and doubled delimiters, ragged rows, cells around 16 bytes,
 * limits crossed, two- and three-byte UTF-8 sequences across 16-byte
 * blocks, bytes that are not UTF-8, lines longer than the reader's first
 * buffer) read the same whole as one byte at a
 * time (where no line is ever whole in the buffer, no block of 16 bytes
 * checked at once), with the same errors.
 */
static void
test_lines(void **state)
{
	static const char *const bits[] = {
	    "a", "Zoé", "B\xc3\xa9langer", "rue de l'Église", "12",
	    "0123456789abcdef", "0123456789abcde", "0123456789abcdefg",
	    ";", ";", ";", ";", "\n", "\n", "\n", "\r\n", "\r",
	    "\"q;\n\"", "\"x\"\"y\"", " ", "",
	    "\xe2\x82\xac", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3",
	    "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" };
	struct csv_options	 o;
	char			*buf, *whole, *d;
	size_t			 len, cap = 1 << 16, j;
	unsigned		 seed = 12345, round, n, read = 0;

	(void)state;
	buf = xmalloc(cap);
	for (round = 0; round < 400; round++) {
		memset(&o, 0, sizeof o);
		o.delimiter = ';';
		if (round % 4 == 1)
			o.max_field = 12 + round % 40;
		if (round % 4 == 2)
			o.max_record = 40 + round % 90;
		if (round % 4 == 3)
			o.max_columns = 3 + round % 5;
		len = (size_t)snprintf(buf, cap, "Nom;Prénom;Adresse\n");
		n = 20 + (seed = seed * 1103515245 + 12345) % 200;
		for (j = 0; round % 7 == 5 && j < 60; j++)
			len += (size_t)snprintf(buf + len, cap - len,
			    "Zo\xc3\xa9;%zu\n", j);	/* decided UTF-8 */
		for (j = 0; j < n; j++) {
			if (round % 8 == 0 && j == n / 3) {
				/* A line longer than the reader's buffer. */
				memset(buf + len, 'x', 5000);
				memcpy(buf + len + 2500, ";;", 2);
				len += 5000;
			}
			if (round % 7 == 5 && j == n / 2)  /* not UTF-8 */
				len += (size_t)snprintf(buf + len, cap - len,
				    "ab\xc0\xaf;0123;4567;89ab;cdefg\xc0\xaf;"
				    "0123;4567;89ab;cdefgh\xc0\xaf;0123;4567;"
				    "89ab;cdefghi\xc0\xaf;0123;4567;89ab;"
				    "\xe9t\xe9;");
			seed = seed * 1103515245 + 12345;
			len += (size_t)snprintf(buf + len, cap - len, "%s",
			    bits[(seed >> 8) % (sizeof bits / sizeof bits[0])]);
		}
		if (round % 10 == 9)	/* a quote never closed */
			len += (size_t)snprintf(buf + len, cap - len, "\"a");
		whole = parse_any(&o, buf, len, 0);
		d = parse_any(&o, buf, len, 1);
		read += strncmp(whole, "error: ", 7) != 0;
		if (strcmp(d, whole) != 0)
			fail_msg("round %u: whole:\n%s\none byte at a time:"
			    "\n%s", round, whole, d);
		free(d);
		free(whole);
	}
	/* A quarter were read: lines were compared, not only errors. */
	assert_true(read >= 100);
	free(buf);
}

static void
test_encodings(void **state)
{
	struct table		*t;
	struct csv_reader	*r;
	struct csv_options	 o;
	enum csv_status		 st;
	char			*cause = NULL, *d, *big;
	size_t			 len, i;

	(void)state;
	/* UTF-8 with a BOM: the BOM is not part of the first name. */
	EXPECT("\xef\xbb\xbfNom,Prénom\nBélanger,Zoé\n",
	    "Nom|Prénom\nBélanger|Zoé\n");
	/* Windows-1252: é is 0xE9, œ is 0x9C, ’ is 0x92. */
	EXPECT("Nom;Pr\xe9nom\nB\xe9langer;C\x9cur\nl\x92\xc9" "cole;x\n",
	    "Nom|Prénom\nBélanger|Cœur\nl’École|x\n");

	t = table_new();
	r = csv_reader_new(NULL, t, "x.csv");
	assert_int_equal(csv_reader_feed(r, "a;b\nB\xe9langer;x\n", 16,
	    &cause), CSV_OK);
	assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
	assert_int_equal(csv_reader_encoding(r), CSV_ENC_CP1252);
	csv_reader_free(r);
	table_free(t);

	/* UTF-16 BOM: refused with a clear message. */
	d = parse_with(NULL, "\xff\xfeN\0o\0m\0\n\0", 10, &st, &cause);
	assert_null(d);
	assert_int_equal(st, CSV_ERR_DATA);
	assert_non_null(strstr(cause, "UTF-16 is not supported"));
	free(cause);
	cause = NULL;

	/* UTF-8 forced: an invalid byte names its line. */
	memset(&o, 0, sizeof o);
	o.encoding = CSV_ENC_UTF8;
	d = parse_with(&o, "a;b\n1;2\nB\xe9langer;3\n", 20, &st, &cause);
	assert_null(d);
	assert_int_equal(st, CSV_ERR_ENCODING);
	assert_non_null(strstr(cause, "line 3"));
	free(cause);
	cause = NULL;

	/* Forced Windows-1252 reads UTF-8 bytes as two characters. */
	o.encoding = CSV_ENC_CP1252;
	d = parse_with(&o, "a\n\xc3\xa9\n", 5, &st, &cause);
	assert_string_equal(d, "a\nÃ©\n");
	free(d);

	/*
	 * ASCII past the sample, then the first non-ASCII byte decides:
	 * invalid UTF-8 → Windows-1252 for the rest.
	 */
	big = xmalloc(1 << 20);
	len = (size_t)snprintf(big, 1 << 20, "a;b\n");
	for (i = 0; i < 3000; i++)
		len += (size_t)snprintf(big + len, (1 << 20) - len,
		    "ligne;%zu\n", i);
	len += (size_t)snprintf(big + len, (1 << 20) - len,
	    "B\xe9langer;\xc3\xa9\n");
	t = table_new();
	r = csv_reader_new(NULL, t, "x.csv");
	assert_int_equal(csv_reader_feed(r, big, len, &cause), CSV_OK);
	assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
	assert_int_equal(csv_reader_encoding(r), CSV_ENC_CP1252);
	assert_string_equal(table_cell(t, 3000, 0, NULL), "Bélanger");
	assert_string_equal(table_cell(t, 3000, 1, NULL), "Ã©");
	csv_reader_free(r);
	table_free(t);

	/* A UTF-8 file with a stray byte later: read as cp1252, counted. */
	len = (size_t)snprintf(big, 1 << 20, "a;b\nZoé;1\n");
	for (i = 0; i < 3000; i++)
		len += (size_t)snprintf(big + len, (1 << 20) - len,
		    "ligne;%zu\n", i);
	len += (size_t)snprintf(big + len, (1 << 20) - len,
	    "B\xe9langer;Zoé\n");
	t = table_new();
	r = csv_reader_new(NULL, t, "x.csv");
	assert_int_equal(csv_reader_feed(r, big, len, &cause), CSV_OK);
	assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
	assert_int_equal(csv_reader_encoding(r), CSV_ENC_UTF8);
	assert_int_equal(csv_reader_invalid(r), 1);
	assert_string_equal(table_cell(t, 3001, 0, NULL), "Bélanger");
	assert_string_equal(table_cell(t, 3001, 1, NULL), "Zoé");
	csv_reader_free(r);
	table_free(t);
	free(big);
}

static void
test_nul(void **state)
{
	struct table		*t = table_new();
	struct csv_reader	*r = csv_reader_new(NULL, t, "x.csv");
	char			*cause = NULL;
	static const char	 s[] = "nom;prenom;ville;code\nab\0c;d;Laval;"
				    "H7N 1A1\n";
	enum csv_status		 st;
	char			*d;

	(void)state;
	assert_int_equal(csv_reader_feed(r, s, sizeof s - 1, &cause), CSV_OK);
	assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
	assert_int_equal(csv_reader_nuls(r), 1);
	assert_string_equal(table_cell(t, 0, 0, NULL), "ab\xef\xbf\xbd" "c");
	csv_reader_free(r);
	table_free(t);

	/* UTF-16 without a BOM: mostly NUL bytes, refused. */
	d = parse_with(NULL, "N\0o\0m\0;\0x\0\n\0", 12, &st, &cause);
	assert_null(d);
	assert_int_equal(st, CSV_ERR_DATA);
	assert_non_null(strstr(cause, "UTF-16"));
	free(cause);
}

static void
test_sniff(void **state)
{
	(void)state;
	/* ';' with commas inside cells. */
	EXPECT("Nom;Adresse;Ville\nRoy, Luc;12, rue A;Québec\n"
	    "Roy;3, rue B, app. 2;Lévis\n",
	    "Nom|Adresse|Ville\nRoy, Luc|12, rue A|Québec\n"
	    "Roy|3, rue B, app. 2|Lévis\n");
	/* Commas with a ';' inside a quoted cell. */
	EXPECT("a,b,c\n\"x;y\",2,3\n4,5,6\n", "a|b|c\nx;y|2|3\n4|5|6\n");
	EXPECT("a\tb\n1\t2\n", "a|b\n1|2\n");
	/* Pipes, and a single column. */
	EXPECT("a|b|c\n1|2|3\n", "a|b|c\n1|2|3\n");
	EXPECT("seul\nun\ndeux\n", "seul\nun\ndeux\n");
}

static void
test_forced_delimiter(void **state)
{
	struct csv_options	o;
	char			*d, *cause = NULL;

	(void)state;
	memset(&o, 0, sizeof o);
	o.delimiter = ',';
	d = parse_with(&o, "a;b,c\n1;2,3\n", 12, NULL, &cause);
	assert_string_equal(d, "a;b|c\n1;2|3\n");
	free(d);
}

static void
test_trailing(void **state)
{
	struct table	*t = table_new();
	char		 s[4096];
	size_t		 len;
	int		 i;
	char		*cause = NULL;

	(void)state;
	len = (size_t)snprintf(s, sizeof s, "Nom;Prénom;Ville;\r\n");
	for (i = 0; i < 20; i++)
		len += (size_t)snprintf(s + len, sizeof s - len,
		    "Roy%d;Luc;Laval;\r\n", i);
	len += (size_t)snprintf(s + len, sizeof s - len,
	    "Tremblay;Zoé;Gaspé;extra\r\nCôté;Ève;Lévis;\r\n");
	assert_int_equal(csv_read_buffer(NULL, t, "x.csv", s, len, &cause),
	    CSV_OK);
	assert_int_equal(table_file_cols(t), 3);
	assert_int_equal(table_rows(t), 22);
	assert_int_equal(table_row_width(t, 0), 3);
	assert_string_equal(table_cell(t, 21, 2, NULL), "Lévis");
	/* A line whose last field is not empty keeps it: ragged. */
	assert_int_equal(table_row_width(t, 20), 4);
	assert_int_equal(table_ragged(t), 1);
	assert_string_equal(table_raw_cell(t, 20, 3, NULL), "extra");
	table_free(t);

	/* An empty last header field with data under it is a column. */
	EXPECT("a;b;\n1;2;3\n4;5;6\n", "a|b|\n1|2|3\n4|5|6\n");
}

static void
test_ragged(void **state)
{
	struct table	*t = table_new();
	const char	*s = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n";
	char		*cause = NULL;
	size_t		 len;

	(void)state;
	assert_int_equal(csv_read_buffer(NULL, t, "x.csv", s, strlen(s),
	    &cause), CSV_OK);
	assert_int_equal(table_rows(t), 4);
	assert_int_equal(table_ragged(t), 2);
	assert_int_equal(table_row_width(t, 1), 2);
	assert_string_equal(table_cell(t, 1, 2, &len), "");
	assert_int_equal(len, 0);
	assert_int_equal(table_row_width(t, 2), 4);
	assert_string_equal(table_raw_cell(t, 2, 3, NULL), "9");
	assert_null(table_raw_cell(t, 2, 4, NULL));
	assert_string_equal(table_cell(t, 3, 2, NULL), "12");
	table_free(t);
}

static void
test_caps(void **state)
{
	struct table		*t;
	struct csv_reader	*r;
	struct csv_options	 o;
	char			*chunk, *cause = NULL;
	enum csv_status		 st = CSV_OK;
	size_t			 i;

	(void)state;
	/* A 72 MB line: refused at the field cap (64 MiB), naming line 2. */
	chunk = xmalloc(65536);
	memset(chunk, 'x', 65536);
	t = table_new();
	r = csv_reader_new(NULL, t, "x.csv");
	assert_int_equal(csv_reader_feed(r, "a;b\n", 4, &cause), CSV_OK);
	for (i = 0; i < 1152 && st == CSV_OK; i++)
		st = csv_reader_feed(r, chunk, 65536, &cause);
	assert_int_equal(st, CSV_ERR_DATA);
	/* It stopped at the cap, not at the end. */
	assert_true(i <= 1025);
	assert_non_null(strstr(cause, "line 2"));
	free(cause);
	cause = NULL;
	/* Sticky. */
	assert_int_equal(csv_reader_finish(r, &cause), CSV_ERR_DATA);
	free(cause);
	cause = NULL;
	csv_reader_free(r);
	table_free(t);

	/* Many short fields: the record cap. */
	memset(&o, 0, sizeof o);
	o.max_record = 1000;
	o.max_columns = 100000;
	for (i = 0; i < 65536; i += 2) {
		chunk[i] = 'y';
		chunk[i + 1] = ';';
	}
	t = table_new();
	r = csv_reader_new(&o, t, "x.csv");
	st = csv_reader_feed(r, "a;b\n1;2\n", 8, &cause);
	assert_int_equal(st, CSV_OK);
	st = csv_reader_feed(r, chunk, 65536, &cause);
	assert_int_equal(st, CSV_ERR_DATA);
	assert_non_null(strstr(cause, "line 3"));
	free(cause);
	cause = NULL;
	csv_reader_free(r);
	table_free(t);

	/* The column cap. */
	o.max_record = 0;
	o.max_columns = 50;
	o.delimiter = ';';
	t = table_new();
	r = csv_reader_new(&o, t, "x.csv");
	st = csv_reader_feed(r, chunk, 65536, &cause);
	if (st == CSV_OK)
		st = csv_reader_finish(r, &cause);
	assert_int_equal(st, CSV_ERR_DATA);
	assert_non_null(strstr(cause, "line 1"));
	assert_non_null(strstr(cause, "50"));
	free(cause);
	csv_reader_free(r);
	table_free(t);
	free(chunk);
}

static void
test_unterminated(void **state)
{
	char		*d, *cause = NULL;
	enum csv_status	 st;
	const char	*s = "\"Nom;Prénom\nRoy;Luc\nCôté;Ève\n";

	(void)state;
	d = parse_with(NULL, s, strlen(s), &st, &cause);
	assert_null(d);
	assert_int_equal(st, CSV_ERR_DATA);
	assert_non_null(strstr(cause, "line 1:"));
	free(cause);
	cause = NULL;

	s = "a;b\n1;2\n3;\"ouvert\n4;5\n";
	d = parse_with(NULL, s, strlen(s), &st, &cause);
	assert_null(d);
	assert_int_equal(st, CSV_ERR_DATA);
	assert_non_null(strstr(cause, "line 3:"));
	free(cause);
}

static void
test_empty(void **state)
{
	char		*d, *cause = NULL;
	enum csv_status	 st;

	(void)state;
	d = parse_with(NULL, "", 0, &st, &cause);
	assert_null(d);
	assert_int_equal(st, CSV_ERR_EMPTY);
	free(cause);
	cause = NULL;
	d = parse_with(NULL, "\r\n\n", 3, &st, &cause);
	assert_int_equal(st, CSV_ERR_EMPTY);
	free(cause);
}

static void
test_second_header(void **state)
{
	struct table	*t = table_new();
	char		*cause = NULL;

	(void)state;
	assert_int_equal(csv_read_buffer(NULL, t, "a.csv", "Nom;Ville\nA;B\n",
	    14, &cause), CSV_OK);
	assert_int_equal(csv_read_buffer(NULL, t, "b.csv", "NOM;ville\nC;D\n",
	    14, &cause), CSV_OK);
	assert_int_equal(table_rows(t), 2);
	assert_int_equal(table_row_source(t, 1), 1);
	assert_int_equal(csv_read_buffer(NULL, t, "c.csv", "Nom;Code\nE;F\n",
	    13, &cause), CSV_ERR_DATA);
	assert_non_null(strstr(cause, "c.csv"));
	free(cause);
	table_free(t);
}

static void
test_header_key(void **state)
{
	char	*k;

	(void)state;
	k = csv_header_key(NULL, "Nom;Pr\xe9nom;\r\nRoy;Luc;\r\nA;B;\r\n", 28);
	assert_non_null(k);
	assert_string_equal(k, "nom\x1fprenom");
	free(k);
	/* A header cut short of its line end is still the first line. */
	k = csv_header_key(NULL, "NOM,Prénom\n\"open", 17);
	assert_string_equal(k, "nom\x1fprenom");
	free(k);
	assert_null(csv_header_key(NULL, "", 0));
}

static void
test_parse_options(void **state)
{
	enum csv_encoding	e;
	int			d;

	(void)state;
	assert_int_equal(csv_parse_encoding("utf-8", &e), 0);
	assert_int_equal(e, CSV_ENC_UTF8);
	assert_int_equal(csv_parse_encoding("CP1252", &e), 0);
	assert_int_equal(e, CSV_ENC_CP1252);
	assert_int_equal(csv_parse_encoding("latin1", &e), 0);
	assert_int_equal(e, CSV_ENC_LATIN1);
	assert_int_equal(csv_parse_encoding("auto", &e), 0);
	assert_int_equal(e, CSV_ENC_AUTO);
	assert_int_equal(csv_parse_encoding("utf-16", &e), -1);
	assert_int_equal(csv_parse_delimiter("tab", &d), 0);
	assert_int_equal(d, '\t');
	assert_int_equal(csv_parse_delimiter(";", &d), 0);
	assert_int_equal(d, ';');
	assert_int_equal(csv_parse_delimiter("auto", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(csv_parse_delimiter(":", &d), -1);
	assert_string_equal(csv_encoding_name(CSV_ENC_CP1252), "Windows-1252");
}

/*
 * A list read in two parts (load.c on a large file): the first reader up
 * to a line start, a part reader (csv_reader_part) for the rest, the
 * tables joined; the same table as one read, wherever the line is.
 */
static void
test_parts(void **state)
{
	struct table		*t, *t2;
	struct csv_reader	*r, *r2;
	char			*buf, *whole, *d, *cause = NULL;
	size_t			 len = 0, i, k, at[4], nat = 0, quote = 0;

	(void)state;
	buf = xmalloc(65536);
	len = (size_t)snprintf(buf, 65536, "Nom;Pr\xe9nom;Ville;\r\n");
	for (i = 0; i < 300; i++) {
		if (i == 70 || i == 150 || i == 230)
			at[nat++] = len;
		if (i == 200) {
			len += (size_t)snprintf(buf + len, 65536 - len,
			    "\"Ligne\r\n");
			quote = len;	/* a line start inside quotes */
			len += (size_t)snprintf(buf + len, 65536 - len,
			    "coup\xe9" "e\";x;y;\r\n");
			continue;
		}
		len += (size_t)snprintf(buf + len, 65536 - len,
		    i % 37 == 0 ? "C\xf4t\xe9 %zu;L\xe9" "a\r\n" :
		    "C\xf4t\xe9 %zu;L\xe9" "a;Qu\xe9" "bec;\r\n", i % 13);
	}
	at[nat++] = len;		/* the second part empty */
	whole = parse_chunks(buf, len, 0);
	for (k = 0; k < nat + 1; k++) {
		i = k < nat ? at[k] : quote;
		t = table_new();
		r = csv_reader_new(NULL, t, "x.csv");
		assert_int_equal(csv_reader_feed(r, buf, i, &cause), CSV_OK);
		if (k == nat) {
			/* Inside a quoted field: not a place to cut. */
			assert_false(csv_reader_at_record(r));
			csv_reader_free(r);
			table_free(t);
			break;
		}
		assert_true(csv_reader_at_record(r));
		t2 = table_new();
		r2 = csv_reader_part(r, t2);
		assert_non_null(r2);
		assert_int_equal(csv_reader_feed(r2, buf + i, len - i, &cause),
		    CSV_OK);
		assert_int_equal(csv_reader_finish(r2, &cause), CSV_OK);
		assert_int_equal(table_append_part(t, t2, &cause), 0);
		assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
		assert_int_equal(csv_reader_records(r) +
		    csv_reader_records(r2), 300);
		table_finish(t);
		assert_int_equal(table_sources(t), 1);
		d = dump(t);
		assert_string_equal(d, whole);
		free(d);
		csv_reader_free(r2);
		table_free(t2);
		csv_reader_free(r);
		table_free(t);
	}
	/* Not before the encoding is decided: inside the sample, ASCII. */
	t = table_new();
	t2 = table_new();
	r = csv_reader_new(NULL, t, "x.csv");
	assert_int_equal(csv_reader_feed(r, buf, 100, &cause), CSV_OK);
	assert_null(csv_reader_part(r, t2));
	csv_reader_free(r);
	table_free(t);
	r = csv_reader_new(NULL, t = table_new(), "x.csv");
	assert_int_equal(csv_reader_feed(r, "A;B\n1;2\n", 8, &cause),
	    CSV_OK);
	assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
	assert_null(csv_reader_part(r, t2));
	csv_reader_free(r);
	table_free(t);
	table_free(t2);
	free(whole);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4180),
		cmocka_unit_test(test_records_count),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_forced_delimiter),
		cmocka_unit_test(test_trailing),
		cmocka_unit_test(test_ragged),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_second_header),
		cmocka_unit_test(test_header_key),
		cmocka_unit_test(test_parse_options),
		cmocka_unit_test(test_parts),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
