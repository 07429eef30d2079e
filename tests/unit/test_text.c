/*
 * test_text — folding, UTF-8, code pages, the terminal sanitizer, widths,
 * natural comparison, dates and numbers (text.c).
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

#include "listelec/text.h"

/* Fold a NUL-terminated string into a static buffer. */
static const char *
fold(const char *s)
{
	static char	buf[1024];

	text_fold(buf, sizeof buf, s, strlen(s));
	return (buf);
}

/* Sanitize a string; caller frees. */
static char *
san(const char *s, size_t len, int ascii_only, int keep_newlines)
{
	return (text_sanitize(s, len, ascii_only, keep_newlines));
}

static void
test_fold_french(void **state)
{
	(void)state;
	assert_string_equal(fold("Bélanger"), "belanger");
	assert_string_equal(fold("BÉLANGER"), "belanger");
	assert_string_equal(fold("FRANÇOIS"), "francois");
	assert_string_equal(fold("éèêë àâä îï ôö ùûü ÿ ç"),
	    "eeee aaa ii oo uuu y c");
	assert_string_equal(fold("ÉÈÊË ÀÂÄ ÎÏ ÔÖ ÙÛÜ Ÿ Ç"),
	    "eeee aaa ii oo uuu y c");
	assert_string_equal(fold("Œuvre cœur Æsir æther"),
	    "oeuvre coeur aesir aether");
	assert_string_equal(fold("Straße"), "strasse");
	assert_string_equal(fold("L’Érablière — Saint‐Jean–Port"),
	    "l'erabliere - saint-jean-port");
	/* Decomposed accents (NFD) fold like precomposed ones. */
	assert_string_equal(fold("Be\xcc\x81langer"), "belanger");
	/* No-break and narrow no-break spaces become spaces. */
	assert_string_equal(fold("a\xc2\xa0" "b\xe2\x80\xaf" "c"), "a b c");
}

static void
test_fold_latin_ext(void **state)
{
	char		 in[8], out[16];
	uint32_t	 cp;
	size_t		 n, k;

	(void)state;
	assert_string_equal(fold("ŁÓDŹ Dvořák Ñandú Øre İstanbul"),
	    "lodz dvorak nandu ore istanbul");
	assert_string_equal(fold("Şţ Ĳssel Ŀl Þór"), "st ijssel ll thor");
	/* Every letter of Latin-1 and Latin Extended-A folds to ASCII. */
	for (cp = 0xc0; cp <= 0x17f; cp++) {
		if (cp == 0xd7 || cp == 0xf7)
			continue;
		n = text_utf8_encode(cp, in);
		text_fold(out, sizeof out, in, n);
		assert_true(strlen(out) >= 1);
		for (k = 0; out[k] != '\0'; k++) {
			if (out[k] < 'a' || out[k] > 'z')
				fail_msg("U+%04X folds to \"%s\"", cp, out);
		}
	}
}

static void
test_fold_other_scripts(void **state)
{
	(void)state;
	assert_string_equal(fold("ΑΘΗΝΑ"), "αθηνα");
	assert_string_equal(fold("Ἀθῆναι"), "αθηναι");
	assert_string_equal(fold("МОСКВА Ёлка"), "москва ёлка");
	assert_string_equal(fold("Nguyễn Thị"), "nguyen thi");
	assert_string_equal(fold("ＡＢＣ１２"), "abc12");
	assert_string_equal(fold("東京"), "東京");
	assert_string_equal(fold("x\xf0\x9f\x98\x80y"), "x\xf0\x9f\x98\x80y");
}

static void
test_fold_invalid_and_sizes(void **state)
{
	char		 buf[8], out[4], in[8], big[16], again[16];
	size_t		 need, n, used;
	uint32_t	 cp;

	(void)state;
	/* Invalid bytes are copied. */
	assert_string_equal(fold("Caf\xe9 \xff"), "caf\xe9 \xff");
	/* Snprintf-like: truncated, NUL-terminated, full length returned. */
	need = text_fold(buf, sizeof buf, "ŒŒŒŒŒŒ", strlen("ŒŒŒŒŒŒ"));
	assert_int_equal(need, 12);
	assert_string_equal(buf, "oeoeoeo");
	need = text_fold(NULL, 0, "ABC", 3);
	assert_int_equal(need, 3);
	/* fold_char: bytes consumed and output. */
	used = text_fold_char((const unsigned char *)"É", 2, out, &n);
	assert_int_equal(used, 2);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], 'e');
	used = text_fold_char((const unsigned char *)"\xcc\x81", 2, out, &n);
	assert_int_equal(used, 2);
	assert_int_equal(n, 0);
	used = text_fold_char((const unsigned char *)"\xc3", 1, out, &n);
	assert_int_equal(used, 1);
	assert_int_equal(n, 1);
	/* Never more than twice as long, and folding is idempotent. */
	for (cp = 1; cp < 0x20000; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = text_utf8_encode(cp, in);
		need = text_fold(big, sizeof big, in, n);
		assert_true(need <= 2 * n);
		text_fold(again, sizeof again, big, need);
		if (strcmp(big, again) != 0)
			fail_msg("U+%04X: fold not idempotent", cp);
	}
}

