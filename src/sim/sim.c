/*
 * sim — the simulated Élections Québec portal (PES) on libmicrohttpd.
 *
 * One thread per connection (so a slow or dropped download never holds up
 * the pages); all state — sessions, the practice account, the per-user
 * state of each list, the faults — sits behind one mutex.  Pages follow
 * the procedure in the seed: login (anti-forgery token, session cookie,
 * lockout), forgotten password (a temporary password "e-mailed" through
 * the mail callback), the forced change, the Extranet, the notice to
 * confirm, the lists, and the one-time download with Range.  Archives are
 * built on first request, into an anonymous file (delivery.c).
 */
#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

static void	sb_add(struct sbuf *, const char *, size_t);
static void	sb_printf(struct sbuf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	sb_esc(struct sbuf *, const char *);

/* Append bytes. */
static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap == 0 ? 4096 : b->cap * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Append formatted text. */
static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_add(b, s, strlen(s));
	free(s);
}

/* Append text escaped for HTML. */
static void
sb_esc(struct sbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<':
			sb_add(b, "&lt;", 4);
			break;
		case '>':
			sb_add(b, "&gt;", 4);
			break;
		case '&':
			sb_add(b, "&amp;", 5);
			break;
		case '"':
			sb_add(b, "&quot;", 6);
			break;
		case '\'':
			sb_add(b, "&#39;", 5);
			break;
		default:
			sb_add(b, s, 1);
		}
	}
}

/* Say one line of the request log. */
static void
say_log(struct sim *s, const char *fmt, ...)
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

/* --electors, --seed, --encryption. */
int
sim_options_set(struct sim_options *o, const char *name, const char *value,
    char **cause)
{
	uint64_t	v;

	if (strcmp(name, "electors") == 0) {
		if (sim_number(value, 10, 6500000, &v) != 0) {
			*cause = xstrdup(_("--electors: a number from 10 to "
			    "6500000"));
			return (-1);
		}
		o->electors = (size_t)v;
	} else if (strcmp(name, "seed") == 0) {
		if (sim_number(value, 0, UINT64_MAX, &v) != 0) {
			*cause = xstrdup(_("--seed: a non-negative integer"));
			return (-1);
		}
		o->seed = v;
	} else if (strcmp(name, "encryption") == 0 &&
	    (strcmp(value, "aes256") == 0 || strcmp(value, "zipcrypto") == 0))
		o->aes = strcmp(value, "aes256") == 0;
	else {
		*cause = xstrdup(_("--encryption: zipcrypto or aes256"));
		return (-1);
	}
	return (0);
}

/*
 * Responses.
 */

/* Queue a response and log it. */
static enum MHD_Result
respond(struct sim *s, struct MHD_Connection *c, const char *method,
    const char *url, unsigned status, struct MHD_Response *r)
{
	enum MHD_Result	 ret;

	if (r == NULL)
		return (MHD_NO);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	say_log(s, "%s %s %u", method, url, status);
	return (ret);
}

/* Add the session cookie. */
static void
add_cookie(struct sim *s, struct MHD_Response *r, const struct session *ss)
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
static struct MHD_Response *
html_response(struct sim *s, struct sbuf *b, const struct session *ss)
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
	add_cookie(s, r, ss);
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
	add_cookie(s, r, ss);
	free(loc);
	return (respond(s, c, method, url, MHD_HTTP_FOUND, r));
}

/* Answer the call with a redirection to a path of the portal. */
static void
answer_redirect(struct call *cl, const char *path)
{
	cl->answer = ANSWER_REDIRECT;
	cl->location = path;
}

/* Answer the call with a response (taken; NULL when none could be
   made). */
static void
answer_response(struct call *cl, unsigned status, struct MHD_Response *r)
{
	cl->answer = ANSWER_RESPONSE;
	cl->status = status;
	cl->r = r;
}

/* The top of every page. */
static void
page_head(struct sbuf *b, int en_, const char *title, const char *self)
{
	sb_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", en_ ? "en" : "fr");
	sb_esc(b, title);
	sb_printf(b, " | %s</title>\n"
	    "<link rel=\"stylesheet\" href=\"/services/PES.Commun/css/"
	    "pes.css\">\n</head>\n<body class=\"pes\">\n"
	    "<header id=\"entete\"><div class=\"logo\">%s</div>\n"
	    "<nav class=\"langue\"><a href=\"%s?strLangue=%s\" "
	    "lang=\"%s\">%s</a></nav></header>\n<main id=\"contenu\">\n",
	    T("Élections Québec", "Élections Québec"),
	    T("Élections Québec", "Élections Québec"), self,
	    en_ ? "fr" : "en", en_ ? "fr" : "en",
	    en_ ? "Français" : "English");
}

/* The bottom of every page. */
static void
page_foot(struct sbuf *b, int en_)
{
	sb_printf(b, "</main>\n<footer><p>%s</p><p class=\"avis\">%s</p>"
	    "</footer>\n</body>\n</html>\n",
	    T("© Élections Québec — Portail des entités politiques",
	    "© Élections Québec — Political entities portal"),
	    T("Simulateur de formation listelec : aucune donnée réelle.",
	    "listelec training simulator: no real data."));
}

/* A message box. */
static void
page_message(struct sbuf *b, const char *cls, const char *msg)
{
	if (msg == NULL)
		return;
	sb_printf(b, "<div class=\"%s\" role=\"alert\"><p>", cls);
	sb_esc(b, msg);
	sb_add(b, "</p></div>\n", 11);
}

/* The hidden anti-forgery field. */
static void
page_token(struct sbuf *b, const struct session *ss)
{
	sb_printf(b, "<input type=\"hidden\" name=\"jeton\" value=\"%s\">\n",
	    ss->token);
}

