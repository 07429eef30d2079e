/*
 * archive — zip archives through libzip 1.7.
 *
 * An archive is a tree of containers: the file itself (read with pread
 * through a libzip source of our own, so several threads can each open
 * their own zip_t on the one descriptor) and the nested zips, held in
 * memory once read (each thread opens its own zip_t over the shared
 * read-only bytes).  Entries are kept in tree order: a nested zip's entries
 * follow it.
 *
 * Nothing a header says is trusted for memory: buffers grow as bytes
 * arrive, up to the limits; the bytes actually inflated are counted (per
 * entry, and over the archive's life with an atomic counter).  Archives are
 * refused when their packed sizes add up to more than their bytes
 * (overlapping entries), when two entries share a path, when zips nest too
 * deep or hold too many entries.
 *
 * Passwords are given per call to zip_fopen_index_encrypted and never kept
 * (no zip_set_default_password: libzip 1.7 frees its copy unwiped).  An
 * entry is accepted only when every read succeeded and zip_fclose returned
 * 0.  WinZip AES entries, stored or deflated, are read here instead: libzip
 * gives the raw bytes, nettle derives the keys once per entry and
 * password (libzip 1.7's PBKDF2 through OpenSSL 3 took 40% of a large
 * query's CPU; a load reads each entry twice, its head then all of it, and
 * the keys are kept with the entry), decrypts (AES in WinZip's counter
 * mode, many blocks per call) and checks the authentication code
 * (HMAC-SHA1 over the encrypted bytes); libdeflate inflates an entry read
 * whole at once when its declared size is within the limits, zlib streams
 * the rest; the entry is accepted when the code matches, the deflate
 * stream ended, the bytes equal the directory's size and the CRC-32
 * matches when the directory gives one (AE-1; AE-2, as 7-Zip writes, has
 * none).  Other AES entries go through libzip, which before 1.9 reports a
 * CRC error at the end of every AE-2 entry; there the code is checked
 * here on the raw bytes and the entry accepted when it matches and the
 * size is right.  Other deflated entries (plain, ZipCrypto) read whole
 * are inflated at once by libdeflate too (plain_whole, ZipCrypto decrypted
 * here), and read by libzip as before whenever that is not a clean read.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zip.h>
#include <zlib.h>

#include <nettle/aes.h>
#include <nettle/hmac.h>
#include <nettle/memxor.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha1.h>
#include <nettle/version.h>

#include "listelec/archive.h"
#include "listelec/i18n.h"
#include "listelec/secure.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define CHUNK		(64 * 1024)	/* bytes per zip_fread */
#define HEAD_STEP	(4 * 1024)	/* the same when a head is wanted */
#define RATIO_GRACE	(4ULL << 20)	/* inflated before the ratio counts */
#define GIB		(1ULL << 30)
#define MIB		(1ULL << 20)
#define CHECK_READ	(4ULL << 20)	/* password check: read this much */
#define EOCD_SCAN	(65535 + 22 + 20)
#define KS_BLOCKS	4096		/* AES counter blocks per batch */
#define AES_CODE	10		/* WinZip AES authentication code */
#define AES_ROUNDS	1000		/* WinZip's PBKDF2 iterations */
#define AES_DK_MAX	66		/* two 32-byte keys and the verifier */
/*
 * Deflated entries up to this size are inflated at once (libdeflate, into
 * a buffer of that size, plus the packed bytes); larger ones stream
 * through zlib in CHUNK pieces.  A delivery's lists are 0.4-0.75 MB each;
 * a single entry read whole adds its size to the load's peak RSS for no
 * gain in time (the load inflates a single entry on its own thread): 40 MB
 * took a count from 43 to 89 MB, a 4 MB list's filter from 19 to 25 MB.
 */
#define WHOLE_MAX	(2ULL << 20)

/* nettle 3.8 made its SHA-1 compression function public. */
#if NETTLE_VERSION_MAJOR > 3 || \
    (NETTLE_VERSION_MAJOR == 3 && NETTLE_VERSION_MINOR >= 8)
#define HAVE_SHA1_COMPRESS 1
#endif

#ifndef ZIP_CM_ZSTD
#define ZIP_CM_ZSTD	93
#endif
#ifndef ZIP_CM_XZ
#define ZIP_CM_XZ	95
#endif

/*
 * A zip: bytes in memory (buf), or a range of the file (buf NULL: from
 * fileoff, len bytes) — the file itself, or a stored nested zip read in
 * place.
 */
#define POOL_MAX	4	/* idle handles kept per zip (one per worker) */

struct cont {
	const unsigned char	*buf;
	uint64_t		 fileoff;
	uint64_t		 len;
	unsigned char		*owned;	/* freed with the archive */
	unsigned		 depth;	/* depth of its entries */
	uint64_t		 cdoff;	/* central directory, from sniff */
	uint64_t		 cdsize;
	/* Handles read from before, so that each read does not walk the
	   central directory again (under the archive's pool_mu). */
	zip_t			*pool[POOL_MAX];
	unsigned		 npool;
};

/* One entry: the public part first. */
struct ent {
	struct archive_entry	 pub;
	struct cont		*cont;	/* the zip it lives in */
	zip_uint64_t		 zidx;	/* its index there */
	struct ent		*up;	/* the zip entry holding it */
	size_t			 index;	/* position in the array */
	int			 ae2;	/* AES with CRC field 0 */
	uint32_t		 crc;	/* central CRC-32 (0: none given) */
	int			 crcset; /* the directory gives crc */
	/*
	 * WinZip AES: the keys (AES key, HMAC key, verifier) derived from
	 * the salt ksalt and the archive's key password of generation kgen
	 * (0: none yet), so that a second read skips PBKDF2.  As secret as
	 * the password: wiped with the entry.  Under the archive's key_mu.
	 */
	uint64_t		 kgen;
	unsigned char		 ksalt[16];
	unsigned char		 kdk[AES_DK_MAX];
};

struct archive {
	int			 fd;	/* -1 for a buffer */
	uint64_t		 size;
	struct archive_limits	 lim;

	struct cont		**conts;
	size_t			 nconts;

	struct ent		**ents;
	size_t			 n;
	size_t			 cap;

	uint64_t		 listed;	/* entries over the tree */
	uint64_t		 declared;	/* sizes the headers claim */
	uint64_t		 total;		/* bytes inflated (atomic) */
	uint64_t		 wholes;	/* entries inflated at once */
	pthread_mutex_t		 pool_mu;	/* the conts' pools */
	int			 pool_inited;	/* pool_mu and key_mu */

	/*
	 * The password the entries' cached AES keys come from (a copy in a
	 * secret: locked memory, wiped when replaced and at archive_free)
	 * and its generation: a read with another password starts a new
	 * generation, so no key derived from one password is ever used for
	 * another.
	 */
	pthread_mutex_t		 key_mu;
	struct secret		*kpw;
	uint64_t		 kgen;
};

/* A list of entries being built. */
struct entvec {
	struct ent	**v;
	size_t		  n;
	size_t		  cap;
};

/* The pread source: one per zip_t, sharing the descriptor. */
struct fsrc {
	int		 fd;
	uint64_t	 base;
	uint64_t	 size;
	uint64_t	 pos;
	zip_error_t	 error;
};

