/*
 * http — the portal client's transport over one libcurl easy handle.
 * Redirects are followed here, one hop at a time, so each target can be
 * checked against the portal's site; the cookie engine runs in memory
 * ("" as the cookie file) and nothing is ever written to disk.
 */
#include "config.h"

#include <arpa/inet.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "listelec/http.h"
#include "listelec/i18n.h"
#include "listelec/page.h"
#include "listelec/secure.h"
#include "listelec/xmalloc.h"

#define HTTP_MAX_REDIRECTS	10
#define HTTP_MAX_HEADER		8192	/* longest header value kept */

struct http {
	CURL		*curl;
	char		*scheme;	/* "https" or "http" */
	char		*host;		/* lower case, as curl gives it */
	long		 port;
	char		*site;		/* scheme://host:port/ */
	char		*referer;	/* the last page, for the next one */
	struct http_options o;
	char		 errbuf[CURL_ERROR_SIZE];
};

/* One transfer in flight. */
struct xfer {
	struct http_response *r;
	size_t		 cap;
	int		 too_large;
	/* downloads */
	int		 download;
	int		 decided;	/* stream or keep, at the first byte */
	http_sink	 sink;
	http_progress	 progress;
	void		*arg;
	int		 sink_failed;
	int		 sink_errno;
	char		*location;
};

static int	 loopback_host(const char *);
static int	 url_parts(const char *, char **, char **, long *);
static void	 reset_response(struct http_response *);
static size_t	 on_header(char *, size_t, size_t, void *);
static size_t	 on_body(char *, size_t, size_t, void *);
static int	 on_progress(void *, curl_off_t, curl_off_t, curl_off_t,
		     curl_off_t);
static enum http_status perform(struct http *, const char *, struct xfer *,
		    char **);
static enum http_status classify(struct http *, CURLcode, struct xfer *,
		    const char *, char **);
static enum http_status walk(struct http *, const char *, const char *,
		    int, struct xfer *, char **);

void
http_response_clear(struct http_response *r)
{
	free(r->url);
	free(r->content_type);
	free(r->filename);
	free(r->etag);
	if (r->body != NULL) {
		secure_wipe(r->body, r->body_len);
		free(r->body);
	}
	memset(r, 0, sizeof *r);
	r->length = -1;
	r->total = -1;
}

/* Forget the headers of a previous hop. */
static void
reset_response(struct http_response *r)
{
	http_response_clear(r);
}

/* Nonzero for localhost, 127.0.0.0/8 and ::1. */
static int
loopback_host(const char *host)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	char		 buf[64];
	size_t		 n;

	if (strcasecmp(host, "localhost") == 0)
		return (1);
	if (inet_pton(AF_INET, host, &a4) == 1)
		return ((ntohl(a4.s_addr) >> 24) == 127);
	n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' &&
	    n - 2 < sizeof buf) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		host = buf;
	}
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return (IN6_IS_ADDR_LOOPBACK(&a6));
	return (0);
}

/* Scheme, host and port of an absolute URL; 0 or -1. */
static int
url_parts(const char *url, char **scheme, char **host, long *port)
{
	CURLU	*u;
	char	*s = NULL, *h = NULL, *p = NULL;
	int	 rc = -1;

	if ((u = curl_url()) == NULL)
		return (-1);
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, &s, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK)
		goto out;
	*scheme = xstrdup(s);
	*host = xstrdup(h);
	*port = strtol(p, NULL, 10);
	rc = 0;
out:
	curl_free(s);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return (rc);
}

char *
http_resolve(const char *base, const char *url)
{
	CURLU	*u;
	char	*out = NULL, *r = NULL;

	if ((u = curl_url()) == NULL)
		return (NULL);
	if (base != NULL && url != NULL && (*url == '\0' || *url == '#')) {
		/* Only a fragment, or nothing: the base's document (RFC 3986
		   5.2.2), which libcurl 7.x resolves to its folder. */
		if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
		    curl_url_set(u, CURLUPART_FRAGMENT, *url == '#' ?
		    url + 1 : NULL, 0) == CURLUE_OK &&
		    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK)
			r = xstrdup(out);
	} else if ((base == NULL || curl_url_set(u, CURLUPART_URL, base, 0) ==
	    CURLUE_OK) && curl_url_set(u, CURLUPART_URL, url, 0) ==
	    CURLUE_OK && curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK)
		r = xstrdup(out);
	curl_free(out);
	curl_url_cleanup(u);
	return (r);
}