/* The login page. */
static void
page_login(struct sim *s, struct sbuf *b, struct session *ss,
    const char *error, const char *kept)
{
	int	 en_ = ss->en;
	char	*note = session_take_flash(ss);

	page_head(b, en_, T("Services en ligne", "Online services"), P_LOGIN);
	sb_printf(b, "<section class=\"connexion\">\n<h1>%s</h1>\n",
	    T("Services en ligne", "Online services"));
	page_message(b, "erreur", error);
	page_message(b, "info", note);
	free(note);
	sb_printf(b, "<form method=\"post\" action=\"%s\" "
	    "id=\"frmConnexion\" autocomplete=\"off\">\n", P_LOGIN);
	page_token(b, ss);
	sb_printf(b, "<table class=\"formulaire\">\n"
	    "<tr><td><label for=\"strCodeUtilisateur\">%s</label></td>\n"
	    "<td><input type=\"text\" id=\"strCodeUtilisateur\" "
	    "name=\"strCodeUtilisateur\" maxlength=\"50\" value=\"",
	    T("Code utilisateur", "User code"));
	if (kept != NULL)
		sb_esc(b, kept);
	sb_printf(b, "\"></td></tr>\n"
	    "<tr><td><label for=\"strMotDePasse\">%s</label></td>\n"
	    "<td><input type=\"password\" id=\"strMotDePasse\" "
	    "name=\"strMotDePasse\" maxlength=\"50\"></td></tr>\n"
	    "<tr><td></td><td><input type=\"checkbox\" id=\"bConserver\" "
	    "name=\"bConserver\" value=\"1\"%s> <label for=\"bConserver\">"
	    "%s</label></td></tr>\n"
	    "<tr><td></td><td><input type=\"submit\" name=\"btnEntrer\" "
	    "class=\"bouton vert\" value=\"%s\"></td></tr>\n</table>\n"
	    "</form>\n<p class=\"oubli\"><a href=\"%s\">%s</a></p>\n"
	    "</section>\n",
	    T("Mot de passe", "Password"), kept != NULL ? " checked" : "",
	    T("Conserver le code utilisateur", "Remember the user code"),
	    T("Entrer", "Enter"), P_FORGOT,
	    T("Mot de passe oublié?", "Forgot your password?"));
	(void)s;
	page_foot(b, en_);
}

/* The forgotten-password page. */
static void
page_forgot(struct sbuf *b, struct session *ss, const char *error,
    const char *done)
{
	int	 en_ = ss->en;

	page_head(b, en_, T("Mot de passe oublié", "Forgotten password"),
	    P_FORGOT);
	sb_printf(b, "<div class=\"boite\">\n<h1>%s</h1>\n",
	    T("Mot de passe oublié", "Forgotten password"));
	page_message(b, "erreur", error);
	if (done != NULL) {
		page_message(b, "confirmation", done);
		sb_printf(b, "<p><a href=\"%s\">%s</a></p>\n</div>\n", P_LOGIN,
		    T("Retour à la page de connexion",
		    "Back to the sign-in page"));
		page_foot(b, en_);
		return;
	}
	sb_printf(b, "<p>%s</p>\n<form action=\"%s\" method=\"POST\">\n",
	    T("Entrez l'adresse courriel associée à votre compte. Un nouveau "
	    "mot de passe vous sera envoyé par courriel.",
	    "Enter the e-mail address of your account. A new password will "
	    "be sent to you by e-mail."), P_FORGOT);
	page_token(b, ss);
	sb_printf(b, "<div class=\"champ\"><label for=\"courriel\">%s</label>"
	    "<input type=\"email\" id=\"courriel\" name=\"strCourriel\" "
	    "size=\"40\"></div>\n<div class=\"actions\"><button "
	    "type=\"submit\" name=\"btnEnvoyer\" value=\"1\">%s</button> "
	    "<a href=\"%s\">%s</a></div>\n</form>\n</div>\n",
	    T("Adresse courriel", "E-mail address"), T("Envoyer", "Send"),
	    P_LOGIN, T("Annuler", "Cancel"));
	page_foot(b, en_);
}

static const char *const questions_fr[NQUESTIONS] = {
	"Plat préféré", "Nom de votre premier animal de compagnie",
	"Ville de naissance de votre mère", "Nom de votre école primaire",
	"Marque de votre première voiture",
};
static const char *const questions_en[NQUESTIONS] = {
	"Favourite dish", "Name of your first pet",
	"Your mother's city of birth", "Name of your elementary school",
	"Make of your first car",
};

