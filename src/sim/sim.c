/*
 * sim — the simulated Élections Québec portal (PES) on libmicrohttpd.
 *
 * One thread per connection (so a slow or dropped download never holds up
 * the pages); all state — sessions, the practice account, the per-user
 * state of each list, the faults — sits behind one mutex.  This file runs
 * the daemon, gathers each request's form and dispatches it through the
 * route table: one row per page, with its access level (the session and
 * sign-in checks live only in dispatch_access) and its handlers, which
 * are in sim-pages.c (the HTML pages) and sim-download.c (the PDF and the
 * one-time download with Range).  The account, the sessions and the
 * faults are in sim-state.c.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "listelec/delivery.h"
#include "listelec/i18n.h"
#include "listelec/sim.h"
#include "listelec/xmalloc.h"

#include "sim-int.h"

#define DEFAULT_USER	"benevole01"
#define DEFAULT_PW	"Pratique-2026"
#define DEFAULT_ARCHPW	"Liste-Fictive-2026"
#define DEFAULT_EMAIL	"benevole@exemple.qc.ca"

/* Say one line of the request log. */
void
sim_log(struct sim *s, const char *fmt, ...)
{
	va_list	 ap;
	char	*line;

	if (s->quiet || s->log == NULL)
		return;
	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	s->log(s->cb_arg, line);
	free(line);
}

/* Parse ADDR:PORT into a loopback socket address. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss,
    socklen_t *sl, char **cause)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;
	const char		*colon;
	char			 host[64];
	uint64_t		 port;
	size_t			 n;

	memset(ss, 0, sizeof *ss);
	if (listen[0] == '[') {
		colon = strstr(listen, "]:");
		if (colon == NULL)
			goto bad;
		n = (size_t)(colon - listen - 1);
		colon++;
		if (n >= sizeof host)
			goto bad;
		memcpy(host, listen + 1, n);
	} else {
		colon = strrchr(listen, ':');
		if (colon == NULL)
			goto bad;
		n = (size_t)(colon - listen);
		if (n >= sizeof host)
			goto bad;
		memcpy(host, listen, n);
	}
	host[n] = '\0';
	if (sim_parse_u64(colon + 1, &port) != 0 || port > 65535)
		goto bad;
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		if ((ntohl(sin->sin_addr.s_addr) >> 24) != 127) {
			*cause = xasprintf(_("refusing to listen on %s: the "
			    "simulator serves loopback only (127.0.0.0/8, "
			    "::1)"), host);
			return (-1);
		}
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*sl = sizeof *sin;
		return (0);
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		if (!IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr)) {
			*cause = xasprintf(_("refusing to listen on %s: the "
			    "simulator serves loopback only (127.0.0.0/8, "
			    "::1)"), host);
			return (-1);
		}
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*sl = sizeof *sin6;
		return (0);
	}
	*cause = xasprintf(_("refusing to listen on %s: not a loopback "
	    "address (use 127.0.0.1, ::1 or localhost)"), host);
	return (-1);
bad:
	*cause = xasprintf(_("bad listen address %s (ADDR:PORT, e.g. "
	    "127.0.0.1:0)"), listen);
	return (-1);
}

/* Check a --listen value. */
int
sim_listen_check(const char *listen, char **cause)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl;

	return (parse_listen(listen, &ss, &sl, cause));
}

/* Defaults. */
void
sim_options_init(struct sim_options *o)
{
	memset(o, 0, sizeof *o);
	o->listen = "127.0.0.1:0";
	o->electors = 2000;
	o->seed = 1;
}

/* A whole number in [lo, hi]; 0 or -1. */
static int
sim_number(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char			*end;
	unsigned long long	 v;

	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return (-1);
	*out = v;
	return (0);
}

