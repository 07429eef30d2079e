/*
 * test_portal — what the walk takes each page for (portal_classify), by
 * its contents only, over pages parsed by page_parse: the simulator's
 * markup and others (other nesting, attribute order, case, English,
 * windows-1252 bytes, hidden decoys), so a redesigned portal is still
 * recognised and a look-alike is not.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "listelec/page.h"
#include "listelec/portal.h"

#define BASE	"https://www.pes.electionsquebec.qc.ca/services/PES/"
#define UTF8	"text/html; charset=UTF-8"

static const char *const names[] = {
	"UNKNOWN", "CHALLENGE", "SIGNIN", "FORGOT", "CHANGE", "EXTRANET",
	"NOTICE", "LISTS",
};

/* Parse html (served as ctype from BASE) and classify it. */
static enum portal_page
kind(const char *html, const char *ctype, int challenge_header)
{
	struct page		*p;
	const char		*cause = NULL;
	enum portal_page	 k;

	p = page_parse(html, strlen(html), BASE "page.aspx", ctype, &cause);
	if (p == NULL)
		fail_msg("page_parse: %s", cause != NULL ? cause : "?");
	k = portal_classify(p, challenge_header);
	page_free(p);
	return (k);
}

/* The page must be taken for want. */
static void
is_page(const char *what, const char *html, const char *ctype,
    int challenge_header, enum portal_page want)
{
	enum portal_page	 got = kind(html, ctype, challenge_header);

	if (got != want)
		fail_msg("%s: taken for %s, expected %s", what, names[got],
		    names[want]);
}

/* The frame of the simulator's pages around body. */
#define SIM_PAGE(title, body)						\
	"<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"			\
	"<meta charset=\"utf-8\">\n<title>" title			\
	" | \xc3\x89lections Qu\xc3\xa9" "bec</title>\n"		\
	"<link rel=\"stylesheet\" href=\"/services/PES.Commun/css/"	\
	"pes.css\">\n</head>\n<body class=\"pes\">\n<header id=\"entete\">"\
	"<div class=\"logo\">\xc3\x89lections Qu\xc3\xa9" "bec</div>\n"	\
	"<nav class=\"langue\"><a href=\"page.aspx?strLangue=en\" "	\
	"lang=\"en\">English</a></nav></header>\n"			\
	"<main id=\"contenu\">\n"					\
	body								\
	"</main>\n<footer><p>\xc2\xa9 \xc3\x89lections Qu\xc3\xa9"	\
	"bec"								\
	"</p></footer>\n</body>\n</html>\n"

/* The sign-in page as the simulator writes it (French). */
static const char signin_sim[] = SIM_PAGE("Services en ligne",
    "<section class=\"connexion\">\n<h1>Services en ligne</h1>\n"
    "<form method=\"post\" action=\"connexion.aspx\" id=\"frmConnexion\" "
    "autocomplete=\"off\">\n"
    "<input type=\"hidden\" name=\"jeton\" value=\"a1b2c3\">\n"
    "<table class=\"formulaire\">\n"
    "<tr><td><label for=\"strCodeUtilisateur\">Code utilisateur</label>"
    "</td>\n<td><input type=\"text\" id=\"strCodeUtilisateur\" "
    "name=\"strCodeUtilisateur\" maxlength=\"50\" value=\"\"></td></tr>\n"
    "<tr><td><label for=\"strMotDePasse\">Mot de passe</label></td>\n"
    "<td><input type=\"password\" id=\"strMotDePasse\" "
    "name=\"strMotDePasse\" maxlength=\"50\"></td></tr>\n"
    "<tr><td></td><td><input type=\"checkbox\" id=\"bConserver\" "
    "name=\"bConserver\" value=\"1\"> <label for=\"bConserver\">"
    "Conserver le code utilisateur</label></td></tr>\n"
    "<tr><td></td><td><input type=\"submit\" name=\"btnEntrer\" "
    "class=\"bouton vert\" value=\"Entrer\"></td></tr>\n</table>\n"
    "</form>\n<p class=\"oubli\"><a href=\"oubli.aspx\">"
    "Mot de passe oubli\xc3\xa9?</a></p>\n</section>\n");