static enum archive_status fail(char **, enum archive_status, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static enum archive_status list_zip(struct archive *, struct cont *,
		    struct ent *, const char *, struct entvec *, char **);
static const char *zip_strerror_code(int);
static int	 cmp_str(const void *, const void *);

/* Set *cause (when not set yet) and return st. */
static enum archive_status
fail(char **cause, enum archive_status st, const char *fmt, ...)
{
	va_list	ap;

	if (cause != NULL && *cause == NULL) {
		va_start(ap, fmt);
		*cause = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return (st);
}

/* Little-endian readers. */
static uint16_t
le16(const unsigned char *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

static uint32_t
le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static uint64_t
le64(const unsigned char *p)
{
	return ((uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32);
}

/* Read len bytes at off of a container; 0 or -1. */
static int
cont_read_at(struct archive *ar, struct cont *c, uint64_t off, void *dst,
    size_t len)
{
	unsigned char	*p = dst;
	ssize_t		 r;

	if (off > c->len || len > c->len - off)
		return (-1);
	if (c->buf != NULL) {
		if (len > 0)
			memcpy(dst, c->buf + off, len);
		return (0);
	}
	while (len > 0) {
		r = pread(ar->fd, p, len, (off_t)(c->fileoff + off));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return (-1);
		p += r;
		off += (uint64_t)r;
		len -= (size_t)r;
	}
	return (0);
}

/* libzip source callback reading the archive file with pread. */
static zip_int64_t
fsrc_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct fsrc	*s = ud;
	zip_stat_t	*st;
	zip_int64_t	 off;
	unsigned char	*p = data;
	zip_uint64_t	 want, done = 0;
	ssize_t		 r;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return (0);
	case ZIP_SOURCE_READ:
		want = s->size - s->pos;
		if (len < want)
			want = len;
		while (done < want) {
			r = pread(s->fd, p + done, want - done,
			    (off_t)(s->base + s->pos + done));
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				zip_error_set(&s->error, ZIP_ER_READ, errno);
				return (-1);
			}
			if (r == 0) {
				zip_error_set(&s->error, ZIP_ER_EOF, 0);
				return (-1);
			}
			done += (zip_uint64_t)r;
		}
		s->pos += done;
		return ((zip_int64_t)done);
	case ZIP_SOURCE_CLOSE:
		return (0);
	case ZIP_SOURCE_STAT:
		if (len < sizeof(*st)) {
			zip_error_set(&s->error, ZIP_ER_INVAL, 0);
			return (-1);
		}
		st = data;
		zip_stat_init(st);
		st->size = s->size;
		st->comp_size = s->size;
		st->comp_method = ZIP_CM_STORE;
		st->encryption_method = ZIP_EM_NONE;
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		    ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
		return (sizeof(*st));
	case ZIP_SOURCE_ERROR:
		return (zip_error_to_data(&s->error, data, len));
	case ZIP_SOURCE_FREE:
		free(s);
		return (0);
	case ZIP_SOURCE_SEEK:
		off = zip_source_seek_compute_offset(s->pos, s->size, data, len,
		    &s->error);
		if (off < 0)
			return (-1);
		s->pos = (uint64_t)off;
		return (0);
	case ZIP_SOURCE_TELL:
		return ((zip_int64_t)s->pos);
	case ZIP_SOURCE_SUPPORTS:
		return (ZIP_SOURCE_SUPPORTS_SEEKABLE);
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return (-1);
	}
}

/* Open a fresh zip_t on a container; NULL with *zerr set. */
static zip_t *
cont_open(struct archive *ar, struct cont *c, int flags, int *zerr)
{
	zip_source_t	*src;
	zip_error_t	 error;
	struct fsrc	*s;
	zip_t		*za;

	zip_error_init(&error);
	if (c->buf != NULL)
		src = zip_source_buffer_create(c->buf, c->len, 0, &error);
	else {
		s = xcalloc(1, sizeof(*s));
		s->fd = ar->fd;
		s->base = c->fileoff;
		s->size = c->len;
		zip_error_init(&s->error);
		src = zip_source_function_create(fsrc_cb, s, &error);
		if (src == NULL)
			free(s);
	}
	if (src == NULL) {
		*zerr = zip_error_code_zip(&error);
		zip_error_fini(&error);
		return (NULL);
	}
	za = zip_open_from_source(src, flags, &error);
	if (za == NULL) {
		*zerr = zip_error_code_zip(&error);
		zip_source_free(src);
	}
	zip_error_fini(&error);
	return (za);
}

/*
 * A read-only handle on a container: an idle one from its pool, else a
 * new one.  cont_give returns it after a clean read (else discards it).
 */
static zip_t *
cont_take(struct archive *ar, struct cont *c, int *zerr)
{
	zip_t	*za = NULL;

	pthread_mutex_lock(&ar->pool_mu);
	if (c->npool > 0)
		za = c->pool[--c->npool];
	pthread_mutex_unlock(&ar->pool_mu);
	if (za == NULL)
		za = cont_open(ar, c, ZIP_RDONLY, zerr);
	return (za);
}

static void
cont_give(struct archive *ar, struct cont *c, zip_t *za, int clean)
{
	pthread_mutex_lock(&ar->pool_mu);
	if (clean && c->npool < POOL_MAX) {
		c->pool[c->npool++] = za;
		za = NULL;
	}
	pthread_mutex_unlock(&ar->pool_mu);
	if (za != NULL)
		zip_discard(za);
}

/* Nonzero when the bytes look like an HTML page. */
static int
looks_html(const unsigned char *p, size_t len)
{
	size_t	i = 0;

	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n' || p[i] == '\f'))
		i++;
	len -= i;
	p += i;
	if (len >= 9 && strncasecmp((const char *)p, "<!doctype", 9) == 0)
		return (1);
	if (len >= 5 && strncasecmp((const char *)p, "<html", 5) == 0)
		return (1);
	return (0);
}

/*
 * Look at a container's bytes before libzip does: recognise an empty file,
 * an HTML page, a truncated zip and other data, and read the number of
 * entries the end of central directory announces.
 */
static enum archive_status
sniff(struct archive *ar, struct cont *c, uint64_t *count, char **cause)
{
	unsigned char	 head[512], z64[56], *tail;
	size_t		 hlen, tlen, p;
	uint64_t	 z64off;
	int		 found = 0;

	*count = 0;
	if (c->len == 0)
		return (fail(cause, ARCHIVE_ERR_FORMAT,
		    _("the file is empty, not a zip archive")));
	hlen = c->len < sizeof(head) ? (size_t)c->len : sizeof(head);
	if (cont_read_at(ar, c, 0, head, hlen) != 0)
		return (fail(cause, ARCHIVE_ERR_IO, _("cannot read the file")));
	if (looks_html(head, hlen))
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("this is a web page "
		    "(probably the portal's error page), not a zip archive")));

	tlen = c->len < EOCD_SCAN ? (size_t)c->len : EOCD_SCAN;
	tail = xmalloc(tlen);
	if (cont_read_at(ar, c, c->len - tlen, tail, tlen) != 0) {
		free(tail);
		return (fail(cause, ARCHIVE_ERR_IO, _("cannot read the file")));
	}
	for (p = tlen >= 22 ? tlen - 22 + 1 : 0; p-- > 0;) {
		if (memcmp(tail + p, "PK\5\6", 4) == 0) {
			found = 1;
			break;
		}
	}
	if (!found) {
		free(tail);
		if (hlen >= 4 && memcmp(head, "PK\3\4", 4) == 0)
			return (fail(cause, ARCHIVE_ERR_FORMAT, _("incomplete: "
			    "the file ends before the zip's central directory "
			    "\xe2\x80\x94 an interrupted download?")));
		return (fail(cause, ARCHIVE_ERR_FORMAT,
		    _("not a zip archive (unrecognised data)")));
	}
	*count = le16(tail + p + 10);
	c->cdsize = le32(tail + p + 12);
	c->cdoff = le32(tail + p + 16);
	if ((*count == 0xffff || c->cdsize == 0xffffffff ||
	    c->cdoff == 0xffffffff) && p >= 20 &&
	    memcmp(tail + p - 20, "PK\6\7", 4) == 0) {
		z64off = le64(tail + p - 20 + 8);
		if (cont_read_at(ar, c, z64off, z64, sizeof(z64)) == 0 &&
		    memcmp(z64, "PK\6\6", 4) == 0) {
			*count = le64(z64 + 32);
			c->cdsize = le64(z64 + 40);
			c->cdoff = le64(z64 + 48);
		}
	}
	free(tail);
	return (ARCHIVE_OK);
}

/* The message for a libzip error at open. */
static enum archive_status
open_error(int zerr, char **cause)
{
	switch (zerr) {
	case ZIP_ER_NOZIP:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("the zip archive is "
		    "corrupt: its central directory does not hold together "
		    "(truncated or crafted)")));
	case ZIP_ER_INCONS:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("the zip archive is "
		    "inconsistent: corrupt, truncated or crafted")));
	case ZIP_ER_MULTIDISK:
		return (fail(cause, ARCHIVE_ERR_FORMAT,
		    _("the zip archive is split across several files")));
	case ZIP_ER_EOF:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("incomplete: the "
		    "file ends too early \xe2\x80\x94 an interrupted "
		    "download?")));
	case ZIP_ER_MEMORY:
		return (fail(cause, ARCHIVE_ERR_LIMIT,
		    _("out of memory reading the zip's directory")));
	case ZIP_ER_NOENT:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("the zip archive is "
		    "corrupt or crafted: its directory does not match its "
		    "entries")));
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return (fail(cause, ARCHIVE_ERR_IO,
		    _("cannot read the zip archive")));
	default:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("the zip archive is "
		    "corrupt or crafted (%s)"), zip_strerror_code(zerr)));
	}
}

/* zip_strerror for a bare code (libzip has no such call; build one). */
static const char *
zip_strerror_code(int zerr)
{
	static __thread char	buf[128];
	zip_error_t		e;
	const char		*s;

	zip_error_init_with_code(&e, zerr);
	s = zip_error_strerror(&e);
	snprintf(buf, sizeof(buf), "%s", s);
	zip_error_fini(&e);
	return (buf);
}

/* Decode an entry's name to UTF-8; *cp850 when it was read as CP850. */
static char *
decode_name(zip_t *za, zip_uint64_t i, int *cp850)
{
	const char	*raw, *strict;
	char		*dst;
	size_t		 len, j, n;
	int		 ascii = 1;

	*cp850 = 0;
	raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
	if (raw == NULL)
		return (xstrdup(""));
	len = strlen(raw);
	for (j = 0; j < len; j++) {
		if ((unsigned char)raw[j] >= 0x80)
			ascii = 0;
	}
	if (ascii)
		return (xstrdup(raw));
	dst = xstrdup(raw);
	/*
	 * With the UTF-8 flag (or an Info-ZIP Unicode path field), the strict
	 * name is the raw one; without it libzip converts from CP437, which
	 * changes every byte above 0x7f.
	 */
	strict = zip_get_name(za, i, ZIP_FL_ENC_STRICT);
	if (strict != NULL && strcmp(strict, dst) == 0)
		return (dst);
	/* No flag: UTF-8 anyway (Unix tools), else DOS CP850. */
	if (text_utf8_valid(dst, len))
		return (dst);
	free(dst);
	dst = xmalloc(3 * len + 1);
	n = text_cp850_to_utf8(dst, (const unsigned char *)raw, len);
	dst[n] = '\0';
	*cp850 = 1;
	return (dst);
}

/* Nonzero when name ends with ext (case-insensitive). */
static int
has_ext(const char *name, const char *ext)
{
	size_t	n = strlen(name), e = strlen(ext);

	return (n > e && strcasecmp(name + n - e, ext) == 0);
}

/* The kind from magic bytes (mlen > 0) or else from the name. */
static enum archive_kind
kind_of(const char *name, const unsigned char *magic, size_t mlen, int known)
{
	if (known) {
		if (mlen >= 4 && (memcmp(magic, "PK\3\4", 4) == 0 ||
		    memcmp(magic, "PK\5\6", 4) == 0))
			return (ARCHIVE_KIND_ZIP);
		if (mlen >= 4 && memcmp(magic, "%PDF", 4) == 0)
			return (ARCHIVE_KIND_PDF);
		if (has_ext(name, ".zip") || has_ext(name, ".pdf"))
			return (ARCHIVE_KIND_OTHER);
	} else {
		if (has_ext(name, ".zip"))
			return (ARCHIVE_KIND_ZIP);
		if (has_ext(name, ".pdf"))
			return (ARCHIVE_KIND_PDF);
	}
	if (has_ext(name, ".csv") || has_ext(name, ".tsv"))
		return (ARCHIVE_KIND_CSV);
	if (has_ext(name, ".txt") || has_ext(name, ".text"))
		return (ARCHIVE_KIND_TEXT);
	return (ARCHIVE_KIND_OTHER);
}

/* Our word for a libzip encryption method. */
static enum archive_enc
enc_of(zip_uint16_t em)
{
	switch (em) {
	case ZIP_EM_NONE:
		return (ARCHIVE_ENC_NONE);
	case ZIP_EM_TRAD_PKWARE:
		return (ARCHIVE_ENC_PKWARE);
	case ZIP_EM_AES_128:
		return (ARCHIVE_ENC_AES128);
	case ZIP_EM_AES_192:
		return (ARCHIVE_ENC_AES192);
	case ZIP_EM_AES_256:
		return (ARCHIVE_ENC_AES256);
	default:
		return (ARCHIVE_ENC_OTHER);
	}
}