/* --electors, --seed, --encryption, --marks, --changes-only. */
int
sim_option(struct sim_options *o, int c, const char *value, char **cause)
{
	uint64_t	v;

	if (c == SIM_OPT_MARKS || c == SIM_OPT_CHANGES_ONLY) {
		if (c == SIM_OPT_MARKS)
			o->marks = 1;
		else
			o->changes_only = 1;
		return (1);
	}
	if (c != SIM_OPT_ELECTORS && c != SIM_OPT_SEED &&
	    c != SIM_OPT_ENCRYPTION)
		return (0);
	if (c == SIM_OPT_ELECTORS) {
		if (sim_number(value, 10, 6500000, &v) != 0) {
			*cause = xstrdup(_("--electors: a number from 10 to "
			    "6500000"));
			return (-1);
		}
		o->electors = (size_t)v;
	} else if (c == SIM_OPT_SEED) {
		if (sim_number(value, 0, UINT64_MAX, &v) != 0) {
			*cause = xstrdup(_("--seed: a non-negative integer"));
			return (-1);
		}
		o->seed = v;
	} else if (strcmp(value, "aes256") == 0 ||
	    strcmp(value, "zipcrypto") == 0)
		o->aes = strcmp(value, "aes256") == 0;
	else {
		*cause = xstrdup(_("--encryption: zipcrypto or aes256"));
		return (-1);
	}
	return (1);
}

/*
 * Responses.
 */

/* Queue a response and log it. */
enum MHD_Result
sim_respond(struct sim *s, struct MHD_Connection *c, const char *method,
    const char *url, unsigned status, struct MHD_Response *r)
{
	enum MHD_Result	 ret;

	if (r == NULL)
		return (MHD_NO);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	sim_log(s, "%s %s %u", method, url, status);
	return (ret);
}

/* Add the session cookie. */
void
sim_add_cookie(struct sim *s, struct MHD_Response *r,
    const struct session *ss)
{
	char	*v;

	if (ss == NULL)
		return;
	v = xasprintf("PHPSESSID=%s; path=/; HttpOnly%s; SameSite=Lax",
	    ss->id, s->https ? "; Secure" : "");
	MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, v);
	free(v);
}

/* An HTML page from a finished buffer (taken). */
struct MHD_Response *
sim_html_response(struct sim *s, struct sbuf *b, const struct session *ss)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(b->len, b->p,
	    MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(b->p);
		return (NULL);
	}
	b->p = NULL;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/html; charset=UTF-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "no-store, no-cache, must-revalidate");
	MHD_add_response_header(r, "X-Powered-By", "PHP/7.4.33");
	sim_add_cookie(s, r, ss);
	return (r);
}

/* A redirection to a path of the portal. */
static enum MHD_Result
redirect(struct sim *s, struct MHD_Connection *c, const char *method,
    const char *url, const char *path, const struct session *ss)
{
	struct MHD_Response	*r;
	char			*loc = xasprintf("%s%s", s->base, path);

	r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"",
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		free(loc);
		return (MHD_NO);
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, loc);
	sim_add_cookie(s, r, ss);
	free(loc);
	return (sim_respond(s, c, method, url, MHD_HTTP_FOUND, r));
}

/* Answer the call with a redirection to a path of the portal. */
void
answer_redirect(struct call *cl, const char *path)
{
	cl->answer = ANSWER_REDIRECT;
	cl->location = path;
}

/* Answer the call with a response (taken; NULL when none could be
   made). */
void
answer_response(struct call *cl, unsigned status, struct MHD_Response *r)
{
	cl->answer = ANSWER_RESPONSE;
	cl->status = status;
	cl->r = r;
}

/*
 * Forms.
 */

/* A posted field, or NULL. */
const char *
sim_field(const struct req *rq, const char *key)
{
	size_t	 i;

	for (i = 0; i < rq->nfields; i++)
		if (strcmp(rq->keys[i], key) == 0)
			return (rq->values[i]);
	return (NULL);
}

