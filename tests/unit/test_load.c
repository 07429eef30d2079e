/*
 * test_load — from a file to a table (load.c): a plain .csv, zips known by
 * content, the default choice of CSV entries grouped by header, --entry
 * with a nested zip as a folder, AES-256 encrypted entries with the right
 * and the wrong password, data errors and cancelling.  The zips are made
 * here with libzip from fictitious rows.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ftw.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <zip.h>

#include "listelec/load.h"
#include "listelec/secure.h"
#include "listelec/table.h"
#include "listelec/xmalloc.h"

int	mkzip_build(const char *kind, const char *out, const char *password,
	    char *info, size_t infosz);

static char	tmpdir[] = "/tmp/test_load.XXXXXX";

struct zent {
	const char	*name;
	const char	*data;
	size_t		 len;		/* 0: strlen(data) */
};

/* The password callback's script. */
struct ask {
	const char	*answers[6];
	unsigned	 calls;
};

struct notes {
	char	text[4096];
};

/* The last progress report. */
struct prog {
	uint64_t	done;
	uint64_t	total;
	size_t		rows;
	unsigned	calls;
};

static void
prog_cb(void *arg, uint64_t done, uint64_t total, size_t rows)
{
	struct prog	*p = arg;

	assert_true(done >= p->done);
	p->done = done;
	p->total = total;
	p->rows = rows;
	p->calls++;
}

static char *
tpath(const char *name)
{
	return (xasprintf("%s/%s", tmpdir, name));
}

/* Every cell of t, derived ones too, '|' between, a line per row. */
static char *
dump_table(const struct table *t, size_t *lenp)
{
	size_t		 r, c, len, used = 0, cap = 1 << 16;
	char		*out = xmalloc(cap);
	const char	*s;

	for (r = 0; r < table_rows(t); r++)
		for (c = 0; c < table_cols(t); c++) {
			s = table_cell(t, r, c, &len);
			while (used + len + 2 > cap)
				out = xrealloc(out, cap *= 2);
			memcpy(out + used, s, len);
			used += len;
			out[used++] = c + 1 < table_cols(t) ? '|' : '\n';
		}
	out[used] = '\0';
	*lenp = used;
	return (out);
}

/* Write a zip of n entries, encrypted with AES-256 when pw is not NULL. */
static char *
mkzip(const char *name, const struct zent *e, size_t n, const char *pw)
{
	char		*path = tpath(name);
	zip_t		*z;
	zip_source_t	*s;
	zip_int64_t	 i;
	size_t		 k;
	int		 err;

	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(z);
	for (k = 0; k < n; k++) {
		s = zip_source_buffer(z, e[k].data, e[k].len ? e[k].len :
		    strlen(e[k].data), 0);
		assert_non_null(s);
		i = zip_file_add(z, e[k].name, s, ZIP_FL_ENC_UTF_8);
		assert_true(i >= 0);
		if (pw != NULL)
			assert_int_equal(zip_file_set_encryption(z,
			    (zip_uint64_t)i, ZIP_EM_AES_256, pw), 0);
	}
	assert_int_equal(zip_close(z), 0);
	return (path);
}

