/*
 * sim-state.c — the simulator's state: the practice account (sign-in,
 * lockout, the forgotten password, the forced change), the sessions
 * (anti-forgery tokens, eviction of the oldest) and the faults given at
 * start.  Everything here but the fault checks is called with the state
 * lock held.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/random.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "listelec/i18n.h"
#include "listelec/sim.h"
#include "listelec/xmalloc.h"

#include "sim-int.h"

/* A random token of TOKEN_LEN lowercase hex digits. */
static void
make_token(char *out)
{
	unsigned char	 raw[TOKEN_LEN / 2];
	size_t		 i, got = 0;
	ssize_t		 r;

	while (got < sizeof raw) {
		r = getrandom(raw + got, sizeof raw - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			fatal("getrandom: %s", strerror(errno));
		got += (size_t)r;
	}
	for (i = 0; i < sizeof raw; i++) {
		out[2 * i] = "0123456789abcdef"[raw[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[raw[i] & 15];
	}
	out[TOKEN_LEN] = '\0';
}

/* A temporary password: ten letters and digits, easy to type. */
static char *
make_temp_password(void)
{
	static const char set[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char		 tok[TOKEN_LEN + 1], *pw = xmalloc(11);
	size_t		 i;

	make_token(tok);
	for (i = 0; i < 10; i++)
		pw[i] = set[((unsigned)(tok[i] * 7 + tok[i + 10])) %
		    (sizeof set - 1)];
	pw[3] = 'X';
	pw[7] = '7';
	pw[10] = '\0';
	return (pw);
}

/* Compare ASCII case-insensitively. */
static int
same_ci(const char *a, const char *b)
{
	return (a != NULL && b != NULL && strcasecmp(a, b) == 0);
}

/*
 * Faults.
 */

/* Parse an unsigned number. */
int
sim_parse_u64(const char *s, uint64_t *out)
{
	char			*end;
	unsigned long long	 v;

	if (s == NULL || *s < '0' || *s > '9')
		return (-1);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return (-1);
	*out = v;
	return (0);
}

static const struct {
	const char	*name;
	int		 arg;	/* 0 none, 1 required, 2 optional */
} fault_names[] = {
	{ "lockout", 1 }, { "expire-after", 1 }, { "force-change", 0 },
	{ "already-downloaded", 0 }, { "drop-after", 1 }, { "no-range", 0 },
	{ "html-instead", 0 }, { "slow", 1 }, { "server-error", 2 },
	{ "challenge", 0 }, { "redirect-loop", 0 }, { "foreign-form", 0 },
	{ "hostile-name", 0 }, { "huge-page", 0 }, { "deep-page", 0 },
};

/* Apply (s != NULL) or only check one fault. */
int
fault_apply(struct sim *s, const char *fault, char **cause)
{
	const char	*eq = strchr(fault, '=');
	size_t		 n = eq != NULL ? (size_t)(eq - fault) : strlen(fault);
	const char	*arg = eq != NULL ? eq + 1 : NULL;
	uint64_t	 v = 0;
	size_t		 i;

	for (i = 0; i < sizeof fault_names / sizeof fault_names[0]; i++)
		if (strlen(fault_names[i].name) == n &&
		    strncmp(fault_names[i].name, fault, n) == 0)
			break;
	if (i == sizeof fault_names / sizeof fault_names[0]) {
		*cause = xasprintf(_("unknown fault: %.*s (known: lockout=N, "
		    "expire-after=N, force-change, already-downloaded, "
		    "drop-after=BYTES, no-range, html-instead, "
		    "slow=BYTES_PER_S, server-error[=N], challenge, "
		    "redirect-loop, foreign-form, hostile-name, huge-page, "
		    "deep-page)"),
		    (int)n, fault);
		return (-1);
	}
	if (fault_names[i].arg == 0 && arg != NULL) {
		*cause = xasprintf(_("fault %s takes no value"),
		    fault_names[i].name);
		return (-1);
	}
	if (fault_names[i].arg == 1 && arg == NULL) {
		*cause = xasprintf(_("fault %s needs a value (%s=N)"),
		    fault_names[i].name, fault_names[i].name);
		return (-1);
	}
	if (arg != NULL && (sim_parse_u64(arg, &v) != 0 || v > INT64_MAX ||
	    (v == 0 && strcmp(fault_names[i].name, "drop-after") != 0))) {
		*cause = xasprintf(_("fault %s: bad value %s"),
		    fault_names[i].name, arg);
		return (-1);
	}
	if (s == NULL)
		return (0);
	switch (i) {
	case 0:
		s->lockout = (unsigned)v;
		break;
	case 1:
		s->expire_after = (unsigned)v;
		break;
	case 2:
		s->force_change = 1;
		break;
	case 3:
		s->already = 1;
		break;
	case 4:
		s->drop_after = (int64_t)v;
		break;
	case 5:
		s->no_range = 1;
		break;
	case 6:
		s->html_instead = 1;
		break;
	case 7:
		s->slow = v;
		break;
	case 8:
		s->server_error = 1;
		s->server_error_at = (unsigned)v;
		break;
	case 9:
		s->challenge = 1;
		break;
	default:
		/* redirect-loop .. deep-page: one bit each, in order. */
		s->hostile |= 1 << (i - 10);
		break;
	}
	return (0);
}

/* Check a fault. */
int
sim_fault_check(const char *fault, char **cause)
{
	return (fault_apply(NULL, fault, cause));
}

/*
 * Sessions (called with the lock held).
 */

/* The session named by the cookie, or NULL; *stale when a cookie named
   a session that is gone. */
struct session *
session_find(struct sim *s, const char *id, int *stale)
{
	size_t	 i;

	*stale = 0;
	if (id == NULL)
		return (NULL);
	for (i = 0; i < MAX_SESSIONS; i++)
		if (s->sessions[i].used && strcmp(s->sessions[i].id, id) == 0)
			return (&s->sessions[i]);
	*stale = 1;
	return (NULL);
}

/* Forget a session. */
void
session_drop(struct session *ss)
{
	free(ss->flash);
	memset(ss, 0, sizeof *ss);
}

/* A new session (the oldest is evicted when full). */
struct session *
session_new(struct sim *s)
{
	struct session	*ss = NULL;
	size_t		 i;
	int		 k;

	for (i = 0; i < MAX_SESSIONS; i++) {
		if (!s->sessions[i].used) {
			ss = &s->sessions[i];
			break;
		}
		if (ss == NULL || s->sessions[i].stamp < ss->stamp)
			ss = &s->sessions[i];
	}
	session_drop(ss);
	ss->used = 1;
	ss->stamp = ++s->stamp;
	make_token(ss->id);
	make_token(ss->token);
	make_token(ss->doc);
	for (k = 0; k < DELIVERY_LISTS; k++)
		make_token(ss->dl[k]);
	return (ss);
}

/* Set the next page's message. */
void
session_flash(struct session *ss, const char *msg)
{
	free(ss->flash);
	ss->flash = xstrdup(msg);
}

/* Take the session's flash message (caller frees). */
char *
session_take_flash(struct session *ss)
{
	char *m = ss->flash;

	ss->flash = NULL;
	return (m);
}

/*
 * The account (called with the lock held).
 */

/* Whether the password follows the rules; else the message. */
static const char *
password_rule(int en_, const char *pw, const char *again, const char *old)
{
	int	 letter = 0, digit = 0;
	size_t	 i;

	if (pw == NULL || again == NULL || *pw == '\0')
		return (T("Veuillez inscrire un nouveau mot de passe.",
		    "Please enter a new password."));
	if (strcmp(pw, again) != 0)
		return (T("Les deux mots de passe ne sont pas identiques.",
		    "The two passwords are not the same."));
	for (i = 0; pw[i] != '\0'; i++) {
		letter |= isalpha((unsigned char)pw[i]) != 0;
		digit |= isdigit((unsigned char)pw[i]) != 0;
	}
	if (i < 8 || !letter || !digit)
		return (T("Le mot de passe doit contenir au moins 8 "
		    "caractères, dont au moins une lettre et un chiffre.",
		    "The password must have at least 8 characters, with at "
		    "least one letter and one digit."));
	if (old != NULL && strcmp(pw, old) == 0)
		return (T("Le nouveau mot de passe doit être différent de "
		    "l'ancien.", "The new password must differ from the old "
		    "one."));
	return (NULL);
}

/* The message of a locked account. */
static const char *
locked_message(int en_)
{
	return (T("Votre compte est verrouillé à la suite de plusieurs "
	    "tentatives infructueuses. Utilisez « Mot de passe oublié? » "
	    "pour obtenir un nouveau mot de passe.",
	    "Your account is locked after several failed attempts. Use "
	    "\"Forgot your password?\" to get a new password."));
}

/* A sign-in (the lock held): NULL when the account takes it, else the
   message.  Failed passwords for the account's user code lock it once
   there are as many as the lockout. */
const char *
account_sign_in(struct sim *s, int en_, const char *user, const char *pw)
{
	if (s->locked)
		return (locked_message(en_));
	if (!same_ci(user, s->user) || pw == NULL ||
	    strcmp(pw, s->current_pw) != 0) {
		if (same_ci(user, s->user) && ++s->failures >= s->lockout) {
			s->locked = 1;
			return (locked_message(en_));
		}
		return (T("Le code d'utilisateur ou le mot de passe est "
		    "invalide.", "The user code or the password is "
		    "invalid."));
	}
	s->failures = 0;
	return (NULL);
}

/* Whether a sign-in goes through the forced change first. */
int
account_must_change(const struct sim *s)
{
	return (s->temporary || (s->force_change && !s->changed));
}

/* The forgotten password of this address (the lock held): NULL when a
   temporary password was set, the account unlocked and the e-mail sent
   through the mail callback; else the message. */
const char *
account_reset(struct sim *s, int en_, const char *email)
{
	char	*msg;

	if (email == NULL || strchr(email, '@') == NULL)
		return (T("Veuillez inscrire une adresse courriel valide.",
		    "Please enter a valid e-mail address."));
	if (!same_ci(email, s->email))
		return (T("Cette adresse courriel ne correspond à aucun "
		    "compte.", "This e-mail address does not match any "
		    "account."));
	free(s->current_pw);
	s->current_pw = make_temp_password();
	s->temporary = 1;
	s->failures = 0;
	s->locked = 0;
	if (s->mail != NULL) {
		msg = xasprintf("À : %s\nBonjour.\nCeci est un courriel "
		    "automatique.\nEn réponse à votre demande, voici les "
		    "informations requises pour accéder aux services en "
		    "ligne d'Élections Québec.\nCode utilisateur : %s\n"
		    "Mot de passe : %s\nL'administration Web.", s->email,
		    s->user, s->current_pw);
		s->mail(s->cb_arg, msg);
		free(msg);
	}
	return (NULL);
}

/* The forced change (the lock held): NULL when the new password, the
   secret question (1 to NQUESTIONS) and its answer are taken, else the
   message. */
const char *
account_change(struct sim *s, int en_, const char *pw, const char *again,
    const char *question, const char *answer)
{
	const char	*err;

	err = password_rule(en_, pw, again, s->current_pw);
	if (err == NULL && (question == NULL || *question < '1' ||
	    *question > '0' + NQUESTIONS || question[1] != '\0'))
		err = T("Veuillez sélectionner une question secrète.",
		    "Please select a secret question.");
	if (err == NULL && (answer == NULL || strlen(answer) < 2))
		err = T("Veuillez inscrire une réponse à la question "
		    "secrète.", "Please enter an answer to the secret "
		    "question.");
	if (err != NULL)
		return (err);
	free(s->current_pw);
	s->current_pw = xstrdup(pw);
	s->temporary = 0;
	s->changed = 1;
	return (NULL);
}
