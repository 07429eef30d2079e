/*
 * mkzip — writes the zip fixtures the tests need, at test time, with
 * fictitious data only.
 *
 *	mkzip [--password-fd N] KIND OUT.zip
 *
 * The practice password is the first line read from fd N (default 0,
 * standard input); it is never taken from argv.  Kinds that print
 * something (pkware-checkbyte: a wrong password passing the check bytes)
 * print it on standard output.  `mkzip --list` names the kinds.
 *
 * WinZip AES entries are written by libzip (zip_file_set_encryption);
 * traditional PKWARE (ZipCrypto) entries, which libzip 1.7 cannot write,
 * and every hostile layout are written by the small zip writer below.
 * Built with -DMKZIP_LIBRARY, the file offers mkzip_build() to the unit
 * tests instead of main().
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>
#include <zlib.h>

int	mkzip_build(const char *kind, const char *out, const char *password,
	    char *info, size_t infosz);

#define DOS_TIME	0x6000
#define DOS_DATE	0x5b7c

/* A growing byte buffer. */
struct buf {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

/* One central directory record. */
struct zent {
	unsigned char	*name;
	size_t		 nlen;
	uint16_t	 flags;
	uint16_t	 method;
	uint32_t	 crc;
	uint32_t	 csize;
	uint32_t	 usize;
	uint32_t	 off;
	uint32_t	 extattr;
};

/* The hand-made zip writer. */
struct zw {
	struct buf	 out;
	struct zent	*e;
	size_t		 n;
	size_t		 cap;
};

static uint64_t	rng_state = 0x9e3779b97f4a7c15ULL;

/* Deterministic pseudo-random numbers (xorshift64). */
static uint64_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (rng_state);
}

/* Out of memory: the fixture builder just stops. */
static void *
xmem(void *p)
{
	if (p == NULL) {
		fprintf(stderr, "mkzip: out of memory\n");
		exit(1);
	}
	return (p);
}

/* Append bytes. */
static void
put(struct buf *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		while (b->len + len > b->cap)
			b->cap = b->cap == 0 ? 4096 : b->cap * 2;
		b->p = xmem(realloc(b->p, b->cap));
	}
	if (len > 0)
		memcpy(b->p + b->len, p, len);
	b->len += len;
}

static void
put16(struct buf *b, uint32_t v)
{
	unsigned char	c[2] = { v & 0xff, (v >> 8) & 0xff };

	put(b, c, 2);
}

static void
put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

static void
put64(struct buf *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}

/* Write a local header for e at the current offset (recorded). */
static void
zw_local(struct zw *z, struct zent *e)
{
	e->off = (uint32_t)z->out.len;
	put32(&z->out, 0x04034b50);
	put16(&z->out, 20);
	put16(&z->out, e->flags);
	put16(&z->out, e->method);
	put16(&z->out, DOS_TIME);
	put16(&z->out, DOS_DATE);
	put32(&z->out, e->crc);
	put32(&z->out, e->csize);
	put32(&z->out, e->usize);
	put16(&z->out, (uint32_t)e->nlen);
	put16(&z->out, 0);
	put(&z->out, e->name, e->nlen);
}

/* Record a central directory entry (a copy of e). */
static void
zw_central(struct zw *z, const struct zent *e)
{
	if (z->n == z->cap) {
		z->cap = z->cap == 0 ? 16 : z->cap * 2;
		z->e = xmem(realloc(z->e, z->cap * sizeof(*z->e)));
	}
	z->e[z->n] = *e;
	z->e[z->n].name = xmem(malloc(e->nlen + 1));
	memcpy(z->e[z->n].name, e->name, e->nlen);
	z->n++;
}

/* Write the central directory and its end; zip64 end when needed. */
static void
zw_finish(struct zw *z)
{
	uint64_t	cdoff = z->out.len, cdsize, z64;
	size_t		i;
	int		zip64 = z->n >= 0xffff;

	for (i = 0; i < z->n; i++) {
		put32(&z->out, 0x02014b50);
		put16(&z->out, 0x0014);
		put16(&z->out, 20);
		put16(&z->out, z->e[i].flags);
		put16(&z->out, z->e[i].method);
		put16(&z->out, DOS_TIME);
		put16(&z->out, DOS_DATE);
		put32(&z->out, z->e[i].crc);
		put32(&z->out, z->e[i].csize);
		put32(&z->out, z->e[i].usize);
		put16(&z->out, (uint32_t)z->e[i].nlen);
		put16(&z->out, 0);
		put16(&z->out, 0);
		put16(&z->out, 0);
		put16(&z->out, 0);
		put32(&z->out, z->e[i].extattr);
		put32(&z->out, z->e[i].off);
		put(&z->out, z->e[i].name, z->e[i].nlen);
		free(z->e[i].name);
	}
	free(z->e);
	cdsize = z->out.len - cdoff;
	if (zip64) {
		z64 = z->out.len;
		put32(&z->out, 0x06064b50);
		put64(&z->out, 44);
		put16(&z->out, 45);
		put16(&z->out, 45);
		put32(&z->out, 0);
		put32(&z->out, 0);
		put64(&z->out, z->n);
		put64(&z->out, z->n);
		put64(&z->out, cdsize);
		put64(&z->out, cdoff);
		put32(&z->out, 0x07064b50);
		put32(&z->out, 0);
		put64(&z->out, z64);
		put32(&z->out, 1);
	}
	put32(&z->out, 0x06054b50);
	put16(&z->out, 0);
	put16(&z->out, 0);
	put16(&z->out, zip64 ? 0xffff : (uint32_t)z->n);
	put16(&z->out, zip64 ? 0xffff : (uint32_t)z->n);
	put32(&z->out, (uint32_t)cdsize);
	put32(&z->out, (uint32_t)cdoff);
	put16(&z->out, 0);
}