/* The post processor's iterator: gather fields (bounded). */
static enum MHD_Result
post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct req	*rq = cls;
	size_t		 i, old;

	(void)kind; (void)filename; (void)content_type;
	(void)transfer_encoding; (void)off;
	for (i = 0; i < rq->nfields; i++)
		if (strcmp(rq->keys[i], key) == 0)
			break;
	if (i == rq->nfields) {
		if (rq->nfields == MAX_FIELDS) {
			rq->too_big = 1;
			return (MHD_YES);
		}
		rq->keys[i] = xstrdup(key);
		rq->values[i] = xstrdup("");
		rq->nfields++;
	}
	old = strlen(rq->values[i]);
	if (old + size > MAX_FIELD) {
		rq->too_big = 1;
		return (MHD_YES);
	}
	rq->values[i] = xrealloc(rq->values[i], old + size + 1);
	memcpy(rq->values[i] + old, data, size);
	rq->values[i][old + size] = '\0';
	return (MHD_YES);
}

/*
 * The dispatcher.
 */

/* The portal.  The pages with a form take a POST; the others answer it
   as a GET (as the simulator always has), so no row gives 405 today. */
static const struct route routes[] = {
	{ "/", ACCESS_ANY, route_home, route_home },
	{ "/index.php", ACCESS_ANY, route_home, route_home },
	{ P_CSS, ACCESS_STATIC, route_css, route_css },
	{ P_LOGIN, ACCESS_PUBLIC, route_login, route_login_post },
	{ P_FORGOT, ACCESS_PUBLIC, route_forgot, route_forgot_post },
	{ P_CHANGE, ACCESS_CHANGE, route_change, route_change_post },
	{ P_EXTRANET, ACCESS_IN, route_extranet, route_extranet },
	{ P_NOTICE, ACCESS_IN, route_notice, route_notice_post },
	{ P_SERVICE, ACCESS_IN, route_service, route_service },
	{ P_DOC, ACCESS_IN, route_doc, route_doc },
	{ P_LISTS, ACCESS_NOTICE, route_lists, route_lists },
	{ P_DOWNLOAD, ACCESS_NOTICE, route_download, route_download },
};

/* Any other path under /services/: asks the most of all. */
static const struct route route_other = {
	NULL, ACCESS_NOTICE, route_missing, route_missing
};

/* The row of a path: route_other under /services/, NULL elsewhere. */
static const struct route *
route_find(const char *url)
{
	size_t	 i;

	for (i = 0; i < sizeof routes / sizeof routes[0]; i++)
		if (strcmp(url, routes[i].path) == 0)
			return (&routes[i]);
	if (strncmp(url, "/services/", 10) == 0)
		return (&route_other);
	return (NULL);
}

/* Not found, outside any session. */
static enum MHD_Result
not_found(struct sim *s, struct MHD_Connection *c, const char *method,
    const char *url)
{
	struct sbuf b = { NULL, 0, 0 };

	sim_page_simple(&b, 0, "/", "Page introuvable", NULL, P_LOGIN,
	    "Accueil");
	return (sim_respond(s, c, method, url, MHD_HTTP_NOT_FOUND,
	    sim_html_response(s, &b, NULL)));
}

/* A method the row does not take, outside any session. */
static enum MHD_Result
not_allowed(struct sim *s, struct MHD_Connection *c, const char *method,
    const char *url, const struct route *rt)
{
	struct MHD_Response	*r;
	const char		*allow;

	r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"",
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return (MHD_NO);
	if (rt->get == NULL)
		allow = "POST";
	else
		allow = rt->post != NULL ? "GET, HEAD, POST" : "GET, HEAD";
	MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	return (sim_respond(s, c, method, url, MHD_HTTP_METHOD_NOT_ALLOWED, r));
}

/* The faults that answer before any page (the lock held): 1 when one
   did. */
static int
dispatch_fault(struct call *cl)
{
	struct sim	*s = cl->s;

	s->requests++;
	if (s->server_error && s->server_error_at != 0 &&
	    s->requests == s->server_error_at) {
		s->server_error = 0;
		sim_page_simple(&cl->page, 0, P_LOGIN, "Erreur du serveur",
		    "Une erreur interne est survenue. Veuillez réessayer plus "
		    "tard.", P_LOGIN, "Accueil");
		cl->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		return (1);
	}
	if (s->challenge) {
		answer_response(cl, MHD_HTTP_FORBIDDEN, sim_challenge());
		return (1);
	}
	if ((s->hostile & HOSTILE_LOOP) && strcmp(cl->url, P_EXTRANET) == 0) {
		answer_redirect(cl, P_EXTRANET);
		return (1);
	}
	return (0);
}