/* Add to an entry list. */
static void
vec_push(struct entvec *v, struct ent *e)
{
	if (v->n == v->cap) {
		v->cap = v->cap == 0 ? 16 : v->cap * 2;
		v->v = xreallocarray(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = e;
}

/* Free an entry. */
static void
ent_free(struct ent *e)
{
	if (e == NULL)
		return;
	free(e->pub.path);
	secure_wipe(e->kdk, sizeof(e->kdk));
	free(e);
}

/* Free a list and its entries. */
static void
vec_free(struct entvec *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		ent_free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

/* Renumber entries and their parents after a change. */
static void
renumber(struct archive *ar)
{
	size_t	i;

	for (i = 0; i < ar->n; i++)
		ar->ents[i]->index = i;
	for (i = 0; i < ar->n; i++) {
		ar->ents[i]->pub.parent = ar->ents[i]->up == NULL ? -1 :
		    (long)ar->ents[i]->up->index;
	}
}

/* Insert a list's entries at position at (the list is emptied). */
static void
ents_insert(struct archive *ar, size_t at, struct entvec *v)
{
	if (v->n == 0)
		return;
	if (ar->n + v->n > ar->cap) {
		ar->cap = ar->n + v->n + 16;
		ar->ents = xreallocarray(ar->ents, ar->cap, sizeof(*ar->ents));
	}
	memmove(ar->ents + at + v->n, ar->ents + at,
	    (ar->n - at) * sizeof(*ar->ents));
	memcpy(ar->ents + at, v->v, v->n * sizeof(*v->v));
	ar->n += v->n;
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
	renumber(ar);
}

/* Compare entries by path, for the duplicate check. */
static int
cmp_path(const void *a, const void *b)
{
	const struct ent	*x = *(struct ent *const *)a;
	const struct ent	*y = *(struct ent *const *)b;

	return (strcmp(x->pub.path, y->pub.path));
}

/* Refuse two entries with the same path (a decoy could shadow a list). */
static enum archive_status
check_duplicates(struct archive *ar, char **cause)
{
	struct ent	**v;
	size_t		  i;
	enum archive_status st = ARCHIVE_OK;

	if (ar->n < 2)
		return (ARCHIVE_OK);
	v = xreallocarray(NULL, ar->n, sizeof(*v));
	memcpy(v, ar->ents, ar->n * sizeof(*v));
	qsort(v, ar->n, sizeof(*v), cmp_path);
	for (i = 1; i < ar->n; i++) {
		if (strcmp(v[i - 1]->pub.path, v[i]->pub.path) == 0) {
			st = fail(cause, ARCHIVE_ERR_FORMAT, _("two entries "
			    "are named \"%s\": the archive is ambiguous (one "
			    "may be a decoy), refusing to choose"),
			    v[i]->pub.path);
			break;
		}
	}
	free(v);
	return (st);
}

/* Map a libzip read error on an entry to a status and message. */
static enum archive_status
read_error(const struct ent *e, int zerr, char **cause)
{
	int	enc = e->pub.enc != ARCHIVE_ENC_NONE;
	int	aes = e->pub.enc == ARCHIVE_ENC_AES128 ||
		    e->pub.enc == ARCHIVE_ENC_AES192 ||
		    e->pub.enc == ARCHIVE_ENC_AES256;

	switch (zerr) {
	case ZIP_ER_WRONGPASSWD:
		return (fail(cause, ARCHIVE_ERR_PASSWORD, _("wrong password")));
	case ZIP_ER_NOPASSWD:
		return (fail(cause, ARCHIVE_ERR_PASSWORD, _("\"%s\" is "
		    "encrypted: a password is needed"), e->pub.path));
	case ZIP_ER_CRC:
	case ZIP_ER_ZLIB:
	case ZIP_ER_COMPRESSED_DATA:
		if (aes)
			return (fail(cause, ARCHIVE_ERR_FORMAT,
			    _("\"%s\" fails its integrity check (AES "
			    "authentication): the "
			    "archive is damaged or was altered (or, rarely, "
			    "the password is wrong)"), e->pub.path));
		if (enc)
			return (fail(cause, ARCHIVE_ERR_PASSWORD,
			    _("wrong password (\"%s\" does not decrypt to "
			    "valid data)"), e->pub.path));
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("\"%s\" is corrupt "
		    "(%s)"), e->pub.path, zip_strerror_code(zerr)));
	case ZIP_ER_INCONS:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("\"%s\": the sizes "
		    "in the archive do not match the data (corrupt or "
		    "crafted)"), e->pub.path));
	case ZIP_ER_EOF:
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("\"%s\" ends early: "
		    "the archive is truncated or corrupt"), e->pub.path));
	case ZIP_ER_COMPNOTSUPP:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("\"%s\" uses a "
		    "compression method listelec cannot read (%s)"),
		    e->pub.path, archive_method_name(e->pub.method)));
	case ZIP_ER_ENCRNOTSUPP:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("\"%s\" uses an "
		    "encryption method listelec cannot read"), e->pub.path));
	case ZIP_ER_MEMORY:
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("out of memory "
		    "reading \"%s\""), e->pub.path));
	default:
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("cannot read "
		    "\"%s\": %s"), e->pub.path, zip_strerror_code(zerr)));
	}
}

/* Nonzero for a WinZip AES entry. */
static int
is_aes(const struct ent *e)
{
	return (e->pub.enc == ARCHIVE_ENC_AES128 ||
	    e->pub.enc == ARCHIVE_ENC_AES192 ||
	    e->pub.enc == ARCHIVE_ENC_AES256);
}

/*
 * Count n more plain bytes of entry e against the limits (this read's,
 * the entry's, the archive's and the ratio), then pass them to cb.
 */
static enum archive_status
deliver(struct archive *ar, const struct ent *e, uint64_t maxbytes,
    uint64_t *done, const void *buf, size_t n,
    int (*cb)(void *, const void *, size_t), void *arg, char **cause)
{
	uint64_t	total, packed;

	packed = e->pub.packed > 0 ? e->pub.packed : 1;
	*done += n;
	total = __atomic_add_fetch(&ar->total, (uint64_t)n, __ATOMIC_RELAXED);
	if (*done > maxbytes || *done > ar->lim.max_entry)
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("\"%s\" inflates "
		    "to more than %llu MiB: over the safety limit (a "
		    "zip bomb?)"), e->pub.path, (unsigned long long)
		    ((maxbytes < ar->lim.max_entry ? maxbytes :
		    ar->lim.max_entry) / MIB)));
	if (total > ar->lim.max_total)
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("more than %llu "
		    "MiB inflated from this archive: over the safety "
		    "limit (a zip bomb?)"),
		    (unsigned long long)(ar->lim.max_total / MIB)));
	if (*done > RATIO_GRACE && *done / packed > ar->lim.max_ratio)
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("\"%s\" inflates "
		    "more than %u times its packed size: over the "
		    "safety limit (a zip bomb?)"), e->pub.path,
		    ar->lim.max_ratio));
	if (cb != NULL && cb(arg, buf, n) != 0)
		return (fail(cause, ARCHIVE_ERR_CANCELLED, _("cancelled")));
	return (ARCHIVE_OK);
}

/*
 * zlib allocators that wipe what they free (the window holds plain
 * bytes): the size is kept in front of the block.
 */
static voidpf
zalloc_wipe(voidpf opaque, uInt items, uInt size)
{
	unsigned char	*p;
	size_t		 n;

	(void)opaque;
	if (size != 0 && items > (SIZE_MAX - 16) / size)
		return (Z_NULL);
	n = (size_t)items * size;
	if ((p = malloc(n + 16)) == NULL)
		return (Z_NULL);
	memcpy(p, &n, sizeof(n));
	return (p + 16);
}

/* Wipe and free a block from zalloc_wipe. */
static void
zfree_wipe(voidpf opaque, voidpf addr)
{
	unsigned char	*p = (unsigned char *)addr - 16;
	size_t		 n;

	(void)opaque;
	memcpy(&n, p, sizeof(n));
	secure_wipe(addr, n);
	free(p);
}

#ifdef HAVE_SHA1_COMPRESS
/* Big-endian store. */
static void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Big-endian load. */
static uint32_t
get_be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}
#endif

/*
 * WinZip's keys: PBKDF2-HMAC-SHA1 (AES_ROUNDS rounds) of the password and
 * salt, dklen <= 80 bytes.  With nettle's compression function each round
 * is two compressions from the HMAC's inner and outer states (the second
 * input block is always the 20-byte digest and fixed padding), a third
 * less work than nettle's pbkdf2_hmac_sha1, which costs most of the CPU
 * when small entries are read.
 */
static void
aes_pbkdf2(const char *pw, const unsigned char *salt, size_t saltlen,
    size_t dklen, unsigned char *dk)
{
#ifdef HAVE_SHA1_COMPRESS
	struct hmac_sha1_ctx	h;
	unsigned char		blk[4][SHA1_BLOCK_SIZE];
	unsigned char		t[4][SHA1_DIGEST_SIZE], be[4];
	uint32_t		st[_SHA1_DIGEST_LENGTH];
	uint32_t		tw[4][_SHA1_DIGEST_LENGTH];
	size_t			nb, b, j, k;

	nb = (dklen + SHA1_DIGEST_SIZE - 1) / SHA1_DIGEST_SIZE;
	hmac_sha1_set_key(&h, strlen(pw), (const uint8_t *)pw);
	for (b = 0; b < nb; b++) {
		hmac_sha1_update(&h, saltlen, salt);
		put_be32(be, (uint32_t)b + 1);
		hmac_sha1_update(&h, sizeof(be), be);
		hmac_sha1_digest(&h, SHA1_DIGEST_SIZE, blk[b]);
		for (k = 0; k < _SHA1_DIGEST_LENGTH; k++)
			tw[b][k] = get_be32(blk[b] + 4 * k);
		memset(blk[b] + SHA1_DIGEST_SIZE, 0,
		    SHA1_BLOCK_SIZE - SHA1_DIGEST_SIZE);
		blk[b][SHA1_DIGEST_SIZE] = 0x80;
		put_be32(blk[b] + SHA1_BLOCK_SIZE - 4,
		    (SHA1_BLOCK_SIZE + SHA1_DIGEST_SIZE) * 8);
	}
	for (j = 1; j < AES_ROUNDS; j++) {
		for (b = 0; b < nb; b++) {
			memcpy(st, h.inner.state, sizeof(st));
			nettle_sha1_compress(st, blk[b]);
			for (k = 0; k < _SHA1_DIGEST_LENGTH; k++)
				put_be32(blk[b] + 4 * k, st[k]);
			memcpy(st, h.outer.state, sizeof(st));
			nettle_sha1_compress(st, blk[b]);
			/* The sum in words: a quarter of the byte XORs. */
			for (k = 0; k < _SHA1_DIGEST_LENGTH; k++) {
				put_be32(blk[b] + 4 * k, st[k]);
				tw[b][k] ^= st[k];
			}
		}
	}
	for (b = 0; b < nb; b++) {
		for (k = 0; k < _SHA1_DIGEST_LENGTH; k++)
			put_be32(t[b] + 4 * k, tw[b][k]);
		k = dklen - b * SHA1_DIGEST_SIZE;
		memcpy(dk + b * SHA1_DIGEST_SIZE, t[b],
		    k < SHA1_DIGEST_SIZE ? k : SHA1_DIGEST_SIZE);
	}
	secure_wipe(&h, sizeof(h));
	secure_wipe(blk, sizeof(blk));
	secure_wipe(t, sizeof(t));
	secure_wipe(tw, sizeof(tw));
	secure_wipe(st, sizeof(st));
#else
	pbkdf2_hmac_sha1(strlen(pw), (const uint8_t *)pw, AES_ROUNDS,
	    saltlen, salt, dklen, dk);
#endif
}

/*
 * The keys of entry e for password pw and the salt just read, from its
 * cache: 1 with dk filled, else 0.  *gen receives the generation a key
 * derived now must be stored under (key_store; 0: none, the password is
 * too long to keep); when pw is not the password of the current
 * generation, a new one starts and every cached key is stale.
 */
static int
key_lookup(struct archive *ar, struct ent *e, const char *pw,
    const unsigned char *salt, size_t saltlen, size_t dklen,
    unsigned char *dk, uint64_t *gen)
{
	size_t	len = strlen(pw);
	int	hit = 0;

	pthread_mutex_lock(&ar->key_mu);
	if (ar->kpw == NULL)
		ar->kpw = secret_new();
	if (secret_len(ar->kpw) != len ||
	    memcmp(secret_str(ar->kpw), pw, len) != 0) {
		ar->kgen++;
		if (secret_set(ar->kpw, pw, len) != 0) {
			/* Kept nowhere: this generation caches nothing. */
			*gen = 0;
			pthread_mutex_unlock(&ar->key_mu);
			return (0);
		}
	}
	*gen = ar->kgen;
	if (e->kgen == ar->kgen && memcmp(e->ksalt, salt, saltlen) == 0) {
		memcpy(dk, e->kdk, dklen);
		hit = 1;
	}
	pthread_mutex_unlock(&ar->key_mu);
	return (hit);
}

/*
 * Keep the keys derived for entry e from the password of generation gen,
 * unless another password came in between (then they would be filed
 * under the wrong one).
 */