/* Raw deflate of len bytes into a fresh buffer. */
static void
deflate_raw(const void *src, size_t len, struct buf *out)
{
	z_stream	zs;
	uLong		bound;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		exit(1);
	bound = deflateBound(&zs, (uLong)len);
	memset(out, 0, sizeof(*out));
	out->p = xmem(malloc(bound));
	out->cap = bound;
	zs.next_in = (Bytef *)(uintptr_t)src;
	zs.avail_in = (uInt)len;
	zs.next_out = out->p;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END)
		exit(1);
	out->len = zs.total_out;
	deflateEnd(&zs);
}

/* ZipCrypto keys. */
struct zc {
	uint32_t	k[3];
};

static uint32_t
crc_byte(uint32_t crc, unsigned char b)
{
	const z_crc_t	*t = get_crc_table();

	return (t[(crc ^ b) & 0xff] ^ (crc >> 8));
}

static void
zc_update(struct zc *z, unsigned char p)
{
	z->k[0] = crc_byte(z->k[0], p);
	z->k[1] = (z->k[1] + (z->k[0] & 0xff)) * 134775813 + 1;
	z->k[2] = crc_byte(z->k[2], (unsigned char)(z->k[1] >> 24));
}

static unsigned char
zc_byte(const struct zc *z)
{
	uint32_t	t = (z->k[2] | 2) & 0xffff;

	return ((unsigned char)((t * (t ^ 1)) >> 8));
}

static void
zc_init(struct zc *z, const char *pw)
{
	z->k[0] = 0x12345678;
	z->k[1] = 0x23456789;
	z->k[2] = 0x34567890;
	while (*pw != '\0')
		zc_update(z, (unsigned char)*pw++);
}

/* Encrypt in place. */
static void
zc_encrypt(struct zc *z, unsigned char *p, size_t len)
{
	unsigned char	c;
	size_t		i;

	for (i = 0; i < len; i++) {
		c = p[i] ^ zc_byte(z);
		zc_update(z, p[i]);
		p[i] = c;
	}
}

/* Nonzero when pw decrypts the 12-byte header to the check byte. */
static int
zc_check(const char *pw, const unsigned char *hdr, unsigned char check)
{
	struct zc	z;
	unsigned char	p = 0;
	int		i;

	zc_init(&z, pw);
	for (i = 0; i < 12; i++) {
		p = hdr[i] ^ zc_byte(&z);
		zc_update(&z, p);
	}
	return (p == check);
}

/*
 * Add an entry: deflated (method 8) or stored, ZipCrypto-encrypted when
 * pkpw is set (hdr, if not NULL, receives the encrypted 12-byte header),
 * the UTF-8 flag when utf8.  A name ending in '/' is a folder.
 */
static void
zw_add(struct zw *z, const char *name, const void *data, size_t len,
    int method, int utf8, const char *pkpw, unsigned char *hdr)
{
	struct zent	e;
	struct buf	body;
	struct zc	zc;
	unsigned char	h[12];
	size_t		i;

	memset(&e, 0, sizeof(e));
	e.name = (unsigned char *)(uintptr_t)name;
	e.nlen = strlen(name);
	e.flags = utf8 ? 0x0800 : 0;
	e.crc = (uint32_t)crc32(0, data, (uInt)len);
	e.usize = (uint32_t)len;
	if (e.nlen > 0 && name[e.nlen - 1] == '/')
		e.extattr = 0x10;
	memset(&body, 0, sizeof(body));
	if (method == 8 && len > 0)
		deflate_raw(data, len, &body);
	else {
		method = 0;
		put(&body, data, len);
	}
	e.method = (uint16_t)method;
	if (pkpw != NULL) {
		e.flags |= 1;
		for (i = 0; i < 11; i++)
			h[i] = (unsigned char)rng();
		h[11] = (unsigned char)(e.crc >> 24);
		zc_init(&zc, pkpw);
		zc_encrypt(&zc, h, sizeof(h));
		zc_encrypt(&zc, body.p, body.len);
		if (hdr != NULL)
			memcpy(hdr, h, sizeof(h));
	}
	e.csize = (uint32_t)(body.len + (pkpw != NULL ? 12 : 0));
	zw_local(z, &e);
	if (pkpw != NULL)
		put(&z->out, h, sizeof(h));
	put(&z->out, body.p, body.len);
	zw_central(z, &e);
	free(body.p);
}