/* The same form redesigned: English, divs, labels around the inputs,
   attributes in another order and case, ASP.NET's hidden fields, a
   button element, an error message above. */
static const char signin_en[] =
    "<html><head><title>Online services</title></head><body>"
    "<div class=\"error\" role=\"alert\">Invalid user code or "
    "password.</div>"
    "<FORM ACTION=\"/services/PES/Login.aspx\" METHOD=\"POST\">"
    "<input name=\"__VIEWSTATE\" type=\"hidden\" value=\"dDwtMTA4\">"
    "<input value=\"8C1D\" type=\"hidden\" name=\"__VIEWSTATEGENERATOR\">"
    "<input type=\"hidden\" name=\"__EVENTVALIDATION\" value=\"wEWBA\">"
    "<div class=\"row\"><label>User code <input name=\"UserCode\" "
    "autocomplete=\"username\"></label></div>"
    "<div class=\"row\"><label>Password <input autocomplete="
    "\"current-password\" name=\"Pwd\" TYPE=\"Password\"></label></div>"
    "<div><label><input name=\"Remember\" type=\"checkbox\"> Remember "
    "the user code</label></div>"
    "<button type=\"submit\" name=\"go\">Sign in</button>"
    "</FORM><p><a href=\"forgot.aspx\">Forgot your password?</a></p>"
    "</body></html>";

/* A sign-in form holding honeypots: a hidden-type "password", a password
   field in a display:none block and one with the hidden attribute.  One
   password a user can see: the sign-in page, not the change form. */
static const char signin_decoys[] =
    "<!doctype html><html lang=fr><title>Connexion</title>"
    "<form method=post action=connexion.aspx>"
    "<input type=hidden name=password value=\"\">"
    "<p>Code utilisateur <input type=text name=code>"
    "<div style=\"display: none\"><label>Confirmer <input "
    "type=password name=pw2></label></div>"
    "<input type=password name=pw3 hidden>"
    "<p>Mot de passe <input type=password name=pw>"
    "<p><input type=submit value=\"Se connecter\">"
    "</form>";

/* Only decoy passwords: no sign-in form a user could fill. */
static const char decoys_only[] =
    "<html><body><h1>Bienvenue</h1>"
    "<form method=post action=x><input type=hidden name=motdepasse>"
    "<span aria-hidden=\"true\"><input type=password name=a></span>"
    "<input type=text name=q><input type=submit value=Chercher></form>"
    "<form method=post action=y hidden><input type=password name=b>"
    "<input type=password name=c></form>"
    "</body></html>";

static void
test_signin(void **state)
{
	(void)state;
	is_page("sign-in (simulator)", signin_sim, UTF8, 0,
	    PORTAL_PAGE_SIGNIN);
	is_page("sign-in (English, other markup)", signin_en, NULL, 0,
	    PORTAL_PAGE_SIGNIN);
	is_page("sign-in with decoys", signin_decoys, NULL, 0,
	    PORTAL_PAGE_SIGNIN);
	is_page("decoy passwords only", decoys_only, NULL, 0,
	    PORTAL_PAGE_UNKNOWN);
}

/* The simulator's bot-protection interstitial (Cloudflare's). */
static const char challenge_sim[] =
    "<!DOCTYPE html><html lang=\"en-US\"><head>"
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
    "</body></html>\n";

/* A French Turnstile page: another title, the text in a paragraph, the
   widget in a form (with a hidden response field). */
static const char challenge_fr[] =
    "<html lang=\"fr\"><head><meta charset=\"utf-8\">"
    "<title>Un instant\xe2\x80\xa6</title></head><body>"
    "<main><p id=\"challenge-body-text\">V\xc3\xa9rification que "
    "vous \xc3\xaates humain. Cela peut prendre quelques secondes."
    "</p><form id=\"challenge-form\" action=\"/cdn-cgi/challenge\" "
    "method=\"POST\"><div class=\"cf-turnstile\" data-sitekey=\"0x4A\">"
    "</div><input type=\"hidden\" name=\"cf-turnstile-response\">"
    "</form></main></body></html>";

