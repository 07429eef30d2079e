/*
 * zipw — the simulator's streaming zip writer (see zipw.h).  Local headers
 * are written first with zero sizes and patched when the entry ends; the
 * data goes through zlib's raw deflate into a buffer flushed with pwrite.
 * Encryption happens afterwards, in place: for ZipCrypto the 12-byte
 * header needs the CRC, known only once all data is seen; for WinZip AES
 * the data is run through AES-256 in CTR mode (little-endian counter from
 * 1) and the HMAC-SHA1 of the ciphertext is appended.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/aes.h>
#include <nettle/hmac.h>
#include <nettle/pbkdf2.h>
#include <zlib.h>

#include "listelec/xmalloc.h"
#include "zipw.h"

static void	zc_init(void);

#define OUTBUF		(1 << 20)
#define DOS_TIME	((10 << 11) | (23 << 5) | (14 / 2))
#define DOS_DATE	(((2026 - 1980) << 9) | (9 << 5) | 1)

struct zentry {
	char		*name;
	uint16_t	 flags;
	uint16_t	 method;	/* as written: 0, 8 or 99 */
	uint16_t	 real_method;
	uint32_t	 crc;
	uint32_t	 csize, usize;
	uint32_t	 lho;		/* relative to the zip's base */
	int		 dir;
	int		 aes;
};

struct zipw {
	int		 fd;
	off_t		 base;
	off_t		 pos;		/* absolute end of what is written */
	uint64_t	 rng;
	int		 err;

	struct zentry	*entries;
	size_t		 n, cap;

	/* The open entry. */
	struct zentry	*cur;
	enum zipw_enc	 enc;
	int		 deflate;
	z_stream	 z;
	off_t		 data_pos;
	uint32_t	 crc;
	uint64_t	 usize;
	char		*password;
	uint8_t		 salt[16];
	uint8_t		 keys[66];

	unsigned char	*out;
	size_t		 outlen;
};

/* The next 64 random bits (splitmix64). */
static uint64_t
zrnd(struct zipw *zw)
{
	uint64_t z = (zw->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* Write len bytes at absolute offset off. */
static int
put_at(struct zipw *zw, off_t off, const void *buf, size_t len)
{
	const unsigned char	*p = buf;
	ssize_t			 r;

	while (len > 0) {
		r = pwrite(zw->fd, p, len, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			zw->err = r < 0 ? errno : EIO;
			return (-1);
		}
		p += r;
		off += r;
		len -= (size_t)r;
	}
	return (0);
}

/* Read len bytes at absolute offset off. */
static int
get_at(struct zipw *zw, off_t off, void *buf, size_t len)
{
	unsigned char	*p = buf;
	ssize_t		 r;

	while (len > 0) {
		r = pread(zw->fd, p, len, off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			zw->err = r < 0 ? errno : EIO;
			return (-1);
		}
		p += r;
		off += r;
		len -= (size_t)r;
	}
	return (0);
}

/* Flush the output buffer at the end. */
static int
flush(struct zipw *zw)
{
	if (zw->outlen == 0)
		return (0);
	if (put_at(zw, zw->pos, zw->out, zw->outlen) != 0)
		return (-1);
	zw->pos += (off_t)zw->outlen;
	zw->outlen = 0;
	return (0);
}

/* Append bytes through the buffer. */
static int
emit(struct zipw *zw, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t	 n;

	while (len > 0) {
		if (zw->outlen == OUTBUF && flush(zw) != 0)
			return (-1);
		n = OUTBUF - zw->outlen;
		if (n > len)
			n = len;
		memcpy(zw->out + zw->outlen, p, n);
		zw->outlen += n;
		p += n;
		len -= n;
	}
	return (0);
}

/* Little-endian stores. */
static unsigned char *
le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	return (p + 2);
}

static unsigned char *
le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
	return (p + 4);
}

/* The AES extra field (0x9901, AE-1, AES-256). */
static unsigned char *
aes_extra(unsigned char *p, unsigned method)
{
	p = le16(p, 0x9901);
	p = le16(p, 7);
	p = le16(p, 1);
	*p++ = 'A';
	*p++ = 'E';
	*p++ = 3;
	return (le16(p, method));
}