/* The whole contents of a file; caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return (buf);
}

static int
ask_cb(void *arg, unsigned attempt, struct secret *pw)
{
	struct ask	*a = arg;
	const char	*s;

	a->calls++;
	assert_int_equal(attempt, a->calls);
	if (attempt > 5 || (s = a->answers[attempt - 1]) == NULL)
		return (-1);
	secret_set(pw, s, strlen(s));
	return (0);
}

static void
note_cb(void *arg, const char *msg)
{
	struct notes	*n = arg;
	size_t		 len = strlen(n->text);

	snprintf(n->text + len, sizeof n->text - len, "%s\n", msg);
}

static void
opts(struct load_options *o, struct ask *a, struct notes *n)
{
	load_options_init(o);
	o->ask_password = ask_cb;
	o->ask_arg = a;
	o->note = note_cb;
	o->note_arg = n;
	memset(a, 0, sizeof *a);
	memset(n, 0, sizeof *n);
}

/* A fictitious list of n rows in Windows-1252 with Élections Québec's ';'. */
static char *
list(const char *prefix, int n)
{
	size_t	 cap = 64 + (size_t)n * 64, len;
	char	*s = xmalloc(cap);
	int	 i;

	len = (size_t)snprintf(s, cap, "Nom;Pr\xe9nom;Date de naissance;"
	    "Section de vote;\r\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len,
		    "%s%d;Z\x9c\xe9;19%02d-0%d-1%d;%d;\r\n", prefix, i,
		    i % 100, 1 + i % 9, i % 10, i % 7);
	return (s);
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return (-1);
	return (0);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

static int
teardown(void **state)
{
	(void)state;
	return (nftw(tmpdir, rm_one, 8, FTW_DEPTH | FTW_PHYS));
}

static void
test_plain_csv(void **state)
{
	struct load_options	 o;
	struct ask		 a;
	struct notes		 nt;
	struct table		*t = NULL;
	char			*path = tpath("liste.csv"), *data;
	char			*cause = NULL;
	FILE			*f;

	(void)state;
	opts(&o, &a, &nt);
	data = list("Roy", 500);
	f = fopen(path, "wb");
	fputs(data, f);
	fputs("Roy;Luc;1950-01-01;3;x;y\r\n", f);
	fclose(f);
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
	assert_int_equal(table_rows(t), 501);
	assert_int_equal(table_file_cols(t), 4);
	assert_string_equal(table_cell(t, 1, 1, NULL), "Zœé");
	/* One source: no Fichier; a date of birth: Âge. */
	assert_string_equal(table_col_name(t, table_cols(t) - 1), "Âge");
	assert_string_equal(table_source_name(t, 0), "liste.csv");
	assert_int_equal(a.calls, 0);
	assert_non_null(strstr(nt.text, "header's: 1 "));
	table_free(t);
	free(data);

	/* A missing file. */
	assert_int_equal(load_file("/nonexistent/x.csv", &o, &t, &cause),
	    LOAD_ERR_IO);
	assert_non_null(strstr(cause, "/nonexistent/x.csv"));
	free(cause);
	cause = NULL;

	/* --entry on a plain file is a usage error. */
	o.entry = "x.csv";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_ERR_USAGE);
	free(cause);
	cause = NULL;
	o.entry = NULL;

	/* A bad CSV names the line; the caller names the file, once. */
	f = fopen(path, "wb");
	fputs("a;b\n1;\"open\n", f);
	fclose(f);
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_ERR_DATA);
	assert_null(strstr(cause, "liste.csv"));
	assert_non_null(strstr(cause, "line 2"));
	free(cause);
	free(path);
}

/* Append a row to a growing buffer. */
static void
put_row(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < *cap - *len)
			break;
		*buf = xrealloc(*buf, *cap *= 2);
	}
	*len += (size_t)n;
}

/* A row with a quoted line break, long before it: 2 000 bytes. */
#define BROKEN_ROW "\"%zu %01990d\ncoup\xc3\xa9" "e\";;;L\n"

/*
 * A large CSV is read in parts on two threads: the same rows, cells and
 * order as read on one, whatever the parts.  The first half costs more
 * (quoted cells) so the second thread, done first, takes the end of it
 * (3 parts, when the box lets it be first).  Round 1: rows with quoted
 * line breaks around the middle, so the halves cannot meet there: read as
 * one.  Round 2: such rows over the end of the first half, where the
 * second thread may take over (then often inside one of them: it gives
 * that part up and the first reads on to the middle).
 */