/* The older interstitial: only its title says it. */
static const char challenge_old[] =
    "<html><head><title>Just a moment...</title></head><body>"
    "<div id=\"cf-wrapper\"><h1><span>Checking your browser before "
    "accessing</span> portail.test.</h1><p>This process is automatic."
    "</p></div></body></html>";

static void
test_challenge(void **state)
{
	(void)state;
	is_page("challenge (simulator)", challenge_sim, UTF8, 0,
	    PORTAL_PAGE_CHALLENGE);
	is_page("challenge (French Turnstile)", challenge_fr, NULL, 0,
	    PORTAL_PAGE_CHALLENGE);
	is_page("challenge (older)", challenge_old, NULL, 0,
	    PORTAL_PAGE_CHALLENGE);
	/* The header alone says it, whatever the page looks like: a
	   sign-in form behind it is not to be filled. */
	is_page("cf-mitigated over a sign-in page", signin_sim, UTF8, 1,
	    PORTAL_PAGE_CHALLENGE);
	is_page("cf-mitigated over an empty page", "<html></html>", NULL, 1,
	    PORTAL_PAGE_CHALLENGE);
	/* Its words only in <noscript> or a script: not a challenge. */
	is_page("challenge words hidden", "<html><body><h1>Accueil</h1>"
	    "<noscript>Enable JavaScript and cookies to continue</noscript>"
	    "<script>var s = 'Verifying you are human';</script>"
	    "</body></html>", NULL, 0, PORTAL_PAGE_UNKNOWN);
}

/* The forced change as the simulator writes it. */
static const char change_sim[] = SIM_PAGE("Changement de mot de passe",
    "<form method=\"post\" action=\"changement.aspx\" class=\"boite\">\n"
    "<h1>Changement de mot de passe</h1>\n"
    "<input type=\"hidden\" name=\"jeton\" value=\"a1b2c3\">\n"
    "<fieldset><legend>Veuillez choisir un nouveau mot de passe.</legend>\n"
    "<p class=\"regles\">Le mot de passe doit contenir au moins 8 "
    "caract\xc3\xa8res, dont au moins une lettre et un chiffre.</p>\n"
    "<label>Nouveau mot de passe <input type=\"password\" "
    "name=\"strNouveauMotDePasse\"></label><br>\n<label>Confirmer le mot "
    "de passe <input type=\"password\" name=\"strConfirmation\"></label>"
    "\n</fieldset>\n<fieldset><legend>Pour nous aider \xc3\xa0 vous "
    "identifier</legend>\n<select name=\"intQuestion\" "
    "id=\"intQuestion\">\n<option value=\"\">-- S\xc3\xa9lectionnez --"
    "</option>\n<option value=\"1\">Plat pr\xc3\xa9" "f\xc3\xa9r\xc3\xa9"
    "</option>\n<option value=\"2\">Nom de votre premier animal de "
    "compagnie</option>\n</select>\n<input type=\"text\" "
    "name=\"strReponse\" aria-label=\"R\xc3\xa9ponse\">\n</fieldset>\n"
    "<p class=\"centre\"><input type=\"submit\" class=\"bouton vert\" "
    "value=\"Sauvegarder\"></p>\n</form>\n");

/* English, a table, the select before the passwords, optgroups. */
static const char change_en[] =
    "<html><head><title>Password change</title></head><body>"
    "<h2>Your password has expired</h2>"
    "<form action=\"Change.aspx\" method=\"post\"><table>"
    "<tr><th>Secret question</th><td><select name=\"q\">"
    "<optgroup label=\"Questions\"><option value=\"7\">Favourite dish"
    "</option><option value=\"8\">Name of your first pet</option>"
    "</optgroup></select></td></tr>"
    "<tr><th>Answer</th><td><input name=\"a\"></td></tr>"
    "<tr><th><label for=\"n1\">New password</label></th><td>"
    "<input id=\"n1\" name=\"n1\" type=\"password\"></td></tr>"
    "<tr><th><label for=\"n2\">Confirm</label></th><td>"
    "<input name=\"n2\" id=\"n2\" type=\"password\"></td></tr>"
    "</table><input type=\"submit\" value=\"Save\"></form>"
    "</body></html>";