struct http *
http_new(const char *url, const struct http_options *o, char **cause)
{
	static int	 inited;
	struct http	*h;
	char		*scheme = NULL, *host = NULL;
	long		 port = 0;
	char		 ua[64];

	if (url == NULL || url_parts(url, &scheme, &host, &port) != 0) {
		*cause = xasprintf(_("%s is not a web address"),
		    url != NULL ? url : "");
		return (NULL);
	}
	if (strcmp(scheme, "https") != 0 && (strcmp(scheme, "http") != 0 ||
	    !loopback_host(host))) {
		*cause = xasprintf(_("%s: refused: the portal must be https "
		    "(plain http only to this computer, 127.0.0.1)"), url);
		free(scheme);
		free(host);
		return (NULL);
	}
	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			fatal("curl_global_init failed");
		inited = 1;
	}
	h = xcalloc(1, sizeof *h);
	h->scheme = scheme;
	h->host = host;
	h->port = port;
	h->site = xasprintf("%s://%s:%ld/", scheme, host, port);
	if (o != NULL)
		h->o = *o;
	if (h->o.connect_timeout == 0)
		h->o.connect_timeout = 20;
	if (h->o.low_speed_time == 0)
		h->o.low_speed_time = 60;
	if (h->o.backoff_ms == 0)
		h->o.backoff_ms = 500;
	if ((h->curl = curl_easy_init()) == NULL)
		fatal("curl_easy_init failed");

	snprintf(ua, sizeof ua, "listelec/%s", PACKAGE_VERSION);
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, ua);
	curl_easy_setopt(h->curl, CURLOPT_COOKIEFILE, "");	/* in memory */
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->o.ca_file != NULL)
		curl_easy_setopt(h->curl, CURLOPT_CAINFO, h->o.ca_file);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT, h->o.connect_timeout);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h->curl, CURLOPT_LOW_SPEED_TIME, h->o.low_speed_time);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	return (h);
}

void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h->scheme);
	free(h->host);
	free(h->site);
	free(h->referer);
	free(h);
}

int
http_same_site(const struct http *h, const char *url)
{
	char	*scheme = NULL, *host = NULL;
	long	 port = 0;
	int	 same;

	if (url == NULL || url_parts(url, &scheme, &host, &port) != 0)
		return (0);
	same = strcasecmp(host, h->host) == 0 &&
	    ((strcmp(scheme, h->scheme) == 0 && port == h->port) ||
	    (strcmp(h->scheme, "http") == 0 && strcmp(scheme, "https") == 0));
	free(scheme);
	free(host);
	return (same);
}

/* Copy a header value, trimmed, of at most HTTP_MAX_HEADER bytes. */
static char *
header_value(const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' ||
	    v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n > HTTP_MAX_HEADER)
		n = HTTP_MAX_HEADER;
	return (xstrndup(v, n));
}

/* The filename of a Content-Disposition value (filename*= preferred, as
   RFC 6266 asks; only its UTF-8 form is decoded). */
static char *
disposition_filename(const char *v)
{
	const char	*p, *e;
	char		*out, *o;

	if ((p = strcasestr(v, "filename*=")) != NULL) {
		p += 10;
		if (strncasecmp(p, "UTF-8''", 7) == 0) {
			p += 7;
			e = p + strcspn(p, "; \t");
			out = o = xmalloc((size_t)(e - p) + 1);
			for (; p < e; p++) {
				if (*p == '%' && e - p > 2) {
					char hx[3] = { p[1], p[2], '\0' };
					*o++ = (char)strtol(hx, NULL, 16);
					p += 2;
				} else
					*o++ = *p;
			}
			*o = '\0';
			return (out);
		}
	}
	for (p = v; (p = strcasestr(p, "filename=")) != NULL; p += 9) {
		if (p > v && p[-1] == '*')
			continue;
		p += 9;
		if (*p == '"') {
			p++;
			out = o = xmalloc(strlen(p) + 1);
			for (; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				*o++ = *p;
			}
			*o = '\0';
			return (out);
		}
		return (xstrndup(p, strcspn(p, "; \t")));
	}
	return (NULL);
}