/* Replace the page by its first at bytes, then what, then the rest. */
static void
page_insert(struct sbuf *b, size_t at, const char *what, size_t n)
{
	char	*p = xmalloc(b->len + n + 1);

	memcpy(p, b->p, at);
	memcpy(p + at, what, n);
	memcpy(p + at + n, b->p + at, b->len - at);
	p[b->len + n] = '\0';
	free(b->p);
	b->p = p;
	b->len += n;
	b->cap = b->len + 1;
}

/* The hostile faults that change a page already made (the lock held). */
static void
dispatch_hostile(struct call *cl)
{
	static const char	 form[] = "action=\"" P_LOGIN "\"";
	static const char	 other[] = "action=\"https://portail.example."
	    "invalid" P_LOGIN "\"";
	struct sim		*s = cl->s;
	char			*at, *pad;
	size_t			 n, i;

	if (cl->answer != ANSWER_PAGE || cl->page.p == NULL)
		return;
	if ((s->hostile & HOSTILE_FORM) && strcmp(cl->url, P_LOGIN) == 0 &&
	    (at = strstr(cl->page.p, form)) != NULL) {
		n = (size_t)(at - cl->page.p);
		page_insert(&cl->page, n + strlen(form), other, strlen(other));
		memset(cl->page.p + n, ' ', strlen(form));
	}
	if (strcmp(cl->url, P_LISTS) != 0)
		return;
	if (s->hostile & HOSTILE_HUGE) {
		n = 40u * 1024 * 1024;
		pad = xmalloc(n);
		memset(pad, 'x', n);
		memcpy(pad, "<!--", 4);
		memcpy(pad + n - 3, "-->", 3);
		page_insert(&cl->page, cl->page.len, pad, n);
		free(pad);
	}
	if ((s->hostile & HOSTILE_DEEP) &&
	    (at = strstr(cl->page.p, "<body")) != NULL &&
	    (at = strchr(at, '>')) != NULL) {
		n = 100000;
		pad = xmalloc(5 * n);
		for (i = 0; i < n; i++)
			memcpy(pad + 5 * i, "<div>", 5);
		page_insert(&cl->page, (size_t)(at + 1 - cl->page.p), pad,
		    5 * n);
		free(pad);
	}
}

/* Find the session and check the row's access level (the lock held): 0
   when the handler may run, else 1 and the call holds the redirection.
   The sign-in pages make a session; a form posted from a lost one is
   stale and not checked.  Every other form must carry the session's
   anti-forgery token, else cl->err says so. */