static void
key_store(struct archive *ar, struct ent *e, uint64_t gen,
    const unsigned char *salt, size_t saltlen, size_t dklen,
    const unsigned char *dk)
{
	if (gen == 0)
		return;
	pthread_mutex_lock(&ar->key_mu);
	if (ar->kgen == gen) {
		memset(e->ksalt, 0, sizeof(e->ksalt));
		memcpy(e->ksalt, salt, saltlen);
		memcpy(e->kdk, dk, dklen);
		e->kgen = gen;
	}
	pthread_mutex_unlock(&ar->key_mu);
}

/*
 * One WinZip AES read: the keys (derived once), the counter, a batch of
 * key stream, the authentication, the inflater and the plain bytes' CRC.
 */
struct aesrd {
	union {
		struct aes128_ctx	a128;
		struct aes192_ctx	a192;
		struct aes256_ctx	a256;
	}			 aes;
	struct hmac_sha1_ctx	 mac;
	size_t			 keylen;
	uint64_t		 ctr;	/* last counter used */
	unsigned char		*ks;	/* <= KS_BLOCKS blocks of key stream */
	size_t			 kspos;	/* next unused byte of ks */
	size_t			 kslen;	/* bytes of key stream in ks */
	z_stream		 z;
	int			 inflating;
	int			 ended;	/* Z_STREAM_END seen */
	uint32_t		 crc;
	unsigned char		*dec;	/* CHUNK decrypted bytes */
	unsigned char		*out;	/* CHUNK inflated bytes */
	int			 whole;	/* decrypt into comp, inflate at once */
	unsigned char		*comp;	/* the whole decrypted deflate stream */
	size_t			 clen;
};

/*
 * The next batch of key stream, nb blocks: WinZip's counter blocks (a
 * little-endian counter from 1 in the first 8 bytes, the rest zero)
 * encrypted all at once, so nettle's AES-NI code runs over the whole
 * batch.  The counter is kept in a local while the blocks are written (a
 * store through the byte pointer could alias r->ctr: the compiler would
 * reload it for every byte).
 */
static void
aes_keystream(struct aesrd *r, size_t nb)
{
	unsigned char	*b;
	uint64_t	 ctr = r->ctr;
	size_t		 i;

	for (i = 0, b = r->ks; i < nb; i++, b += 16) {
		ctr++;
		/* Spelled out: compilers make it one store. */
		b[0] = (unsigned char)ctr;
		b[1] = (unsigned char)(ctr >> 8);
		b[2] = (unsigned char)(ctr >> 16);
		b[3] = (unsigned char)(ctr >> 24);
		b[4] = (unsigned char)(ctr >> 32);
		b[5] = (unsigned char)(ctr >> 40);
		b[6] = (unsigned char)(ctr >> 48);
		b[7] = (unsigned char)(ctr >> 56);
		memset(b + 8, 0, 8);
	}
	r->ctr = ctr;
	switch (r->keylen) {
	case 16:
		aes128_encrypt(&r->aes.a128, nb * 16, r->ks, r->ks);
		break;
	case 24:
		aes192_encrypt(&r->aes.a192, nb * 16, r->ks, r->ks);
		break;
	default:
		aes256_encrypt(&r->aes.a256, nb * 16, r->ks, r->ks);
		break;
	}
	r->kspos = 0;
	r->kslen = nb * 16;
}

/* Decrypt len bytes from src into dst. */
static void
aes_ctr(struct aesrd *r, unsigned char *dst, const unsigned char *src,
    size_t len)
{
	size_t	off = 0, k;

	while (off < len) {
		/* A batch no larger than what is left of this call. */
		if (r->kspos == r->kslen) {
			k = (len - off + 15) / 16;
			aes_keystream(r, k < KS_BLOCKS ? k : KS_BLOCKS);
		}
		k = r->kslen - r->kspos;
		if (k > len - off)
			k = len - off;
		memxor3(dst + off, src + off, r->ks + r->kspos, k);
		r->kspos += k;
		off += k;
	}
}

/*
 * Pass len decrypted bytes (len <= CHUNK) on: as they are for a stored
 * entry, else through inflate (the bytes after the end of the deflate
 * stream, still authenticated, are ignored).
 */
static enum archive_status
aes_plain(struct archive *ar, struct ent *e, struct aesrd *r,
    const unsigned char *src, size_t len, uint64_t maxbytes, uint64_t *done,
    int (*cb)(void *, const void *, size_t), void *arg, char **cause)
{
	enum archive_status	st;
	size_t			have;
	int			zr;

	if (!r->inflating) {
		r->crc = libdeflate_crc32(r->crc, src, len);
		return (deliver(ar, e, maxbytes, done, src, len, cb, arg,
		    cause));
	}
	r->z.next_in = (unsigned char *)(uintptr_t)src;
	r->z.avail_in = (uInt)len;
	while (!r->ended) {
		r->z.next_out = r->out;
		r->z.avail_out = CHUNK;
		zr = inflate(&r->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			r->ended = 1;
		else if (zr == Z_MEM_ERROR)
			return (read_error(e, ZIP_ER_MEMORY, cause));
		else if (zr != Z_OK && zr != Z_BUF_ERROR)
			return (read_error(e, ZIP_ER_COMPRESSED_DATA, cause));
		have = CHUNK - r->z.avail_out;
		if (have > 0) {
			r->crc = libdeflate_crc32(r->crc, r->out, have);
			st = deliver(ar, e, maxbytes, done, r->out, have, cb,
			    arg, cause);
			if (st != ARCHIVE_OK)
				return (st);
		}
		/* Done with this input unless the output buffer filled. */
		if (zr == Z_BUF_ERROR ||
		    (r->z.avail_in == 0 && r->z.avail_out != 0))
			break;
	}
	return (ARCHIVE_OK);
}

/* Start zlib's raw inflate for r; 0 or -1. */
static int
aes_inflate_init(struct aesrd *r)
{
	r->z.zalloc = zalloc_wipe;
	r->z.zfree = zfree_wipe;
	if (inflateInit2(&r->z, -MAX_WBITS) != Z_OK)
		return (-1);
	r->inflating = 1;
	if (r->out == NULL)
		r->out = xmalloc(CHUNK);
	return (0);
}

/*
 * Nonzero when deflated entry e may be inflated at once (libdeflate,
 * 3-4 times zlib 1.2's speed here, has no streaming): the caller wants it
 * all, and the size the directory declares is under WHOLE_MAX and
 * already within every limit deliver applies (this read's, the entry's,
 * the ratio and what is left of the archive's total), so the output
 * buffer is never sized by a header the limits would refuse.
 */
static int
whole_fits(struct archive *ar, const struct ent *e, uint64_t maxbytes,
    uint64_t want)
{
	uint64_t	size = e->pub.size, total, packed;

	packed = e->pub.packed > 0 ? e->pub.packed : 1;
	if (e->pub.method != ZIP_CM_DEFLATE || want < size)
		return (0);
	if (size > WHOLE_MAX || e->pub.packed > WHOLE_MAX)
		return (0);
	if (size > maxbytes || size > ar->lim.max_entry)
		return (0);
	if (size > RATIO_GRACE && size / packed > ar->lim.max_ratio)
		return (0);
	total = __atomic_load_n(&ar->total, __ATOMIC_RELAXED);
	return (total <= ar->lim.max_total &&
	    size <= ar->lim.max_total - total);
}

/*
 * Inflate the authenticated deflate stream r->comp at once into a buffer
 * of the directory's size; when it holds exactly that many bytes and the
 * CRC-32 matches (AE-1), pass them on in CHUNK pieces.  Anything else
 * (bad data, more or fewer bytes) goes through zlib over the same bytes,
 * as a streamed read would, so a broken entry fails with the same status
 * and message as before and the limits count the bytes it really holds.
 */
static enum archive_status
aes_whole(struct archive *ar, struct ent *e, struct aesrd *r,
    uint64_t maxbytes, uint64_t *done,
    int (*cb)(void *, const void *, size_t), void *arg, char **cause)
{
	struct libdeflate_decompressor	*d;
	enum libdeflate_result		 res;
	enum archive_status		 st = ARCHIVE_OK;
	unsigned char			*out;
	size_t				 size = (size_t)e->pub.size, off, k;

	if ((d = libdeflate_alloc_decompressor()) == NULL)
		return (read_error(e, ZIP_ER_MEMORY, cause));
	out = xmalloc(size > 0 ? size : 1);
	res = libdeflate_deflate_decompress(d, r->comp, r->clen, out, size,
	    NULL);
	libdeflate_free_decompressor(d);
	if (res == LIBDEFLATE_SUCCESS) {
		r->ended = 1;
		r->crc = libdeflate_crc32(0, out, size);
		if (e->crc != 0 && r->crc != e->crc)
			st = read_error(e, ZIP_ER_CRC, cause);
		else
			__atomic_add_fetch(&ar->wholes, 1, __ATOMIC_RELAXED);
		for (off = 0; st == ARCHIVE_OK && off < size; off += k) {
			k = size - off < CHUNK ? size - off : CHUNK;
			st = deliver(ar, e, maxbytes, done, out + off, k, cb,
			    arg, cause);
		}
	} else if (aes_inflate_init(r) != 0)
		st = read_error(e, ZIP_ER_MEMORY, cause);
	else {
		for (off = 0; st == ARCHIVE_OK && !r->ended && off < r->clen;
		    off += k) {
			k = r->clen - off < CHUNK ? r->clen - off : CHUNK;
			st = aes_plain(ar, e, r, r->comp + off, k, maxbytes,
			    done, cb, arg, cause);
		}
	}
	secure_wipe(out, size);
	free(out);
	return (st);
}

/*
 * Read a WinZip AES entry (AE-1 or AE-2) ourselves.  libzip gives the raw
 * bytes (ZIP_FL_ENCRYPTED: salt, 2-byte password verifier, encrypted data,
 * 10-byte authentication code), so nested zips in memory or in place read
 * as before; the keys come from PBKDF2-HMAC-SHA1 (1000 rounds), or from
 * the entry's cache when this password derived them before, the data is
 * decrypted with AES in WinZip's counter mode, checked with HMAC-SHA1 over
 * the encrypted bytes, inflated (deflate) or passed as is (stored), within
 * the limits.  A deflated entry wanted whole (want) that whole_fits is
 * decrypted into memory, authenticated, then inflated at once by
 * aes_whole before any byte reaches cb; others are inflated by zlib as the
 * bytes arrive.  Accepted only when the code matches, the deflate stream
 * ended, the bytes equal the directory's size and, when the directory
 * gives a CRC-32 (AE-1), it matches too.  With check_only the data is only
 * authenticated (libzip < 1.9 read it).
 */
static enum archive_status
aes_read(struct archive *ar, struct ent *e, const char *pw, int check_only,
    uint64_t maxbytes, uint64_t want,
    int (*cb)(void *, const void *, size_t), void *arg, char **cause)
{
	struct aesrd		 r;
	unsigned char		 hdr[18], code[AES_CODE], mac[AES_CODE];
	unsigned char		 dk[AES_DK_MAX];
	unsigned char		*raw;
	size_t			 saltlen, hlen, dklen, step, i, k;
	uint64_t		 pos = 0, dend, done = 0, gen;
	zip_file_t		*zf;
	zip_int64_t		 n;
	zip_t			*za;
	int			 zerr = 0, keyed = 0, cached, bad;
	enum archive_status	 st = ARCHIVE_OK;

	memset(&r, 0, sizeof(r));
	switch (e->pub.enc) {
	case ARCHIVE_ENC_AES128:
		r.keylen = 16;
		break;
	case ARCHIVE_ENC_AES192:
		r.keylen = 24;
		break;
	default:
		r.keylen = 32;
		break;
	}
	saltlen = r.keylen / 2;
	hlen = saltlen + 2;
	if (e->pub.packed < hlen + AES_CODE)
		return (read_error(e, ZIP_ER_INCONS, cause));
	dend = e->pub.packed - AES_CODE;

	if ((za = cont_take(ar, e->cont, &zerr)) == NULL)
		return (open_error(zerr, cause));
	zf = zip_fopen_index_encrypted(za, e->zidx, ZIP_FL_ENCRYPTED, NULL);
	if (zf == NULL) {
		zerr = zip_error_code_zip(zip_get_error(za));
		zip_discard(za);
		return (read_error(e, zerr, cause));
	}
	if (!check_only && whole_fits(ar, e, maxbytes, want)) {
		r.whole = 1;
		r.clen = (size_t)(dend - hlen);
		r.comp = xmalloc(r.clen > 0 ? r.clen : 1);
	} else if (!check_only && e->pub.method == ZIP_CM_DEFLATE &&
	    aes_inflate_init(&r) != 0) {
		zip_fclose(zf);
		zip_discard(za);
		return (read_error(e, ZIP_ER_MEMORY, cause));
	}
	raw = xmalloc(CHUNK);
	if (!check_only) {
		r.ks = xmalloc(KS_BLOCKS * 16);
		if (!r.whole)
			r.dec = xmalloc(CHUNK);
	}
	/*
	 * For a head (a few KiB of a deflated entry give 64 KiB), smaller
	 * reads: less to decrypt and authenticate before the callback stops.
	 */
	step = !check_only && want < e->pub.size ? HEAD_STEP : CHUNK;
	while (st == ARCHIVE_OK) {
		n = zip_fread(zf, raw, step);
		if (n < 0) {
			zerr = zip_error_code_zip(zip_file_get_error(zf));
			break;
		}
		if (n == 0)
			break;
		if ((uint64_t)n > e->pub.packed - pos) {
			zerr = ZIP_ER_INCONS;
			break;
		}
		for (i = 0; i < (size_t)n && pos < hlen; )
			hdr[pos++] = raw[i++];
		if (pos == hlen && !keyed) {
			dklen = 2 * r.keylen + 2;
			cached = key_lookup(ar, e, pw, hdr, saltlen, dklen, dk,
			    &gen);
			if (!cached)
				aes_pbkdf2(pw, hdr, saltlen, dklen, dk);
			if (memcmp(dk + 2 * r.keylen, hdr + saltlen, 2) != 0) {
				zerr = ZIP_ER_WRONGPASSWD;
				break;
			}
			if (!cached)
				key_store(ar, e, gen, hdr, saltlen, dklen, dk);
			hmac_sha1_set_key(&r.mac, r.keylen, dk + r.keylen);
			switch (r.keylen) {
			case 16:
				aes128_set_encrypt_key(&r.aes.a128, dk);
				break;
			case 24:
				aes192_set_encrypt_key(&r.aes.a192, dk);
				break;
			default:
				aes256_set_encrypt_key(&r.aes.a256, dk);
				break;
			}
			secure_wipe(dk, sizeof(dk));
			keyed = 1;
		}
		if (i < (size_t)n && pos < dend) {
			k = (size_t)n - i;
			if (k > dend - pos)
				k = (size_t)(dend - pos);
			hmac_sha1_update(&r.mac, k, raw + i);
			if (r.whole)
				aes_ctr(&r, r.comp + (pos - hlen), raw + i, k);
			else if (!check_only && !r.ended) {
				aes_ctr(&r, r.dec, raw + i, k);
				st = aes_plain(ar, e, &r, r.dec, k, maxbytes,
				    &done, cb, arg, cause);
			}
			pos += k;
			i += k;
		}
		while (i < (size_t)n)
			code[pos++ - dend] = raw[i++];
	}
	zip_fclose(zf);
	/* A stored entry's raw read ends in libzip's CRC (or size) check. */
	if ((zerr == ZIP_ER_CRC || zerr == ZIP_ER_INCONS) &&
	    pos == e->pub.packed)
		zerr = 0;
	cont_give(ar, e->cont, za, zerr == 0 && (st == ARCHIVE_OK ||
	    st == ARCHIVE_ERR_CANCELLED));
	if (st != ARCHIVE_OK)
		;
	else if (zerr != 0)
		st = read_error(e, zerr, cause);
	else if (pos != e->pub.packed)
		st = read_error(e, ZIP_ER_EOF, cause);
	else {
		hmac_sha1_digest(&r.mac, sizeof(mac), mac);
		for (bad = 0, i = 0; i < sizeof(mac); i++)
			bad |= mac[i] ^ code[i];
		if (bad)
			st = read_error(e, ZIP_ER_CRC, cause);
		else if (check_only)
			;
		else if (r.whole && (st = aes_whole(ar, e, &r, maxbytes,
		    &done, cb, arg, cause)) != ARCHIVE_OK)
			;
		else if (r.inflating && !r.ended)
			st = read_error(e, ZIP_ER_EOF, cause);
		else if (done != e->pub.size)
			st = read_error(e, ZIP_ER_INCONS, cause);
		else if (e->crc != 0 && r.crc != e->crc)
			st = read_error(e, ZIP_ER_CRC, cause);
	}
	if (r.inflating)
		inflateEnd(&r.z);
	if (r.ks != NULL) {
		secure_wipe(r.ks, KS_BLOCKS * 16);
		free(r.ks);
	}
	if (r.dec != NULL) {
		secure_wipe(r.dec, CHUNK);
		free(r.dec);
	}
	if (r.out != NULL) {
		secure_wipe(r.out, CHUNK);
		free(r.out);
	}
	if (r.comp != NULL) {
		secure_wipe(r.comp, r.clen);
		free(r.comp);
	}
	free(raw);
	secure_wipe(dk, sizeof(dk));
	secure_wipe(&r, sizeof(r));
	secure_wipe(hdr, sizeof(hdr));
	return (st);
}

/*
 * Traditional PKWARE encryption (ZipCrypto), for plain_whole: libzip 1.7
 * decrypts it calling zlib's crc32 once per byte (a third of the CPU of a
 * ZipCrypto delivery's load); here the CRC steps come from a table.
 */
#define ZC_HEADER	12		/* encryption header before the data */

struct zcrypt {
	uint32_t	k0, k1, k2;
};

static uint32_t		zc_tab[256];
static pthread_once_t	zc_once = PTHREAD_ONCE_INIT;

/* The CRC-32 table (reflected, polynomial 0xedb88320). */
static void
zc_tab_init(void)
{
	uint32_t	c;
	int		i, j;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
		zc_tab[i] = c;
	}
}

