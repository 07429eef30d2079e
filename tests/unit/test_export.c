/*
 * test_export — CSV, TSV, JSON and table writers, the SHA-256 of what was
 * written, private file creation and the AES-256 zip export (export.c),
 * over fictitious rows.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <nettle/sha2.h>

#include "listelec/archive.h"
#include "listelec/csv.h"
#include "listelec/export.h"
#include "listelec/table.h"
#include "listelec/text.h"

int	mkzip_build(const char *kind, const char *out, const char *password,
	    char *info, size_t infosz);

#define PW	"exercice-2026"	/* practice password of the fixtures */

/* A table from a header and rows of n cells (NULL-terminated list). */
static struct table *
make(const char *const *header, size_t n, const char *const *cells,
    size_t nrows)
{
	struct table	*t = table_new();
	size_t		 lens[16], i, k;
	char		*cause = NULL;

	for (k = 0; k < n; k++)
		lens[k] = strlen(header[k]);
	assert_int_equal(table_set_header(t, header, lens, n), 0);
	table_add_source(t, "liste.csv");
	for (i = 0; i < nrows; i++) {
		for (k = 0; k < n; k++)
			lens[k] = strlen(cells[i * n + k]);
		assert_int_equal(table_add_row(t, 0, cells + i * n, lens, n,
		    &cause), 0);
	}
	table_finish(t);
	return (t);
}

/* Export to memory; returns the bytes (caller frees), checks the hash. */
static char *
run(const struct table *t, const uint32_t *rows, size_t nrows,
    const size_t *cols, size_t ncols, struct export_options *o, size_t *len)
{
	struct sha256_ctx	 ctx;
	unsigned char		 sha[32], want[32];
	char			*buf = NULL, *cause = NULL;
	size_t			 n = 0;
	FILE			*f;

	f = open_memstream(&buf, &n);
	assert_non_null(f);
	assert_int_equal(export_write(f, t, rows, nrows, cols, ncols, o, sha,
	    &cause), 0);
	assert_int_equal(fclose(f), 0);
	sha256_init(&ctx);
	sha256_update(&ctx, n, (const uint8_t *)buf);
	sha256_digest(&ctx, 32, want);
	assert_memory_equal(sha, want, 32);
	*len = n;
	return (buf);
}

static const char *const hdr[] = { "Nom", "Adresse, ville", "Note" };
static const char *const cells[] = {
	"Bélanger", "12, rue \"A\"", "ligne 1\nligne 2",
	"Roy", "", "",
	"Lœuvre", "3 ch. du Lac\tQuébec", "€ Ł",
};

static void
test_csv(void **state)
{
	struct export_options	 o;
	struct table		*t = make(hdr, 3, cells, 3);
	const char		*want = "Nom,\"Adresse, ville\",Note\r\n"
	    "Bélanger,\"12, rue \"\"A\"\"\",\"ligne 1\nligne 2\"\r\n"
	    "Roy,,\r\n"
	    "Lœuvre,3 ch. du Lac\tQuébec,€ Ł\r\n";
	uint32_t		 rows[] = { 2, 0 };
	size_t			 cols[] = { 2, 0 }, len;
	char			*out;

	(void)state;
	memset(&o, 0, sizeof o);
	o.format = EXPORT_CSV;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(out, want, len);
	free(out);
	/* A subset, in the order given. */
	out = run(t, rows, 2, cols, 2, &o, &len);
	want = "Note,Nom\r\n€ Ł,Lœuvre\r\n\"ligne 1\nligne 2\",Bélanger\r\n";
	assert_int_equal(len, strlen(want));
	assert_memory_equal(out, want, len);
	free(out);
	table_free(t);
}