static int
dispatch_access(struct call *cl, const struct route *rt)
{
	struct sim	*s = cl->s;
	struct session	*ss;
	const char	*lang, *v;
	int		 stale, en_;

	ss = session_find(s, MHD_lookup_connection_value(cl->c,
	    MHD_COOKIE_KIND, "PHPSESSID"), &stale);
	if (ss != NULL) {
		ss->stamp = ++s->stamp;
		if (s->expire_after > 0 && ++ss->requests > s->expire_after) {
			session_drop(ss);
			ss = NULL;
			stale = 1;
		}
	}
	if (rt->access == ACCESS_STATIC || rt->access == ACCESS_ANY)
		return (0);

	if (rt->access == ACCESS_PUBLIC) {
		if (ss == NULL) {
			ss = session_new(s);
			if (stale)
				session_flash(ss, "Votre session a expiré. "
				    "Veuillez vous reconnecter.");
			stale = cl->post;
		} else
			stale = 0;
	}
	lang = MHD_lookup_connection_value(cl->c, MHD_GET_ARGUMENT_KIND,
	    "strLangue");
	if (ss != NULL && lang != NULL)
		ss->en = strcmp(lang, "en") == 0;
	if (ss == NULL) {
		answer_redirect(cl, P_LOGIN);
		return (1);
	}
	cl->ss = ss;
	cl->en = en_ = ss->en;
	cl->stale = stale;
	if (ss->flash != NULL && en_ &&
	    strncmp(ss->flash, "Votre session", 13) == 0)
		session_flash(ss, "Your session has expired. Please sign in "
		    "again.");

	if (cl->post && !stale) {
		v = sim_field(cl->rq, "jeton");
		if (cl->rq->too_big || v == NULL || strcmp(v, ss->token) != 0)
			cl->err = T("Votre demande n'a pu être traitée (jeton "
			    "de sécurité invalide ou expiré). Veuillez "
			    "recommencer.", "Your request could not be "
			    "processed (the security token is invalid or has "
			    "expired). Please try again.");
	}

	switch (rt->access) {
	case ACCESS_CHANGE:
		if (ss->auth == AUTH_NONE)
			answer_redirect(cl, P_LOGIN);
		else if (ss->auth != AUTH_CHANGE)
			answer_redirect(cl, P_EXTRANET);
		break;
	case ACCESS_IN:
	case ACCESS_NOTICE:
		if (ss->auth == AUTH_NONE)
			answer_redirect(cl, P_LOGIN);
		else if (ss->auth == AUTH_CHANGE)
			answer_redirect(cl, P_CHANGE);
		else if (rt->access == ACCESS_NOTICE && !ss->notice_ok)
			answer_redirect(cl, P_NOTICE);
		break;
	default:
		break;
	}
	if (cl->answer == ANSWER_REDIRECT) {
		cl->ss = NULL;
		return (1);
	}
	return (0);
}

/* Answer a complete request: find its row, then, with the lock taken
   once, the faults, the access level and the handler; the response is
   queued once the lock is released. */
static enum MHD_Result
dispatch(struct sim *s, struct MHD_Connection *c, struct req *rq,
    const char *url, const char *method)
{
	const struct route	*rt;
	struct call		 cl;
	void			(*fn)(struct call *);
	struct MHD_Response	*r;
	int			 post = strcmp(method, "POST") == 0;

	if (!post && strcmp(method, "GET") != 0 &&
	    strcmp(method, "HEAD") != 0)
		return (not_found(s, c, method, url));
	if ((rt = route_find(url)) == NULL)
		return (not_found(s, c, method, url));
	if ((fn = post ? rt->post : rt->get) == NULL)
		return (not_allowed(s, c, method, url, rt));

	memset(&cl, 0, sizeof cl);
	cl.s = s;
	cl.c = c;
	cl.rq = rq;
	cl.url = url;
	cl.method = method;
	cl.post = post;
	cl.answer = ANSWER_PAGE;
	cl.status = MHD_HTTP_OK;
	cl.list = -1;

	/* A file needs no state, unless the challenge hides everything. */
	if (rt->access == ACCESS_STATIC && !s->challenge) {
		fn(&cl);
		return (sim_respond(s, c, method, url, cl.status, cl.r));
	}

	pthread_mutex_lock(&s->lock);
	if (!dispatch_fault(&cl) && !dispatch_access(&cl, rt)) {
		fn(&cl);
		dispatch_hostile(&cl);
	}
	/* A page carries the session's cookie, so is made locked. */
	if (cl.answer == ANSWER_PAGE)
		r = sim_html_response(s, &cl.page, cl.ss);
	else
		r = cl.r;
	pthread_mutex_unlock(&s->lock);
	free(cl.page.p);

	switch (cl.answer) {
	case ANSWER_REDIRECT:
		return (redirect(s, c, method, url, cl.location, NULL));
	case ANSWER_LIST:
		return (sim_download_send(&cl));
	default:
		return (sim_respond(s, c, method, url, cl.status, r));
	}
}