static void
zc_update(struct zcrypt *z, unsigned char p)
{
	z->k0 = zc_tab[(z->k0 ^ p) & 0xff] ^ (z->k0 >> 8);
	z->k1 = (z->k1 + (z->k0 & 0xff)) * 134775813U + 1;
	z->k2 = zc_tab[(z->k2 ^ (z->k1 >> 24)) & 0xff] ^ (z->k2 >> 8);
}

/* The keys for password pw. */
static void
zc_init(struct zcrypt *z, const char *pw)
{
	pthread_once(&zc_once, zc_tab_init);
	z->k0 = 0x12345678;
	z->k1 = 0x23456789;
	z->k2 = 0x34567890;
	while (*pw != '\0')
		zc_update(z, (unsigned char)*pw++);
}

/* Decrypt len bytes in place. */
static void
zc_decrypt(struct zcrypt *z, unsigned char *p, size_t len)
{
	uint32_t	t;
	size_t		i;

	for (i = 0; i < len; i++) {
		t = (z->k2 | 2) & 0xffff;
		p[i] ^= (unsigned char)((t * (t ^ 1)) >> 8);
		zc_update(z, p[i]);
	}
}

/*
 * A deflated entry that is not WinZip AES (plain or ZipCrypto) read whole
 * when whole_fits: libzip gives the deflate stream (plain: not inflated,
 * ZIP_FL_COMPRESSED; ZipCrypto: as stored, ZIP_FL_ENCRYPTED, once libzip
 * opened it with the password, which checks the header's check byte, and
 * decrypted here), libdeflate inflates it at once into a
 * buffer of the directory's size, libdeflate_crc32 checks it against the
 * directory's CRC-32, then the bytes go to cb in CHUNK pieces.  Returns
 * 1 when nothing was passed on and the entry must be read through libzip
 * as before (an error of any kind, a short or long stream, a wrong
 * CRC-32): that read then fails with today's status and message (a
 * ZipCrypto password passing the check byte included).  Else 0 with *st.
 */
static int
plain_whole(struct archive *ar, struct ent *e, const char *pw,
    uint64_t maxbytes, int (*cb)(void *, const void *, size_t), void *arg,
    enum archive_status *st, char **cause)
{
	struct libdeflate_decompressor	*d = NULL;
	enum libdeflate_result		 res = LIBDEFLATE_BAD_DATA;
	struct zcrypt			 zc;
	unsigned char			*comp, *out = NULL, *data;
	size_t				 size = (size_t)e->pub.size;
	size_t				 cap, got = 0, off, k;
	uint64_t			 done = 0;
	zip_file_t			*zf;
	zip_int64_t			 n;
	zip_t				*za;
	int				 zerr = 0, again = 1, pk;

	pk = e->pub.enc == ARCHIVE_ENC_PKWARE;
	if ((za = cont_take(ar, e->cont, &zerr)) == NULL)
		return (1);
	zf = zip_fopen_index_encrypted(za, e->zidx, ZIP_FL_COMPRESSED, pw);
	if (zf != NULL && pk) {
		/* The password passed libzip's check: read the raw bytes. */
		if (zip_fclose(zf) != 0)
			zf = NULL;
		else
			zf = zip_fopen_index_encrypted(za, e->zidx,
			    ZIP_FL_ENCRYPTED, NULL);
	}
	if (zf == NULL) {
		zip_discard(za);
		return (1);
	}
	cap = (size_t)e->pub.packed;
	comp = xmalloc(cap + 1);
	/* One byte more than the packed size: a longer stream is caught. */
	while ((n = zip_fread(zf, comp + got, cap + 1 - got)) > 0) {
		got += (size_t)n;
		if (got > cap)
			break;
	}
	if (zip_fclose(zf) != 0 || n < 0 || got > cap) {
		zip_discard(za);
		goto out;
	}
	cont_give(ar, e->cont, za, 1);
	data = comp;
	if (pk) {
		if (got < ZC_HEADER)
			goto out;
		zc_init(&zc, pw);
		zc_decrypt(&zc, comp, got);
		secure_wipe(&zc, sizeof(zc));
		data += ZC_HEADER;
		got -= ZC_HEADER;
	}
	if ((d = libdeflate_alloc_decompressor()) == NULL)
		goto out;
	out = xmalloc(size > 0 ? size : 1);
	res = libdeflate_deflate_decompress(d, data, got, out, size, NULL);
	libdeflate_free_decompressor(d);
	if (res != LIBDEFLATE_SUCCESS || libdeflate_crc32(0, out, size) !=
	    e->crc)
		goto out;
	again = 0;
	__atomic_add_fetch(&ar->wholes, 1, __ATOMIC_RELAXED);
	*st = ARCHIVE_OK;
	for (off = 0; *st == ARCHIVE_OK && off < size; off += k) {
		k = size - off < CHUNK ? size - off : CHUNK;
		*st = deliver(ar, e, maxbytes, &done, out + off, k, cb, arg,
		    cause);
	}
out:
	if (out != NULL) {
		secure_wipe(out, size);
		free(out);
	}
	secure_wipe(comp, cap + 1);
	free(comp);
	return (again);
}