static size_t
on_header(char *buf, size_t size, size_t n, void *arg)
{
	struct xfer		*x = arg;
	struct http_response	*r = x->r;
	size_t			 len = size * n, k;
	const char		*colon;
	char			*v;

	if (len >= 5 && strncmp(buf, "HTTP/", 5) == 0) {
		/* A new response (after 100 Continue, say): start over. */
		free(r->content_type);
		free(r->filename);
		free(r->etag);
		r->content_type = r->filename = r->etag = NULL;
		free(x->location);
		x->location = NULL;
		r->length = -1;
		r->range_start = 0;
		r->total = -1;
		r->challenge = 0;
		return (len);
	}
	if ((colon = memchr(buf, ':', len)) == NULL)
		return (len);
	k = (size_t)(colon - buf);
	v = header_value(colon + 1, len - k - 1);
#define IS(name) (k == sizeof name - 1 && strncasecmp(buf, name, k) == 0)
	if (IS("Content-Type")) {
		free(r->content_type);
		r->content_type = v;
	} else if (IS("Content-Disposition")) {
		free(r->filename);
		r->filename = disposition_filename(v);
		free(v);
	} else if (IS("ETag")) {
		free(r->etag);
		r->etag = v;
	} else if (IS("Location")) {
		free(x->location);
		x->location = v;
	} else if (IS("Content-Length")) {
		r->length = strtoll(v, NULL, 10);
		free(v);
	} else if (IS("Content-Range")) {
		long long a = 0, b = 0, t = -1;
		if (sscanf(v, "bytes %lld-%lld/%lld", &a, &b, &t) >= 2) {
			r->range_start = a;
			r->total = t;
		}
		free(v);
	} else if (IS("cf-mitigated")) {
		r->challenge = strcasecmp(v, "challenge") == 0;
		free(v);
	} else
		free(v);
#undef IS
	return (len);
}

/* Nonzero when a content type is HTML (or absent, for a page). */
static int
is_html(const char *ct)
{
	return (ct != NULL && (strncasecmp(ct, "text/html", 9) == 0 ||
	    strncasecmp(ct, "application/xhtml", 17) == 0));
}

/* Keep bytes in r->body, up to PAGE_MAX_BYTES; 0 or -1. */
static int
keep(struct xfer *x, const char *buf, size_t len)
{
	struct http_response	*r = x->r;
	size_t			 ncap;
	char			*nb;

	if (r->body_len + len > PAGE_MAX_BYTES) {
		x->too_large = 1;
		return (-1);
	}
	if (r->body_len + len + 1 > x->cap) {
		ncap = x->cap == 0 ? 16384 : x->cap;
		while (ncap < r->body_len + len + 1)
			ncap *= 2;
		/* Grow by copy so no stale copy of a page is left behind. */
		nb = xmalloc(ncap);
		if (r->body != NULL) {
			memcpy(nb, r->body, r->body_len);
			secure_wipe(r->body, x->cap);
			free(r->body);
		}
		r->body = nb;
		x->cap = ncap;
	}
	memcpy(r->body + r->body_len, buf, len);
	r->body_len += len;
	r->body[r->body_len] = '\0';
	return (0);
}

static size_t
on_body(char *buf, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	size_t		 len = size * n;

	if (len == 0)
		return (0);
	if (x->download && x->r->streamed) {
		if (x->sink(x->arg, buf, len) != 0) {
			x->sink_failed = 1;
			x->sink_errno = errno;
			return (0);
		}
		return (len);
	}
	return (keep(x, buf, len) == 0 ? len : 0);
}

static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct xfer	*x = arg;

	(void)ultotal;
	(void)ulnow;
	if (x->progress == NULL || !x->r->streamed)
		return (0);
	return (x->progress(x->arg, (int64_t)dlnow,
	    dltotal > 0 ? (int64_t)dltotal : -1));
}

/* The message for a failed transfer; returns its status. */
static enum http_status
classify(struct http *h, CURLcode rc, struct xfer *x, const char *url,
    char **cause)
{
	const char	*why = h->errbuf[0] != '\0' ? h->errbuf :
			    curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		*cause = xasprintf(_("%s: refused address: %s"), url, why);
		return (HTTP_ERR_URL);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		*cause = xasprintf(_("cannot find %s (DNS): %s"), h->host,
		    why);
		return (HTTP_ERR_DNS);
	case CURLE_COULDNT_CONNECT:
		*cause = xasprintf(_("cannot connect to %s: %s"), h->host, why);
		return (HTTP_ERR_CONNECT);
	case CURLE_OPERATION_TIMEDOUT:
		*cause = xasprintf(_("%s does not answer (timeout): %s"),
		    h->host, why);
		return (HTTP_ERR_TIMEOUT);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
		*cause = xasprintf(_("secure connection to %s refused (TLS): "
		    "%s"), h->host, why);
		return (HTTP_ERR_TLS);
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		*cause = xasprintf(_("the connection to %s was cut: %s"),
		    h->host, why);
		return (HTTP_ERR_DROPPED);
	case CURLE_WRITE_ERROR:
		if (x->too_large) {
			*cause = xasprintf(_("%s: the page is too large"), url);
			return (HTTP_ERR_TOO_LARGE);
		}
		if (x->sink_failed) {
			*cause = xasprintf(_("cannot write the file: %s"),
			    strerror(x->sink_errno));
			errno = x->sink_errno;
			return (HTTP_ERR_WRITE);
		}
		break;
	case CURLE_ABORTED_BY_CALLBACK:
		*cause = xstrdup(_("the download was cancelled"));
		return (HTTP_ERR_ABORTED);
	default:
		break;
	}
	*cause = xasprintf(_("%s: %s"), h->host, why);
	return (HTTP_ERR_NET);
}

