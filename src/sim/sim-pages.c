/*
 * sim-pages.c — the portal's HTML pages, in French or English, drawn as
 * the procedure's screenshots show them (title bars, green buttons, the
 * style sheet), and the handlers of the route table's rows that answer
 * with them: sign-in and sign-out, the forgotten password, the forced
 * change, the Extranet, the notice, the lists and the 404 page.
 */
#include "config.h"

#include <sys/types.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "listelec/delivery.h"
#include "listelec/xmalloc.h"

#include "sim-int.h"

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
void
sim_page_simple(struct sbuf *b, int en_, const char *self, const char *title,
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
struct MHD_Response *
sim_challenge(void)
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
void
route_home(struct call *cl)
{
	answer_redirect(cl, P_LOGIN);
}

/* The style sheet. */
void
route_css(struct call *cl)
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
void
route_login(struct call *cl)
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
void
route_login_post(struct call *cl)
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
	u = sim_field(cl->rq, "strCodeUtilisateur");
	p = sim_field(cl->rq, "strMotDePasse");
	if ((cl->err = account_sign_in(s, en_, u, p)) != NULL) {
		login_page(cl);
		return;
	}

	keep = sim_field(cl->rq, "bConserver") != NULL;
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
		sim_add_cookie(s, r, ns);
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
void
route_forgot(struct call *cl)
{
	page_forgot(&cl->page, cl->ss, cl->err, NULL);
}

/* A new temporary password, "e-mailed" to the account's address. */
void
route_forgot_post(struct call *cl)
{
	int	 en_ = cl->en;

	if (cl->stale || cl->err != NULL) {
		route_forgot(cl);
		return;
	}
	cl->err = account_reset(cl->s, en_, sim_field(cl->rq, "strCourriel"));
	if (cl->err != NULL) {
		route_forgot(cl);
		return;
	}
	page_forgot(&cl->page, cl->ss, NULL, T("Un nouveau mot de passe "
	    "vous a été envoyé par courriel.", "A new password has been "
	    "sent to you by e-mail."));
}

/* The forced password change. */
void
route_change(struct call *cl)
{
	page_change(&cl->page, cl->ss, cl->err);
}

/* Choose the new password: to the Extranet when it follows the rules. */
void
route_change_post(struct call *cl)
{
	struct session	*ss = cl->ss;
	int		 en_ = cl->en;

	if (cl->err != NULL) {
		route_change(cl);
		return;
	}
	cl->err = account_change(cl->s, en_,
	    sim_field(cl->rq, "strNouveauMotDePasse"),
	    sim_field(cl->rq, "strConfirmation"),
	    sim_field(cl->rq, "intQuestion"), sim_field(cl->rq, "strReponse"));
	if (cl->err != NULL) {
		route_change(cl);
		return;
	}
	ss->auth = AUTH_IN;
	session_flash(ss, T("Votre mot de passe a été modifié.",
	    "Your password has been changed."));
	answer_redirect(cl, P_EXTRANET);
}

/* The Extranet home (a POST is answered as a GET). */
void
route_extranet(struct call *cl)
{
	page_extranet(cl->s, &cl->page, cl->ss);
}

/* The notice to confirm. */
void
route_notice(struct call *cl)
{
	page_notice(&cl->page, cl->ss, cl->err);
}

/* Confirm the notice: to the lists. */
void
route_notice_post(struct call *cl)
{
	const char	*v;
	int		 en_ = cl->en;

	if (cl->err == NULL) {
		v = sim_field(cl->rq, "chkConfirmation");
		if (v != NULL && *v != '\0') {
			cl->ss->notice_ok = 1;
			answer_redirect(cl, P_LISTS);
			return;
		}
		cl->err = T("Vous devez confirmer avoir pris connaissance "
		    "des renseignements ci-dessus.", "You must confirm that "
		    "you have read the information above.");
	}
	route_notice(cl);
}

/* The Extranet's other services: not offered (a POST is a GET). */
void
route_service(struct call *cl)
{
	int	 en_ = cl->en;

	sim_page_simple(&cl->page, en_, P_SERVICE, T("Service non offert",
	    "Service not offered"), T("Ce service n'est pas offert dans le "
	    "simulateur.", "This service is not offered in the simulator."),
	    P_EXTRANET, T("Retour à l'accueil", "Back to home"));
}

/* The lists (a POST is a GET). */
void
route_lists(struct call *cl)
{
	page_lists(&cl->page, cl->ss);
}

/* Any other path under /services/: 404, once signed in. */
void
route_missing(struct call *cl)
{
	int	 en_ = cl->en;

	sim_page_simple(&cl->page, en_, cl->url, T("Page introuvable",
	    "Page not found"), NULL, P_EXTRANET, T("Retour à l'accueil",
	    "Back to home"));
	cl->status = MHD_HTTP_NOT_FOUND;
}