/* Write the writer's bytes to a file and free them. */
static int
save(const char *path, const void *p, size_t len)
{
	FILE	*f;
	int	 ok;

	if ((f = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "mkzip: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	ok = len == 0 || fwrite(p, 1, len, f) == len;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok)
		fprintf(stderr, "mkzip: %s: write error\n", path);
	return (ok ? 0 : -1);
}

/* An in-memory zip written by libzip. */
struct lz {
	zip_source_t	*src;
	zip_t		*za;
};

static void
lz_begin(struct lz *l)
{
	zip_error_t	err;

	zip_error_init(&err);
	l->src = xmem(zip_source_buffer_create(NULL, 0, 0, &err));
	zip_source_keep(l->src);
	l->za = xmem(zip_open_from_source(l->src, ZIP_TRUNCATE, &err));
	zip_error_fini(&err);
}

/* Add a file (AES-256 when pw is set; stored when store). */
static void
lz_add(struct lz *l, const char *name, const void *data, size_t len,
    const char *pw, int store)
{
	zip_source_t	*s;
	zip_int64_t	 i;
	void		*copy;

	copy = xmem(malloc(len > 0 ? len : 1));
	memcpy(copy, data, len);
	s = xmem(zip_source_buffer(l->za, copy, len, 1));
	if ((i = zip_file_add(l->za, name, s, ZIP_FL_ENC_GUESS)) < 0) {
		fprintf(stderr, "mkzip: %s\n", zip_strerror(l->za));
		exit(1);
	}
	if (pw != NULL &&
	    zip_file_set_encryption(l->za, (zip_uint64_t)i, ZIP_EM_AES_256,
	    pw) != 0) {
		fprintf(stderr, "mkzip: %s\n", zip_strerror(l->za));
		exit(1);
	}
	if (store)
		zip_set_file_compression(l->za, (zip_uint64_t)i, ZIP_CM_STORE,
		    0);
	zip_file_set_mtime(l->za, (zip_uint64_t)i, 1764331200, 0);
}

/* Close and collect the bytes. */
static void
lz_end(struct lz *l, struct buf *out)
{
	zip_stat_t	st;

	if (zip_close(l->za) != 0) {
		fprintf(stderr, "mkzip: %s\n", zip_strerror(l->za));
		exit(1);
	}
	memset(out, 0, sizeof(*out));
	if (zip_source_stat(l->src, &st) != 0 || zip_source_open(l->src) != 0)
		exit(1);
	out->p = xmem(malloc(st.size));
	out->cap = out->len = st.size;
	if (zip_source_read(l->src, out->p, st.size) != (zip_int64_t)st.size)
		exit(1);
	zip_source_close(l->src);
	zip_source_free(l->src);
}

/* Fictitious electors: cp1252, ';', CRLF, trailing ';'. */
static const char *const electors[] = {
	"B\xe9langer;Marie-\xc8ve;1961-03-14;F;123 rue Laurier;Qu\xe9" "bec;"
	    "G1R 2B5;12;",
	"Tremblay;Jean-Fran\xe7ois;1948-11-02;M;45 avenue des \xc9rables;"
	    "L\xe9vis;G6V 4Z2;101;",
	"C\xf4t\xe9;H\xe9l\xe8ne;1990-07-30;F;8 rue Saint-Jean;Qu\xe9" "bec;"
	    "G1R 1P8;12;",
	"Gagnon;Luc;1955-01-19;M;2200 boulevard Laurier;Qu\xe9" "bec;"
	    "G1V 2M2;2;",
	"Roy;Chlo\xe9;2001-05-05;F;77 rue des Pins;L\xe9vis;G6W 5M6;101;",
	"Bouchard;No\xebl;1939-12-25;M;5 chemin du Lac;Saint-\xc9tienne;"
	    "G0S 2L0;3;",
	"L\xe9vesque;Zo\xe9;1999-09-09;F;310 rue Laurier;Qu\xe9" "bec;"
	    "G1R 2B7;12;",
	"Gauthier;Beno\xeet;1972-04-18;M;14 rue Principale;Saint-\xc9tienne;"
	    "G0S 2L0;3;",
	"Ouellet;Ma\xeblle;1985-02-28;F;9 avenue Royale;L\xe9vis;G6V 1A1;"
	    "101;",
	"Pelletier;J\xe9r\xf4me;1950-08-08;M;1 place d'Youville;Qu\xe9" "bec;"
	    "G1R 3P4;2;",
	"Fortin;Ana\xefs;2004-10-10;F;66 rue Laurier;Qu\xe9" "bec;G1R 2B1;"
	    "12;",
	"Simard;Ga\xe9tan;1944-06-06;M;400 rue des \xc9rables;L\xe9vis;"
	    "G6V 4Z9;101;",
};
#define NELECTORS	(sizeof(electors) / sizeof(electors[0]))
#define CSV_HEADER	"Nom;Pr\xe9nom;Date de naissance;Sexe;Adresse;" \
			"Municipalit\xe9;Code postal;Section de vote;\r\n"
#define HQ_HEADER	"Nom;Pr\xe9nom;Adresse hors Qu\xe9" "bec;Pays;" \
			"Section de vote;\r\n"

/* CSV part k (0..2) of the list: the header and four electors. */
static void
csv_part(int k, struct buf *b)
{
	size_t	i;

	memset(b, 0, sizeof(*b));
	put(b, CSV_HEADER, strlen(CSV_HEADER));
	for (i = (size_t)k * 4; i < (size_t)k * 4 + 4 && i < NELECTORS; i++) {
		put(b, electors[i], strlen(electors[i]));
		put(b, "\r\n", 2);
	}
}

/* The list of electors outside Québec. */
static void
csv_hq(struct buf *b)
{
	static const char rows[] =
	    "Morin;Isabelle;12 Baker Street, Londres;Royaume-Uni;12;\r\n"
	    "Girard;\xc9tienne;3 rue de Rivoli, Paris;France;101;\r\n";

	memset(b, 0, sizeof(*b));
	put(b, HQ_HEADER, strlen(HQ_HEADER));
	put(b, rows, strlen(rows));
}

/* A fake PDF, mostly incompressible so its zip is the largest. */
static void
pdf_bytes(struct buf *b)
{
	static const char head[] = "%PDF-1.4\n% liste fictive\n";
	unsigned char	r[8];
	size_t		i;

	memset(b, 0, sizeof(*b));
	put(b, head, strlen(head));
	for (i = 0; i < 96 * 1024 / 8; i++) {
		uint64_t v = rng();

		memcpy(r, &v, 8);
		put(b, r, 8);
	}
	put(b, "\n%%EOF\n", 7);
}

static const char readme[] =
    "Instructions pour l'extraction des donn\xe9" "es de la liste "
    "\xe9lectorale (fictive)\r\n"
    "Les fichiers sont chiffr\xe9s; le mot de passe est remis par le "
    "directeur du scrutin.\r\n";

/* CP850 names of the delivery (no UTF-8 flag). */
#define DIR850		"Liste \x82lectorale/"
#define HQ850		"\x90lecteurs hors Qu\x82" "bec.zip"

/* The delivery with AES-256 (libzip). */
static void
delivery_aes(const char *pw, struct buf *out)
{
	struct lz	l;
	struct buf	pdf, part, pdfzip, csvzip, hqzip;
	char		name[64];
	zip_int64_t	i;
	int		k;

	rng_state = 0x1234567887654321ULL;
	pdf_bytes(&pdf);
	lz_begin(&l);
	lz_add(&l, "Liste \xc3\xa9lectorale.pdf", pdf.p, pdf.len, pw, 1);
	lz_end(&l, &pdfzip);
	free(pdf.p);

	lz_begin(&l);
	for (k = 0; k < 3; k++) {
		csv_part(k, &part);
		snprintf(name, sizeof(name), "liste_%03d.csv", k + 1);
		lz_add(&l, name, part.p, part.len, pw, 0);
		free(part.p);
	}
	lz_end(&l, &csvzip);

	lz_begin(&l);
	csv_hq(&part);
	lz_add(&l, "hors_quebec.csv", part.p, part.len, pw, 0);
	free(part.p);
	lz_end(&l, &hqzip);

	lz_begin(&l);
	if ((i = zip_dir_add(l.za, DIR850, ZIP_FL_ENC_GUESS)) < 0)
		exit(1);
	zip_file_set_mtime(l.za, (zip_uint64_t)i, 1764331200, 0);
	lz_add(&l, DIR850 "Lisez-moi.txt", readme, strlen(readme), NULL, 0);
	lz_add(&l, DIR850 "Liste_PDF.zip", pdfzip.p, pdfzip.len, NULL, 1);
	lz_add(&l, DIR850 "Liste_CSV.zip", csvzip.p, csvzip.len, NULL, 1);
	lz_add(&l, DIR850 HQ850, hqzip.p, hqzip.len, pw, 1);
	lz_end(&l, out);
	free(pdfzip.p);
	free(csvzip.p);
	free(hqzip.p);
}

/* The same tree with ZipCrypto (the hand-made writer). */
static void
delivery_zipcrypto(const char *pw, struct buf *out)
{
	struct zw	z;
	struct buf	pdf, part, pdfzip, csvzip, hqzip;
	char		name[64];
	int		k;

	rng_state = 0x1234567887654321ULL;
	pdf_bytes(&pdf);
	memset(&z, 0, sizeof(z));
	zw_add(&z, "Liste \xc3\xa9lectorale.pdf", pdf.p, pdf.len, 0, 1, pw,
	    NULL);
	zw_finish(&z);
	pdfzip = z.out;
	free(pdf.p);

	memset(&z, 0, sizeof(z));
	for (k = 0; k < 3; k++) {
		csv_part(k, &part);
		snprintf(name, sizeof(name), "liste_%03d.csv", k + 1);
		zw_add(&z, name, part.p, part.len, 8, 0, pw, NULL);
		free(part.p);
	}
	zw_finish(&z);
	csvzip = z.out;

	memset(&z, 0, sizeof(z));
	csv_hq(&part);
	zw_add(&z, "hors_quebec.csv", part.p, part.len, 8, 0, pw, NULL);
	free(part.p);
	zw_finish(&z);
	hqzip = z.out;

	memset(&z, 0, sizeof(z));
	zw_add(&z, DIR850, "", 0, 0, 0, NULL, NULL);
	zw_add(&z, DIR850 "Lisez-moi.txt", readme, strlen(readme), 8, 0, NULL,
	    NULL);
	zw_add(&z, DIR850 "Liste_PDF.zip", pdfzip.p, pdfzip.len, 0, 0, NULL,
	    NULL);
	zw_add(&z, DIR850 "Liste_CSV.zip", csvzip.p, csvzip.len, 0, 0, NULL,
	    NULL);
	zw_add(&z, DIR850 HQ850, hqzip.p, hqzip.len, 0, 0, pw, NULL);
	zw_finish(&z);
	*out = z.out;
	free(pdfzip.p);
	free(csvzip.p);
	free(hqzip.p);
}

/* A plain zip: one list and a readme. */
static void
plain(struct buf *out)
{
	struct zw	z;
	struct buf	part;

	memset(&z, 0, sizeof(z));
	csv_part(0, &part);
	zw_add(&z, "liste.csv", part.p, part.len, 8, 0, NULL, NULL);
	free(part.p);
	zw_add(&z, "readme.txt", readme, strlen(readme), 8, 0, NULL, NULL);
	zw_finish(&z);
	*out = z.out;
}

/*
 * 2 GiB of zeros deflated (about 2 MB): one full-flush block repeated.
 * With liar, the headers claim 1 MiB.
 */
static void
bomb(int liar, struct buf *out)
{
	static unsigned char	zeros[1 << 20];
	static const unsigned char fin[] = { 0x03, 0x00 };
	struct zw	z;
	struct zent	e;
	struct buf	blk;
	z_stream	zs;
	uLong		crc1, crc;
	int		k, reps = 2048;

	memset(&zs, 0, sizeof(zs));
	memset(&blk, 0, sizeof(blk));
	blk.cap = 64 * 1024;
	blk.p = xmem(malloc(blk.cap));
	if (deflateInit2(&zs, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		exit(1);
	zs.next_in = zeros;
	zs.avail_in = sizeof(zeros);
	zs.next_out = blk.p;
	zs.avail_out = (uInt)blk.cap;
	if (deflate(&zs, Z_FULL_FLUSH) != Z_OK || zs.avail_in != 0)
		exit(1);
	blk.len = zs.total_out;
	deflateEnd(&zs);
	crc1 = crc32(0, zeros, sizeof(zeros));
	for (crc = crc1, k = 1; k < reps; k++)
		crc = crc32_combine(crc, crc1, sizeof(zeros));

	memset(&z, 0, sizeof(z));
	memset(&e, 0, sizeof(e));
	e.name = (unsigned char *)"bomb.csv";
	e.nlen = 8;
	e.method = 8;
	e.crc = (uint32_t)crc;
	e.csize = (uint32_t)(blk.len * (size_t)reps + sizeof(fin));
	e.usize = liar ? sizeof(zeros) : (uint32_t)((uint64_t)reps *
	    sizeof(zeros));
	zw_local(&z, &e);
	for (k = 0; k < reps; k++)
		put(&z.out, blk.p, blk.len);
	put(&z.out, fin, sizeof(fin));
	zw_central(&z, &e);
	zw_finish(&z);
	free(blk.p);
	*out = z.out;
}

/*
 * Fifield's overlapping-entries bomb, quoted-overlap form: every entry's
 * deflate stream runs to the end of one kernel; the local headers between
 * are quoted as stored blocks, so local and central headers agree.
 */
static void
overlap(struct buf *out)
{
	enum { N = 250 };
	static unsigned char	zeros[1 << 20];
	struct zw	z;
	struct zent	e[N];
	struct buf	kern, lh;
	char		names[N][16];
	size_t		L, i;
	uint32_t	crclh;

	deflate_raw(zeros, sizeof(zeros), &kern);
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "%04zu.csv", i);
		memset(&e[i], 0, sizeof(e[i]));
		e[i].name = (unsigned char *)names[i];
		e[i].nlen = strlen(names[i]);
		e[i].method = 8;
	}
	L = 30 + 8;
	/* Sizes and CRCs from the last entry back. */
	e[N - 1].csize = (uint32_t)kern.len;
	e[N - 1].usize = sizeof(zeros);
	e[N - 1].crc = (uint32_t)crc32(0, zeros, sizeof(zeros));
	for (i = N - 1; i-- > 0;) {
		struct zw	tmp;

		memset(&tmp, 0, sizeof(tmp));
		zw_local(&tmp, &e[i + 1]);
		lh = tmp.out;
		crclh = (uint32_t)crc32(0, lh.p, (uInt)lh.len);
		free(lh.p);
		e[i].csize = (uint32_t)(5 + L + e[i + 1].csize);
		e[i].usize = (uint32_t)(L + e[i + 1].usize);
		e[i].crc = (uint32_t)crc32_combine(crclh, e[i + 1].crc,
		    e[i + 1].usize);
	}
	memset(&z, 0, sizeof(z));
	for (i = 0; i < N; i++) {
		zw_local(&z, &e[i]);
		if (i + 1 < N) {
			unsigned char q[5] = { 0x00, L & 0xff, L >> 8,
			    (~L) & 0xff, ((~L) >> 8) & 0xff };

			put(&z.out, q, sizeof(q));
		}
	}
	put(&z.out, kern.p, kern.len);
	for (i = 0; i < N; i++)
		zw_central(&z, &e[i]);
	zw_finish(&z);
	free(kern.p);
	*out = z.out;
}

/* Zips nested depth deep around deep.csv (level1.zip deflated). */
static void
nest(int depth, struct buf *out)
{
	struct zw	z;
	struct buf	cur, part;
	char		name[32];
	int		k;

	memset(&z, 0, sizeof(z));
	csv_part(0, &part);
	zw_add(&z, "deep.csv", part.p, part.len, 8, 0, NULL, NULL);
	free(part.p);
	zw_finish(&z);
	cur = z.out;
	for (k = depth; k >= 1; k--) {
		memset(&z, 0, sizeof(z));
		snprintf(name, sizeof(name), "level%d.zip", k);
		/* The outermost deflated, the others stored. */
		zw_add(&z, name, cur.p, cur.len, k == 1 ? 8 : 0, 0, NULL,
		    NULL);
		zw_finish(&z);
		free(cur.p);
		cur = z.out;
	}
	*out = cur;
}

/* 200,000 empty entries. */
static void
many(struct buf *out)
{
	struct zw	z;
	char		name[32];
	int		i;

	memset(&z, 0, sizeof(z));
	for (i = 0; i < 200000; i++) {
		snprintf(name, sizeof(name), "e/%06d", i);
		zw_add(&z, name, "", 0, 0, 0, NULL, NULL);
	}
	zw_finish(&z);
	*out = z.out;
}

/* A stored entry whose sizes say sz (the data is 10 bytes). */
static void
lying(uint32_t usize, uint32_t csize, struct buf *out)
{
	struct zw	z;
	struct zent	e;

	memset(&z, 0, sizeof(z));
	memset(&e, 0, sizeof(e));
	e.name = (unsigned char *)"liste.csv";
	e.nlen = 9;
	e.crc = (uint32_t)crc32(0, (const Bytef *)"Nom;Roy;\r\n", 10);
	e.usize = usize;
	e.csize = csize;
	zw_local(&z, &e);
	put(&z.out, "Nom;Roy;\r\n", 10);
	zw_central(&z, &e);
	zw_finish(&z);
	*out = z.out;
}

/* Two entries named liste.csv; the second is a decoy. */
static void
dup_names(struct buf *out)
{
	static const char decoy[] = "Nom;Pr\xe9nom;\r\nDecoy;Leurre;\r\n";
	struct zw	z;
	struct buf	part;

	memset(&z, 0, sizeof(z));
	csv_part(0, &part);
	zw_add(&z, "liste.csv", part.p, part.len, 8, 0, NULL, NULL);
	free(part.p);
	zw_add(&z, "liste.csv", decoy, strlen(decoy), 8, 0, NULL, NULL);
	zw_finish(&z);
	*out = z.out;
}

/* Hostile names: an OSC 52 escape, path traversal, absolute, backslash. */
static void
escname(struct buf *out)
{
	struct zw	z;

	memset(&z, 0, sizeof(z));
	zw_add(&z, "liste\x1b]52;c;cm0gLXJmIH4=\x07.csv", "Nom;\r\nRoy;\r\n",
	    12, 0, 0, NULL, NULL);
	zw_add(&z, "../../.bashrc", "echo\n", 5, 0, 0, NULL, NULL);
	zw_add(&z, "/etc/passwd", "root\n", 5, 0, 0, NULL, NULL);
	zw_add(&z, "a\\..\\b", "b\n", 2, 0, 0, NULL, NULL);
	zw_finish(&z);
	*out = z.out;
}

/*
 * Name encodings: UTF-8 without the flag, CP850 without it (with letters
 * where CP850 and CP437 differ, such as 0xB7 "À"), UTF-8 with the flag.
 */
static void
names(struct buf *out)
{
	struct zw	z;

	memset(&z, 0, sizeof(z));
	zw_add(&z, "caf\xc3\xa9-utf8.txt", "x", 1, 0, 0, NULL, NULL);
	zw_add(&z, "caf\x82-cp850.txt", "x", 1, 0, 0, NULL, NULL);
	zw_add(&z, "caf\xc3\xa9-flag.txt", "x", 1, 0, 1, NULL, NULL);
	zw_add(&z, "Qu\x82" "bec/\xb7 l'\x90t\x82.csv", "x", 1, 0, 0, NULL,
	    NULL);
	zw_finish(&z);
	*out = z.out;
}

/*
 * ZipCrypto entries (deflated and stored) and a wrong password that passes
 * both check bytes, written to info.
 */
static void
pkware_checkbyte(const char *pw, struct buf *out, char *info, size_t infosz)
{
	struct zw	z;
	struct buf	part;
	unsigned char	h1[12], h2[12], c1, c2;
	char		cand[64];
	unsigned	i;

	rng_state = 0xfeedfacecafebeefULL;
	memset(&z, 0, sizeof(z));
	csv_part(0, &part);
	c1 = (unsigned char)(crc32(0, part.p, (uInt)part.len) >> 24);
	zw_add(&z, "liste.csv", part.p, part.len, 8, 0, pw, h1);
	free(part.p);
	csv_part(1, &part);
	c2 = (unsigned char)(crc32(0, part.p, (uInt)part.len) >> 24);
	zw_add(&z, "stored.csv", part.p, part.len, 0, 0, pw, h2);
	free(part.p);
	zw_finish(&z);
	*out = z.out;
	for (i = 0;; i++) {
		snprintf(cand, sizeof(cand), "faux-%u", i);
		if (strcmp(cand, pw) != 0 && zc_check(cand, h1, c1) &&
		    zc_check(cand, h2, c2))
			break;
	}
	snprintf(info, infosz, "%s", cand);
}

/* Offset of entry k's data in a zip made here (no data descriptors). */
static size_t
data_offset(const struct buf *b, int k, size_t *clen)
{
	size_t	p = 0;
	int	i;

	for (i = 0;; i++) {
		unsigned nlen = b->p[p + 26] | b->p[p + 27] << 8;
		unsigned xlen = b->p[p + 28] | b->p[p + 29] << 8;
		size_t csize = (size_t)b->p[p + 18] |
		    (size_t)b->p[p + 19] << 8 | (size_t)b->p[p + 20] << 16 |
		    (size_t)b->p[p + 21] << 24;

		if (i == k) {
			*clen = csize;
			return (p + 30 + nlen + xlen);
		}
		p += 30 + nlen + xlen + csize;
	}
}

/* Zero the CRC of every entry (local and central): 7-Zip's AE-2 form. */
static void
zero_crcs(struct buf *b)
{
	size_t	p;

	for (p = 0; p + 46 <= b->len; p++) {
		if (memcmp(b->p + p, "PK\3\4", 4) == 0)
			memset(b->p + p + 14, 0, 4);
		else if (memcmp(b->p + p, "PK\1\2", 4) == 0)
			memset(b->p + p + 16, 0, 4);
	}
}

/* AES-256 entries by libzip: deflated liste.csv, stored petit.csv. */
static void
aes_pair(const char *pw, struct buf *out)
{
	struct lz	l;
	struct buf	a, b;
	int		k;

	memset(&a, 0, sizeof(a));
	for (k = 0; k < 40; k++) {
		csv_part(k % 3, &b);
		put(&a, b.p, b.len);
		free(b.p);
	}
	csv_part(2, &b);
	lz_begin(&l);
	lz_add(&l, "liste.csv", a.p, a.len, pw, 0);
	lz_add(&l, "petit.csv", b.p, b.len, pw, 1);
	lz_end(&l, out);
	free(a.p);
	free(b.p);
}

/* Build one fixture; 0 or -1. */
int
mkzip_build(const char *kind, const char *path, const char *password,
    char *info, size_t infosz)
{
	struct buf	b;
	size_t		off, clen;
	int		rc, needpw;

	memset(&b, 0, sizeof(b));
	if (info != NULL && infosz > 0)
		info[0] = '\0';
	needpw = strncmp(kind, "delivery", 8) == 0 ||
	    strcmp(kind, "pkware-checkbyte") == 0 ||
	    strncmp(kind, "aes", 3) == 0 || strncmp(kind, "ae2", 3) == 0;
	if (needpw && (password == NULL || *password == '\0')) {
		fprintf(stderr, "mkzip: %s needs a password\n", kind);
		return (-1);
	}
	if (strcmp(kind, "delivery") == 0)
		delivery_aes(password, &b);
	else if (strcmp(kind, "delivery-zipcrypto") == 0)
		delivery_zipcrypto(password, &b);
	else if (strcmp(kind, "plain") == 0)
		plain(&b);
	else if (strcmp(kind, "bomb") == 0)
		bomb(0, &b);
	else if (strcmp(kind, "bomb-liar") == 0)
		bomb(1, &b);
	else if (strcmp(kind, "overlap") == 0)
		overlap(&b);
	else if (strcmp(kind, "nest4") == 0)
		nest(4, &b);
	else if (strcmp(kind, "nest5") == 0)
		nest(5, &b);
	else if (strcmp(kind, "many") == 0)
		many(&b);
	else if (strcmp(kind, "lying-size") == 0)
		lying(0xffffffff, 10, &b);
	else if (strcmp(kind, "lying-size2") == 0)
		lying(0xfffffffe, 10, &b);
	else if (strcmp(kind, "past-eof") == 0)
		lying(10, 10 + (1 << 20), &b);
	else if (strcmp(kind, "truncated") == 0) {
		plain(&b);
		b.len /= 2;
	} else if (strcmp(kind, "html") == 0) {
		static const char page[] = "\n  <!DOCTYPE html>\n"
		    "<html lang=\"fr\"><head><title>Erreur</title></head>"
		    "<body><p>Votre session a expir\xc3\xa9.</p></body>"
		    "</html>\n";

		put(&b, page, strlen(page));
	} else if (strcmp(kind, "empty") == 0)
		put(&b, "", 0);
	else if (strcmp(kind, "garbage") == 0) {
		rng_state = 42;
		for (off = 0; off < 4096; off++) {
			unsigned char c = (unsigned char)rng();

			put(&b, &c, 1);
		}
		b.p[0] = 'G';
	} else if (strcmp(kind, "dup") == 0)
		dup_names(&b);
	else if (strcmp(kind, "escname") == 0)
		escname(&b);
	else if (strcmp(kind, "names") == 0)
		names(&b);
	else if (strcmp(kind, "pkware-checkbyte") == 0)
		pkware_checkbyte(password, &b, info, infosz);
	else if (strcmp(kind, "aes") == 0)
		aes_pair(password, &b);
	else if (strcmp(kind, "aes-flip") == 0) {
		aes_pair(password, &b);
		off = data_offset(&b, 0, &clen);
		b.p[off + clen / 2] ^= 0x01;
	} else if (strcmp(kind, "ae2") == 0) {
		aes_pair(password, &b);
		zero_crcs(&b);
	} else if (strcmp(kind, "ae2-flip") == 0) {
		aes_pair(password, &b);
		zero_crcs(&b);
		off = data_offset(&b, 1, &clen);
		b.p[off + clen / 2] ^= 0x01;
	} else {
		fprintf(stderr, "mkzip: unknown kind %s\n", kind);
		return (-1);
	}
	rc = save(path, b.p, b.len);
	free(b.p);
	return (rc);
}

#ifndef MKZIP_LIBRARY
static const char *const kinds[] = {
	"delivery", "delivery-zipcrypto", "plain", "bomb", "bomb-liar",
	"overlap", "nest4",
	"nest5", "many", "lying-size", "lying-size2", "past-eof", "truncated",
	"html", "empty", "garbage", "dup", "escname", "names",
	"pkware-checkbyte",
	"aes", "aes-flip", "ae2", "ae2-flip", NULL
};

/* Read the first line of fd into pw (at most size - 1 bytes). */
static int
read_line(int fd, char *pw, size_t size)
{
	size_t	n = 0;
	ssize_t	r;
	char	c;

	while (n + 1 < size) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		pw[n++] = c;
	}
	if (n > 0 && pw[n - 1] == '\r')
		n--;
	pw[n] = '\0';
	return (0);
}

int
main(int argc, char **argv)
{
	char		 pw[1024], info[256];
	const char	*kind, *out;
	int		 fd = 0, i, needpw;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (i = 0; kinds[i] != NULL; i++)
			puts(kinds[i]);
		return (0);
	}
	if (argc == 5 && strcmp(argv[1], "--password-fd") == 0) {
		char	*end;
		long	 l;

		errno = 0;
		l = strtol(argv[2], &end, 10);
		if (errno != 0 || *end != '\0' || end == argv[2] || l < 0 ||
		    l > 1024) {
			fprintf(stderr, "mkzip: bad fd %s\n", argv[2]);
			return (2);
		}
		fd = (int)l;
		argv += 2;
		argc -= 2;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: mkzip [--password-fd N] KIND OUT.zip\n"
		    "       mkzip --list\n");
		return (2);
	}
	kind = argv[1];
	out = argv[2];
	pw[0] = '\0';
	needpw = strncmp(kind, "delivery", 8) == 0 ||
	    strcmp(kind, "pkware-checkbyte") == 0 ||
	    strncmp(kind, "aes", 3) == 0 || strncmp(kind, "ae2", 3) == 0;
	if (needpw)
		read_line(fd, pw, sizeof(pw));
	if (mkzip_build(kind, out, pw, info, sizeof(info)) != 0)
		return (1);
	if (info[0] != '\0')
		puts(info);
	return (0);
}
#endif