/*
 * Read entry e, passing plain bytes to cb, within the limits.  The heart
 * of archive_stream; also reads nested zips into memory.  want is how
 * many bytes the caller needs (UINT64_MAX: all; fewer: its cb stops the
 * read, so nothing is inflated at once).  WinZip AES entries stored or
 * deflated are read by aes_read; the rest by libzip.
 */
static enum archive_status
stream_entry(struct archive *ar, struct ent *e, const char *password,
    uint64_t maxbytes, uint64_t want,
    int (*cb)(void *, const void *, size_t), void *arg, char **cause)
{
	const char		*pw = NULL;
	unsigned char		*buf;
	zip_file_t		*zf;
	zip_int64_t		 n;
	zip_t			*za;
	uint64_t		 done = 0;
	int			 zerr = 0, rc, eof = 0;
	enum archive_status	 st = ARCHIVE_OK;

	if (e->pub.kind == ARCHIVE_KIND_DIR)
		return (ARCHIVE_OK);
	if (e->pub.enc == ARCHIVE_ENC_OTHER)
		return (read_error(e, ZIP_ER_ENCRNOTSUPP, cause));
	if (e->pub.enc != ARCHIVE_ENC_NONE) {
		if (password == NULL || *password == '\0')
			return (read_error(e, ZIP_ER_NOPASSWD, cause));
		pw = password;
	}
	if (is_aes(e) && (e->pub.method == ZIP_CM_STORE ||
	    e->pub.method == ZIP_CM_DEFLATE))
		return (aes_read(ar, e, pw, 0, maxbytes, want, cb, arg,
		    cause));
	if (e->crcset && whole_fits(ar, e, maxbytes, want) &&
	    plain_whole(ar, e, pw, maxbytes, cb, arg, &st, cause) == 0)
		return (st);
	if ((za = cont_take(ar, e->cont, &zerr)) == NULL)
		return (open_error(zerr, cause));
	zf = zip_fopen_index_encrypted(za, e->zidx, 0, pw);
	if (zf == NULL) {
		zerr = zip_error_code_zip(zip_get_error(za));
		zip_discard(za);
		return (read_error(e, zerr, cause));
	}
	buf = xmalloc(CHUNK);
	for (;;) {
		n = zip_fread(zf, buf, CHUNK);
		if (n < 0) {
			zerr = zip_error_code_zip(zip_file_get_error(zf));
			break;
		}
		if (n == 0) {
			eof = 1;
			break;
		}
		st = deliver(ar, e, maxbytes, &done, buf, (size_t)n, cb, arg,
		    cause);
		if (st != ARCHIVE_OK)
			break;
	}
	rc = zip_fclose(zf);
	/* A read stopped by the callback leaves the handle as good. */
	cont_give(ar, e->cont, za, zerr == 0 && ((st == ARCHIVE_OK && eof &&
	    rc == 0) || st == ARCHIVE_ERR_CANCELLED));
	secure_wipe(buf, CHUNK);
	free(buf);
	if (st != ARCHIVE_OK)
		return (st);
	if (eof && rc == 0 && zerr == 0)
		return (ARCHIVE_OK);
	if (zerr == 0)
		zerr = rc != 0 ? rc : ZIP_ER_INTERNAL;
#ifdef LIBZIP_AE2_CRC_BUG
	/* AE-2 compressed otherwise: libzip read it, check the code here. */
	if (zerr == ZIP_ER_CRC && e->ae2 && done == e->pub.size)
		return (aes_read(ar, e, pw, 1, 0, 0, NULL, NULL, cause));
#endif
	return (read_error(e, zerr, cause));
}

/* A growable buffer with a cap, for archive_read and nested zips. */
struct grow {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
	uint64_t	 max;
};

/* Callback appending to a struct grow. */
static int
grow_cb(void *arg, const void *buf, size_t len)
{
	struct grow	*g = arg;
	size_t		 ncap;

	if (len > g->max - g->len || len > SIZE_MAX - g->len - 1)
		return (-1);
	if (g->len + len + 1 > g->cap) {
		ncap = g->cap == 0 ? CHUNK : g->cap;
		while (ncap < g->len + len + 1)
			ncap = ncap > SIZE_MAX / 2 ? SIZE_MAX : ncap * 2;
		g->p = xrealloc(g->p, ncap);
		g->cap = ncap;
	}
	memcpy(g->p + g->len, buf, len);
	g->len += len;
	g->p[g->len] = '\0';
	return (0);
}

/* Read a whole entry into memory, within the limits. */
static enum archive_status
read_whole(struct archive *ar, struct ent *e, const char *password,
    unsigned char **out, size_t *outlen, char **cause)
{
	struct grow		 g;
	enum archive_status	 st;
	char			*why = NULL;

	memset(&g, 0, sizeof(g));
	g.max = ar->lim.max_entry;
	if (g.max > SIZE_MAX / 2)
		g.max = SIZE_MAX / 2;
	st = stream_entry(ar, e, password, g.max + 1, UINT64_MAX, grow_cb, &g,
	    &why);
	if (st == ARCHIVE_ERR_CANCELLED) {
		free(why);
		why = NULL;
		st = fail(&why, ARCHIVE_ERR_LIMIT, _("\"%s\" is larger than "
		    "the safety limit (%llu MiB)"), e->pub.path,
		    (unsigned long long)(g.max / MIB));
	}
	if (st != ARCHIVE_OK) {
		if (g.p != NULL) {
			secure_wipe(g.p, g.len);
			free(g.p);
		}
		if (cause != NULL && *cause == NULL)
			*cause = why;
		else
			free(why);
		return (st);
	}
	if (g.p == NULL)
		g.p = xcalloc(1, 1);
	*out = g.p;
	*outlen = g.len;
	return (ARCHIVE_OK);
}

/* Peek at the first bytes of an unencrypted entry for its kind. */
static size_t
peek(struct archive *ar, zip_t *za, zip_uint64_t i, unsigned char *magic,
    size_t len)
{
	zip_file_t	*zf;
	zip_int64_t	 n;
	size_t		 got = 0;

	if ((zf = zip_fopen_index(za, i, 0)) == NULL)
		return (0);
	while (got < len) {
		n = zip_fread(zf, magic + got, len - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	zip_fclose(zf);
	__atomic_add_fetch(&ar->total, got, __ATOMIC_RELAXED);
	return (got);
}

/* Make a container for a nested zip read into memory. */
static struct cont *
cont_add(struct archive *ar, unsigned char *bytes, size_t len, unsigned depth)
{
	struct cont	*c;

	c = xcalloc(1, sizeof(*c));
	c->buf = bytes;
	c->owned = bytes;
	c->len = len;
	c->depth = depth;
	ar->conts = xreallocarray(ar->conts, ar->nconts + 1,
	    sizeof(*ar->conts));
	ar->conts[ar->nconts++] = c;
	return (c);
}

/*
 * The local header offsets of a container's n entries, from its central
 * directory (libzip 1.7 does not tell them); NULL when it cannot be read
 * plainly (then nested zips are read into memory instead).
 */
static uint64_t *
cd_offsets(struct archive *ar, struct cont *c, zip_int64_t n)
{
	unsigned char	*cd, *r, *x;
	uint64_t	*offs, v[3];
	size_t		 p = 0, q, nlen, xlen, clen, dlen;
	zip_int64_t	 i;
	int		 k;

	if (n <= 0 || c->cdsize > 64 * MIB || c->cdoff > c->len ||
	    c->cdsize > c->len - c->cdoff)
		return (NULL);
	cd = xmalloc(c->cdsize + 1);
	if (cont_read_at(ar, c, c->cdoff, cd, (size_t)c->cdsize) != 0) {
		free(cd);
		return (NULL);
	}
	offs = xreallocarray(NULL, (size_t)n, sizeof(*offs));
	for (i = 0; i < n; i++) {
		if (c->cdsize - p < 46 || memcmp(cd + p, "PK\1\2", 4) != 0)
			goto bad;
		r = cd + p;
		nlen = le16(r + 28);
		xlen = le16(r + 30);
		clen = le16(r + 32);
		if (c->cdsize - p - 46 < nlen + xlen + clen)
			goto bad;
		v[0] = le32(r + 24);
		v[1] = le32(r + 20);
		v[2] = le32(r + 42);
		/* Zip64: the fields at 0xffffffff follow in the extra. */
		for (q = 0, x = r + 46 + nlen; q + 4 <= xlen; q += 4 + dlen) {
			dlen = le16(x + q + 2);
			if (q + 4 + dlen > xlen)
				goto bad;
			if (le16(x + q) != 0x0001)
				continue;
			for (k = 0, dlen = 0; k < 3; k++) {
				if (v[k] != 0xffffffff)
					continue;
				if (dlen + 8 > le16(x + q + 2))
					goto bad;
				v[k] = le64(x + q + 4 + dlen);
				dlen += 8;
			}
			dlen = le16(x + q + 2);
		}
		offs[i] = v[2];
		p += 46 + nlen + xlen + clen;
	}
	free(cd);
	return (offs);
bad:
	free(cd);
	free(offs);
	return (NULL);
}

/*
 * Where a stored, unencrypted nested zip's bytes start in its container,
 * checked against the local header (name, method, sizes) and the zip
 * magic; 0 on success.
 */
static int
stored_window(struct archive *ar, struct cont *c, uint64_t loff,
    const char *rawname, uint64_t size, uint64_t *dataoff)
{
	unsigned char	lh[30], magic[4], *name;
	size_t		nlen, xlen;
	int		ok;

	if (cont_read_at(ar, c, loff, lh, sizeof(lh)) != 0 ||
	    memcmp(lh, "PK\3\4", 4) != 0 || le16(lh + 8) != ZIP_CM_STORE ||
	    (le16(lh + 6) & 1) != 0)
		return (-1);
	nlen = le16(lh + 26);
	xlen = le16(lh + 28);
	if (nlen != strlen(rawname))
		return (-1);
	name = xmalloc(nlen + 1);
	ok = cont_read_at(ar, c, loff + 30, name, nlen) == 0 &&
	    memcmp(name, rawname, nlen) == 0;
	free(name);
	if (!ok)
		return (-1);
	*dataoff = loff + 30 + nlen + xlen;
	if (*dataoff > c->len || size > c->len - *dataoff || size < 22 ||
	    cont_read_at(ar, c, *dataoff, magic, 4) != 0 ||
	    (memcmp(magic, "PK\3\4", 4) != 0 &&
	    memcmp(magic, "PK\5\6", 4) != 0))
		return (-1);
	return (0);
}

/* A container over part of another one, read in place. */
static struct cont *
cont_window(struct archive *ar, struct cont *parent, uint64_t off,
    uint64_t len, unsigned depth)
{
	struct cont	*c;

	c = xcalloc(1, sizeof(*c));
	if (parent->buf != NULL)
		c->buf = parent->buf + off;
	else
		c->fileoff = parent->fileoff + off;
	c->len = len;
	c->depth = depth;
	ar->conts = xreallocarray(ar->conts, ar->nconts + 1,
	    sizeof(*ar->conts));
	ar->conts[ar->nconts++] = c;
	return (c);
}

/*
 * Read a zip entry (with the password when it is encrypted) and list its
 * entries after it into out.  The entry may turn out not to be a zip.
 * A stored, unencrypted one is read in place (window).
 */
static enum archive_status
expand_entry(struct archive *ar, struct ent *e, const char *password,
    const uint64_t *window, struct entvec *out, char **cause)
{
	unsigned char		*bytes = NULL;
	size_t			 len = 0;
	struct cont		*c;
	enum archive_status	 st;

	if (e->pub.depth + 1 > ar->lim.max_depth)
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("zips nested more "
		    "than %u deep (\"%s\"): over the safety limit"),
		    ar->lim.max_depth, e->pub.path));
	if (window != NULL) {
		c = cont_window(ar, e->cont, *window, e->pub.size,
		    e->pub.depth + 1);
		st = list_zip(ar, c, e, password, out, cause);
		if (st == ARCHIVE_OK)
			e->pub.expanded = 1;
		return (st);
	}
	st = read_whole(ar, e, password, &bytes, &len, cause);
	if (st != ARCHIVE_OK)
		return (st);
	if (len < 4 || (memcmp(bytes, "PK\3\4", 4) != 0 &&
	    memcmp(bytes, "PK\5\6", 4) != 0)) {
		e->pub.kind = kind_of(e->pub.name, bytes, len, 1);
		secure_wipe(bytes, len);
		free(bytes);
		return (ARCHIVE_OK);
	}
	c = cont_add(ar, bytes, len, e->pub.depth + 1);
	st = list_zip(ar, c, e, password, out, cause);
	if (st == ARCHIVE_OK)
		e->pub.expanded = 1;
	return (st);
}