static void
test_split(void **state)
{
	struct load_options	 o;
	struct ask		 a;
	struct notes		 nt;
	struct table		*t;
	char			*path = tpath("grande.csv"), *one, *two, *buf;
	char			*cause = NULL;
	unsigned		 parts, round;
	size_t			 i, len, cap = 1 << 20, half, rows;
	FILE			*f;

	(void)state;
	for (round = 0; round < 3; round++) {
		buf = xmalloc(cap);
		len = 0;
		rows = 0;
		put_row(&buf, &len, &cap, "Nom;Prénom;Note;Ville\n");
		for (i = 0; i < 90000; i++, rows++) {
			if (round == 2 && i >= 60000 && i % 50 == 0) {
				put_row(&buf, &len, &cap, BROKEN_ROW, i, 0);
				rows++;
			}
			put_row(&buf, &len, &cap, "\"B\xc3\xa9langer %zu\";"
			    "\"Zo\xc3\xa9\";\"%zu \"\"a\"\" \"\"b\"\" "
			    "\"\"c\"\" \"\"d\"\" \"\"e\"\" \"\"f\"\" "
			    "\"\"g\"\" \"\"h\"\" \"\"i\"\"\";"
			    "\"Montr\xc3\xa9" "al %zu\"\n", i % 997, i, i);
		}
		for (i = 0; round == 1 && i < 200; i++, rows++)
			put_row(&buf, &len, &cap, BROKEN_ROW, i, 0);
		/* Then as many bytes of rows read fast, each the one above. */
		for (half = len - (round == 1 ? 200 * 2000 : 0); len < 2 * half;
		    rows++)
			put_row(&buf, &len, &cap, "Roy;Luc;%040d;Laval\n", 7);
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(buf, 1, len, f), len);
		fclose(f);
		free(buf);

		opts(&o, &a, &nt);
		o.nthreads = 1;
		assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
		one = dump_table(t, &len);
		table_free(t);
		o.nthreads = 2;
		o.parts = &parts;
		assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
		two = dump_table(t, &len);
		assert_int_equal(table_rows(t), rows);
		table_free(t);
		print_message("round %u: %u parts\n", round, parts);
		if (round == 0)
			assert_true(parts >= 2);
		if (round == 1)
			assert_int_equal(parts, 1);
		assert_string_equal(one, two);
		free(one);
		free(two);
	}
	unlink(path);
	free(path);
}

static void
test_zip_encrypted(void **state)
{
	struct load_options	 o;
	struct ask		 a;
	struct notes		 nt;
	struct prog		 pr;
	struct table		*t = NULL;
	char			*l1, *l2, *path, *cause = NULL;
	struct zent		 e[3];

	(void)state;
	l1 = list("Roy", 2000);
	l2 = list("C\xf4t\xe9", 1500);
	e[0].name = "Liste/sv_001.csv";
	e[0].data = l1;
	e[0].len = 0;
	e[1].name = "Liste/sv_002.csv";
	e[1].data = l2;
	e[1].len = 0;
	e[2].name = "Liste/hors_quebec.csv";
	e[2].data = "Nom;Pays\r\nTremblay;France\r\n";
	e[2].len = 0;
	/* Named .csv, but a zip: known by its content. */
	path = mkzip("5cc8a95c9558d.csv", e, 3, "sEcret-42");

	/* The right password on the second attempt. */
	opts(&o, &a, &nt);
	memset(&pr, 0, sizeof pr);
	o.progress = prog_cb;
	o.progress_arg = &pr;
	o.nthreads = 2;
	a.answers[0] = "wrong";
	a.answers[1] = "sEcret-42";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
	assert_int_equal(a.calls, 2);
	assert_int_equal(table_rows(t), 3500);
	/* Progress ends with every byte of the two lists and every row. */
	assert_true(pr.calls >= 1);
	assert_int_equal(pr.rows, 3500);
	assert_int_equal(pr.done, strlen(l1) + strlen(l2));
	assert_int_equal(pr.total, pr.done);
	assert_int_equal(table_sources(t), 2);
	assert_string_equal(table_col_name(t, table_cols(t) - 1), "Fichier");
	assert_string_equal(table_cell(t, 0, 0, NULL), "Roy0");
	assert_string_equal(table_cell(t, 1999, table_cols(t) - 1, NULL),
	    "sv_001.csv");
	assert_string_equal(table_cell(t, 2000, 0, NULL), "Côté0");
	assert_string_equal(table_cell(t, 2000, table_cols(t) - 1, NULL),
	    "sv_002.csv");
	/* The list with another header is left out, and said so. */
	assert_non_null(strstr(nt.text, "Liste/hors_quebec.csv"));
	table_free(t);
	t = NULL;

	/* Wrong three times: the callback gives up, a password error. */
	opts(&o, &a, &nt);
	a.answers[0] = "a";
	a.answers[1] = "b";
	a.answers[2] = "c";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_ERR_PASSWORD);
	assert_null(t);
	assert_int_equal(a.calls, 4);
	free(cause);
	cause = NULL;

	/* No way to ask. */
	load_options_init(&o);
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_ERR_PASSWORD);
	assert_non_null(strstr(cause, "password"));
	free(cause);
	cause = NULL;

	/* One thread gives the same table. */
	opts(&o, &a, &nt);
	o.nthreads = 1;
	a.answers[0] = "sEcret-42";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
	assert_int_equal(table_rows(t), 3500);
	assert_string_equal(table_cell(t, 3499, 0, NULL), "Côté1499");
	table_free(t);
	t = NULL;

	/* --entry picks the other list. */
	opts(&o, &a, &nt);
	a.answers[0] = "sEcret-42";
	o.entry = "Liste/hors_quebec.csv";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
	assert_int_equal(table_rows(t), 1);
	assert_string_equal(table_cell(t, 0, 1, NULL), "France");
	table_free(t);
	t = NULL;

	/* An unknown entry lists what there is. */
	opts(&o, &a, &nt);
	o.entry = "Liste/absente.csv";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_ERR_USAGE);
	assert_non_null(strstr(cause, "Liste/sv_002.csv"));
	free(cause);
	cause = NULL;

	/* Cancelled before starting. */
	{
		volatile int	stop = 1;

		opts(&o, &a, &nt);
		a.answers[0] = "sEcret-42";
		o.cancel = &stop;
		assert_int_equal(load_file(path, &o, &t, &cause),
		    LOAD_ERR_CANCELLED);
		assert_null(t);
		free(cause);
		cause = NULL;
	}
	free(path);
	free(l1);
	free(l2);
}