/* One request to url with what the handle holds; no redirect followed. */
static enum http_status
perform(struct http *h, const char *url, struct xfer *x, char **cause)
{
	CURLcode	 rc;
	char		*eff = NULL;
	long		 code = 0;

	reset_response(x->r);
	x->cap = 0;
	x->too_large = 0;
	x->decided = 0;
	x->sink_failed = 0;
	free(x->location);
	x->location = NULL;
	h->errbuf[0] = '\0';
	curl_easy_setopt(h->curl, CURLOPT_URL, url);
	curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS,
	    x->progress != NULL ? 0L : 1L);
	curl_easy_setopt(h->curl, CURLOPT_REFERER, h->referer);
	rc = curl_easy_perform(h->curl);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &code);
	x->r->code = code;
	curl_easy_getinfo(h->curl, CURLINFO_EFFECTIVE_URL, &eff);
	x->r->url = xstrdup(eff != NULL ? eff : url);
	if (x->r->content_type == NULL)
		x->r->content_type = xstrdup("");
	if (rc != CURLE_OK)
		return (classify(h, rc, x, url, cause));
	return (HTTP_OK);
}

/*
 * GET or POST url, then follow redirects (GET, or POST again for 307/308)
 * while they stay on the site.
 */
static enum http_status
walk(struct http *h, const char *url, const char *body, int retry,
    struct xfer *x, char **cause)
{
	enum http_status st;
	char		*cur, *next;
	unsigned	 hops, tries;
	int		 post = body != NULL;

	cur = http_resolve(h->site, url);
	if (cur == NULL) {
		*cause = xasprintf(_("%s is not a web address"), url);
		return (HTTP_ERR_URL);
	}
	for (hops = 0;; hops++) {
		if (!http_same_site(h, cur)) {
			*cause = xasprintf(_("refused: %s leaves the portal's "
			    "site (%s)"), cur, h->site);
			free(cur);
			return (HTTP_ERR_OFFSITE);
		}
		if (post) {
			curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
			curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE,
			    (long)strlen(body));
		} else
			curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
		for (tries = 0;; tries++) {
			st = perform(h, cur, x, cause);
			if (post || !retry || tries >= h->o.retries ||
			    x->download)
				break;
			if (st == HTTP_OK && x->r->code != 502 &&
			    x->r->code != 503 && x->r->code != 504)
				break;
			if (st != HTTP_OK && st != HTTP_ERR_CONNECT &&
			    st != HTTP_ERR_TIMEOUT && st != HTTP_ERR_DROPPED &&
			    st != HTTP_ERR_NET)
				break;
			if (st != HTTP_OK) {
				free(*cause);
				*cause = NULL;
			}
			{
				struct timespec ts;
				unsigned ms = h->o.backoff_ms << tries;
				ts.tv_sec = ms / 1000;
				ts.tv_nsec = (long)(ms % 1000) * 1000000L;
				nanosleep(&ts, NULL);
			}
		}
		if (st != HTTP_OK || x->r->code < 300 || x->r->code > 399 ||
		    x->r->code == 304 || x->location == NULL)
			break;
		if (hops >= HTTP_MAX_REDIRECTS) {
			*cause = xasprintf(_("%s: too many redirections"), cur);
			st = HTTP_ERR_LOOP;
			break;
		}
		next = http_resolve(cur, x->location);
		if (next == NULL) {
			*cause = xasprintf(_("%s: a redirection to a bad "
			    "address"), cur);
			st = HTTP_ERR_URL;
			break;
		}
		if (x->r->code != 307 && x->r->code != 308)
			post = 0;
		free(cur);
		cur = next;
	}
	curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	if (st == HTTP_OK && !x->download) {
		free(h->referer);
		h->referer = xstrdup(cur);
	}
	free(cur);
	return (st);
}

