/*
 * pdf — a minimal streaming PDF writer (see pdf.h).  Object 1 is the
 * catalog, 2 the page tree (written last, once every page is known), 3 and
 * 4 the fonts; then each page is a content stream and a page object.  The
 * offsets of all objects are kept for the cross-reference table.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "listelec/gen.h"
#include "listelec/xmalloc.h"
#include "pdf.h"

struct pdf {
	int		(*sink)(void *, const void *, size_t);
	void		*arg;
	int		 failed;
	double		 w, h;
	size_t		 off;		/* bytes written */

	size_t		*objoff;	/* offset of object i (1-based) */
	size_t		 nobj, capobj;
	size_t		*pages;		/* page object numbers */
	size_t		 npages, cappages;

	char		*content;	/* current page */
	size_t		 clen, ccap;
	int		 open;
	unsigned char	*z;
	size_t		 zcap;
	z_stream	 zs;		/* reused: one deflate state */
	int		 zready;
};

/* Send bytes. */
static void
out(struct pdf *p, const void *buf, size_t len)
{
	if (p->failed || len == 0)
		return;
	if (p->sink(p->arg, buf, len) != 0)
		p->failed = 1;
	p->off += len;
}

/* Send a formatted string. */
static void __attribute__((format(printf, 2, 3)))
outf(struct pdf *p, const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		out(p, buf, (size_t)n < sizeof buf ? (size_t)n :
		    sizeof buf - 1);
}

/* Record where object n starts. */
static void
begin_obj(struct pdf *p, size_t n)
{
	while (p->capobj <= n) {
		p->capobj = p->capobj == 0 ? 64 : p->capobj * 2;
		p->objoff = xreallocarray(p->objoff, p->capobj,
		    sizeof *p->objoff);
	}
	if (n > p->nobj)
		p->nobj = n;
	p->objoff[n] = p->off;
	outf(p, "%zu 0 obj\n", n);
}

/* A new document. */
struct pdf *
pdf_new(int (*sink)(void *, const void *, size_t), void *arg, double w,
    double h)
{
	struct pdf	*p = xcalloc(1, sizeof *p);

	p->sink = sink;
	p->arg = arg;
	p->w = w;
	p->h = h;
	p->nobj = 4;
	out(p, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 15);
	return (p);
}

/* Append to the page content. */
static void
cadd(struct pdf *p, const char *s, size_t len)
{
	if (p->clen + len > p->ccap) {
		while (p->clen + len > p->ccap)
			p->ccap = p->ccap == 0 ? 8192 : p->ccap * 2;
		p->content = xrealloc(p->content, p->ccap);
	}
	memcpy(p->content + p->clen, s, len);
	p->clen += len;
}

/* Write out the current page. */
static void
end_page(struct pdf *p)
{
	uLongf	 zlen;
	size_t	 n;

	if (!p->open)
		return;
	zlen = compressBound((uLong)p->clen);
	if (zlen > p->zcap) {
		p->zcap = zlen;
		p->z = xrealloc(p->z, p->zcap);
	}
	if (!p->zready) {
		if (deflateInit(&p->zs, Z_BEST_SPEED) != Z_OK) {
			p->failed = 1;
			return;
		}
		p->zready = 1;
	} else
		deflateReset(&p->zs);
	p->zs.next_in = (Bytef *)p->content;
	p->zs.avail_in = (uInt)p->clen;
	p->zs.next_out = p->z;
	p->zs.avail_out = (uInt)zlen;
	if (deflate(&p->zs, Z_FINISH) != Z_STREAM_END) {
		p->failed = 1;
		return;
	}
	zlen = p->zs.total_out;
	n = p->nobj + 1;
	begin_obj(p, n);
	outf(p, "<< /Length %lu /Filter /FlateDecode >>\nstream\n",
	    (unsigned long)zlen);
	out(p, p->z, zlen);
	outf(p, "\nendstream\nendobj\n");
	begin_obj(p, n + 1);
	outf(p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.0f %.0f] "
	    "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
	    "/Contents %zu 0 R >>\nendobj\n", p->w, p->h, n);
	if (p->npages == p->cappages) {
		p->cappages = p->cappages == 0 ? 64 : p->cappages * 2;
		p->pages = xreallocarray(p->pages, p->cappages,
		    sizeof *p->pages);
	}
	p->pages[p->npages++] = n + 1;
	p->clen = 0;
	p->open = 0;
}