static void
test_csv_cp1252(void **state)
{
	struct export_options	 o;
	struct table		*t = make(hdr, 3, cells, 3);
	const char		*want = "Nom\r\nB\xe9langer\r\nRoy\r\n"
	    "L\x9cuvre\r\n";
	const char		*want2 = "Note\r\n\"ligne 1\nligne 2\"\r\n"
	    "\r\n\x80 ?\r\n";
	size_t			 col = 0, len, bad = 99;
	char			*out;

	(void)state;
	memset(&o, 0, sizeof o);
	o.format = EXPORT_CSV;
	o.cp1252 = 1;
	o.unmappable = &bad;
	out = run(t, NULL, 0, &col, 1, &o, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(out, want, len);
	assert_int_equal(bad, 0);
	free(out);
	col = 2;
	out = run(t, NULL, 0, &col, 1, &o, &len);
	assert_int_equal(len, strlen(want2));
	assert_memory_equal(out, want2, len);
	assert_int_equal(bad, 1);		/* Ł */
	free(out);
	table_free(t);
}

static void
test_formulas(void **state)
{
	static const char *const h[] = { "Nom", "=Note" };
	static const char *const c[] = {
		"=HYPERLINK(\"http://x\",\"y\")", "+1",
		"-2", "@SUM(A1)",
		"Roy", "a=b",
	};
	struct export_options	 o;
	struct table		*t = make(h, 2, c, 3);
	const char		*plain = "Nom,=Note\r\n"
	    "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+1\r\n"
	    "-2,@SUM(A1)\r\nRoy,a=b\r\n";
	const char		*safe = "Nom,'=Note\r\n"
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1\r\n"
	    "'-2,'@SUM(A1)\r\nRoy,a=b\r\n";
	const char		*safe_tsv = "Nom\t'=Note\n"
	    "'=HYPERLINK(\"http://x\",\"y\")\t'+1\n"
	    "'-2\t'@SUM(A1)\nRoy\ta=b\n";
	size_t			 len, count = 99;
	char			*out;

	(void)state;
	memset(&o, 0, sizeof o);
	o.format = EXPORT_CSV;
	o.formulas = &count;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	assert_int_equal(count, 5);
	assert_int_equal(len, strlen(plain));
	assert_memory_equal(out, plain, len);
	free(out);
	o.neutralize = 1;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	assert_int_equal(count, 5);
	assert_int_equal(len, strlen(safe));
	assert_memory_equal(out, safe, len);
	free(out);
	o.format = EXPORT_TSV;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	assert_int_equal(len, strlen(safe_tsv));
	assert_memory_equal(out, safe_tsv, len);
	free(out);
	/* JSON keeps every value as it is. */
	o.format = EXPORT_JSON;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	assert_non_null(strstr(out, "\"=Note\": \"+1\""));
	free(out);
	table_free(t);
}

static void
test_tsv(void **state)
{
	struct export_options	 o;
	struct table		*t = make(hdr, 3, cells, 3);
	const char		*want = "Nom\tAdresse, ville\tNote\n"
	    "Bélanger\t12, rue \"A\"\tligne 1 ligne 2\n"
	    "Roy\t\t\n"
	    "Lœuvre\t3 ch. du Lac Québec\t€ Ł\n";
	size_t			 len;
	char			*out;

	(void)state;
	memset(&o, 0, sizeof o);
	o.format = EXPORT_TSV;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(out, want, len);
	free(out);
	table_free(t);
}

static void
test_json(void **state)
{
	static const char *const h[] = { "Nom", "Nom", "Note" };
	static const char *const c[] = {
		"a\"b\\c", "é\x01\x1f\x7f", "l1\nl2\tx\r",
		"\xe2\x80\xa8", "\xe9t\xe9", "ok",
	};
	struct export_options	 o;
	struct table		*t = make(h, 3, c, 2);
	const char		*want = "[\n"
	    "{\"Nom\": \"a\\\"b\\\\c\", "
	    "\"Nom (2)\": \"é\\u0001\\u001f\\u007f\", "
	    "\"Note\": \"l1\\nl2\\tx\\r\"},\n"
	    "{\"Nom\": \"\\u2028\", \"Nom (2)\": \"\\ufffdt\\ufffd\", "
	    "\"Note\": \"ok\"}\n]\n";
	uint32_t		 none = 0;
	size_t			 len;
	char			*out;

	(void)state;
	memset(&o, 0, sizeof o);
	o.format = EXPORT_JSON;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	if (len != strlen(want) || memcmp(out, want, len) != 0)
		fail_msg("got:\n%.*s", (int)len, out);
	free(out);
	out = run(t, &none, 0, NULL, 0, &o, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(out, "[]\n", 3);
	free(out);
	table_free(t);
}

static void
test_table(void **state)
{
	static const char *const h[] = { "Nom", "Section", "Note" };
	static const char *const c[] = {
		"Côté", "7", "x\x1b]52;c;cm0gLXJmIH4=\x07y",
		"Roy", "101", "\xc2\x9b" "2J",
		"Bélanger-Lœuvre-Tremblay", "12", "\xe2\x80\xae" "abc",
	};
	struct export_options	 o;
	struct table		*t = make(h, 3, c, 3);
	const char		*want =
	    "Nom           Section  Note\n"
	    "------------  -------  ------------\n"
	    "Côté                7  x^[]52;c;cm…\n"
	    "Roy               101  <9B>2J\n"
	    "Bélanger-Lœ…       12  <U+202E>abc\n";
	const char		*want_ascii =
	    "Nom           Section  Note\n"
	    "------------  -------  ------------\n"
	    "Cote                7  x^[]52;c;cm~\n"
	    "Roy               101  <9B>2J\n"
	    "Belanger-Lo~       12  <U+202E>abc\n";
	size_t			 len, i;
	char			*out;

	(void)state;
	memset(&o, 0, sizeof o);
	o.format = EXPORT_TABLE;
	o.max_width = 12;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	for (i = 0; i < len; i++) {
		if ((unsigned char)out[i] < 0x20 && out[i] != '\n')
			fail_msg("control byte 0x%02x at %zu", out[i], i);
	}
	assert_null(memchr(out, 0x1b, len));
	assert_null(strstr(out, "\xc2\x9b"));
	assert_null(strstr(out, "\xe2\x80\xae"));
	if (len != strlen(want) || memcmp(out, want, len) != 0)
		fail_msg("got:\n%.*s", (int)len, out);
	free(out);
	/* No line ends in spaces, a right-aligned last column included. */
	{
		size_t		 col2[] = { 0, 1 };
		const char	*want2 = "Nom           Section\n"
		    "------------  -------\n"
		    "Côté                7\n"
		    "Roy               101\n"
		    "Bélanger-Lœ…       12\n";

		out = run(t, NULL, 0, col2, 2, &o, &len);
		assert_null(strstr(out, " \n"));
		if (len != strlen(want2) || memcmp(out, want2, len) != 0)
			fail_msg("got:\n%.*s", (int)len, out);
		free(out);
	}
	o.ascii_only = 1;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	for (i = 0; i < len; i++)
		assert_true((unsigned char)out[i] < 0x80);
	if (len != strlen(want_ascii) || memcmp(out, want_ascii, len) != 0)
		fail_msg("got:\n%.*s", (int)len, out);
	free(out);
	/* Default width 40: nothing cut here. */
	o.ascii_only = 0;
	o.max_width = 0;
	out = run(t, NULL, 0, NULL, 0, &o, &len);
	assert_non_null(strstr(out, "Bélanger-Lœuvre-Tremblay"));
	assert_null(strstr(out, "…"));
	free(out);
	table_free(t);
}

/* CSV written then read back by csv.c gives the same cells. */
static void
test_csv_round_trip(void **state)
{
	static const char *const h[] = { "Nom", "Adresse, ville", "Note" };
	static const char *const c[] = {
		"Bélanger", "12, rue \"A\"", "ligne 1\nligne 2",
		"Roy", "", " espace ",
		"Lœuvre", "3 ch. du Lac;Québec", "\"\"",
		"Côté", "a\r\nb", "€ 5",
	};
	struct export_options	 o;
	struct csv_options	 co;
	struct csv_reader	*r;
	struct table		*t = make(h, 3, c, 4), *back;
	char			*out, *cause = NULL;
	size_t			 len, i, k, n;
	const char		*a, *b;
	int			 enc;

	(void)state;
	for (enc = 0; enc < 2; enc++) {
		memset(&o, 0, sizeof o);
		o.format = EXPORT_CSV;
		o.cp1252 = enc;
		out = run(t, NULL, 0, NULL, 0, &o, &len);
		memset(&co, 0, sizeof co);
		back = table_new();
		r = csv_reader_new(&co, back, "back.csv");
		assert_int_equal(csv_reader_feed(r, out, len, &cause), CSV_OK);
		assert_int_equal(csv_reader_finish(r, &cause), CSV_OK);
		assert_int_equal(csv_reader_delimiter(r), ',');
		assert_int_equal(csv_reader_encoding(r),
		    enc ? CSV_ENC_CP1252 : CSV_ENC_UTF8);
		csv_reader_free(r);
		table_finish(back);
		assert_int_equal(table_rows(back), 4);
		for (k = 0; k < 3; k++)
			assert_string_equal(table_col_name(back, k), h[k]);
		for (i = 0; i < 4; i++) {
			for (k = 0; k < 3; k++) {
				a = table_cell(back, i, k, &n);
				b = c[i * 3 + k];
				if (strcmp(a, b) != 0)
					fail_msg("row %zu col %zu: \"%s\" read "
					    "back as \"%s\"", i, k, b, a);
			}
		}
		table_free(back);
		free(out);
	}
	table_free(t);
}

static void
test_write_error(void **state)
{
	struct export_options	 o;
	struct table		*t = make(hdr, 3, cells, 3);
	char			*cause = NULL;
	FILE			*f;

	(void)state;
	f = fopen("/dev/full", "w");
	if (f == NULL)
		fail_msg("/dev/full: %s", strerror(errno));
	memset(&o, 0, sizeof o);
	o.format = EXPORT_CSV;
	assert_int_equal(export_write(f, t, NULL, 0, NULL, 0, &o, NULL,
	    &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, strerror(ENOSPC)));
	free(cause);
	fclose(f);
	table_free(t);
}

static void
test_formats_and_hex(void **state)
{
	struct sha256_ctx	ctx;
	enum export_format	fmt;
	unsigned char		d[32];
	char			hex[65];

	(void)state;
	assert_int_equal(export_parse_format("csv", &fmt), 0);
	assert_int_equal(fmt, EXPORT_CSV);
	assert_int_equal(export_parse_format("TSV", &fmt), 0);
	assert_int_equal(fmt, EXPORT_TSV);
	assert_int_equal(export_parse_format("json", &fmt), 0);
	assert_int_equal(fmt, EXPORT_JSON);
	assert_int_equal(export_parse_format("table", &fmt), 0);
	assert_int_equal(fmt, EXPORT_TABLE);
	assert_int_equal(export_parse_format("xlsx", &fmt), -1);
	assert_int_equal(export_parse_format("", &fmt), -1);
	sha256_init(&ctx);
	sha256_update(&ctx, 3, (const uint8_t *)"abc");
	sha256_digest(&ctx, 32, d);
	export_sha256_hex(d, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}

static void
test_private_file(void **state)
{
	char		 dir[] = "/tmp/test_export.XXXXXX", path[256];
	char		 link[256], canary[256], *cause = NULL, buf[16];
	struct stat	 st;
	mode_t		 old;
	FILE		*f, *c;

	(void)state;
	assert_non_null(mkdtemp(dir));
	old = umask(0);
	snprintf(path, sizeof path, "%s/export.csv", dir);
	f = export_create_private(path, &cause);
	if (f == NULL)
		fail_msg("%s", cause);
	assert_int_equal(fputs("x\n", f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	/* An existing file is refused and left alone. */
	errno = 0;
	assert_null(export_create_private(path, &cause));
	assert_int_equal(errno, EEXIST);
	assert_non_null(strstr(cause, "export.csv"));
	free(cause);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 2);

	/* A planted symlink is refused; its target is untouched. */
	snprintf(canary, sizeof canary, "%s/canary", dir);
	c = fopen(canary, "w");
	assert_non_null(c);
	fputs("canary", c);
	fclose(c);
	snprintf(link, sizeof link, "%s/planted.csv", dir);
	assert_int_equal(symlink(canary, link), 0);
	errno = 0;
	assert_null(export_create_private(link, &cause));
	assert_int_equal(errno, EEXIST);
	free(cause);
	c = fopen(canary, "r");
	assert_non_null(fgets(buf, sizeof buf, c));
	fclose(c);
	assert_string_equal(buf, "canary");
	/* A dangling symlink too. */
	assert_int_equal(unlink(canary), 0);
	assert_null(export_create_private(link, &cause));
	free(cause);
	assert_int_equal(lstat(canary, &st), -1);

	/* A folder others can write is refused. */
	assert_int_equal(chmod(dir, 0777), 0);
	snprintf(path, sizeof path, "%s/other.csv", dir);
	assert_null(export_create_private(path, &cause));
	assert_non_null(strstr(cause, "other users"));
	free(cause);
	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(chmod(dir, 0755), 0);
	f = export_create_private(path, &cause);
	assert_non_null(f);
	fclose(f);

	/* A missing folder. */
	snprintf(path, sizeof path, "%s/missing/x.csv", dir);
	assert_null(export_create_private(path, &cause));
	free(cause);
	umask(old);

	snprintf(path, sizeof path, "%s/export.csv", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/other.csv", dir);
	unlink(path);
	unlink(link);
	assert_int_equal(rmdir(dir), 0);
}

/* The whole of a small file (caller frees), its length in *len. */
static char *
slurp(const char *path, size_t *len)
{
	char	*buf;
	FILE	*f = fopen(path, "rb");
	long	 n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return (buf);
}

/* Lower-case hex SHA-256 of bytes. */
static void
hex_of(const char *p, size_t len, char out[65])
{
	struct sha256_ctx	 ctx;
	unsigned char		 d[32];

	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)p);
	sha256_digest(&ctx, sizeof d, d);
	export_sha256_hex(d, out);
}

/* The audit log's text under dir (the test's XDG_STATE_HOME). */
static char *
audit_text(const char *dir)
{
	char	 path[256];
	size_t	 len;

	snprintf(path, sizeof path, "%s/state/listelec/audit.log", dir);
	return (slurp(path, &len));
}

#define TWO_ROWS	"Nom,Prénom\r\nTremblay,Anne\r\nRoy,Marie\r\n"

static void
test_export_run(void **state)
{
	static const char *const h[] = { "Nom", "Prénom" };
	static const char *const c[] = { "Roy", "Marie", "Gagnon", "Luc",
	    "Tremblay", "Anne" };
	char			 dir[] = "/tmp/test_export.XXXXXX", path[256];
	char			 st_dir[256], want[65], *cause = NULL, *buf;
	char			*log;
	const char		*fields[] = { "path", path, "format", "csv",
				    NULL };
	uint32_t		 rows[] = { 2, 0 };
	struct export_options	 o;
	struct export_job	 j;
	struct table		*t = make(h, 2, c, 3);
	struct stat		 st;
	struct rlimit		 rl, old;
	size_t			 len;
	FILE			*full;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(st_dir, sizeof st_dir, "%s/state", dir);
	setenv("XDG_STATE_HOME", st_dir, 1);
	memset(&o, 0, sizeof o);
	o.format = EXPORT_CSV;
	snprintf(path, sizeof path, "%s/two.csv", dir);
	memset(&j, 0, sizeof j);
	j.t = t;
	j.rows = rows;
	j.nrows = 2;
	j.opts = &o;
	j.path = path;
	j.audit = fields;
	if (export_run(&j, &cause) != 0)
		fail_msg("%s", cause);
	/* The file: private, exactly the chosen rows, its digest. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	buf = slurp(path, &len);
	assert_string_equal(buf, TWO_ROWS);
	hex_of(buf, len, want);
	assert_string_equal(j.sha256, want);
	free(buf);
	/* The audit line: the caller's fields, the rows, the digest. */
	log = audit_text(dir);
	len = strlen(path) + 200;
	buf = malloc(len);
	snprintf(buf, len, "export path=%s format=csv rows=2 sha256=%s", path,
	    want);
	assert_non_null(strstr(log, buf));
	free(buf);
	free(log);

	/* Never over an existing file: refused, the file unchanged. */
	j.rows = NULL;
	assert_int_equal(export_run(&j, &cause), -1);
	assert_int_equal(j.error, EEXIST);
	free(cause);
	buf = slurp(path, &len);
	assert_string_equal(buf, TWO_ROWS);
	free(buf);

	/* A write that fails (file size limit) leaves no file behind. */
	snprintf(path, sizeof path, "%s/cut.csv", dir);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	rl = old;
	rl.rlim_cur = 10;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &rl), 0);
	assert_int_equal(export_run(&j, &cause), -1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(j.error, EFBIG);
	free(cause);
	assert_int_equal(lstat(path, &st), -1);
	log = audit_text(dir);
	assert_null(strstr(log, "cut.csv"));
	free(log);

	/* To a stream that fails: the errno is kept for the caller. */
	full = fopen("/dev/full", "w");
	assert_non_null(full);
	j.path = NULL;
	j.out = full;
	j.audit = NULL;
	assert_int_equal(export_run(&j, &cause), -1);
	assert_int_equal(j.error, ENOSPC);
	free(cause);
	fclose(full);

	snprintf(path, sizeof path, "%s/two.csv", dir);
	unlink(path);
	table_free(t);
	unsetenv("XDG_STATE_HOME");
}

static void
test_save_entry(void **state)
{
	char			 dir[] = "/tmp/test_export.XXXXXX", zip[256];
	char			 path[256], st_dir[256], info[256], want[65];
	char			*cause = NULL, *buf, *plain = NULL, *log, *line;
	const char		*fields[] = { "path", path, "entry", "x",
				    NULL };
	struct archive		*a = NULL;
	const struct archive_entry *e;
	struct export_save	 sv;
	struct stat		 st;
	size_t			 i, len, plen = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(st_dir, sizeof st_dir, "%s/state", dir);
	setenv("XDG_STATE_HOME", st_dir, 1);
	snprintf(zip, sizeof zip, "%s/aes.zip", dir);
	assert_int_equal(mkzip_build("aes", zip, PW, info, sizeof info), 0);
	assert_int_equal(archive_open(zip, NULL, &a, &cause), ARCHIVE_OK);
	for (i = 0; i < archive_count(a); i++) {
		e = archive_entry(a, i);
		if (e->kind != ARCHIVE_KIND_DIR && e->size > 0)
			break;
	}
	assert_true(i < archive_count(a));
	assert_int_equal(archive_read(a, i, PW, &plain, &plen, &cause),
	    ARCHIVE_OK);

	snprintf(path, sizeof path, "%s/copy.bin", dir);
	memset(&sv, 0, sizeof sv);
	sv.a = a;
	sv.entry = i;
	sv.password = PW;
	sv.path = path;
	sv.audit = fields;
	if (export_save_entry(&sv, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	buf = slurp(path, &len);
	assert_int_equal(len, plen);
	assert_memory_equal(buf, plain, plen);
	assert_int_equal(sv.bytes, plen);
	hex_of(plain, plen, want);
	assert_string_equal(sv.sha256, want);
	free(buf);
	log = audit_text(dir);
	len = strlen(path) + 200;
	line = malloc(len);
	snprintf(line, len, "export path=%s entry=x bytes=%zu sha256=%s", path,
	    plen, want);
	assert_non_null(strstr(log, line));
	free(line);
	free(log);
	unlink(path);

	/* A wrong password: refused, and no file is left. */
	sv.password = "not-the-password";
	assert_int_equal(export_save_entry(&sv, &cause), -1);
	free(cause);
	assert_int_equal(lstat(path, &st), -1);

	free(plain);
	archive_free(a);
	unlink(zip);
	unsetenv("XDG_STATE_HOME");
}

/* Run argv (7z) in dir, its output to /dev/null; the exit status. */
static int
run_tool(const char *dir, char *const argv[])
{
	pid_t	pid;
	int	status, fd;

	if ((pid = fork()) == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return (-1);
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* The CSV of t, rows, as export_write makes it (caller frees). */
static char *
csv_of(const struct table *t, const uint32_t *rows, size_t nrows,
    size_t *len)
{
	struct export_options	 o;

	memset(&o, 0, sizeof o);
	o.format = EXPORT_CSV;
	return (run(t, rows, nrows, NULL, 0, &o, len));
}

static void
test_zip_aes(void **state)
{
	static const char *const h[] = { "Nom", "Prénom" };
	static const char *const c[] = { "Roy", "Marie", "Gagnon", "Luc",
	    "Tremblay", "Anne" };
	char			 dir[] = "/tmp/test_export.XXXXXX", path[256];
	char			 st_dir[256], want[65], pwopt[64];
	char			*cause = NULL, *buf, *csv, *plain, *log;
	char			*argv[6];
	const char		*fields[] = { "path", path, "format",
				    "zip-aes", NULL };
	uint32_t		 rows[] = { 2, 0 };
	struct export_options	 o;
	struct export_job	 j;
	struct table		*t = make(h, 2, c, 3);
	struct archive		*a;
	struct stat		 st;
	size_t			 len, clen, plen;
	FILE			*mem;

	(void)state;
	assert_int_equal(export_parse_format("zip-aes", &o.format), 0);
	assert_int_equal(o.format, EXPORT_ZIP_AES);
	assert_non_null(mkdtemp(dir));
	snprintf(st_dir, sizeof st_dir, "%s/state", dir);
	setenv("XDG_STATE_HOME", st_dir, 1);
	memset(&o, 0, sizeof o);
	o.format = EXPORT_ZIP_AES;
	o.cp1252 = 1;		/* ignored: the CSV inside is UTF-8 */
	snprintf(path, sizeof path, "%s/liste.zip", dir);
	memset(&j, 0, sizeof j);
	j.t = t;
	j.rows = rows;
	j.nrows = 2;
	j.opts = &o;
	j.path = path;
	j.audit = fields;
	j.password = PW;
	if (export_run(&j, &cause) != 0)
		fail_msg("%s", cause);

	/* A private file; the digest of the zip's bytes, in the log too. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	buf = slurp(path, &len);
	assert_memory_equal(buf, "PK\003\004", 4);
	hex_of(buf, len, want);
	assert_string_equal(j.sha256, want);
	assert_null(memmem(buf, len, "Tremblay", 8));
	free(buf);
	log = audit_text(dir);
	len = strlen(path) + 200;
	buf = malloc(len);
	snprintf(buf, len, "export path=%s format=zip-aes rows=2 sha256=%s",
	    path, want);
	assert_non_null(strstr(log, buf));
	free(buf);
	free(log);

	/* listelec's reader: one AES-256 entry, the same CSV bytes. */
	csv = csv_of(t, rows, 2, &clen);
	assert_string_equal(csv, TWO_ROWS);
	assert_int_equal(archive_open(path, NULL, &a, &cause), ARCHIVE_OK);
	assert_int_equal(archive_count(a), 1);
	assert_string_equal(archive_entry(a, 0)->path, "liste.csv");
	assert_int_equal(archive_entry(a, 0)->enc, ARCHIVE_ENC_AES256);
	assert_int_equal(archive_read(a, 0, PW, &plain, &plen, &cause),
	    ARCHIVE_OK);
	assert_int_equal(plen, clen);
	assert_memory_equal(plain, csv, clen);
	free(plain);
	assert_int_equal(archive_read(a, 0, "not-the-password", &plain, &plen,
	    &cause), ARCHIVE_ERR_PASSWORD);
	free(cause);
	cause = NULL;
	archive_free(a);

	/* 7-Zip, when installed, accepts it with the password. */
	if (SEVENZ[0] != '\0') {
		snprintf(pwopt, sizeof pwopt, "-p%s", PW);
		argv[0] = (char *)SEVENZ;
		argv[1] = (char *)"t";
		argv[2] = pwopt;
		argv[3] = (char *)"liste.zip";
		argv[4] = NULL;
		assert_int_equal(run_tool(dir, argv), 0);
		argv[2] = (char *)"-pwrong-password";
		assert_int_not_equal(run_tool(dir, argv), 0);
	}

	/* Never over an existing file. */
	assert_int_equal(export_run(&j, &cause), -1);
	assert_int_equal(j.error, EEXIST);
	free(cause);
	cause = NULL;
	unlink(path);

	/* No password: refused, no file left. */
	j.password = "";
	assert_int_equal(export_run(&j, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(lstat(path, &st), -1);

	/* To a stream, with an entry name of the caller's: every row. */
	buf = NULL;
	len = 0;
	mem = open_memstream(&buf, &len);
	assert_non_null(mem);
	j.password = PW;
	j.path = NULL;
	j.out = mem;
	j.audit = NULL;
	j.rows = NULL;
	j.zip_entry = "électeurs.csv";
	if (export_run(&j, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(fclose(mem), 0);
	hex_of(buf, len, want);
	assert_string_equal(j.sha256, want);
	assert_int_equal(archive_open_buffer(buf, len, "mem.zip", NULL, &a,
	    &cause), ARCHIVE_OK);
	assert_int_equal(archive_count(a), 1);
	assert_string_equal(archive_entry(a, 0)->path, "électeurs.csv");
	assert_int_equal(archive_entry(a, 0)->enc, ARCHIVE_ENC_AES256);
	assert_int_equal(archive_read(a, 0, PW, &plain, &plen, &cause),
	    ARCHIVE_OK);
	free(csv);
	csv = csv_of(t, NULL, 3, &clen);
	assert_int_equal(plen, clen);
	assert_memory_equal(plain, csv, clen);
	free(plain);
	free(csv);
	archive_free(a);
	free(buf);

	table_free(t);
	unsetenv("XDG_STATE_HOME");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_cp1252),
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_formats_and_hex),
		cmocka_unit_test(test_private_file),
		cmocka_unit_test(test_export_run),
		cmocka_unit_test(test_save_entry),
		cmocka_unit_test(test_zip_aes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