static void
test_fold_dup_and_leads(void **state)
{
	unsigned char	 set[256];
	char		*s;

	(void)state;
	s = text_fold_dup("Ève CÔTÉ");
	assert_string_equal(s, "eve cote");
	free(s);
	text_fold_leads('e', set);
	assert_true(set['e'] && set['E']);
	assert_true(set[0xc3]);		/* é É */
	assert_true(set[0xc5]);		/* œ Œ (oe) */
	assert_true(set[0xe1]);		/* ẽ */
	assert_false(set['a']);
	assert_false(set[0xd0]);	/* Cyrillic */
	text_fold_leads('1', set);
	assert_true(set['1']);
	assert_true(set[0xef]);		/* fullwidth １ */
	assert_false(set[0xc3]);
	text_fold_leads(0xd0, set);
	assert_true(set[0xd0] && set[0x80] && set[0xff]);
	assert_false(set['a']);
}

/* No false negative: every character folding to something holding c. */
static void
test_fold_leads_complete(void **state)
{
	unsigned char	 set[256];
	char		 in[4], out[4];
	uint32_t	 cp;
	size_t		 n, k, outlen;
	int		 c;

	(void)state;
	for (c = 0x20; c < 0x7f; c++) {
		text_fold_leads((unsigned char)c, set);
		for (cp = 0x20; cp < 0x30000; cp++) {
			if (cp >= 0xd800 && cp <= 0xdfff)
				continue;
			n = text_utf8_encode(cp, in);
			text_fold_char((unsigned char *)in, n, out, &outlen);
			for (k = 0; k < outlen; k++) {
				if ((unsigned char)out[k] == c &&
				    !set[(unsigned char)in[0]])
					fail_msg("U+%04X holds '%c'", cp, c);
			}
		}
	}
}