static void
test_zip_nested(void **state)
{
	struct load_options	 o;
	struct ask		 a;
	struct notes		 nt;
	struct table		*t = NULL;
	char			*inner, *outer, *bytes, *l1, *cause = NULL;
	size_t			 len;
	struct zent		 e[2];

	(void)state;
	l1 = list("Gagnon", 3000);
	e[0].name = "liste.csv";
	e[0].data = l1;
	e[0].len = 0;
	e[1].name = "lisez-moi.txt";
	e[1].data = "Instructions.";
	e[1].len = 0;
	inner = mkzip("inner.zip", e, 2, NULL);
	bytes = slurp(inner, &len);
	e[0].name = "Liste_CSV.zip";
	e[0].data = bytes;
	e[0].len = len;
	e[1].name = "Liste.pdf";
	e[1].data = "%PDF-1.4 fictitious";
	e[1].len = 0;
	outer = mkzip("outer.zip", e, 2, NULL);

	opts(&o, &a, &nt);
	o.entry = "Liste_CSV.zip/liste.csv";
	assert_int_equal(load_file(outer, &o, &t, &cause), LOAD_OK);
	assert_int_equal(table_rows(t), 3000);
	assert_int_equal(a.calls, 0);
	table_free(t);
	t = NULL;

	/* The nested zip as a folder, and the default choice, alike. */
	o.entry = "Liste_CSV.zip";
	assert_int_equal(load_file(outer, &o, &t, &cause), LOAD_OK);
	assert_int_equal(table_rows(t), 3000);
	table_free(t);
	t = NULL;
	o.entry = NULL;
	assert_int_equal(load_file(outer, &o, &t, &cause), LOAD_OK);
	assert_int_equal(table_rows(t), 3000);
	assert_string_equal(table_cell(t, 2999, 0, NULL), "Gagnon2999");
	table_free(t);
	t = NULL;

	/* A bare name is enough when it is unique. */
	o.entry = "liste.csv";
	assert_int_equal(load_file(outer, &o, &t, &cause), LOAD_OK);
	table_free(t);
	t = NULL;

	/* A zip with no CSV list. */
	e[0].name = "Liste.pdf";
	e[0].data = "%PDF-1.4 fictitious";
	e[0].len = 0;
	free(outer);
	outer = mkzip("pdf.zip", e, 1, NULL);
	o.entry = NULL;
	assert_int_equal(load_file(outer, &o, &t, &cause), LOAD_ERR_USAGE);
	assert_non_null(strstr(cause, "Liste.pdf"));
	free(cause);

	free(inner);
	free(outer);
	free(bytes);
	free(l1);
}

