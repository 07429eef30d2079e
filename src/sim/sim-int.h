/*
 * sim-int.h — the simulator's private interface: the state behind the
 * one lock, a request in progress, the route table's row and the call a
 * handler answers.  sim.c runs the daemon and dispatches, sim-state.c
 * keeps the account, the sessions and the faults, sim-pages.c draws the
 * HTML pages, sim-download.c hands out the files.
 */
#ifndef LISTELEC_SIM_INT_H
#define LISTELEC_SIM_INT_H

#include <sys/types.h>

#include <pthread.h>
#include <stdint.h>

#include <microhttpd.h>

#include "listelec/delivery.h"

#define P_LOGIN		"/services/PES.Portail.Authentification/index.php"
#define P_FORGOT	"/services/PES.Portail.MotDePasseOublie/index.php"
#define P_CHANGE	"/services/PES.Portail.ChangementMotDePasse/index.php"
#define P_EXTRANET	"/services/PES.Extranet.Accueil/index.php"
#define P_NOTICE	"/services/PES.Extranet.ListesElectorales/index.php"
#define P_LISTS		"/services/PES.Extranet.ListesDisponibles/index.php"
#define P_DOWNLOAD	"/services/PES.Extranet.Telechargement/index.php"
#define P_DOC		"/services/PES.Extranet.Documents/index.php"
#define P_SERVICE	"/services/PES.Extranet.Services/index.php"
#define P_CSS		"/services/PES.Commun/css/pes.css"

#define MAX_SESSIONS	256
#define MAX_FIELDS	16
#define MAX_FIELD	4096
#define TOKEN_LEN	32
#define NQUESTIONS	5	/* secret questions */

enum auth {
	AUTH_NONE,
	AUTH_CHANGE,		/* signed in, must choose a new password */
	AUTH_IN,
};

enum list_state {
	LIST_AVAILABLE,
	LIST_STARTED,		/* a download began; a resume may follow */
	LIST_DONE,
};

struct session {
	int		 used;
	char		 id[TOKEN_LEN + 1];
	char		 token[TOKEN_LEN + 1];	/* anti-forgery */
	char		 dl[DELIVERY_LISTS][TOKEN_LEN + 1];
	char		 doc[TOKEN_LEN + 1];
	int		 en;
	enum auth	 auth;
	int		 notice_ok;
	unsigned	 requests;
	char		*flash;		/* a message for the next page */
	uint64_t	 stamp;		/* for eviction */
};

struct archive {
	int		 built;
	int		 fd;
	off_t		 size;
	char		 name[14];
};

struct sim {
	struct MHD_Daemon *daemon;
	int		 lfd;
	char		*url;
	char		*base;		/* url without the trailing '/' */
	int		 https;
	char		*cert, *key;

	char		*user, *password, *archive_password, *email;
	size_t		 electors;
	uint64_t	 seed;
	int		 aes;
	int		 marks;		/* revised lists: Modification */
	int		 changes_only;	/* revised lists: only the changes */
	int		 quiet;
	void		(*log)(void *, const char *);
	void		(*mail)(void *, const char *);
	void		*cb_arg;

	/* Faults. */
	unsigned	 lockout;
	unsigned	 expire_after;
	int		 force_change;
	int		 already;
	int64_t		 drop_after;
	int		 no_range;
	int		 html_instead;
	uint64_t	 slow;
	int		 server_error;	/* armed */
	unsigned	 server_error_at;	/* 0: first download */
	int		 challenge;
	int		 hostile;	/* HOSTILE_*: a portal that attacks */

	pthread_mutex_t	 lock;
	pthread_mutex_t	 build_lock;
	pthread_t	 builder;	/* prepares the first list at start */
	int		 builder_running;
	volatile int	 stopping;
	uint64_t	 requests;
	uint64_t	 stamp;
	struct session	 sessions[MAX_SESSIONS];

	/* The account. */
	char		*current_pw;
	int		 temporary;
	int		 changed;
	unsigned	 failures;
	int		 locked;
	enum list_state	 lists[DELIVERY_LISTS];
	int		 dropped[DELIVERY_LISTS];

	struct archive	 archives[DELIVERY_LISTS];
	char		*instructions;
	size_t		 instructions_len;
};

/* A request in progress. */
struct req {
	struct MHD_PostProcessor *pp;
	char		*keys[MAX_FIELDS];
	char		*values[MAX_FIELDS];
	size_t		 nfields;
	int		 too_big;
	/* A download. */
	struct sim	*sim;
	int		 list;		/* -1 if not a download */
	uint64_t	 start, len;	/* the range served */
	int		 to_end;	/* the range reaches the end */
	uint64_t	 sent;
	int64_t		 drop;		/* close after this many, -1 never */
	int		 fd;
};

/* A growing string. */
struct sbuf {
	char	*p;
	size_t	 len, cap;
};