/* The forced password change. */
static void
page_change(struct sbuf *b, struct session *ss, const char *error)
{
	int	 en_ = ss->en;
	size_t	 i;

	page_head(b, en_, T("Changement de mot de passe", "Password change"),
	    P_CHANGE);
	sb_printf(b, "<form method=\"post\" action=\"%s\" class=\"boite\">\n"
	    "<h1>%s</h1>\n", P_CHANGE,
	    T("Changement de mot de passe", "Password change"));
	page_message(b, "erreur", error);
	page_token(b, ss);
	sb_printf(b, "<fieldset><legend>%s</legend>\n"
	    "<p class=\"regles\">%s</p>\n"
	    "<label>%s <input type=\"password\" name=\"strNouveauMotDePasse\""
	    "></label><br>\n<label>%s <input type=\"password\" "
	    "name=\"strConfirmation\"></label>\n</fieldset>\n",
	    T("Veuillez choisir un nouveau mot de passe.",
	    "Please choose a new password."),
	    T("Le mot de passe doit contenir au moins 8 caractères, dont au "
	    "moins une lettre et un chiffre.",
	    "The password must have at least 8 characters, with at least "
	    "one letter and one digit."),
	    T("Nouveau mot de passe", "New password"),
	    T("Confirmer le mot de passe", "Confirm the password"));
	sb_printf(b, "<fieldset><legend>%s</legend>\n<p>%s</p>\n"
	    "<select name=\"intQuestion\" id=\"intQuestion\">\n"
	    "<option value=\"\">%s</option>\n",
	    T("Pour nous aider à vous identifier", "To help us identify you"),
	    T("Veuillez sélectionner une question et écrire une réponse "
	    "secrète dont vous vous rappellerez.",
	    "Please select a question and write a secret answer you will "
	    "remember."), T("-- Sélectionnez --", "-- Select --"));
	for (i = 0; i < NQUESTIONS; i++) {
		sb_printf(b, "<option value=\"%zu\">", i + 1);
		sb_esc(b, en_ ? questions_en[i] : questions_fr[i]);
		sb_add(b, "</option>\n", 10);
	}
	sb_printf(b, "</select>\n<input type=\"text\" name=\"strReponse\" "
	    "aria-label=\"%s\">\n</fieldset>\n<p class=\"centre\">"
	    "<input type=\"submit\" class=\"bouton vert\" value=\"%s\"></p>\n"
	    "</form>\n", T("Réponse", "Answer"),
	    T("Sauvegarder", "Save"));
	page_foot(b, en_);
}

/* The Extranet home. */
static void
page_extranet(struct sim *s, struct sbuf *b, struct session *ss)
{
	int	 en_ = ss->en;
	char	*note = session_take_flash(ss);

	page_head(b, en_, T("Extranet des entités politiques provinciales",
	    "Extranet of provincial political entities"), P_EXTRANET);
	sb_printf(b, "<h1>%s</h1>\n<p class=\"bienvenue\">%s ",
	    T("Extranet des entités politiques provinciales",
	    "Extranet of provincial political entities"),
	    T("Bonjour", "Hello"));
	sb_esc(b, s->user);
	sb_add(b, "</p>\n", 5);
	page_message(b, "confirmation", note);
	free(note);
	sb_printf(b, "<ul class=\"services\">\n"
	    "<li><a href=\"%s?s=rapports\">%s</a></li>\n"
	    "<li><a href=\"%s\">%s</a></li>\n"
	    "<li><a href=\"%s?s=formulaires\">%s</a></li>\n"
	    "<li><a href=\"%s?s=profil\">%s</a></li>\n</ul>\n"
	    "<p><a href=\"%s?action=deconnexion\">%s</a></p>\n",
	    P_SERVICE, T("Rapports financiers et documents de l'agent "
	    "officiel", "Financial reports and official agent documents"),
	    P_NOTICE, T("Listes électorales et autres documents électoraux",
	    "Lists of electors and other electoral documents"),
	    P_SERVICE, T("Formulaires", "Forms"),
	    P_SERVICE, T("Mon profil", "My profile"),
	    P_LOGIN, T("Déconnexion", "Sign out"));
	page_foot(b, en_);
}

/* The notice to confirm. */
static void
page_notice(struct sbuf *b, struct session *ss, const char *error)
{
	int	 en_ = ss->en;

	page_head(b, en_, T("Consentement à la confidentialité",
	    "Confidentiality consent"), P_NOTICE);
	sb_printf(b, "<article>\n<h1>%s</h1>\n",
	    T("Consentement à la confidentialité",
	    "Confidentiality consent"));
	page_message(b, "erreur", error);
	sb_printf(b, "<p>%s</p>\n<p>%s</p>\n<ul>\n<li>%s</li>\n<li>%s</li>\n"
	    "<li>%s</li>\n</ul>\n",
	    T("Les listes électorales vous sont transmises en vertu des "
	    "articles 146 et 218 de la Loi électorale (ou de la version "
	    "spéciale de cette loi pour la tenue d'un référendum).",
	    "The lists of electors are given to you under sections 146 and "
	    "218 of the Election Act (or of the special version of that Act "
	    "for a referendum)."),
	    T("Ces listes contiennent des renseignements personnels. Les "
	    "articles 551.1.1 et 551.2 de la Loi électorale (ou de sa "
	    "version spéciale pour un référendum) rappellent ce qui suit :",
	    "These lists hold personal information. Sections 551.1.1 and "
	    "551.2 of the Election Act (or of its special version for a "
	    "referendum) recall the following:"),
	    T("utiliser ou communiquer un renseignement sur les électeurs à "
	    "d'autres fins que celles que prévoit la Loi, ou le communiquer "
	    "à une personne qui n'y a pas légalement droit, est une "
	    "infraction;",
	    "using or disclosing information about electors for purposes "
	    "other than those the Act provides for, or disclosing it to "
	    "someone not legally entitled to it, is an offence;"),
	    T("la personne qui contrevient à ces articles s'expose à de "
	    "fortes pénalités;",
	    "a person who contravenes these sections is liable to heavy "
	    "penalties;"),
	    T("la personne qui reçoit la liste (candidat, personne désignée "
	    "par le parti ou délégué officiel) doit prendre les mesures "
	    "appropriées pour en protéger le caractère confidentiel et en "
	    "restreindre l'usage aux fins prévues par la Loi.",
	    "the person who receives the list (candidate, person designated "
	    "by the party or official delegate) must take appropriate "
	    "measures to protect its confidentiality and restrict its use "
	    "to the purposes provided for by the Act."));
	sb_printf(b, "<form method=\"post\" action=\"%s\">\n", P_NOTICE);
	page_token(b, ss);
	sb_printf(b, "<p><input type=\"checkbox\" id=\"chkConfirmation\" "
	    "name=\"chkConfirmation\" value=\"O\"> <label "
	    "for=\"chkConfirmation\">%s</label></p>\n"
	    "<p><a href=\"%s?doc=guide\">%s</a></p>\n"
	    "<p><button type=\"submit\" name=\"action\" value=\"continuer\">"
	    "%s</button></p>\n</form>\n</article>\n",
	    T("Je confirme avoir pris connaissance des renseignements "
	    "ci-dessus.", "I confirm that I have read the information "
	    "above."), P_DOC,
	    T("La confidentialité des renseignements relatifs aux électeurs "
	    "- Guide à l'intention des candidats, des députés et des partis "
	    "politiques provinciaux",
	    "Confidentiality of information about electors - Guide for "
	    "candidates, members and provincial political parties"),
	    T("Continuer", "Continue"));
	page_foot(b, en_);
}