/* Check the sum of packed sizes against the container's bytes. */
static enum archive_status
check_packed(zip_t *za, zip_int64_t n, uint64_t size, char **cause)
{
	zip_stat_t	st;
	zip_int64_t	i;
	uint64_t	sum = 0;

	for (i = 0; i < n; i++) {
		if (zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW,
		    &st) != 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0)
			continue;
		if (st.comp_size > size)
			return (fail(cause, ARCHIVE_ERR_FORMAT, _("an entry "
			    "claims more packed bytes than the file holds: the "
			    "archive is truncated or crafted")));
		sum += st.comp_size;
		if (sum > size)
			return (fail(cause, ARCHIVE_ERR_LIMIT, _("the entries' "
			    "packed sizes add up to more than the file: "
			    "overlapping entries (a zip bomb)")));
	}
	return (ARCHIVE_OK);
}

/*
 * After libzip refused an archive as inconsistent, look for the reasons we
 * can name (duplicate names, overlap) by opening it without the check.
 */
static enum archive_status
diagnose(struct archive *ar, struct cont *c, char **cause)
{
	zip_t			*za;
	zip_int64_t		 n, i;
	const char		**names;
	enum archive_status	 st = ARCHIVE_OK;
	int			 zerr;

	if ((za = cont_open(ar, c, ZIP_RDONLY, &zerr)) == NULL)
		return (ARCHIVE_OK);
	n = zip_get_num_entries(za, 0);
	if (n > 0 && (uint64_t)n <= ar->lim.max_entries) {
		st = check_packed(za, n, c->len, cause);
		if (st == ARCHIVE_OK) {
			names = xreallocarray(NULL, (size_t)n, sizeof(*names));
			for (i = 0; i < n; i++) {
				names[i] = zip_get_name(za, (zip_uint64_t)i,
				    ZIP_FL_ENC_RAW);
				if (names[i] == NULL)
					names[i] = "";
			}
			qsort(names, (size_t)n, sizeof(*names), cmp_str);
			for (i = 1; i < n; i++) {
				if (strcmp(names[i - 1], names[i]) == 0) {
					st = fail(cause, ARCHIVE_ERR_FORMAT,
					    _("two entries are named \"%s\": "
					    "the archive is ambiguous (one may "
					    "be a decoy), refusing to choose"),
					    names[i]);
					break;
				}
			}
			free(names);
		}
	}
	zip_discard(za);
	return (st);
}

/* Compare C strings through pointers, for qsort. */
static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/*
 * Refuse at listing what the headers themselves announce as a bomb: an
 * entry claiming to inflate more than max_ratio times, or a tree claiming
 * more than max_total bytes.  (Lying headers are caught while reading.)
 */
static enum archive_status
check_declared(struct archive *ar, struct ent *e, char **cause)
{
	uint64_t	packed = e->pub.packed > 0 ? e->pub.packed : 1;

	if (e->pub.size > RATIO_GRACE &&
	    e->pub.size / packed > ar->lim.max_ratio)
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("\"%s\" claims to "
		    "inflate %llu times its packed size: over the safety "
		    "limit (a zip bomb?)"), e->pub.path,
		    (unsigned long long)(e->pub.size / packed)));
	ar->declared += e->pub.size;
	if (ar->declared < e->pub.size || ar->declared > ar->lim.max_total)
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("the archive claims "
		    "to hold more than %llu MiB once inflated: over the safety "
		    "limit (a zip bomb?)"),
		    (unsigned long long)(ar->lim.max_total / MIB)));
	return (ARCHIVE_OK);
}

/*
 * List a container's entries into out (tree order: a nested zip's entries
 * follow it), expanding nested zips readable with what we have: the
 * unencrypted ones always, the encrypted ones when password is given.
 */
static enum archive_status
list_zip(struct archive *ar, struct cont *c, struct ent *up,
    const char *password, struct entvec *out, char **cause)
{
	zip_t			*za;
	zip_int64_t		 n, i;
	zip_stat_t		 zs;
	struct ent		*e;
	unsigned char		 magic[4];
	size_t			 mlen, plen;
	uint64_t		 count;
	char			*name;
	const char		*raw;
	uint64_t		*loffs = NULL, dataoff;
	const uint64_t		*win;
	int			 zerr = 0, cp850, isdir, known, triedcd = 0;
	enum archive_status	 st;

	if ((st = sniff(ar, c, &count, cause)) != ARCHIVE_OK)
		return (st);
	if (count > ar->lim.max_entries ||
	    ar->listed + count > ar->lim.max_entries)
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("more than %u entries "
		    "in the archive: over the safety limit"),
		    ar->lim.max_entries));
	za = cont_open(ar, c, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (za == NULL) {
		if (zerr != ZIP_ER_MEMORY && zerr != ZIP_ER_READ &&
		    zerr != ZIP_ER_SEEK &&
		    (st = diagnose(ar, c, cause)) != ARCHIVE_OK)
			return (st);
		return (open_error(zerr, cause));
	}
	n = zip_get_num_entries(za, 0);
	if (n < 0 || (uint64_t)n > ar->lim.max_entries ||
	    ar->listed + (uint64_t)n > ar->lim.max_entries) {
		zip_discard(za);
		return (fail(cause, ARCHIVE_ERR_LIMIT, _("more than %u entries "
		    "in the archive: over the safety limit"),
		    ar->lim.max_entries));
	}
	if ((st = check_packed(za, n, c->len, cause)) != ARCHIVE_OK) {
		zip_discard(za);
		return (st);
	}
	ar->listed += (uint64_t)n;

	for (i = 0; i < n; i++) {
		if (zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW,
		    &zs) != 0) {
			free(loffs);
			zip_discard(za);
			return (open_error(ZIP_ER_INCONS, cause));
		}
		e = xcalloc(1, sizeof(*e));
		e->cont = c;
		e->zidx = (zip_uint64_t)i;
		e->up = up;
		name = decode_name(za, (zip_uint64_t)i, &cp850);
		plen = strlen(name);
		isdir = plen > 0 && name[plen - 1] == '/';
		if (isdir)
			name[--plen] = '\0';
		if (up != NULL) {
			e->pub.path = xasprintf("%s/%s", up->pub.path, name);
			free(name);
		} else
			e->pub.path = name;
		e->pub.name = strrchr(e->pub.path, '/');
		e->pub.name = e->pub.name == NULL ? e->pub.path :
		    e->pub.name + 1;
		e->pub.size = (zs.valid & ZIP_STAT_SIZE) ? zs.size : 0;
		e->pub.packed = (zs.valid & ZIP_STAT_COMP_SIZE) ?
		    zs.comp_size : 0;
		e->pub.method = (zs.valid & ZIP_STAT_COMP_METHOD) ?
		    zs.comp_method : 0;
		e->pub.enc = (zs.valid & ZIP_STAT_ENCRYPTION_METHOD) ?
		    enc_of(zs.encryption_method) : ARCHIVE_ENC_NONE;
		e->pub.depth = c->depth;
		e->pub.name_cp850 = cp850;
		vec_push(out, e);
		if ((st = check_declared(ar, e, cause)) != ARCHIVE_OK) {
			free(loffs);
			zip_discard(za);
			return (st);
		}
		e->crc = (zs.valid & ZIP_STAT_CRC) ? zs.crc : 0;
		e->crcset = (zs.valid & ZIP_STAT_CRC) != 0;
		e->ae2 = is_aes(e) && (zs.valid & ZIP_STAT_CRC) &&
		    zs.crc == 0;
		mlen = 0;
		known = 0;
		if (isdir)
			e->pub.kind = ARCHIVE_KIND_DIR;
		else {
			if (e->pub.enc == ARCHIVE_ENC_NONE) {
				mlen = peek(ar, za, (zip_uint64_t)i, magic,
				    sizeof(magic));
				/* Unreadable here: judge by the name. */
				known = mlen > 0 || e->pub.size == 0;
			}
			e->pub.kind = kind_of(e->pub.name, magic, mlen, known);
		}
		if (e->pub.kind != ARCHIVE_KIND_ZIP)
			continue;
		if (e->pub.enc != ARCHIVE_ENC_NONE &&
		    (password == NULL || *password == '\0'))
			continue;
		win = NULL;
		if (e->pub.enc == ARCHIVE_ENC_NONE &&
		    e->pub.method == ZIP_CM_STORE &&
		    e->pub.packed == e->pub.size) {
			if (loffs == NULL && !triedcd) {
				loffs = cd_offsets(ar, c, n);
				triedcd = 1;
			}
			raw = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
			if (loffs != NULL && raw != NULL &&
			    stored_window(ar, c, loffs[i], raw, e->pub.size,
			    &dataoff) == 0)
				win = &dataoff;
		}
		if ((st = expand_entry(ar, e, password, win, out, cause)) !=
		    ARCHIVE_OK) {
			free(loffs);
			zip_discard(za);
			return (st);
		}
	}
	free(loffs);
	zip_discard(za);
	return (ARCHIVE_OK);
}