static void
test_change(void **state)
{
	(void)state;
	is_page("change (simulator)", change_sim, UTF8, 0,
	    PORTAL_PAGE_CHANGE);
	is_page("change (English, table)", change_en, NULL, 0,
	    PORTAL_PAGE_CHANGE);
}

/* The notice as the simulator writes it. */
static const char notice_sim[] = SIM_PAGE(
    "Consentement \xc3\xa0 la confidentialit\xc3\xa9",
    "<article>\n<h1>Consentement \xc3\xa0 la confidentialit\xc3\xa9</h1>\n"
    "<p>Les listes \xc3\xa9lectorales vous sont transmises en vertu des "
    "articles 146 et 218 de la Loi \xc3\xa9lectorale.</p>\n"
    "<ul>\n<li>la personne qui contrevient \xc3\xa0 ces articles "
    "s'expose \xc3\xa0 de fortes p\xc3\xa9nalit\xc3\xa9s;</li>\n</ul>\n"
    "<form method=\"post\" action=\"avis.aspx\">\n"
    "<input type=\"hidden\" name=\"jeton\" value=\"a1b2c3\">\n"
    "<p><input type=\"checkbox\" id=\"chkConfirmation\" "
    "name=\"chkConfirmation\" value=\"O\"> <label "
    "for=\"chkConfirmation\">Je confirme avoir pris connaissance des "
    "renseignements ci-dessus.</label></p>\n"
    "<p><a href=\"doc.aspx?doc=guide\">La confidentialit\xc3\xa9 des "
    "renseignements relatifs aux \xc3\xa9lecteurs - Guide</a></p>\n"
    "<p><button type=\"submit\" name=\"action\" value=\"continuer\">"
    "Continuer</button></p>\n</form>\n</article>\n");

/* English; the label wraps the box and other words; extra boxes. */
static const char notice_en[] =
    "<html><head><title>Confidentiality consent</title></head><body>"
    "<h1>Confidentiality consent</h1><p>These lists hold personal "
    "information.</p><form method=\"post\">"
    "<label><input type=\"checkbox\" name=\"news\"> Send me the "
    "newsletter</label><br>"
    "<label><input name=\"ok\" type=\"checkbox\" value=\"Y\"> "
    "<strong>I confirm</strong> that I have read the information "
    "above.</label><input type=\"submit\" value=\"Continue\">"
    "</form></body></html>";

/* The sentence, but its box is hidden (a decoy): not the notice. */
static const char notice_decoy[] =
    "<html><body><h1>Avis</h1><form method=post>"
    "<div style=\"visibility:hidden\"><label><input type=checkbox "
    "name=c> Je confirme avoir pris connaissance des renseignements"
    "</label></div><input type=submit value=Continuer></form>"
    "</body></html>";

static void
test_notice(void **state)
{
	(void)state;
	is_page("notice (simulator)", notice_sim, UTF8, 0,
	    PORTAL_PAGE_NOTICE);
	is_page("notice (English, wrapped label)", notice_en, NULL, 0,
	    PORTAL_PAGE_NOTICE);
	is_page("notice with a hidden box", notice_decoy, NULL, 0,
	    PORTAL_PAGE_UNKNOWN);
}

/* The page of lists as the simulator writes it: the ticked box of the
   notice is repeated, disabled and outside any form. */
static const char lists_sim[] = SIM_PAGE(
    "Listes \xc3\xa9lectorales disponibles",
    "<p class=\"confirme\"><input type=\"checkbox\" checked disabled> "
    "Je confirme avoir pris connaissance des renseignements ci-dessus."
    "</p>\n<h1>Listes \xc3\xa9lectorales disponibles</h1>\n"
    "<table class=\"listes\">\n<thead><tr><th>Document</th><th>Format"
    "</th></tr></thead>\n<tbody>\n"
    "<tr><td><a href=\"doc.aspx?id=d1\" target=\"_blank\">Instructions "
    "pour l'extraction des donn\xc3\xa9" "es de la liste \xc3\xa9"
    "lectorale.</a></td><td>PDF</td></tr>\n"
    "<tr><td><a href=\"telecharger.aspx?id=k1\">Liste \xc3\xa9lectorale "
    "- Circonscription 101</a></td><td>ZIP</td></tr>\n"
    "</tbody>\n</table>\n<p class=\"important\">Important : enregistrez "
    "le fichier.</p>\n<p><a href=\"extranet.aspx\">Retour \xc3\xa0 "
    "l'accueil</a></p>\n");