/* The lists page. */
static void
page_lists(struct sbuf *b, struct session *ss)
{
	int	 en_ = ss->en, k;

	page_head(b, en_, T("Listes électorales disponibles",
	    "Available lists of electors"), P_LISTS);
	sb_printf(b, "<p class=\"confirme\"><input type=\"checkbox\" checked "
	    "disabled> %s</p>\n<h1>%s</h1>\n"
	    "<table class=\"listes\">\n<thead><tr><th>%s</th><th>%s</th>"
	    "</tr></thead>\n<tbody>\n"
	    "<tr><td><a href=\"%s?id=%s\" target=\"_blank\">%s</a></td>"
	    "<td>PDF</td></tr>\n",
	    T("Je confirme avoir pris connaissance des renseignements "
	    "ci-dessus.", "I confirm that I have read the information "
	    "above."),
	    T("Listes électorales disponibles",
	    "Available lists of electors"),
	    T("Document", "Document"), T("Format", "Format"),
	    P_DOC, ss->doc,
	    T("Instructions pour l'extraction des données de la liste "
	    "électorale.", "Instructions for extracting the data of the "
	    "list of electors."));
	for (k = 0; k < DELIVERY_LISTS; k++) {
		sb_printf(b, "<tr><td><a href=\"%s?id=%s\">", P_DOWNLOAD,
		    ss->dl[k]);
		sb_esc(b, delivery_title(k));
		sb_add(b, "</a></td><td>ZIP</td></tr>\n", 27);
	}
	sb_printf(b, "</tbody>\n</table>\n<p class=\"important\">%s</p>\n"
	    "<p><a href=\"%s\">%s</a></p>\n",
	    T("Important : enregistrez le fichier. Chaque liste ne peut être "
	    "téléchargée qu'une seule fois.",
	    "Important: save the file. Each list can be downloaded only "
	    "once."), P_EXTRANET, T("Retour à l'accueil", "Back to home"));
	page_foot(b, en_);
}

/* A simple page with a title, a message and a way back. */
static void
page_simple(struct sbuf *b, int en_, const char *self, const char *title,
    const char *msg, const char *back, const char *backtext)
{
	page_head(b, en_, title, self);
	sb_add(b, "<h1>", 4);
	sb_esc(b, title);
	sb_add(b, "</h1>\n", 6);
	page_message(b, "erreur", msg);
	if (back != NULL)
		sb_printf(b, "<p><a href=\"%s\">%s</a></p>\n", back, backtext);
	page_foot(b, en_);
}

/* The bot-protection interstitial, or NULL. */
static struct MHD_Response *
challenge_response(void)
{
	struct sbuf		 b = { NULL, 0, 0 };
	struct MHD_Response	*r;

	sb_printf(&b, "<!DOCTYPE html><html lang=\"en-US\"><head>"
	    "<title>Just a moment...</title><meta http-equiv=\"Content-Type\""
	    " content=\"text/html; charset=UTF-8\"><meta name=\"robots\" "
	    "content=\"noindex,nofollow\"></head><body><div class=\"main-"
	    "wrapper\" role=\"main\"><div class=\"main-content\">"
	    "<h1 class=\"zone-name-title h1\">www.pes.electionsquebec.qc.ca"
	    "</h1><h2 class=\"h2\" id=\"challenge-running\">Verifying you "
	    "are human. This may take a few seconds.</h2>"
	    "<div class=\"cf-turnstile\" data-sitekey=\"0x4AAAAAAAsimulated\">"
	    "</div><noscript><div class=\"h2\">Enable JavaScript and cookies "
	    "to continue</div></noscript></div></div><script src=\"/cdn-cgi/"
	    "challenge-platform/h/g/orchestrate/chl_page/v1\"></script>"
	    "</body></html>\n");
	r = MHD_create_response_from_buffer(b.len, b.p,
	    MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(b.p);
		return (NULL);
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/html; charset=UTF-8");
	MHD_add_response_header(r, "cf-mitigated", "challenge");
	MHD_add_response_header(r, MHD_HTTP_HEADER_SERVER, "cloudflare");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "private, max-age=0, no-store, no-cache, must-revalidate");
	return (r);
}

/*
 * Forms.
 */

/* A posted field, or NULL. */
static const char *
field(const struct req *rq, const char *key)
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
 * The download.
 */

/* Build list k's archive if needed (build_lock held by the caller). */
static int
build_archive(struct sim *s, int k, char **cause)
{
	struct archive	*a = &s->archives[k];
	struct delivery	 d;
	char		 path[] = "/tmp/listelec-sim.XXXXXX";
	const char	*tmp;
	char		*tpl = NULL;
	int		 fd = -1;

	if (a->built)
		return (0);
#ifdef HAVE_MEMFD_CREATE
	fd = memfd_create("listelec-sim", MFD_CLOEXEC);
#endif
	if (fd < 0) {
		tmp = getenv("TMPDIR");
		if (tmp != NULL && *tmp != '\0')
			tpl = xasprintf("%s/listelec-sim.XXXXXX", tmp);
		fd = mkstemp(tpl != NULL ? tpl : path);
		if (fd >= 0)
			unlink(tpl != NULL ? tpl : path);
		free(tpl);
	}
	if (fd < 0) {
		*cause = xasprintf(_("cannot create the archive: %s"),
		    strerror(errno));
		return (-1);
	}
	memset(&d, 0, sizeof d);
	d.seed = s->seed;
	d.electors = s->electors;
	d.aes = s->aes;
	d.password = s->archive_password;
	d.list = k;
	d.cancel = &s->stopping;
	if (delivery_write(fd, &d, &a->size, cause) != 0) {
		close(fd);
		return (-1);
	}
	a->fd = fd;
	a->built = 1;
	return (0);
}

