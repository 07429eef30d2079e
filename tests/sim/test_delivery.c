/*
 * test_delivery — the simulator's archive, read back with libzip: the
 * outer zip's CP850 names without the UTF-8 flag, its folder and readme,
 * the three inner zips (PDF the largest), both encryptions opened with the
 * right password and refused with a wrong one, the announced number of
 * electors in the CSV lists, the electors outside Québec with their own
 * header, determinism, and the uniqid-like names.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "listelec/delivery.h"
#include "listelec/gen.h"

#define PW	"mot-de-passe-essai"

/* A temporary file holding a fresh archive; its bytes in *buf. */
static void
make(int aes, size_t electors, uint64_t seed, int list, char **buf,
    size_t *len)
{
	struct delivery	 d;
	char		 path[] = "/tmp/test_delivery.XXXXXX";
	char		*cause = NULL;
	off_t		 size;
	int		 fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	memset(&d, 0, sizeof d);
	d.seed = seed;
	d.electors = electors;
	d.aes = aes;
	d.password = PW;
	d.list = list;
	assert_int_equal(delivery_write(fd, &d, &size, &cause), 0);
	assert_null(cause);
	*len = (size_t)size;
	*buf = malloc(*len);
	assert_non_null(*buf);
	assert_int_equal(pread(fd, *buf, *len, 0), (ssize_t)*len);
	close(fd);
}

/* Open a zip held in memory. */
static zip_t *
open_mem(const char *buf, size_t len)
{
	zip_error_t	 err;
	zip_source_t	*src;
	zip_t		*z;

	zip_error_init(&err);
	src = zip_source_buffer_create(buf, len, 0, &err);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	assert_non_null(z);
	return (z);
}

/* Read a whole entry (password or NULL); -1 when refused. */
static long
read_entry(zip_t *z, zip_uint64_t i, const char *pw, char **out)
{
	zip_file_t	*f;
	zip_stat_t	 st;
	char		*buf;
	zip_int64_t	 n, got = 0;

	assert_int_equal(zip_stat_index(z, i, 0, &st), 0);
	f = zip_fopen_index_encrypted(z, i, 0, pw);
	if (f == NULL)
		return (-1);
	buf = malloc(st.size + 1);
	assert_non_null(buf);
	while ((n = zip_fread(f, buf + got, st.size - (zip_uint64_t)got))
	    > 0)
		got += n;
	if (n < 0 || zip_fclose(f) != 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		return (-1);
	}
	buf[got] = '\0';
	*out = buf;
	return ((long)got);
}

/* Count lines that are not the header. */
static size_t
rows(const char *csv, const char *header)
{
	size_t	 n = 0;

	assert_memory_equal(csv, header, strlen(header));
	for (; *csv != '\0'; csv++)
		n += *csv == '\n';
	return (n - 1);
}

/* The whole check for one encryption. */
static void
check_archive(int aes)
{
	zip_t		*outer, *inner;
	char		*buf, *data, *csv, hdr[GEN_ROW_MAX];
	const char	*name;
	size_t		 len, total = 0, i, j, sizes[3] = { 0, 0, 0 };
	long		 n, m;
	size_t		 hl;
	zip_stat_t	 st;
	int		 found = 0;

	make(aes, 1234, 77, 0, &buf, &len);
	outer = open_mem(buf, len);
	assert_int_equal(zip_get_num_entries(outer, 0), 5);
	/* The folder, in CP850 without the UTF-8 flag (bit 11). */
	name = zip_get_name(outer, 0, ZIP_FL_ENC_RAW);
	assert_string_equal(name, "Liste \x82lectorale au d\x82" "cret/");
	assert_int_equal((unsigned char)buf[7] & 0x08, 0);
	for (i = 1; i < 5; i++) {
		name = zip_get_name(outer, i, ZIP_FL_ENC_RAW);
		assert_int_equal(strncmp(name, "Liste \x82lectorale au d\x82"
		    "cret/", 27), 0);
		assert_int_equal(zip_stat_index(outer, i, 0, &st), 0);
		assert_int_equal(st.encryption_method, ZIP_EM_NONE);
		n = read_entry(outer, i, NULL, &data);
		assert_true(n > 0);
		if (strstr(name, "Lisez-moi.txt") != NULL) {
			assert_non_null(strstr(data, "Donn\xe9" "es fictives"));
			free(data);
			continue;
		}
		/* An inner zip, each entry encrypted. */
		inner = open_mem(data, (size_t)n);
		for (j = 0; j < (size_t)zip_get_num_entries(inner, 0); j++) {
			assert_int_equal(zip_stat_index(inner, j, 0, &st), 0);
			assert_int_equal(st.encryption_method, aes ?
			    ZIP_EM_AES_256 : ZIP_EM_TRAD_PKWARE);
			assert_int_equal(read_entry(inner, j, "faux", &csv),
			    -1);
			m = read_entry(inner, j, PW, &csv);
			assert_true(m > 0);
			if (strstr(name, "CSV.zip") != NULL) {
				hl = gen_csv_header(hdr);
				assert_memory_equal(csv, hdr, hl);
				hdr[hl] = '\0';
				total += rows(csv, hdr);
				found |= 1;
			} else if (strstr(name, "PDF.zip") != NULL) {
				assert_memory_equal(csv, "%PDF-1.4", 8);
				assert_non_null(memmem(csv + m - 8, 8, "%%EOF",
				    5));
				found |= 2;
			} else {
				hl = gen_hq_csv_header(hdr);
				hdr[hl] = '\0';
				assert_int_equal(rows(csv, hdr),
				    gen_hq_count(1234));
				found |= 4;
			}
			free(csv);
		}
		sizes[strstr(name, "PDF") != NULL ? 0 : strstr(name, "CSV")
		    != NULL ? 1 : 2] = (size_t)n;
		zip_close(inner);
		free(data);
	}
	assert_int_equal(found, 7);
	assert_int_equal(total, 1234);
	assert_true(sizes[0] > sizes[1] && sizes[1] > sizes[2]);
	zip_close(outer);
	free(buf);
}

static void
test_zipcrypto(void **state)
{
	(void)state;
	check_archive(0);
}

static void
test_aes(void **state)
{
	(void)state;
	check_archive(1);
}

/* Same seed, same bytes; another list, another archive and name. */
static void
test_deterministic(void **state)
{
	char	*a, *b, *c, na[14], nb[14];
	size_t	 la, lb, lc, i;

	(void)state;
	make(0, 500, 3, 0, &a, &la);
	make(0, 500, 3, 0, &b, &lb);
	make(0, 500, 3, 1, &c, &lc);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_true(la != lc || memcmp(a, c, la) != 0);
	delivery_name(3, 0, na);
	delivery_name(3, 1, nb);
	assert_int_equal(strlen(na), 13);
	for (i = 0; i < 13; i++)
		assert_non_null(strchr("0123456789abcdef", na[i]));
	assert_string_not_equal(na, nb);
	assert_string_equal(delivery_title(2),
	    "Liste des électeurs au jour -11");
	free(a);
	free(b);
	free(c);
}

/* The instructions PDF. */
static void
test_instructions(void **state)
{
	char	*pdf;
	size_t	 len;

	(void)state;
	delivery_instructions(&pdf, &len);
	assert_true(len > 500 && len < 20000);
	assert_memory_equal(pdf, "%PDF-1.4", 8);
	assert_memory_equal(pdf + len - 6, "%%EOF\n", 6);
	free(pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zipcrypto),
		cmocka_unit_test(test_aes),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_instructions),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