enum http_status
http_get(struct http *h, const char *url, struct http_response *r,
    char **cause)
{
	struct xfer	 x;
	enum http_status st;

	memset(&x, 0, sizeof x);
	x.r = r;
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h->curl, CURLOPT_RANGE, NULL);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	st = walk(h, url, NULL, 1, &x, cause);
	free(x.location);
	return (st);
}

enum http_status
http_post(struct http *h, const char *url, const char *body,
    struct http_response *r, char **cause)
{
	struct xfer	 x;
	enum http_status st;
	char		*abs;

	abs = http_resolve(h->site, url);
	if (abs == NULL || !http_same_site(h, abs)) {
		*cause = xasprintf(_("refused: the form would send your "
		    "answers to %s, outside the portal's site (%s)"),
		    abs != NULL ? abs : url, h->site);
		free(abs);
		return (HTTP_ERR_OFFSITE);
	}
	memset(&x, 0, sizeof x);
	x.r = r;
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h->curl, CURLOPT_RANGE, NULL);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	st = walk(h, abs, body, 0, &x, cause);
	free(abs);
	free(x.location);
	return (st);
}

/* The download's body sink: decide at the first byte, then stream. */
static size_t	 on_download(char *, size_t, size_t, void *);

static size_t
on_download(char *buf, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;

	if (!x->decided) {
		x->decided = 1;
		x->r->streamed = (x->r->code == 200 || x->r->code == 206) &&
		    !is_html(x->r->content_type);
	}
	return (on_body(buf, size, n, arg));
}

/* The status line's code, as soon as the headers are in. */
static size_t	 on_download_header(char *, size_t, size_t, void *);

static size_t
on_download_header(char *buf, size_t size, size_t n, void *arg)
{
	struct xfer	*x = arg;
	size_t		 len = size * n;
	int		 code;

	if (len > 12 && strncmp(buf, "HTTP/", 5) == 0) {
		const char *sp = memchr(buf, ' ', len);
		if (sp != NULL && sscanf(sp + 1, "%3d", &code) == 1)
			x->r->code = code;
	}
	return (on_header(buf, size, n, arg));
}

enum http_status
http_download(struct http *h, const char *url, int64_t offset,
    const char *if_range, http_sink sink, http_progress progress, void *arg,
    struct http_response *r, char **cause)
{
	struct xfer		 x;
	struct curl_slist	*hdr = NULL;
	enum http_status	 st;
	char			 range[48], *line = NULL;

	memset(&x, 0, sizeof x);
	x.r = r;
	x.download = 1;
	x.sink = sink;
	x.progress = progress;
	x.arg = arg;
	/* Bytes as stored: a Range is of those, not of a decoded form. */
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, NULL);
	if (offset > 0) {
		snprintf(range, sizeof range, "%lld-", (long long)offset);
		curl_easy_setopt(h->curl, CURLOPT_RANGE, range);
		if (if_range != NULL) {
			line = xasprintf("If-Range: %s", if_range);
			hdr = curl_slist_append(NULL, line);
		}
	} else
		curl_easy_setopt(h->curl, CURLOPT_RANGE, NULL);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_download);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_download_header);
	st = walk(h, url, NULL, 0, &x, cause);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h->curl, CURLOPT_RANGE, NULL);
	curl_slist_free_all(hdr);
	free(line);
	free(x.location);
	return (st);
}

void
http_form_add(char **body, const char *name, const char *value)
{
	char	*n, *v, *old = *body;
	size_t	 oldlen = old != NULL ? strlen(old) : 0;

	n = curl_easy_escape(NULL, name, 0);
	v = curl_easy_escape(NULL, value, 0);
	if (n == NULL || v == NULL)
		fatal("curl_easy_escape failed");
	*body = xasprintf("%s%s%s=%s", old != NULL ? old : "",
	    old != NULL ? "&" : "", n, v);
	secure_wipe(v, strlen(v));
	curl_free(n);
	curl_free(v);
	if (old != NULL) {
		secure_wipe(old, oldlen);
		free(old);
	}
}

void
http_form_free(char *body)
{
	if (body == NULL)
		return;
	secure_wipe(body, strlen(body));
	free(body);
}