static void
test_zip_bad_entry(void **state)
{
	struct load_options	 o;
	struct ask		 a;
	struct notes		 nt;
	struct table		*t = NULL;
	char			*l1, *path, *cause = NULL;
	struct zent		 e[2];

	(void)state;
	l1 = list("Roy", 100);
	e[0].name = "a.csv";
	e[0].data = l1;
	e[0].len = 0;
	e[1].name = "b.csv";
	e[1].data = "Nom;Pr\xe9nom;Date de naissance;Section de vote;\r\n"
	    "\"Roy;Luc;;;\r\n";
	e[1].len = 0;
	path = mkzip("bad.zip", e, 2, "pw");
	opts(&o, &a, &nt);
	a.answers[0] = "pw";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_ERR_DATA);
	assert_non_null(strstr(cause, "b.csv"));
	assert_non_null(strstr(cause, "line 2"));
	assert_int_equal(a.calls, 1);
	free(cause);
	free(path);
	free(l1);
}

/* The delivery as the portal gives it (tests/mkzip), AES and ZipCrypto. */
static void
test_delivery(void **state)
{
	static const char *const kinds[] = { "delivery",
	    "delivery-zipcrypto" };
	struct load_options	 o;
	struct ask		 a;
	struct notes		 nt;
	struct table		*t = NULL;
	char			*path, *cause = NULL;
	size_t			 k, fcol;

	(void)state;
	for (k = 0; k < 2; k++) {
		path = tpath("5cc8a95c9558d.zip");
		assert_int_equal(mkzip_build(kinds[k], path, "Pratique-2026",
		    NULL, 0), 0);
		opts(&o, &a, &nt);
		a.answers[0] = "Pratique-2026";
		assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
		assert_int_equal(a.calls, 1);
		/* Three lists of four electors, one table. */
		assert_int_equal(table_rows(t), 12);
		assert_int_equal(table_file_cols(t), 8);
		assert_int_equal(table_ragged(t), 0);
		fcol = table_cols(t) - 1;
		assert_string_equal(table_col_name(t, fcol), "Fichier");
		assert_string_equal(table_cell(t, 0, fcol, NULL),
		    "liste_001.csv");
		assert_string_equal(table_cell(t, 11, fcol, NULL),
		    "liste_003.csv");
		assert_string_equal(table_cell(t, 0, 0, NULL), "Bélanger");
		assert_string_equal(table_cell(t, 0, 1, NULL), "Marie-Ève");
		assert_true(table_col_find(t, "âge") >= 0);
		/* The electors outside Québec have another header. */
		assert_non_null(strstr(nt.text, "hors_quebec.csv"));
		table_free(t);
		t = NULL;
		free(path);
	}
}

/*
 * A wrong ZipCrypto password that passes the check bytes yields garbage:
 * it must be told as a wrong password, never kept as rows.
 */
static void
test_pkware_garbage(void **state)
{
	struct load_options	 o;
	struct ask		 a;
	struct notes		 nt;
	struct table		*t = NULL;
	char			*path, *cause = NULL, wrong[64];

	(void)state;
	path = tpath("checkbyte.zip");
	assert_int_equal(mkzip_build("pkware-checkbyte", path, "Pratique-2026",
	    wrong, sizeof wrong), 0);
	assert_true(wrong[0] != '\0');

	/* One entry: read with the wrong password first, then the right. */
	opts(&o, &a, &nt);
	o.entry = "stored.csv";
	a.answers[0] = wrong;
	a.answers[1] = "Pratique-2026";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
	assert_int_equal(a.calls, 2);
	assert_int_equal(table_rows(t), 4);
	assert_string_equal(table_cell(t, 0, 0, NULL), "Roy");
	table_free(t);
	t = NULL;

	/* Only the wrong one: a password error, no table. */
	opts(&o, &a, &nt);
	o.entry = "liste.csv";
	a.answers[0] = wrong;
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_ERR_PASSWORD);
	assert_null(t);
	assert_int_equal(a.calls, 2);
	free(cause);
	cause = NULL;

	/* The default choice (both entries) with the wrong one first. */
	opts(&o, &a, &nt);
	a.answers[0] = wrong;
	a.answers[1] = "Pratique-2026";
	assert_int_equal(load_file(path, &o, &t, &cause), LOAD_OK);
	assert_int_equal(table_rows(t), 8);
	table_free(t);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_csv),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_zip_encrypted),
		cmocka_unit_test(test_zip_nested),
		cmocka_unit_test(test_zip_bad_entry),
		cmocka_unit_test(test_delivery),
		cmocka_unit_test(test_pkware_garbage),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