/* The first list's archive, prepared in the background at start so a
   large list is ready by the time someone asks for it. */
static void *
prebuild(void *arg)
{
	struct sim	*s = arg;
	char		*cause = NULL;

	pthread_mutex_lock(&s->build_lock);
	if (build_archive(s, 0, &cause) != 0 && !s->stopping)
		say_log(s, "archive: %s", cause);
	pthread_mutex_unlock(&s->build_lock);
	free(cause);
	return (NULL);
}

/* Read the archive for the response. */
static ssize_t
download_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct req	*rq = cls;
	struct sim	*s = rq->sim;
	uint64_t	 left;
	size_t		 n;
	ssize_t		 r;
	struct timespec	 ts;

	if (s->stopping)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	if (pos >= rq->len)
		return (MHD_CONTENT_READER_END_OF_STREAM);
	if (rq->drop >= 0 && rq->sent >= (uint64_t)rq->drop)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	left = rq->len - pos;
	n = left < max ? (size_t)left : max;
	if (rq->drop >= 0 && rq->sent + n > (uint64_t)rq->drop)
		n = (size_t)((uint64_t)rq->drop - rq->sent);
	if (s->slow > 0) {
		/* A tenth of a second's worth at a time. */
		uint64_t chunk = s->slow / 10 > 0 ? s->slow / 10 : 1;

		if (n > chunk)
			n = (size_t)chunk;
		ts.tv_sec = (time_t)(n / s->slow);
		ts.tv_nsec = (long)((n % s->slow) * 1000000000ULL / s->slow);
		nanosleep(&ts, NULL);
		if (s->stopping)
			return (MHD_CONTENT_READER_END_WITH_ERROR);
	}
	r = pread(rq->fd, buf, n, (off_t)(rq->start + pos));
	if (r <= 0)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	rq->sent += (uint64_t)r;
	return (r);
}

/* Parse "bytes=A-" or "bytes=A-B" against size; 1 when valid, 0 when
   unsatisfiable, -1 when not a single byte range (ignored). */
static int
parse_range(const char *h, uint64_t size, uint64_t *start, uint64_t *end)
{
	char		*p;
	unsigned long long a, z;

	if (h == NULL || strncmp(h, "bytes=", 6) != 0)
		return (-1);
	h += 6;
	if (*h < '0' || *h > '9')
		return (-1);	/* suffix ranges: not asked by clients here */
	errno = 0;
	a = strtoull(h, &p, 10);
	if (errno != 0 || *p != '-')
		return (-1);
	p++;
	if (*p == '\0')
		z = size - 1;
	else {
		if (*p < '0' || *p > '9')
			return (-1);
		z = strtoull(p, &p, 10);
		if (errno != 0 || *p != '\0')
			return (-1);
		if (z >= size)
			z = size - 1;
	}
	if (a >= size || a > z)
		return (0);
	*start = a;
	*end = z;
	return (1);
}

/* Whether list k may be sent (the lock held): the faults and the list's
   state; when not, the call holds the page that says why.  When it may,
   the call asks the dispatcher for download_send. */