/* Build the local header of e into buf; returns its length. */
static size_t
local_header(const struct zentry *e, unsigned char *buf)
{
	unsigned char	*p = buf;
	size_t		 nl = strlen(e->name);

	p = le32(p, 0x04034b50);
	p = le16(p, e->aes ? 51 : 20);
	p = le16(p, e->flags);
	p = le16(p, e->method);
	p = le16(p, DOS_TIME);
	p = le16(p, DOS_DATE);
	p = le32(p, e->crc);
	p = le32(p, e->csize);
	p = le32(p, e->usize);
	p = le16(p, (unsigned)nl);
	p = le16(p, e->aes ? 11 : 0);
	memcpy(p, e->name, nl);
	p += nl;
	if (e->aes)
		p = aes_extra(p, e->real_method);
	return ((size_t)(p - buf));
}

/* A new writer. */
struct zipw *
zipw_new(int fd, off_t base, uint64_t seed)
{
	struct zipw *zw = xcalloc(1, sizeof *zw);

	zc_init();
	zw->fd = fd;
	zw->base = zw->pos = base;
	zw->rng = seed ^ 0x7a69707721ULL;
	zw->out = xmalloc(OUTBUF);
	return (zw);
}

/* Add an entry record; sets cur. */
static struct zentry *
add_entry(struct zipw *zw, const char *name)
{
	struct zentry *e;

	if (zw->n == zw->cap) {
		zw->cap = zw->cap == 0 ? 16 : zw->cap * 2;
		zw->entries = xreallocarray(zw->entries, zw->cap,
		    sizeof *zw->entries);
	}
	e = &zw->entries[zw->n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->lho = (uint32_t)(zw->pos + (off_t)zw->outlen - zw->base);
	return (e);
}

/* A folder. */
int
zipw_dir(struct zipw *zw, const char *name)
{
	struct zentry	*e = add_entry(zw, name);
	unsigned char	 buf[64 + 1024];

	if (strlen(name) > 1024)
		return (-1);
	e->dir = 1;
	return (emit(zw, buf, local_header(e, buf)));
}

/* Start an entry. */
int
zipw_begin(struct zipw *zw, const char *name, int deflate,
    enum zipw_enc enc, const char *password)
{
	struct zentry	*e;
	unsigned char	 buf[64 + 1024];
	uint64_t	 r;
	int		 i;

	if (strlen(name) > 1024 || zw->cur != NULL)
		return (-1);
	e = add_entry(zw, name);
	zw->cur = e;
	zw->enc = enc;
	zw->deflate = deflate;
	e->real_method = deflate ? 8 : 0;
	e->method = e->real_method;
	if (enc != ZIPW_PLAIN)
		e->flags |= 1;
	if (enc == ZIPW_AES256) {
		e->aes = 1;
		e->method = 99;
	}
	if (emit(zw, buf, local_header(e, buf)) != 0)
		return (-1);
	zw->crc = crc32(0L, Z_NULL, 0);
	zw->usize = 0;
	free(zw->password);
	zw->password = xstrdup(password != NULL ? password : "");
	if (enc == ZIPW_ZIPCRYPTO) {
		memset(buf, 0, 12);
		if (emit(zw, buf, 12) != 0)	/* the header, later */
			return (-1);
	} else if (enc == ZIPW_AES256) {
		for (i = 0; i < 16; i += 8) {
			r = zrnd(zw);
			memcpy(zw->salt + i, &r, 8);
		}
		pbkdf2_hmac_sha1(strlen(zw->password),
		    (const uint8_t *)zw->password, 1000, 16, zw->salt,
		    sizeof zw->keys, zw->keys);
		if (emit(zw, zw->salt, 16) != 0 ||
		    emit(zw, zw->keys + 64, 2) != 0)
			return (-1);
	}
	zw->data_pos = zw->pos + (off_t)zw->outlen;
	if (deflate) {
		memset(&zw->z, 0, sizeof zw->z);
		if (deflateInit2(&zw->z, Z_BEST_SPEED, Z_DEFLATED, -15, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			return (-1);
	}
	return (0);
}

/* Run deflate with flush mode until it has nothing more to give. */
static int
run_deflate(struct zipw *zw, int mode)
{
	int	 r;

	for (;;) {
		if (zw->outlen == OUTBUF && flush(zw) != 0)
			return (-1);
		zw->z.next_out = zw->out + zw->outlen;
		zw->z.avail_out = (uInt)(OUTBUF - zw->outlen);
		r = deflate(&zw->z, mode);
		zw->outlen = OUTBUF - zw->z.avail_out;
		if (r == Z_STREAM_END)
			return (0);
		if (r != Z_OK && r != Z_BUF_ERROR)
			return (-1);
		if (zw->z.avail_out != 0 && (mode == Z_NO_FLUSH ||
		    zw->z.avail_in == 0) && mode != Z_FINISH)
			return (0);
	}
}

/* Entry data. */
int
zipw_write(struct zipw *zw, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t	 n;

	if (zw->cur == NULL)
		return (-1);
	while (len > 0) {
		n = len > (1U << 30) ? (1U << 30) : len;
		zw->crc = (uint32_t)crc32(zw->crc, p, (uInt)n);
		zw->usize += n;
		if (zw->deflate) {
			zw->z.next_in = (unsigned char *)(uintptr_t)p;
			zw->z.avail_in = (uInt)n;
			if (run_deflate(zw, Z_NO_FLUSH) != 0)
				return (-1);
		} else if (emit(zw, p, n) != 0)
			return (-1);
		p += n;
		len -= n;
	}
	return (0);
}

/* ZipCrypto: the CRC-32 table of the key schedule. */
static uint32_t	 zc_table[256];

/* Fill zc_table (idempotent; done before any thread starts writing). */
static void
zc_init(void)
{
	uint32_t v;
	int	 i, j;

	if (zc_table[1] != 0)
		return;
	for (i = 0; i < 256; i++) {
		v = (uint32_t)i;
		for (j = 0; j < 8; j++)
			v = (v & 1) ? 0xedb88320U ^ (v >> 1) : v >> 1;
		zc_table[i] = v;
	}
}

/* The CRC-32 step. */
static inline uint32_t
zc_crc(uint32_t k, unsigned char c)
{
	return (zc_table[(k ^ c) & 0xff] ^ (k >> 8));
}

struct zckeys {
	uint32_t k0, k1, k2;
};

/* Update the keys with a plaintext byte. */
static inline void
zc_update(struct zckeys *k, unsigned char c)
{
	k->k0 = zc_crc(k->k0, c);
	k->k1 = (k->k1 + (k->k0 & 0xff)) * 134775813U + 1;
	k->k2 = zc_crc(k->k2, (unsigned char)(k->k1 >> 24));
}

/* Encrypt len bytes in place. */
static void
zc_encrypt(struct zckeys *k, unsigned char *p, size_t len)
{
	unsigned	 t;
	unsigned char	 c;
	size_t		 i;

	for (i = 0; i < len; i++) {
		t = (k->k2 | 2) & 0xffff;
		c = p[i];
		p[i] = (unsigned char)(c ^ (((t * (t ^ 1)) >> 8) & 0xff));
		zc_update(k, c);
	}
}

/* Encrypt [off, off + len) of the file in place with ZipCrypto. */
static int
zc_region(struct zipw *zw, struct zckeys *k, off_t off, off_t len)
{
	size_t	 n;

	while (len > 0) {
		n = len > OUTBUF ? OUTBUF : (size_t)len;
		if (get_at(zw, off, zw->out, n) != 0)
			return (-1);
		zc_encrypt(k, zw->out, n);
		if (put_at(zw, off, zw->out, n) != 0)
			return (-1);
		off += (off_t)n;
		len -= (off_t)n;
	}
	return (0);
}

/* Encrypt [off, off + len) in place with WinZip AES-256 CTR; the HMAC of
   the ciphertext goes to mac. */
static int
aes_region(struct zipw *zw, off_t off, off_t len, uint8_t mac[10])
{
	struct aes256_ctx	 aes;
	struct hmac_sha1_ctx	 hm;
	uint8_t			 ctr[16 * 256], ks[16 * 256];
	uint8_t			 digest[SHA1_DIGEST_SIZE];
	uint64_t		 counter = 1;
	size_t			 n, i, blocks, b;

	aes256_set_encrypt_key(&aes, zw->keys);
	hmac_sha1_set_key(&hm, 32, zw->keys + 32);
	memset(ctr, 0, sizeof ctr);
	while (len > 0) {
		n = len > OUTBUF ? OUTBUF : (size_t)len;
		if (get_at(zw, off, zw->out, n) != 0)
			return (-1);
		for (i = 0; i < n; i += sizeof ks) {
			blocks = (n - i + 15) / 16;
			if (blocks > 256)
				blocks = 256;
			for (b = 0; b < blocks; b++, counter++) {
				le32(ctr + b * 16, (uint32_t)counter);
				le32(ctr + b * 16 + 4,
				    (uint32_t)(counter >> 32));
			}
			aes256_encrypt(&aes, blocks * 16, ks, ctr);
			for (b = 0; b < blocks * 16 && i + b < n; b++)
				zw->out[i + b] ^= ks[b];
		}
		hmac_sha1_update(&hm, n, zw->out);
		if (put_at(zw, off, zw->out, n) != 0)
			return (-1);
		off += (off_t)n;
		len -= (off_t)n;
	}
	hmac_sha1_digest(&hm, sizeof digest, digest);
	memcpy(mac, digest, 10);
	memset(&aes, 0, sizeof aes);
	return (0);
}

/* Finish the open entry: sizes, encryption, patched local header. */
static int
finish(struct zipw *zw, off_t datalen)
{
	struct zentry	*e = zw->cur;
	unsigned char	 buf[64 + 1024], hdr[12];
	struct zckeys	 k = { 305419896U, 591751049U, 878082192U };
	uint8_t		 mac[10];
	size_t		 i;
	uint64_t	 r;
	off_t		 csize;

	e->crc = zw->crc;
	e->usize = (uint32_t)zw->usize;
	csize = datalen;
	if (zw->enc == ZIPW_ZIPCRYPTO) {
		for (i = 0; zw->password[i] != '\0'; i++)
			zc_update(&k, (unsigned char)zw->password[i]);
		r = zrnd(zw);
		memcpy(hdr, &r, 8);
		r = zrnd(zw);
		memcpy(hdr + 8, &r, 3);
		hdr[11] = (unsigned char)(e->crc >> 24);
		zc_encrypt(&k, hdr, 12);
		if (put_at(zw, zw->data_pos - 12, hdr, 12) != 0 ||
		    zc_region(zw, &k, zw->data_pos, datalen) != 0)
			return (-1);
		csize += 12;
	} else if (zw->enc == ZIPW_AES256) {
		if (aes_region(zw, zw->data_pos, datalen, mac) != 0 ||
		    put_at(zw, zw->pos, mac, 10) != 0)
			return (-1);
		zw->pos += 10;
		csize += 18 + 10;
	}
	if (zw->usize > UINT32_MAX || csize > (off_t)UINT32_MAX ||
	    zw->pos - zw->base > (off_t)UINT32_MAX) {
		zw->err = EFBIG;
		return (-1);
	}
	e->csize = (uint32_t)csize;
	if (put_at(zw, zw->base + e->lho, buf, local_header(e, buf)) != 0)
		return (-1);
	zw->cur = NULL;
	return (0);
}

/* End the open entry. */
int
zipw_end(struct zipw *zw)
{
	int	 r = 0;

	if (zw->cur == NULL)
		return (-1);
	if (zw->deflate) {
		zw->z.next_in = NULL;
		zw->z.avail_in = 0;
		r = run_deflate(zw, Z_FINISH);
		deflateEnd(&zw->z);
		if (r != 0)
			return (-1);
	}
	if (flush(zw) != 0)
		return (-1);
	return (finish(zw, zw->pos - zw->data_pos));
}

/* Where a stored entry's data starts. */
off_t
zipw_data_offset(const struct zipw *zw)
{
	return (zw->pos + (off_t)zw->outlen);
}

/* End a stored plain entry whose len bytes another writer put there. */
int
zipw_end_external(struct zipw *zw, off_t len)
{
	off_t	 off, left = len;
	size_t	 n;

	if (zw->cur == NULL || zw->deflate || zw->enc != ZIPW_PLAIN)
		return (-1);
	if (flush(zw) != 0)
		return (-1);
	off = zw->pos;
	while (left > 0) {
		n = left > OUTBUF ? OUTBUF : (size_t)left;
		if (get_at(zw, off, zw->out, n) != 0)
			return (-1);
		zw->crc = (uint32_t)crc32(zw->crc, zw->out, (uInt)n);
		off += (off_t)n;
		left -= (off_t)n;
	}
	zw->usize = (uint64_t)len;
	zw->pos += len;
	return (finish(zw, len));
}

/* The central directory. */
int
zipw_close(struct zipw *zw, off_t *end)
{
	unsigned char	 buf[64 + 1024], *p;
	off_t		 cd;
	size_t		 i, nl;
	struct zentry	*e;
	int		 r = -1;

	if (zw->cur != NULL || flush(zw) != 0)
		goto out;
	cd = zw->pos;
	for (i = 0; i < zw->n; i++) {
		e = &zw->entries[i];
		nl = strlen(e->name);
		p = buf;
		p = le32(p, 0x02014b50);
		p = le16(p, 20);		/* made by MS-DOS, 2.0 */
		p = le16(p, e->aes ? 51 : 20);
		p = le16(p, e->flags);
		p = le16(p, e->method);
		p = le16(p, DOS_TIME);
		p = le16(p, DOS_DATE);
		p = le32(p, e->crc);
		p = le32(p, e->csize);
		p = le32(p, e->usize);
		p = le16(p, (unsigned)nl);
		p = le16(p, e->aes ? 11 : 0);
		p = le16(p, 0);
		p = le16(p, 0);
		p = le16(p, 0);
		p = le32(p, e->dir ? 0x10 : 0x20);
		p = le32(p, e->lho);
		memcpy(p, e->name, nl);
		p += nl;
		if (e->aes)
			p = aes_extra(p, e->real_method);
		if (emit(zw, buf, (size_t)(p - buf)) != 0)
			goto out;
	}
	if (flush(zw) != 0)
		goto out;
	p = buf;
	p = le32(p, 0x06054b50);
	p = le16(p, 0);
	p = le16(p, 0);
	p = le16(p, (unsigned)zw->n);
	p = le16(p, (unsigned)zw->n);
	p = le32(p, (uint32_t)(zw->pos - cd));
	p = le32(p, (uint32_t)(cd - zw->base));
	p = le16(p, 0);
	if (zw->n > 0xffff) {
		zw->err = EFBIG;
		goto out;
	}
	if (emit(zw, buf, (size_t)(p - buf)) != 0 || flush(zw) != 0)
		goto out;
	*end = zw->pos;
	r = 0;
out:
	return (r);
}

/* Free (wipes the derived keys). */
void
zipw_free(struct zipw *zw)
{
	size_t	 i;

	if (zw == NULL)
		return;
	if (zw->cur != NULL && zw->deflate)
		deflateEnd(&zw->z);
	for (i = 0; i < zw->n; i++)
		free(zw->entries[i].name);
	free(zw->entries);
	if (zw->password != NULL) {
		memset(zw->password, 0, strlen(zw->password));
		free(zw->password);
	}
	memset(zw->keys, 0, sizeof zw->keys);
	free(zw->out);
	free(zw);
}

/* The last error. */
int
zipw_errno(const struct zipw *zw)
{
	return (zw->err);
}

/* UTF-8 to CP850 for the characters of French names. */
char *
zipw_cp850(const char *s)
{
	static const struct {
		unsigned	cp;
		unsigned char	c;
	} map[] = {
		{ 0xe9, 0x82 }, { 0xe8, 0x8a }, { 0xea, 0x88 }, { 0xeb, 0x89 },
		{ 0xe0, 0x85 }, { 0xe2, 0x83 }, { 0xe7, 0x87 }, { 0xc9, 0x90 },
		{ 0xc8, 0xd4 }, { 0xca, 0xd2 }, { 0xf4, 0x93 }, { 0xee, 0x8c },
		{ 0xef, 0x8b }, { 0xfb, 0x96 }, { 0xf9, 0x97 }, { 0xd4, 0xe2 },
		{ 0xce, 0xd7 }, { 0xc0, 0xb7 }, { 0xc7, 0x80 }, { 0xfc, 0x81 },
	};
	const unsigned char	*p = (const unsigned char *)s;
	char			*out = xmalloc(strlen(s) + 1), *q = out;
	unsigned		 cp;
	size_t			 i;

	while (*p != '\0') {
		if (*p < 0x80) {
			*q++ = (char)*p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
			cp = ((unsigned)(*p & 0x1f) << 6) | (p[1] & 0x3f);
			p += 2;
		} else {
			p++;
			while ((*p & 0xc0) == 0x80)
				p++;
			*q++ = '_';
			continue;
		}
		for (i = 0; i < sizeof map / sizeof map[0]; i++)
			if (map[i].cp == cp)
				break;
		*q++ = i < sizeof map / sizeof map[0] ? (char)map[i].c : '_';
	}
	*q = '\0';
	return (out);
}