/* Windows-1252 bytes, no charset declared anywhere, a list of links to
   the files themselves, the heading in a div. */
static const char lists_cp1252[] =
    "<html><head><title>PES \x96 Listes</title></head><body>"
    "<div class=\"titre\">Listes \xe9lectorales <em>disponibles</em>"
    "</div><ul>"
    "<li><a href=\"/fichiers/guide-confidentialit\xe9.pdf\">Guide "
    "(PDF)</a></li>"
    "<li><a href=\"/fichiers/LE_101_2026.zip\">Circonscription 101 "
    "\x96 liste \xe9lectorale</a></li>"
    "<li><a href=\"/fichiers/LE_102_2026.zip\">Circonscription 102</a>"
    "</li></ul></body></html>";

/* English, the heading in capitals split over elements. */
static const char lists_en[] =
    "<html><body><h2><span>AVAILABLE</span> LISTS <span>of</span> "
    "electors</h2><p><a href=\"a.zip\">District 101</a> "
    "<a href=\"instructions.pdf\">Instructions</a></p></body></html>";

static void
test_lists(void **state)
{
	(void)state;
	is_page("lists (simulator)", lists_sim, UTF8, 0, PORTAL_PAGE_LISTS);
	is_page("lists (windows-1252, undeclared)", lists_cp1252, NULL, 0,
	    PORTAL_PAGE_LISTS);
	is_page("lists (windows-1252, declared)", lists_cp1252,
	    "text/html; charset=windows-1252", 0, PORTAL_PAGE_LISTS);
	is_page("lists (English)", lists_en, NULL, 0, PORTAL_PAGE_LISTS);
}

/* The Extranet as the simulator writes it. */
static const char extranet_sim[] = SIM_PAGE(
    "Extranet des entit\xc3\xa9s politiques provinciales",
    "<h1>Extranet des entit\xc3\xa9s politiques provinciales</h1>\n"
    "<p class=\"bienvenue\">Bonjour EXERCICE01</p>\n"
    "<ul class=\"services\">\n"
    "<li><a href=\"service.aspx?s=rapports\">Rapports financiers et "
    "documents de l'agent officiel</a></li>\n"
    "<li><a href=\"avis.aspx\">Listes \xc3\xa9lectorales et autres "
    "documents \xc3\xa9lectoraux</a></li>\n"
    "<li><a href=\"service.aspx?s=formulaires\">Formulaires</a></li>\n"
    "</ul>\n<p><a href=\"connexion.aspx?action=deconnexion\">"
    "D\xc3\xa9" "connexion</a></p>\n");

/* The link's text split over elements, in capitals, without an accent,
   spaced out: a tile menu. */
static const char extranet_split[] =
    "<html><body><nav><ul>"
    "<li><a href=\"s?id=1\"><img alt=\"\" src=\"i.png\"><span>"
    "Rapports financiers</span></a></li>"
    "<li><a class=\"tuile\" href=\"s?id=2\"><span>Listes</span> "
    "<b>\xc3\x89LECTORALES</b><br>\n  et   autres <i>documents</i> "
    "electoraux</a></li>"
    "</ul></nav></body></html>";

/* English, in windows-1252 declared by the header only. */
static const char extranet_en[] =
    "<html><body><h1>Extranet \x96 provincial political entities</h1>"
    "<a href=\"Lists.aspx\" title=\"Lists\">Lists of electors and other "
    "electoral documents</a> <a href=\"x\">Sign out</a></body></html>";