static void
download_start(struct call *cl, int k)
{
	struct sim	*s = cl->s;
	struct sbuf	 b = { NULL, 0, 0 };
	const char	*range;
	int		 en_ = cl->en, state;

	if (s->server_error && s->server_error_at == 0) {
		s->server_error = 0;
		page_simple(&b, en_, P_LISTS, T("Erreur du serveur",
		    "Server error"), T("Une erreur interne est survenue. "
		    "Veuillez réessayer plus tard.", "An internal error "
		    "occurred. Please try again later."), P_LISTS,
		    T("Retour aux listes", "Back to the lists"));
		answer_response(cl, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    html_response(s, &b, NULL));
		return;
	}
	if (s->html_instead) {
		page_simple(&b, en_, P_LISTS, T("Téléchargement",
		    "Download"), T("Le fichier demandé n'est pas disponible "
		    "pour le moment. Veuillez réessayer plus tard.",
		    "The requested file is not available at the moment. "
		    "Please try again later."), P_LISTS,
		    T("Retour aux listes", "Back to the lists"));
		answer_response(cl, MHD_HTTP_OK, html_response(s, &b, NULL));
		return;
	}
	range = s->no_range ? NULL : MHD_lookup_connection_value(cl->c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
	state = s->lists[k];
	if (state == LIST_DONE || (state == LIST_STARTED && range == NULL)) {
		page_simple(&b, en_, P_LISTS, T("Liste déjà téléchargée",
		    "List already downloaded"), T("Cette liste a déjà été "
		    "téléchargée. Chaque liste ne peut être téléchargée qu'une "
		    "seule fois.", "This list has already been downloaded. "
		    "Each list can be downloaded only once."), P_LISTS,
		    T("Retour aux listes", "Back to the lists"));
		answer_response(cl, MHD_HTTP_OK, html_response(s, &b, NULL));
		return;
	}
	cl->answer = ANSWER_LIST;
	cl->list = k;
	cl->range = range;
}

/* Send the list download_start allowed, the lock released: build the
   archive if needed, answer the Range, and (for a GET) mark the list
   begun and arm drop-after, in a critical section of its own. */
static enum MHD_Result
download_send(struct call *cl)
{
	struct sim		*s = cl->s;
	struct MHD_Connection	*c = cl->c;
	struct req		*rq = cl->rq;
	const char		*method = cl->method, *url = cl->url;
	struct MHD_Response	*r;
	struct sbuf		 b = { NULL, 0, 0 };
	uint64_t		 start = 0, end = 0, size;
	char			*cause = NULL, *v;
	int			 en_ = cl->en, k = cl->list, pr = -1;
	int			 partial = 0;

	pthread_mutex_lock(&s->build_lock);
	if (build_archive(s, k, &cause) != 0) {
		pthread_mutex_unlock(&s->build_lock);
		say_log(s, "archive: %s", cause);
		free(cause);
		page_simple(&b, en_, P_LISTS, T("Erreur du serveur",
		    "Server error"), T("Le fichier n'a pu être préparé.",
		    "The file could not be prepared."), NULL, NULL);
		return (respond(s, c, method, url,
		    MHD_HTTP_INTERNAL_SERVER_ERROR,
		    html_response(s, &b, NULL)));
	}
	pthread_mutex_unlock(&s->build_lock);
	size = (uint64_t)s->archives[k].size;

	if (cl->range != NULL) {
		pr = parse_range(cl->range, size, &start, &end);
		if (pr == 0) {
			r = MHD_create_response_from_buffer(0,
			    (void *)(uintptr_t)"", MHD_RESPMEM_PERSISTENT);
			if (r == NULL)
				return (MHD_NO);
			v = xasprintf("bytes */%" PRIu64, size);
			MHD_add_response_header(r,
			    MHD_HTTP_HEADER_CONTENT_RANGE, v);
			free(v);
			return (respond(s, c, method, url,
			    MHD_HTTP_RANGE_NOT_SATISFIABLE, r));
		}
		partial = pr == 1;
	}
	if (!partial) {
		start = 0;
		end = size - 1;
	}

	pthread_mutex_lock(&s->lock);
	if (strcmp(method, "GET") == 0) {
		if (s->no_range)
			s->lists[k] = LIST_DONE;
		else if (s->lists[k] == LIST_AVAILABLE)
			s->lists[k] = LIST_STARTED;
		rq->drop = -1;
		if (s->drop_after >= 0 && !s->dropped[k]) {
			s->dropped[k] = 1;
			rq->drop = s->drop_after;
		}
	} else
		rq->drop = -1;
	pthread_mutex_unlock(&s->lock);

	rq->sim = s;
	rq->list = k;
	rq->start = start;
	rq->len = end - start + 1;
	rq->to_end = end == size - 1;
	rq->fd = s->archives[k].fd;
	r = MHD_create_response_from_callback(rq->len, 64 * 1024,
	    download_reader, rq, NULL);
	if (r == NULL)
		return (MHD_NO);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/zip");
	v = xasprintf("attachment; filename=\"%s.zip\"",
	    s->archives[k].name);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, v);
	free(v);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES,
	    s->no_range ? "none" : "bytes");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "private, no-transform");
	v = xasprintf("\"%s-%" PRIu64 "\"", s->archives[k].name, size);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, v);
	free(v);
	if (partial) {
		v = xasprintf("bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, start,
		    end, size);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, v);
		free(v);
	}
	return (respond(s, c, method, url, partial ? MHD_HTTP_PARTIAL_CONTENT :
	    MHD_HTTP_OK, r));
}

/* The instructions PDF, or NULL. */
static struct MHD_Response *
instructions_response(struct sim *s)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(s->instructions_len,
	    s->instructions, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return (NULL);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/pdf");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
	    "inline; filename=\"Instructions_extraction_liste.pdf\"");
	return (r);
}

/* The portal's style sheet: grey title bars and green buttons, as in the
   procedure's screenshots. */
static const char stylesheet[] =
    "body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#222}\n"
    "#entete{background:#095797;color:#fff;padding:.6em 1em;"
    "display:flex;justify-content:space-between}\n"
    "#entete a{color:#fff}\n"
    "#contenu{max-width:60em;margin:1em auto;padding:0 1em}\n"
    "h1{background:#555;color:#fff;padding:.3em .6em;font-size:1.2em}\n"
    ".bouton.vert,button,input[type=submit]{background:#4caf50;"
    "color:#fff;border:0;padding:.5em 1.4em;cursor:pointer}\n"
    ".oubli a{color:#2e7d32}\n"
    ".erreur{border:1px solid #c00;background:#fee;padding:.2em .8em}\n"
    ".info,.confirmation{border:1px solid #2e7d32;background:#efe;"
    "padding:.2em .8em}\n"
    "table.listes{border-collapse:collapse}\n"
    "table.listes td,table.listes th{border:1px solid #ccc;"
    "padding:.3em .8em;text-align:left}\n"
    "footer{font-size:.8em;color:#666;text-align:center;"
    "margin-top:3em}\n";

/* The style sheet, or NULL. */
static struct MHD_Response *
css_response(void)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(sizeof stylesheet - 1,
	    (void *)(uintptr_t)stylesheet, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return (NULL);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/css; charset=UTF-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	    "public, max-age=86400");
	return (r);
}

/*
 * The pages: one handler per row of the route table, called with the
 * lock held once the row's access level is met.
 */

/* / and /index.php: to the sign-in page. */
static void
home_get(struct call *cl)
{
	answer_redirect(cl, P_LOGIN);
}

/* The style sheet. */
static void
css_get(struct call *cl)
{
	answer_response(cl, MHD_HTTP_OK, css_response());
}

