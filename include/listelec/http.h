/*
 * http — the portal client's transport (libcurl): one easy handle per
 * session, cookies in memory only (never a file), TLS always verified,
 * https only (plain http only to a loopback address), redirects followed by
 * hand and only within the portal's own site, connect and low-speed
 * timeouts, idempotent GETs retried with backoff, a User-Agent naming
 * listelec.  Proxy variables are honoured as libcurl does.  No output: the
 * caller gets a status and a message (translated, for the user) saying
 * what failed.
 */
#ifndef LISTELEC_HTTP_H
#define LISTELEC_HTTP_H

#include <stddef.h>
#include <stdint.h>

struct http;

enum http_status {
	HTTP_OK = 0,
	HTTP_ERR_URL,		/* not https, plain http off loopback, bad */
	HTTP_ERR_DNS,		/* the host name does not resolve */
	HTTP_ERR_CONNECT,	/* refused or unreachable */
	HTTP_ERR_TLS,		/* certificate or handshake */
	HTTP_ERR_TIMEOUT,	/* connect or low-speed timeout */
	HTTP_ERR_DROPPED,	/* the connection ended before the body did */
	HTTP_ERR_NET,		/* another transport failure */
	HTTP_ERR_OFFSITE,	/* a redirect leaves the portal's site */
	HTTP_ERR_LOOP,		/* too many redirects */
	HTTP_ERR_TOO_LARGE,	/* a page over PAGE_MAX_BYTES */
	HTTP_ERR_WRITE,		/* the sink refused bytes (disk full) */
	HTTP_ERR_ABORTED,	/* the progress callback asked to stop */
};

struct http_options {
	const char	*ca_file;	/* NULL: the system's CAs */
	long		 connect_timeout;	/* seconds; 0 = 20 */
	long		 low_speed_time;	/* seconds under 1 byte/s;
						   0 = 60 */
	unsigned	 retries;	/* extra tries of a GET; 0 = none */
	unsigned	 backoff_ms;	/* first wait between tries; 0 = 500 */
};

/* What a response said.  Strings allocated; http_response_clear frees. */
struct http_response {
	long		 code;		/* HTTP status, 0 when none */
	char		*url;		/* the URL that answered (after
					   redirects) */
	char		*content_type;	/* "" when absent */
	char		*filename;	/* Content-Disposition filename, raw
					   (unsanitized), NULL when none */
	char		*etag;		/* NULL when none */
	int64_t		 length;	/* Content-Length, -1 when unknown */
	int64_t		 range_start;	/* 206: first byte; else 0 */
	int64_t		 total;		/* 206: full size; else length */
	int		 challenge;	/* a cf-mitigated: challenge header */
	char		*body;		/* pages: the bytes, NUL-terminated;
					   a download's page-instead too */
	size_t		 body_len;
	int		 streamed;	/* download: the body went to sink */
};
void	 http_response_clear(struct http_response *);

/*
 * A session on the site of url (scheme, host and port).  Returns NULL with
 * *cause (allocated) when the URL is refused: not https, or plain http to a
 * host that is not a loopback address, or malformed.
 */
struct http	*http_new(const char *url, const struct http_options *,
		    char **cause);
/* Free the session, its handle and its cookies; NULL is fine. */
void		 http_free(struct http *);

/* Nonzero when url is on the session's site (same scheme, host and port;
   or the https form of the same host when the site is http). */
int		 http_same_site(const struct http *, const char *url);
/* url resolved against base (allocated), NULL when malformed. */
char		*http_resolve(const char *base, const char *url);

/*
 * GET url (absolute, or relative to the site), following redirects within
 * the site; the page lands in r->body.  Transport failures and 502/503/504
 * are retried (options.retries).  Returns HTTP_OK whatever the HTTP code
 * (check r->code), else a failure with *cause.
 */
enum http_status http_get(struct http *, const char *url,
		    struct http_response *r, char **cause);
/*
 * POST body (application/x-www-form-urlencoded) to url, which must be on
 * the site (else HTTP_ERR_OFFSITE: credentials never leave it); a redirect
 * after it is followed with GET.  Never retried.
 */
enum http_status http_post(struct http *, const char *url, const char *body,
		    struct http_response *r, char **cause);

/* The sink of a download: 0 to go on, -1 to fail (errno set). */
typedef int	(*http_sink)(void *arg, const void *buf, size_t len);
/* Progress: bytes of the body so far and expected (-1 unknown); nonzero
   stops the transfer (HTTP_ERR_ABORTED). */
typedef int	(*http_progress)(void *arg, int64_t now, int64_t total);

/*
 * GET url for a file: a 200/206 answer that is not text/html goes to sink
 * (r->streamed set); an HTML answer (an error page instead of the file)
 * lands in r->body instead.  offset > 0 asks for the bytes from offset
 * (Range), with If-Range: if_range when not NULL, so a changed file comes
 * whole (code 200) rather than spliced.  Not retried: the caller resumes.
 */
enum http_status http_download(struct http *, const char *url,
		    int64_t offset, const char *if_range, http_sink sink,
		    http_progress progress, void *arg,
		    struct http_response *r, char **cause);

/*
 * Append name=value to *body (allocated or NULL), form-encoded, with "&"
 * between pairs.  The old buffer is wiped before it is freed (bodies carry
 * passwords).
 */
void		 http_form_add(char **body, const char *name,
		    const char *value);
/* Wipe and free a form body; NULL is fine. */
void		 http_form_free(char *body);

#endif