static void
test_utf8(void **state)
{
	char		out[4];
	uint32_t	cp;
	size_t		n;

	(void)state;
	assert_true(text_utf8_valid("Élections Québec €😀",
	    strlen("Élections Québec €😀")));
	assert_false(text_utf8_valid("\xc0\xaf", 2));		/* overlong */
	assert_false(text_utf8_valid("\xe0\x80\xaf", 3));	/* overlong */
	assert_false(text_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(text_utf8_valid("\xf4\x90\x80\x80", 4));	/* > 10FFFF */
	assert_false(text_utf8_valid("\xc3", 1));		/* truncated */
	assert_false(text_utf8_valid("\xe9t\xe9", 3));		/* Latin-1 */
	assert_true(text_utf8_valid("", 0));

	assert_int_equal(text_utf8_complete("ab\xc3", 3), 2);
	assert_int_equal(text_utf8_complete("ab\xc3\xa9", 4), 4);
	assert_int_equal(text_utf8_complete("a\xe2\x82", 3), 1);
	assert_int_equal(text_utf8_complete("a\xf0\x9f\x98", 4), 1);
	assert_int_equal(text_utf8_complete("a\xf0\x9f\x98\x80", 5), 5);
	assert_int_equal(text_utf8_complete("a\xff", 2), 2);

	n = text_utf8_decode((const unsigned char *)"€", 3, &cp);
	assert_int_equal(n, 3);
	assert_int_equal(cp, 0x20ac);
	n = text_utf8_decode((const unsigned char *)"\xe9z", 2, &cp);
	assert_int_equal(n, 1);
	assert_int_equal(cp, 0xfffd);
	for (cp = 0; cp <= 0x10ffff; cp += 0x101) {
		uint32_t	back;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = text_utf8_encode(cp, out);
		assert_int_equal(text_utf8_decode((unsigned char *)out, n,
		    &back), n);
		assert_int_equal(back, cp);
	}
}

static void
test_codepages(void **state)
{
	unsigned char	 all[256];
	char		 utf[3 * 256], back[256];
	size_t		 i, n, m, bad;

	(void)state;
	n = text_cp1252_to_utf8(utf, (const unsigned char *)"\x80\x92\xe9\x9c"
	    "\x81", 5);
	assert_int_equal(n, 3 + 3 + 2 + 2 + 2);
	assert_memory_equal(utf, "€’éœ\xc2\x81", n);
	n = text_latin1_to_utf8(utf, (const unsigned char *)"\xe9\x80", 2);
	assert_memory_equal(utf, "é\xc2\x80", n);
	n = text_cp850_to_utf8(utf, (const unsigned char *)"\x82\x90\x87"
	    "\x8a\xc9", 5);
	assert_memory_equal(utf, "éÉçè╔", n);
	assert_int_equal(n, 2 * 4 + 3);

	/* Every Windows-1252 byte survives the round trip. */
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	n = text_cp1252_to_utf8(utf, all, 256);
	assert_true(text_utf8_valid(utf, n));
	m = text_utf8_to_cp1252(back, utf, n, &bad);
	assert_int_equal(m, 256);
	assert_int_equal(bad, 0);
	assert_memory_equal(back, all, 256);

	m = text_utf8_to_cp1252(back, "Ω\xe9Œ", 5, &bad);
	assert_int_equal(m, 3);
	assert_int_equal(bad, 2);
	assert_memory_equal(back, "??\x8c", 3);
}

static void
test_sanitize(void **state)
{
	const char	*osc = "x\x1b]52;c;cm0gLXJmIH4=\x07y";
	char		*s;

	(void)state;
	s = san(osc, strlen(osc), 0, 0);
	assert_string_equal(s, "x^[]52;c;cm0gLXJmIH4=^Gy");
	assert_null(strchr(s, 0x1b));
	free(s);
	s = san("a\tb\nc\x7f\r", 7, 0, 0);
	assert_string_equal(s, "a b^Jc^?^M");
	free(s);
	s = san("a\nb", 3, 0, 1);
	assert_string_equal(s, "a\nb");
	free(s);
	/* C1 as code points (CSI 0x9B), an invalid byte, a NUL. */
	s = san("\xc2\x9b" "2J \xe9t\xe9 \0z", 11, 0, 0);
	assert_string_equal(s, "<9B>2J <E9>t<E9> ^@z");
	free(s);
	/* Bidi override, isolate, zero-width, BOM. */
	s = san("a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x80\x8b" "d\xef\xbb\xbf",
	    16, 0, 0);
	assert_string_equal(s, "a<U+202E>b<U+2066>c<U+200B>d<U+FEFF>");
	free(s);
	/* Accents kept, or transliterated for LANG=C. */
	s = san("Élodie Lœuvre 東", strlen("Élodie Lœuvre 東"), 0, 0);
	assert_string_equal(s, "Élodie Lœuvre 東");
	free(s);
	s = san("Élodie LŒUVRE cœur ’ — 東", strlen("Élodie LŒUVRE cœur ’ — 東"),
	    1, 0);
	assert_string_equal(s, "Elodie LOEUVRE coeur ' - ?");
	free(s);
	s = san("e\xcc\x81\xe2\x80\xae\x1b", 7, 1, 0);
	assert_string_equal(s, "e<U+202E>^[");
	free(s);

	assert_false(text_needs_sanitize("Bélanger, Œ 東", strlen(
	    "Bélanger, Œ 東")));
	assert_true(text_needs_sanitize("a\x1b", 2));
	assert_true(text_needs_sanitize("a\t", 2));
	assert_true(text_needs_sanitize("\xc2\x9b", 2));
	assert_true(text_needs_sanitize("\xe2\x80\xae", 3));
	assert_true(text_needs_sanitize("\xe9", 1));
	assert_true(text_needs_sanitize("\x7f", 1));
}

static void
test_width(void **state)
{
	size_t	used, n;

	(void)state;
	assert_int_equal(text_width("Bélanger", strlen("Bélanger")), 8);
	assert_int_equal(text_width("Be\xcc\x81", 4), 2);
	assert_int_equal(text_width("東京", 6), 4);
	assert_int_equal(text_width("\xf0\x9f\x98\x80", 4), 2);
	assert_int_equal(text_width("\xe9", 1), 1);
	assert_int_equal(text_width("", 0), 0);

	n = text_fit("Côté", strlen("Côté"), 3, &used);
	assert_int_equal(n, 4);		/* "Côt" */
	assert_int_equal(used, 3);
	n = text_fit("a東京", 7, 2, &used);
	assert_int_equal(n, 1);		/* the wide character does not fit */
	assert_int_equal(used, 1);
	n = text_fit("ae\xcc\x81z", 5, 2, &used);
	assert_int_equal(n, 4);		/* the accent stays with its letter */
	assert_int_equal(used, 2);
	n = text_fit("abc", 3, 10, &used);
	assert_int_equal(n, 3);
	assert_int_equal(used, 3);
}

/* qsort adapter. */
static int
cmp(const void *a, const void *b)
{
	return (text_natcmp(*(const char *const *)a, *(const char *const *)b));
}

static void
test_natcmp(void **state)
{
	const char	*v[] = { "101", "12A", "rue 3", "Élise", "12", "", "2",
	    "elise", "ELISE", "Eric", "rue 10", "007", "7", "Œil", "oeuf" };
	const char	*want[] = { "", "2", "007", "7", "12", "12A", "101",
	    "ELISE", "elise", "Élise", "Eric", "Œil", "oeuf", "rue 3",
	    "rue 10" };
	size_t		 i, j, n = sizeof v / sizeof v[0];

	(void)state;
	assert_true(text_natcmp("12", "101") < 0);
	assert_true(text_natcmp("12", "12A") < 0);
	assert_true(text_natcmp("Bélanger", "belanger") != 0);
	assert_true(text_natcmp("Bélanger", "Belleau") < 0);
	assert_true(text_natcmp("côté", "COTE") > 0 ||
	    text_natcmp("côté", "COTE") < 0);
	assert_int_equal(text_natcmp("abc", "abc"), 0);
	/* Fullwidth digits are digits too: no cycle with ASCII ones. */
	assert_true(text_natcmp("\xef\xbc\x91" "0", "9") > 0);
	assert_true(text_natcmp("10", "9") > 0);
	assert_true(text_natcmp("a00012b", "a12c") < 0);
	assert_true(text_natcmp("x99999999999999999999",
	    "x100000000000000000000") < 0);
	assert_true(text_natcmp("", "a") < 0);
	qsort(v, n, sizeof v[0], cmp);
	for (i = 0; i < n; i++)
		assert_string_equal(v[i], want[i]);
	/* A consistent order over random strings: sorted, every pair agrees. */
	{
		static const char *const pc[] = { "0", "1", "9", "10", "007",
		    "a", "A", "é", "É", "e", "\xcc\x81", "œ", "oe", "ß", "ss",
		    "\xef\xbc\x91", " ", "-", "z", "\xe9" };
		char		*r[200];
		unsigned	 seed = 99;
		size_t		 a, b, m, np = sizeof pc / sizeof pc[0];

		for (a = 0; a < 200; a++) {
			r[a] = calloc(1, 64);
			m = 1 + (seed = seed * 1103515245 + 12345) % 5;
			for (b = 0; b < m; b++) {
				seed = seed * 1103515245 + 12345;
				strncat(r[a], pc[(seed >> 8) % np], 8);
			}
		}
		qsort(r, 200, sizeof r[0], cmp);
		for (a = 0; a < 200; a++) {
			for (b = a + 1; b < 200; b++) {
				if (text_natcmp(r[a], r[b]) > 0)
					fail_msg("\"%s\" > \"%s\"", r[a],
					    r[b]);
			}
		}
		for (a = 0; a < 200; a++)
			free(r[a]);
	}
	/* Antisymmetric and total. */
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			assert_int_equal(text_natcmp(v[i], v[j]),
			    -text_natcmp(v[j], v[i]));
			if (i != j)
				assert_int_not_equal(text_natcmp(v[i], v[j]),
				    0);
		}
	}
}