/* The sign-in page, with cl->err and the remembered user code. */
static void
login_page(struct call *cl)
{
	const char	*v;

	v = MHD_lookup_connection_value(cl->c, MHD_COOKIE_KIND,
	    "PESCodeUtilisateur");
	page_login(cl->s, &cl->page, cl->ss, cl->err,
	    v != NULL && *v != '\0' ? v : NULL);
}

/* The sign-in page; ?action=deconnexion signs out first. */
static void
login_get(struct call *cl)
{
	struct session	*ss = cl->ss;
	const char	*a;
	int		 en_ = cl->en;

	a = MHD_lookup_connection_value(cl->c, MHD_GET_ARGUMENT_KIND,
	    "action");
	if (a != NULL && strcmp(a, "deconnexion") == 0) {
		ss->auth = AUTH_NONE;
		ss->notice_ok = 0;
		session_flash(ss, T("Vous êtes maintenant déconnecté.",
		    "You are now signed out."));
	}
	login_page(cl);
}

/* Sign in: to the forced change or the Extranet, in a new session. */
static void
login_post(struct call *cl)
{
	struct sim		*s = cl->s;
	struct session		*ss = cl->ss, *ns;
	struct MHD_Response	*r;
	const char		*u, *p;
	char			*loc, *ck;
	int			 en_ = cl->en, keep;

	/* A form from a lost session, or a bad token: the page again. */
	if (cl->stale || cl->err != NULL) {
		login_page(cl);
		return;
	}
	u = field(cl->rq, "strCodeUtilisateur");
	p = field(cl->rq, "strMotDePasse");
	if ((cl->err = account_sign_in(s, en_, u, p)) != NULL) {
		login_page(cl);
		return;
	}

	keep = field(cl->rq, "bConserver") != NULL;
	/* A new session id once signed in. */
	ns = session_new(s);
	ns->en = ss->en;
	session_drop(ss);
	cl->ss = NULL;
	if (account_must_change(s)) {
		ns->auth = AUTH_CHANGE;
		loc = xasprintf("%s%s", s->base, P_CHANGE);
	} else {
		ns->auth = AUTH_IN;
		loc = xasprintf("%s%s", s->base, P_EXTRANET);
	}
	r = MHD_create_response_from_buffer(0, (void *)(uintptr_t)"",
	    MHD_RESPMEM_PERSISTENT);
	if (r != NULL) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, loc);
		add_cookie(s, r, ns);
		if (keep)
			ck = xasprintf("PESCodeUtilisateur=%s; path=/; "
			    "Max-Age=31536000%s", s->user,
			    s->https ? "; Secure" : "");
		else
			ck = xstrdup("PESCodeUtilisateur=; path=/; Max-Age=0");
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, ck);
		free(ck);
	}
	free(loc);
	answer_response(cl, MHD_HTTP_FOUND, r);
}

/* The forgotten-password page. */
static void
forgot_get(struct call *cl)
{
	page_forgot(&cl->page, cl->ss, cl->err, NULL);
}

/* A new temporary password, "e-mailed" to the account's address. */
static void
forgot_post(struct call *cl)
{
	int	 en_ = cl->en;

	if (cl->stale || cl->err != NULL) {
		forgot_get(cl);
		return;
	}
	cl->err = account_reset(cl->s, en_, field(cl->rq, "strCourriel"));
	if (cl->err != NULL) {
		forgot_get(cl);
		return;
	}
	page_forgot(&cl->page, cl->ss, NULL, T("Un nouveau mot de passe "
	    "vous a été envoyé par courriel.", "A new password has been "
	    "sent to you by e-mail."));
}

/* The forced password change. */
static void
change_get(struct call *cl)
{
	page_change(&cl->page, cl->ss, cl->err);
}

/* Choose the new password: to the Extranet when it follows the rules. */
static void
change_post(struct call *cl)
{
	struct session	*ss = cl->ss;
	int		 en_ = cl->en;

	if (cl->err != NULL) {
		change_get(cl);
		return;
	}
	cl->err = account_change(cl->s, en_,
	    field(cl->rq, "strNouveauMotDePasse"),
	    field(cl->rq, "strConfirmation"), field(cl->rq, "intQuestion"),
	    field(cl->rq, "strReponse"));
	if (cl->err != NULL) {
		change_get(cl);
		return;
	}
	ss->auth = AUTH_IN;
	session_flash(ss, T("Votre mot de passe a été modifié.",
	    "Your password has been changed."));
	answer_redirect(cl, P_EXTRANET);
}

/* The Extranet home (a POST is answered as a GET). */
static void
extranet_get(struct call *cl)
{
	page_extranet(cl->s, &cl->page, cl->ss);
}

/* The notice to confirm. */
static void
notice_get(struct call *cl)
{
	page_notice(&cl->page, cl->ss, cl->err);
}

/* Confirm the notice: to the lists. */
static void
notice_post(struct call *cl)
{
	const char	*v;
	int		 en_ = cl->en;

	if (cl->err == NULL) {
		v = field(cl->rq, "chkConfirmation");
		if (v != NULL && *v != '\0') {
			cl->ss->notice_ok = 1;
			answer_redirect(cl, P_LISTS);
			return;
		}
		cl->err = T("Vous devez confirmer avoir pris connaissance "
		    "des renseignements ci-dessus.", "You must confirm that "
		    "you have read the information above.");
	}
	notice_get(cl);
}

/* The Extranet's other services: not offered (a POST is a GET). */
static void
service_get(struct call *cl)
{
	int	 en_ = cl->en;

	page_simple(&cl->page, en_, P_SERVICE, T("Service non offert",
	    "Service not offered"), T("Ce service n'est pas offert dans le "
	    "simulateur.", "This service is not offered in the simulator."),
	    P_EXTRANET, T("Retour à l'accueil", "Back to home"));
}