/* libmicrohttpd's access handler. */
static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct sim	*s = cls;
	struct req	*rq = *con_cls;

	(void)version;
	if (rq == NULL) {
		rq = xcalloc(1, sizeof *rq);
		rq->list = -1;
		rq->drop = -1;
		*con_cls = rq;
		if (strcmp(method, "POST") == 0)
			rq->pp = MHD_create_post_processor(c, 8192, post_iter,
			    rq);
		return (MHD_YES);
	}
	if (*upload_size != 0) {
		if (rq->pp != NULL)
			MHD_post_process(rq->pp, upload, *upload_size);
		*upload_size = 0;
		return (MHD_YES);
	}
	return (dispatch(s, c, rq, url, method));
}

/* A request is over: free it; a complete download consumes the list. */
static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct sim	*s = cls;
	struct req	*rq = *con_cls;
	size_t		 i;

	(void)c;
	if (rq == NULL)
		return;
	if (rq->list >= 0 && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK &&
	    rq->to_end && rq->sent == rq->len) {
		pthread_mutex_lock(&s->lock);
		s->lists[rq->list] = LIST_DONE;
		pthread_mutex_unlock(&s->lock);
		sim_log(s, "list %d downloaded", rq->list + 1);
	}
	if (rq->pp != NULL)
		MHD_destroy_post_processor(rq->pp);
	for (i = 0; i < rq->nfields; i++) {
		free(rq->keys[i]);
		free(rq->values[i]);
	}
	free(rq);
	*con_cls = NULL;
}

/* Read a whole (small) file. */
static char *
slurp(const char *path, char **cause)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	size_t	 n;

	if (f == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (NULL);
	}
	buf = xmalloc(1 << 20);
	n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (n == 0 || n == (1 << 20) - 1) {
		free(buf);
		*cause = xasprintf(_("%s: empty or too large"), path);
		return (NULL);
	}
	return (buf);
}