static void
test_dates(void **state)
{
	int32_t	d, e;

	(void)state;
	assert_int_equal(text_parse_date("1970-01-01", 10, &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(text_parse_date("31/12/1969", 10, &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(text_parse_date("1950-03-05", 10, &d), 0);
	assert_int_equal(text_parse_date("05/03/1950", 10, &e), 0);
	assert_int_equal(d, e);
	assert_int_equal(d, -7242);
	assert_int_equal(text_parse_date("5/3/1950", 8, &e), 0);
	assert_int_equal(d, e);
	assert_int_equal(text_parse_date(" 2024-02-29 ", 12, &d), 0);
	assert_int_equal(d, 19782);
	assert_int_equal(text_parse_date("2023-02-29", 10, &d), -1);
	assert_int_equal(text_parse_date("1900-02-29", 10, &d), -1);
	assert_int_equal(text_parse_date("2000-02-29", 10, &d), 0);
	assert_int_equal(text_parse_date("31/04/2020", 10, &d), -1);
	assert_int_equal(text_parse_date("2020-13-01", 10, &d), -1);
	assert_int_equal(text_parse_date("2020-00-10", 10, &d), -1);
	assert_int_equal(text_parse_date("2020-01-10x", 11, &d), -1);
	assert_int_equal(text_parse_date("12/01/20", 8, &d), -1);
	assert_int_equal(text_parse_date("", 0, &d), -1);
	assert_int_equal(text_parse_date("abc", 3, &d), -1);
	assert_int_equal(text_parse_date("1950-03-051", 11, &d), -1);
	/* A time of day after the date. */
	assert_int_equal(text_parse_date("1950-03-05 00:00:00", 19, &e), 0);
	assert_int_equal(text_parse_date("1950-03-05", 10, &d), 0);
	assert_int_equal(d, e);
	assert_int_equal(text_parse_date("1950-03-05T13:45", 16, &e), 0);
	assert_int_equal(d, e);
	assert_int_equal(text_parse_date("05/03/1950 08:30", 16, &e), 0);
	assert_int_equal(d, e);
	assert_int_equal(text_parse_date("1950-03-05 24:00", 16, &e), -1);
	assert_int_equal(text_parse_date("1950-03-05 12", 13, &e), -1);
	assert_int_equal(text_parse_date("1950-03-05 12:3", 15, &e), -1);
	assert_int_equal(text_parse_date("1950-03-05 ab", 13, &e), -1);
}

static void
test_numbers(void **state)
{
	double	v;

	(void)state;
	assert_int_equal(text_parse_number("65", 2, &v), 0);
	assert_true(v == 65);
	assert_int_equal(text_parse_number("-1,5", 4, &v), 0);
	assert_true(v == -1.5);
	assert_int_equal(text_parse_number("+2.25", 5, &v), 0);
	assert_true(v == 2.25);
	assert_int_equal(text_parse_number(" 007 ", 5, &v), 0);
	assert_true(v == 7);
	assert_int_equal(text_parse_number("1.2.3", 5, &v), -1);
	assert_int_equal(text_parse_number("12A", 3, &v), -1);
	assert_int_equal(text_parse_number("-", 1, &v), -1);
	assert_int_equal(text_parse_number(".", 1, &v), -1);
	assert_int_equal(text_parse_number("", 0, &v), -1);
	assert_int_equal(text_parse_number("1e5", 3, &v), -1);
}

/*
 * The word-at-a-time paths agree with the character-at-a-time ones, over
 * random mixtures of ASCII, controls, accents and invalid bytes.
 */
static void
test_fast_paths(void **state)
{
	static const char *const pieces[] = { "ABCDEFGH", "Québec ", "x",
	    "\t", "\n", "\x7f", "\x1b", "é", "Œ", "\xe9", "\xc2\x9b", "  ",
	    "Z[`az{~", "\xe2\x80\xae", "東", "0123456789" };
	char		 in[256], f1[600], f2[600], buf[4], *clean;
	uint32_t	 cp;
	unsigned	 seed = 7;
	size_t		 i, k, n, m, o, used, len, w, np;

	(void)state;
	np = sizeof pieces / sizeof pieces[0];
	for (i = 0; i < 3000; i++) {
		in[0] = '\0';
		m = (seed = seed * 1103515245 + 12345) % 12;
		for (k = 0; k < m; k++) {
			seed = seed * 1103515245 + 12345;
			n = strlen(in);
			snprintf(in + n, sizeof in - n, "%s",
			    pieces[(seed >> 8) % np]);
		}
		len = strlen(in);
		text_fold(f1, sizeof f1, in, len);
		for (k = o = 0; k < len; k += used) {
			used = text_fold_char((unsigned char *)in + k,
			    len - k, buf, &n);
			memcpy(f2 + o, buf, n);
			o += n;
		}
		f2[o] = '\0';
		assert_string_equal(f1, f2);
		clean = text_sanitize(in, len, 0, 0);
		assert_int_equal(text_needs_sanitize(in, len),
		    strcmp(clean, in) != 0);
		free(clean);
		for (k = w = 0; k < len; k += used)
			w += text_width(in + k, (used = text_utf8_decode(
			    (unsigned char *)in + k, len - k, &cp)));
		assert_int_equal(text_width(in, len), w);
		n = text_cp1252_to_utf8(f1, (unsigned char *)in, len);
		for (k = o = 0; k < len; k++)
			o += text_cp1252_to_utf8(f2 + o,
			    (unsigned char *)in + k, 1);
		assert_int_equal(n, o);
		assert_memory_equal(f1, f2, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_french),
		cmocka_unit_test(test_fold_latin_ext),
		cmocka_unit_test(test_fold_other_scripts),
		cmocka_unit_test(test_fold_invalid_and_sizes),
		cmocka_unit_test(test_fold_dup_and_leads),
		cmocka_unit_test(test_fold_leads_complete),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_codepages),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_natcmp),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_fast_paths),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