/* The instructions PDF for this session's id, else the guide's page
   (a POST is a GET). */
static void
doc_get(struct call *cl)
{
	const char	*v;
	int		 en_ = cl->en;

	v = MHD_lookup_connection_value(cl->c, MHD_GET_ARGUMENT_KIND, "id");
	if (v != NULL && strcmp(v, cl->ss->doc) == 0) {
		answer_response(cl, MHD_HTTP_OK,
		    instructions_response(cl->s));
		return;
	}
	page_simple(&cl->page, en_, P_DOC, T("La confidentialité des "
	    "renseignements relatifs aux électeurs", "Confidentiality of "
	    "information about electors"), NULL, P_NOTICE,
	    T("Retour", "Back"));
}

/* The lists (a POST is a GET). */
static void
lists_get(struct call *cl)
{
	page_lists(&cl->page, cl->ss);
}

/* The list named by this session's id (a POST or HEAD sends it without
   marking it begun), else 404. */
static void
download_get(struct call *cl)
{
	const char	*v;
	int		 en_ = cl->en, k;

	v = MHD_lookup_connection_value(cl->c, MHD_GET_ARGUMENT_KIND, "id");
	for (k = 0; v != NULL && k < DELIVERY_LISTS; k++) {
		if (strcmp(v, cl->ss->dl[k]) == 0) {
			download_start(cl, k);
			return;
		}
	}
	page_simple(&cl->page, en_, P_DOWNLOAD, T("Document introuvable",
	    "Document not found"), T("Le document demandé n'existe pas ou "
	    "n'est plus disponible.", "The requested document does not "
	    "exist or is no longer available."), P_LISTS,
	    T("Retour aux listes", "Back to the lists"));
	cl->status = MHD_HTTP_NOT_FOUND;
}

/* Any other path under /services/: 404, once signed in. */
static void
missing_get(struct call *cl)
{
	int	 en_ = cl->en;

	page_simple(&cl->page, en_, cl->url, T("Page introuvable",
	    "Page not found"), NULL, P_EXTRANET, T("Retour à l'accueil",
	    "Back to home"));
	cl->status = MHD_HTTP_NOT_FOUND;
}

/*
 * The dispatcher.
 */

/* The portal: the pages that take a POST answer it; the others answer
   it as a GET, as the real portal does. */
static const struct route routes[] = {
	{ "/", ACCESS_ANY, home_get, home_get },
	{ "/index.php", ACCESS_ANY, home_get, home_get },
	{ P_CSS, ACCESS_STATIC, css_get, css_get },
	{ P_LOGIN, ACCESS_PUBLIC, login_get, login_post },
	{ P_FORGOT, ACCESS_PUBLIC, forgot_get, forgot_post },
	{ P_CHANGE, ACCESS_CHANGE, change_get, change_post },
	{ P_EXTRANET, ACCESS_IN, extranet_get, extranet_get },
	{ P_NOTICE, ACCESS_IN, notice_get, notice_post },
	{ P_SERVICE, ACCESS_IN, service_get, service_get },
	{ P_DOC, ACCESS_IN, doc_get, doc_get },
	{ P_LISTS, ACCESS_NOTICE, lists_get, lists_get },
	{ P_DOWNLOAD, ACCESS_NOTICE, download_get, download_get },
};

/* Any other path under /services/: asks the most of all. */
static const struct route route_missing = {
	NULL, ACCESS_NOTICE, missing_get, missing_get
};

/* The row of a path: route_missing under /services/, NULL elsewhere. */
static const struct route *
route_find(const char *url)
{
	size_t	 i;

	for (i = 0; i < sizeof routes / sizeof routes[0]; i++)
		if (strcmp(url, routes[i].path) == 0)
			return (&routes[i]);
	if (strncmp(url, "/services/", 10) == 0)
		return (&route_missing);
	return (NULL);
}

/* Not found, outside any session. */
static enum MHD_Result
not_found(struct sim *s, struct MHD_Connection *c, const char *method,
    const char *url)
{
	struct sbuf b = { NULL, 0, 0 };

	page_simple(&b, 0, "/", "Page introuvable", NULL, P_LOGIN,
	    "Accueil");
	return (respond(s, c, method, url, MHD_HTTP_NOT_FOUND,
	    html_response(s, &b, NULL)));
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
	return (respond(s, c, method, url, MHD_HTTP_METHOD_NOT_ALLOWED, r));
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
		page_simple(&cl->page, 0, P_LOGIN, "Erreur du serveur",
		    "Une erreur interne est survenue. Veuillez réessayer plus "
		    "tard.", P_LOGIN, "Accueil");
		cl->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		return (1);
	}
	if (s->challenge) {
		answer_response(cl, MHD_HTTP_FORBIDDEN, challenge_response());
		return (1);
	}
	return (0);
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
		v = field(cl->rq, "jeton");
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
		return (respond(s, c, method, url, cl.status, cl.r));
	}

	pthread_mutex_lock(&s->lock);
	if (!dispatch_fault(&cl) && !dispatch_access(&cl, rt))
		fn(&cl);
	/* A page carries the session's cookie, so is made locked. */
	if (cl.answer == ANSWER_PAGE)
		r = html_response(s, &cl.page, cl.ss);
	else
		r = cl.r;
	pthread_mutex_unlock(&s->lock);
	free(cl.page.p);

	switch (cl.answer) {
	case ANSWER_REDIRECT:
		return (redirect(s, c, method, url, cl.location, NULL));
	case ANSWER_LIST:
		return (download_send(&cl));
	default:
		return (respond(s, c, method, url, cl.status, r));
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
		say_log(s, "list %d downloaded", rq->list + 1);
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
	if (pthread_create(&s->builder, NULL, prebuild, s) == 0)
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
