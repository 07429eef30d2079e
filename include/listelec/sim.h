/*
 * sim — the simulated Élections Québec portal (libmicrohttpd), on loopback
 * only, for training and tests.  Pages, sessions, the one-time download and
 * faults; see listelec-sim(1) in the man page.
 */
#ifndef LISTELEC_SIM_H
#define LISTELEC_SIM_H

#include <stddef.h>
#include <stdint.h>

struct sim;

#define SIM_MAX_FAULTS	16

struct sim_options {
	const char	*listen;	/* "127.0.0.1:0" by default */
	const char	*tls_cert;	/* PEM files: serve https */
	const char	*tls_key;
	const char	*user;		/* practice secrets (NULL: defaults) */
	const char	*password;
	const char	*archive_password;
	const char	*email;		/* the account's e-mail (forgotten
					   password form) */
	size_t		 electors;	/* default 2000 */
	uint64_t	 seed;
	int		 aes;		/* AES-256 rather than ZipCrypto */
	int		 marks;		/* revised lists: Modification */
	int		 changes_only;	/* revised lists: only the changes */
	const char	*faults[SIM_MAX_FAULTS];	/* "NAME[=ARG]" */
	size_t		 nfaults;
	int		 quiet;		/* no request log (log not called) */
	/* Where the simulator speaks: the request log (one line, no
	   secrets) and the simulated e-mails (the temporary password of the
	   forgotten-password form).  NULL: not said.  Called from server
	   threads, one call at a time. */
	void		(*log)(void *arg, const char *line);
	void		(*mail)(void *arg, const char *text);
	void		*cb_arg;
};

/* Parse and check an --fault value; 0, or -1 with *cause. */
int	 sim_fault_check(const char *fault, char **cause);
/* Check an --listen value: loopback address and port; 0, or -1 with
   *cause (not loopback, not ADDR:PORT). */
int	 sim_listen_check(const char *listen, char **cause);

/* Defaults (see above). */
void	 sim_options_init(struct sim_options *);
/*
 * The options listelec-sim and `listelec training` share: --electors,
 * --seed, --encryption, --marks, --changes-only.  SIM_OPTIONS goes into a
 * getopt_long table; sim_option takes getopt's answer c: 1 when it was one
 * of them (stored in o), 0 when it was not, -1 with *cause when the value
 * is refused (a usage error).
 */
enum {
	SIM_OPT_ELECTORS = 300,
	SIM_OPT_SEED,
	SIM_OPT_ENCRYPTION,
	SIM_OPT_MARKS,
	SIM_OPT_CHANGES_ONLY,
};
#define SIM_OPTIONS							\
	{ "electors", required_argument, NULL, SIM_OPT_ELECTORS },	\
	{ "seed", required_argument, NULL, SIM_OPT_SEED },		\
	{ "encryption", required_argument, NULL, SIM_OPT_ENCRYPTION },	\
	{ "marks", no_argument, NULL, SIM_OPT_MARKS },			\
	{ "changes-only", no_argument, NULL, SIM_OPT_CHANGES_ONLY }
int	 sim_option(struct sim_options *, int c, const char *value,
	     char **cause);
/* Start serving in background threads; 0, or -1 with *cause. */
int	 sim_start(const struct sim_options *, struct sim **out, char **cause);
/* The base URL, e.g. "http://127.0.0.1:40123/". */
const char *sim_url(const struct sim *);
/* The practice secrets in force. */
const char *sim_user(const struct sim *);
const char *sim_email(const struct sim *);
const char *sim_password(const struct sim *);
const char *sim_archive_password(const struct sim *);
/* Stop and free; NULL is fine. */
void	 sim_stop(struct sim *);

#endif