/* Start. */
int
sim_start(const struct sim_options *o, struct sim **out, char **cause)
{
	struct sim		*s;
	struct sockaddr_storage	 ss;
	socklen_t		 sl;
	char			 host[INET6_ADDRSTRLEN];
	unsigned		 flags, port;
	size_t			 i;
	int			 one = 1, k;

	*out = NULL;
	if (parse_listen(o->listen != NULL ? o->listen : "127.0.0.1:0",
	    &ss, &sl, cause) != 0)
		return (-1);
	if (o->electors < 1 || o->electors > 6500000) {
		*cause = xstrdup(_("the number of electors must be from 10 to "
		    "6500000"));
		return (-1);
	}
	if ((o->tls_cert == NULL) != (o->tls_key == NULL)) {
		*cause = xstrdup(_("https needs both --tls-cert and "
		    "--tls-key"));
		return (-1);
	}
	s = xcalloc(1, sizeof *s);
	s->lfd = -1;
	s->user = xstrdup(o->user != NULL ? o->user : DEFAULT_USER);
	s->password = xstrdup(o->password != NULL ? o->password : DEFAULT_PW);
	s->archive_password = xstrdup(o->archive_password != NULL ?
	    o->archive_password : DEFAULT_ARCHPW);
	s->email = xstrdup(o->email != NULL ? o->email : DEFAULT_EMAIL);
	s->current_pw = xstrdup(s->password);
	s->electors = o->electors;
	s->seed = o->seed;
	s->aes = o->aes;
	s->marks = o->marks;
	s->changes_only = o->changes_only;
	s->quiet = o->quiet;
	s->log = o->log;
	s->mail = o->mail;
	s->cb_arg = o->cb_arg;
	s->lockout = 5;
	s->drop_after = -1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->build_lock, NULL);
	for (k = 0; k < DELIVERY_LISTS; k++) {
		s->archives[k].fd = -1;
		delivery_name(s->seed, k, s->archives[k].name);
	}
	for (i = 0; i < o->nfaults; i++)
		if (fault_apply(s, o->faults[i], cause) != 0)
			goto fail;
	if (s->already)
		for (k = 0; k < DELIVERY_LISTS; k++)
			s->lists[k] = LIST_DONE;
	delivery_instructions(&s->instructions, &s->instructions_len);

	if (o->tls_cert != NULL) {
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			*cause = xstrdup(_("this libmicrohttpd has no TLS"));
			goto fail;
		}
		if ((s->cert = slurp(o->tls_cert, cause)) == NULL ||
		    (s->key = slurp(o->tls_key, cause)) == NULL)
			goto fail;
		s->https = 1;
	}

	s->lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->lfd < 0) {
		*cause = xasprintf("socket: %s", strerror(errno));
		goto fail;
	}
	setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s->lfd, (struct sockaddr *)&ss, sl) != 0 ||
	    listen(s->lfd, 64) != 0) {
		*cause = xasprintf(_("cannot listen on %s: %s"), o->listen,
		    strerror(errno));
		goto fail;
	}
	sl = sizeof ss;
	if (getsockname(s->lfd, (struct sockaddr *)&ss, &sl) != 0) {
		*cause = xasprintf("getsockname: %s", strerror(errno));
		goto fail;
	}
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
		port = ntohs(a->sin6_port);
		s->base = xasprintf("%s://[%s]:%u", s->https ? "https" :
		    "http", host, port);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
		port = ntohs(a->sin_port);
		s->base = xasprintf("%s://%s:%u", s->https ? "https" : "http",
		    host, port);
	}
	s->url = xasprintf("%s/", s->base);

	flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (s->https)
		flags |= MHD_USE_TLS;
	if (s->https)
		s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, handler, s,
		    MHD_OPTION_LISTEN_SOCKET, s->lfd,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		    MHD_OPTION_HTTPS_MEM_CERT, s->cert,
		    MHD_OPTION_HTTPS_MEM_KEY, s->key,
		    MHD_OPTION_END);
	else
		s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, handler, s,
		    MHD_OPTION_LISTEN_SOCKET, s->lfd,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		    MHD_OPTION_END);
	if (s->daemon == NULL) {
		*cause = xstrdup(s->https ? _("cannot start the https server "
		    "(check the certificate and key)") : _("cannot start the "
		    "server"));
		goto fail;
	}
	if (pthread_create(&s->builder, NULL, sim_prebuild, s) == 0)
		s->builder_running = 1;
	*out = s;
	return (0);
fail:
	sim_stop(s);
	return (-1);
}

/* The base URL. */
const char *
sim_url(const struct sim *s)
{
	return (s->url);
}

/* The practice user code. */
const char *
sim_user(const struct sim *s)
{
	return (s->user);
}

/* The practice password given at start. */
const char *
sim_password(const struct sim *s)
{
	return (s->password);
}

/* The archive password. */
const char *
sim_archive_password(const struct sim *s)
{
	return (s->archive_password);
}

/* The account's e-mail address. */
const char *
sim_email(const struct sim *s)
{
	return (s->email);
}

/* Wipe and free a string. */
static void
free_secret(char *p)
{
	if (p == NULL)
		return;
	memset(p, 0, strlen(p));
	free(p);
}

/* Stop and free. */
void
sim_stop(struct sim *s)
{
	size_t	 i;
	int	 k;

	if (s == NULL)
		return;
	s->stopping = 1;
	if (s->builder_running)
		pthread_join(s->builder, NULL);
	if (s->daemon != NULL)
		MHD_stop_daemon(s->daemon);
	if (s->lfd >= 0)
		close(s->lfd);
	for (i = 0; i < MAX_SESSIONS; i++)
		session_drop(&s->sessions[i]);
	for (k = 0; k < DELIVERY_LISTS; k++)
		if (s->archives[k].fd >= 0)
			close(s->archives[k].fd);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->build_lock);
	free(s->url);
	free(s->base);
	free(s->cert);
	free_secret(s->key);
	free(s->user);
	free_secret(s->password);
	free_secret(s->archive_password);
	free_secret(s->current_pw);
	free(s->email);
	free(s->instructions);
	free(s);
}