/* A new page. */
int
pdf_page(struct pdf *p)
{
	end_page(p);
	p->open = 1;
	return (p->failed ? -1 : 0);
}

/* Text at a position. */
void
pdf_text(struct pdf *p, double x, double y, double size, int bold,
    const char *s)
{
	char	 raw[GEN_ROW_MAX], buf[2 * GEN_ROW_MAX + 64];
	size_t	 n, i, k;
	int	 len;

	if (!p->open)
		pdf_page(p);
	n = gen_to_cp1252(s, raw, sizeof raw);
	len = snprintf(buf, sizeof buf, "BT /F%d %.1f Tf %.1f %.1f Td (",
	    bold ? 2 : 1, size, x, y);
	k = (size_t)len;
	for (i = 0; i < n; i++) {
		if (raw[i] == '(' || raw[i] == ')' || raw[i] == '\\')
			buf[k++] = '\\';
		buf[k++] = raw[i];
	}
	memcpy(buf + k, ") Tj ET\n", 8);
	k += 8;
	cadd(p, buf, k);
}

/* Append a string operand, escaped, in Windows-1252. */
static size_t
put_string(char *buf, const char *s)
{
	char	 raw[GEN_ROW_MAX];
	size_t	 n, i, k = 0;

	n = gen_to_cp1252(s, raw, sizeof raw);
	buf[k++] = '(';
	for (i = 0; i < n; i++) {
		if (raw[i] == '(' || raw[i] == ')' || raw[i] == '\\')
			buf[k++] = '\\';
		buf[k++] = raw[i];
	}
	buf[k++] = ')';
	return (k);
}

/* Append a signed integer. */
static size_t
put_int(char *buf, long v)
{
	char	 tmp[24];
	size_t	 n = 0, k = 0;
	unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[k++] = '-';
	while (n > 0)
		buf[k++] = tmp[--n];
	return (k);
}

/* One line of cells, in one text object with relative moves. */
void
pdf_row(struct pdf *p, double y, double size, size_t n, const double *x,
    const char *const *cells)
{
	char	 buf[2 * GEN_ROW_MAX + 64];
	size_t	 i, k = 0;

	if (!p->open)
		pdf_page(p);
	memcpy(buf, "BT /F1 ", 7);
	k = 7;
	k += put_int(buf + k, (long)size);
	memcpy(buf + k, " Tf", 3);
	k += 3;
	cadd(p, buf, k);
	for (i = 0; i < n; i++) {
		k = 0;
		buf[k++] = ' ';
		k += put_int(buf + k, (long)(i == 0 ? x[0] : x[i] - x[i - 1]));
		buf[k++] = ' ';
		k += put_int(buf + k, (long)(i == 0 ? y : 0.0));
		memcpy(buf + k, " Td ", 4);
		k += 4;
		k += put_string(buf + k, cells[i]);
		memcpy(buf + k, " Tj", 3);
		cadd(p, buf, k + 3);
	}
	cadd(p, " ET\n", 4);
}

/* End the document. */
int
pdf_finish(struct pdf *p)
{
	size_t	 i, xref;
	int	 r;

	end_page(p);
	if (p->npages == 0) {
		pdf_page(p);
		end_page(p);
	}
	begin_obj(p, 1);
	outf(p, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	begin_obj(p, 3);
	outf(p, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
	    "/Encoding /WinAnsiEncoding >>\nendobj\n");
	begin_obj(p, 4);
	outf(p, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
	    "/Encoding /WinAnsiEncoding >>\nendobj\n");
	begin_obj(p, 2);
	outf(p, "<< /Type /Pages /Count %zu /Kids [", p->npages);
	for (i = 0; i < p->npages; i++)
		outf(p, "%s%zu 0 R", i % 16 == 15 ? "\n" : " ", p->pages[i]);
	outf(p, "] >>\nendobj\n");
	xref = p->off;
	outf(p, "xref\n0 %zu\n0000000000 65535 f \n", p->nobj + 1);
	for (i = 1; i <= p->nobj; i++)
		outf(p, "%010zu 00000 n \n", p->objoff[i]);
	outf(p, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n"
	    "%%%%EOF\n", p->nobj + 1, xref);
	r = p->failed ? -1 : 0;
	free(p->objoff);
	free(p->pages);
	free(p->content);
	free(p->z);
	if (p->zready)
		deflateEnd(&p->zs);
	free(p);
	return (r);
}