/* Who may see a page; each level also asks what the one before asks. */
enum access {
	ACCESS_STATIC,		/* a file: no state, answered unlocked */
	ACCESS_ANY,		/* anyone; no session is made */
	ACCESS_PUBLIC,		/* anyone; makes a session */
	ACCESS_CHANGE,		/* signed in, the password to change */
	ACCESS_IN,		/* signed in, the password settled */
	ACCESS_NOTICE,		/* and the notice confirmed */
};

/* How a handler answers. */
enum answer {
	ANSWER_PAGE,		/* call.page, with the session's cookie */
	ANSWER_REDIRECT,	/* to call.location, a path of the portal */
	ANSWER_RESPONSE,	/* call.r (NULL when none could be made) */
	ANSWER_LIST,		/* list call.list, sent once unlocked */
};

/* A request going through the dispatcher; handlers fill the answer. */
/* The hostile faults: what a portal taken over (or impersonated) may
   send.  The client must refuse each clearly, within bounded time and
   memory, and write nothing outside its folder. */
#define HOSTILE_LOOP	0x01	/* the Extranet redirects to itself */
#define HOSTILE_FORM	0x02	/* the sign-in form posts elsewhere */
#define HOSTILE_NAME	0x04	/* Content-Disposition: ../ and escapes */
#define HOSTILE_HUGE	0x08	/* the lists page is 40 MB */
#define HOSTILE_DEEP	0x10	/* the lists page nests 100 000 deep */

struct call {
	struct sim		*s;
	struct MHD_Connection	*c;
	struct req		*rq;
	const char		*url;
	const char		*method;
	int			 post;
	struct session		*ss;	/* NULL below ACCESS_PUBLIC */
	int			 en;
	int			 stale;	/* a form posted from a lost session */
	const char		*err;	/* the page's error: a bad token, then
					   the handler's own; or NULL */

	enum answer		 answer;
	unsigned		 status;	/* of a page or response */
	struct sbuf		 page;
	const char		*location;
	struct MHD_Response	*r;
	int			 list;
	const char		*range;	/* the download's Range, or NULL */
};

/* A row of the route table: GET also answers HEAD; a NULL handler is a
   method the page does not take. */
struct route {
	const char	*path;
	enum access	 access;
	void		(*get)(struct call *);
	void		(*post)(struct call *);
};

/* French or English, after the int en_ in scope. */
#define T(fr, en)	(en_ ? (en) : (fr))

/* sim.c: the daemon and the dispatcher. */
void		 sim_log(struct sim *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
enum MHD_Result	 sim_respond(struct sim *, struct MHD_Connection *,
		     const char *, const char *, unsigned,
		     struct MHD_Response *);
void		 sim_add_cookie(struct sim *, struct MHD_Response *,
		     const struct session *);
struct MHD_Response *sim_html_response(struct sim *, struct sbuf *,
		     const struct session *);
const char	*sim_field(const struct req *, const char *);
void		 answer_redirect(struct call *, const char *);
void		 answer_response(struct call *, unsigned,
		     struct MHD_Response *);

/* sim-pages.c: the HTML pages, and the handlers that answer with them
   (the lock held). */
void		 sim_page_simple(struct sbuf *, int, const char *,
		     const char *, const char *, const char *, const char *);
struct MHD_Response *sim_challenge(void);
void		 route_home(struct call *);
void		 route_css(struct call *);
void		 route_login(struct call *);
void		 route_login_post(struct call *);
void		 route_forgot(struct call *);
void		 route_forgot_post(struct call *);
void		 route_change(struct call *);
void		 route_change_post(struct call *);
void		 route_extranet(struct call *);
void		 route_notice(struct call *);
void		 route_notice_post(struct call *);
void		 route_service(struct call *);
void		 route_lists(struct call *);
void		 route_missing(struct call *);

/* sim-download.c: the instructions PDF and the lists. */
void		*sim_prebuild(void *);
void		 route_doc(struct call *);
void		 route_download(struct call *);
enum MHD_Result	 sim_download_send(struct call *);

/* sim-state.c: the account, the sessions and the faults (all but the
   fault checks with the lock held). */
int		 sim_parse_u64(const char *, uint64_t *);
int		 fault_apply(struct sim *, const char *, char **);
struct session	*session_find(struct sim *, const char *, int *);
void		 session_drop(struct session *);
struct session	*session_new(struct sim *);
void		 session_flash(struct session *, const char *);
char		*session_take_flash(struct session *);
const char	*account_sign_in(struct sim *, int, const char *,
		     const char *);
int		 account_must_change(const struct sim *);
const char	*account_reset(struct sim *, int, const char *);
const char	*account_change(struct sim *, int, const char *,
		     const char *, const char *, const char *);

#endif /* !LISTELEC_SIM_INT_H */