static void
test_extranet(void **state)
{
	(void)state;
	is_page("Extranet (simulator)", extranet_sim, UTF8, 0,
	    PORTAL_PAGE_EXTRANET);
	is_page("Extranet (split link)", extranet_split, NULL, 0,
	    PORTAL_PAGE_EXTRANET);
	is_page("Extranet (English, windows-1252)", extranet_en,
	    "text/html; charset=windows-1252", 0, PORTAL_PAGE_EXTRANET);
	/* The words as text, not as a link: nothing to follow. */
	is_page("the lists' words without a link",
	    "<html><body><p>Listes \xc3\xa9lectorales et autres documents "
	    "\xc3\xa9lectoraux : bient\xc3\xb4t.</p></body></html>", UTF8, 0,
	    PORTAL_PAGE_UNKNOWN);
	/* A hidden link is not one a user could follow. */
	is_page("hidden link",
	    "<html><body><a href=\"x\" style=\"display:none\">Listes "
	    "\xc3\xa9lectorales et autres documents \xc3\xa9lectoraux</a>"
	    "</body></html>", UTF8, 0, PORTAL_PAGE_UNKNOWN);
}

/* The forgotten-password form as the simulator writes it. */
static const char forgot_sim[] = SIM_PAGE("Mot de passe oubli\xc3\xa9",
    "<div class=\"boite\">\n<h1>Mot de passe oubli\xc3\xa9</h1>\n"
    "<p>Entrez l'adresse courriel associ\xc3\xa9" "e \xc3\xa0 votre "
    "compte.</p>\n<form action=\"oubli.aspx\" method=\"POST\">\n"
    "<input type=\"hidden\" name=\"jeton\" value=\"a1b2c3\">\n"
    "<div class=\"champ\"><label for=\"courriel\">Adresse courriel</label>"
    "<input type=\"email\" id=\"courriel\" name=\"strCourriel\" "
    "size=\"40\"></div>\n<div class=\"actions\"><button "
    "type=\"submit\" name=\"btnEnvoyer\" value=\"1\">Envoyer</button> "
    "<a href=\"connexion.aspx\">Annuler</a></div>\n</form>\n</div>\n");

/* English, attribute order swapped, upper-case type. */
static const char forgot_en[] =
    "<html><body><h1>Forgotten password</h1><form method=\"post\" "
    "action=\"Forgot.aspx\"><p><input name=\"mail\" TYPE=\"EMAIL\" "
    "id=\"m\"> <label for=\"m\">E-mail address</label></p>"
    "<input type=\"submit\" value=\"Send\"></form></body></html>";

static void
test_forgot(void **state)
{
	(void)state;
	is_page("forgot (simulator)", forgot_sim, UTF8, 0,
	    PORTAL_PAGE_FORGOT);
	is_page("forgot (English)", forgot_en, NULL, 0, PORTAL_PAGE_FORGOT);
}

static void
test_unknown(void **state)
{
	(void)state;
	is_page("server error", SIM_PAGE("Erreur",
	    "<h1>Erreur</h1>\n<div class=\"erreur\" role=\"alert\"><p>Le "
	    "service est temporairement indisponible.</p></div>\n"
	    "<p><a href=\"connexion.aspx\">Retour</a></p>\n"), UTF8, 0,
	    PORTAL_PAGE_UNKNOWN);
	is_page("empty page", "<html><body></body></html>", NULL, 0,
	    PORTAL_PAGE_UNKNOWN);
	is_page("plain text", "Bad Gateway", "text/html", 0,
	    PORTAL_PAGE_UNKNOWN);
	/* A search form, a bare "Listes électorales" heading, a link that
	   only starts like the lists' link. */
	is_page("look-alikes", "<html><body><h1>Listes \xc3\xa9lectorales"
	    "</h1><form action=\"recherche\"><input type=\"search\" "
	    "name=\"q\"><input type=\"text\" name=\"r\"></form>"
	    "<a href=\"l\">Listes \xc3\xa9lectorales</a></body></html>", UTF8,
	    0, PORTAL_PAGE_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signin),
		cmocka_unit_test(test_challenge),
		cmocka_unit_test(test_change),
		cmocka_unit_test(test_notice),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_extranet),
		cmocka_unit_test(test_forgot),
		cmocka_unit_test(test_unknown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