/* Fill in the default limits. */
static void
set_limits(struct archive *ar, const struct archive_limits *lim)
{
	uint64_t	cap;
	long		pages, psize;

	if (lim != NULL)
		ar->lim = *lim;
	if (ar->lim.max_total == 0) {
		/* min(8 GiB, 64 x the archive + 64 MiB, RAM) */
		cap = 8 * GIB;
		if (ar->size < (8 * GIB) / 64 && 64 * ar->size + 64 * MIB < cap)
			cap = 64 * ar->size + 64 * MIB;
		pages = sysconf(_SC_PHYS_PAGES);
		psize = sysconf(_SC_PAGESIZE);
		if (pages > 0 && psize > 0 &&
		    (uint64_t)pages * (uint64_t)psize < cap)
			cap = (uint64_t)pages * (uint64_t)psize;
		ar->lim.max_total = cap;
	}
	if (ar->lim.max_entry == 0 || ar->lim.max_entry > ar->lim.max_total)
		ar->lim.max_entry = ar->lim.max_total;
	if (ar->lim.max_ratio == 0)
		ar->lim.max_ratio = 1000;
	if (ar->lim.max_depth == 0)
		ar->lim.max_depth = 4;
	if (ar->lim.max_entries == 0)
		ar->lim.max_entries = 10000;
}

/* List the whole tree from the root container. */
static enum archive_status
open_common(struct archive *ar, struct cont *root, struct archive **out,
    char **cause)
{
	struct entvec		 v;
	enum archive_status	 st;

	memset(&v, 0, sizeof(v));
	pthread_mutex_init(&ar->pool_mu, NULL);
	pthread_mutex_init(&ar->key_mu, NULL);
	ar->pool_inited = 1;
	ar->conts = xreallocarray(NULL, 1, sizeof(*ar->conts));
	ar->conts[0] = root;
	ar->nconts = 1;
	st = list_zip(ar, root, NULL, NULL, &v, cause);
	if (st == ARCHIVE_OK) {
		ents_insert(ar, 0, &v);
		st = check_duplicates(ar, cause);
	} else
		vec_free(&v);
	if (st != ARCHIVE_OK) {
		archive_free(ar);
		*out = NULL;
		return (st);
	}
	*out = ar;
	return (ARCHIVE_OK);
}

/* Open a zip file and list its tree. */
enum archive_status
archive_open(const char *path, const struct archive_limits *lim,
    struct archive **out, char **cause)
{
	struct archive	*ar;
	struct cont	*root;
	struct stat	 sb;
	int		 fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return (fail(cause, ARCHIVE_ERR_IO, _("cannot open: %s"),
		    strerror(errno)));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return (fail(cause, ARCHIVE_ERR_IO,
		    _("not a regular file")));
	}
	ar = xcalloc(1, sizeof(*ar));
	ar->fd = fd;
	ar->size = (uint64_t)sb.st_size;
	set_limits(ar, lim);
	root = xcalloc(1, sizeof(*root));
	root->len = ar->size;
	return (open_common(ar, root, out, cause));
}

/* The same over bytes in memory (borrowed until archive_free). */
enum archive_status
archive_open_buffer(const void *buf, size_t len, const char *display_name,
    const struct archive_limits *lim, struct archive **out, char **cause)
{
	struct archive	*ar;
	struct cont	*root;

	(void)display_name;
	*out = NULL;
	ar = xcalloc(1, sizeof(*ar));
	ar->fd = -1;
	ar->size = len;
	set_limits(ar, lim);
	root = xcalloc(1, sizeof(*root));
	root->buf = len > 0 ? buf : (const unsigned char *)"";
	root->len = len;
	return (open_common(ar, root, out, cause));
}

/* Free an archive; NULL is fine. */
void
archive_free(struct archive *ar)
{
	size_t	i;

	if (ar == NULL)
		return;
	for (i = 0; i < ar->n; i++)
		ent_free(ar->ents[i]);
	free(ar->ents);
	for (i = 0; i < ar->nconts; i++) {
		while (ar->conts[i]->npool > 0)
			zip_discard(ar->conts[i]->pool[--ar->conts[i]->npool]);
		if (ar->conts[i]->owned != NULL) {
			secure_wipe(ar->conts[i]->owned, ar->conts[i]->len);
			free(ar->conts[i]->owned);
		}
		free(ar->conts[i]);
	}
	free(ar->conts);
	if (ar->fd != -1)
		close(ar->fd);
	if (ar->pool_inited) {
		pthread_mutex_destroy(&ar->pool_mu);
		pthread_mutex_destroy(&ar->key_mu);
	}
	secret_free(ar->kpw);
	free(ar);
}

/* Number of entries. */
size_t
archive_count(const struct archive *ar)
{
	return (ar->n);
}

/* Entry i, or NULL past the end. */
const struct archive_entry *
archive_entry(const struct archive *ar, size_t i)
{
	if (i >= ar->n)
		return (NULL);
	return (&ar->ents[i]->pub);
}

/* Index of the entry with this exact path, or -1. */
long
archive_find(const struct archive *ar, const char *path)
{
	size_t	i, len;

	len = strlen(path);
	for (i = 0; i < ar->n; i++) {
		if (strcmp(ar->ents[i]->pub.path, path) == 0)
			return ((long)i);
	}
	/* A folder may be given with its trailing slash. */
	if (len > 1 && path[len - 1] == '/') {
		for (i = 0; i < ar->n; i++) {
			if (ar->ents[i]->pub.kind == ARCHIVE_KIND_DIR &&
			    strlen(ar->ents[i]->pub.path) == len - 1 &&
			    strncmp(ar->ents[i]->pub.path, path, len - 1) == 0)
				return ((long)i);
		}
	}
	return (-1);
}

/* Nonzero when some entry is encrypted. */
int
archive_encrypted(const struct archive *ar)
{
	size_t	i;

	for (i = 0; i < ar->n; i++) {
		if (ar->ents[i]->pub.enc != ARCHIVE_ENC_NONE)
			return (1);
	}
	return (0);
}

/* Nonzero when some zip entry is still closed. */
int
archive_needs_password_to_expand(const struct archive *ar)
{
	size_t	i;

	for (i = 0; i < ar->n; i++) {
		if (ar->ents[i]->pub.kind == ARCHIVE_KIND_ZIP &&
		    !ar->ents[i]->pub.expanded)
			return (1);
	}
	return (0);
}

/* Expand the encrypted nested zips with the password. */
enum archive_status
archive_expand(struct archive *ar, const char *password, char **cause)
{
	struct entvec		 v;
	struct ent		*e;
	enum archive_status	 st;
	size_t			 i;

	for (i = 0; i < ar->n; i++) {
		e = ar->ents[i];
		if (e->pub.kind != ARCHIVE_KIND_ZIP || e->pub.expanded)
			continue;
		memset(&v, 0, sizeof(v));
		st = expand_entry(ar, e, password, NULL, &v, cause);
		if (st != ARCHIVE_OK) {
			vec_free(&v);
			return (st);
		}
		i += v.n;
		ents_insert(ar, e->index + 1, &v);
	}
	return (check_duplicates(ar, cause));
}

/* Callback counting bytes only, for the password check. */
static int
count_cb(void *arg, const void *buf, size_t len)
{
	uint64_t	*left = arg;

	(void)buf;
	if (len >= *left)
		return (1);
	*left -= len;
	return (0);
}

/* Check a password on the smallest encrypted entry. */
enum archive_status
archive_check_password(struct archive *ar, const char *password, char **cause)
{
	struct ent		*e, *best = NULL;
	enum archive_status	 st;
	uint64_t		 left = CHECK_READ;
	size_t			 i;
	char			*why = NULL;

	if (password == NULL || *password == '\0')
		return (fail(cause, ARCHIVE_ERR_PASSWORD,
		    _("no password given")));
	for (i = 0; i < ar->n; i++) {
		e = ar->ents[i];
		if (e->pub.enc == ARCHIVE_ENC_NONE ||
		    e->pub.enc == ARCHIVE_ENC_OTHER ||
		    e->pub.kind == ARCHIVE_KIND_DIR)
			continue;
		if (best == NULL || e->pub.size < best->pub.size)
			best = e;
	}
	if (best == NULL)
		return (ARCHIVE_OK);
	st = stream_entry(ar, best, password, UINT64_MAX, CHECK_READ,
	    count_cb, &left, &why);
	if (st == ARCHIVE_ERR_CANCELLED)
		st = ARCHIVE_OK;	/* read far enough without error */
	if (st != ARCHIVE_OK && cause != NULL && *cause == NULL) {
		*cause = why;
		why = NULL;
	}
	free(why);
	return (st);
}

/* Decrypt and inflate entry i through cb. */
enum archive_status
archive_stream(struct archive *ar, size_t i, const char *password,
    int (*cb)(void *arg, const void *buf, size_t len), void *arg,
    char **cause)
{
	if (i >= ar->n)
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("no such entry")));
	return (stream_entry(ar, ar->ents[i], password, UINT64_MAX,
	    UINT64_MAX, cb, arg, cause));
}

/* The same for a caller that stops after the first want bytes. */
enum archive_status
archive_stream_head(struct archive *ar, size_t i, const char *password,
    uint64_t want, int (*cb)(void *arg, const void *buf, size_t len),
    void *arg, char **cause)
{
	if (i >= ar->n)
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("no such entry")));
	return (stream_entry(ar, ar->ents[i], password, UINT64_MAX, want, cb,
	    arg, cause));
}

/* Entries inflated at once so far. */
uint64_t
archive_whole_reads(const struct archive *ar)
{
	return (__atomic_load_n(&ar->wholes, __ATOMIC_RELAXED));
}

/* Read entry i whole into a fresh buffer. */
enum archive_status
archive_read(struct archive *ar, size_t i, const char *password, char **buf,
    size_t *len, char **cause)
{
	unsigned char		*p = NULL;
	enum archive_status	 st;

	*buf = NULL;
	*len = 0;
	if (i >= ar->n)
		return (fail(cause, ARCHIVE_ERR_FORMAT, _("no such entry")));
	st = read_whole(ar, ar->ents[i], password, &p, len, cause);
	if (st == ARCHIVE_OK)
		*buf = (char *)p;
	return (st);
}

/* The kind's word. */
const char *
archive_kind_name(enum archive_kind k)
{
	switch (k) {
	case ARCHIVE_KIND_DIR:
		return (_("folder"));
	case ARCHIVE_KIND_CSV:
		return ("csv");
	case ARCHIVE_KIND_TEXT:
		return (_("text"));
	case ARCHIVE_KIND_PDF:
		return ("pdf");
	case ARCHIVE_KIND_ZIP:
		return ("zip");
	default:
		return (_("other"));
	}
}

/* The encryption's word. */
const char *
archive_enc_name(enum archive_enc e)
{
	switch (e) {
	case ARCHIVE_ENC_NONE:
		return (_("none"));
	case ARCHIVE_ENC_PKWARE:
		return ("PKWARE");
	case ARCHIVE_ENC_AES128:
		return ("AES-128");
	case ARCHIVE_ENC_AES192:
		return ("AES-192");
	case ARCHIVE_ENC_AES256:
		return ("AES-256");
	default:
		return (_("unsupported"));
	}
}

/* The compression method's word. */
const char *
archive_method_name(int method)
{
	switch (method) {
	case ZIP_CM_STORE:
		return (_("stored"));
	case ZIP_CM_DEFLATE:
		return ("deflate");
	case ZIP_CM_DEFLATE64:
		return ("deflate64");
	case ZIP_CM_BZIP2:
		return ("bzip2");
	case ZIP_CM_LZMA:
		return ("LZMA");
	case ZIP_CM_XZ:
		return ("xz");
	case ZIP_CM_ZSTD:
		return ("zstd");
	default:
		return (_("other"));
	}
}
