/*
 * gen — fictitious electors from a seed.  A small fast generator
 * (splitmix64) walks polling divisions; each division lies in one
 * municipality and one forward sortation area, and is filled with households
 * along a few streets: houses, duplexes (12A, 12 1/2) and apartment
 * buildings.  Names come from weighted tables of French-Canadian (and other
 * Québec) surnames and given names, with and without accents, apostrophes
 * and hyphens.  Nothing is copied from a real list: the tables are common
 * names and place names, combined at random.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listelec/gen.h"
#include "listelec/xmalloc.h"

struct wentry {
	const char	*s;
	unsigned	 w;
};

/* Surnames: accents, apostrophes, hyphens; both spellings of some. */
static const struct wentry surnames[] = {
	{ "Tremblay", 40 }, { "Gagnon", 30 }, { "Roy", 28 }, { "Côté", 25 },
	{ "Bouchard", 22 }, { "Gauthier", 20 }, { "Morin", 20 },
	{ "Lavoie", 18 }, { "Fortin", 18 }, { "Gagné", 16 },
	{ "Ouellet", 15 }, { "Pelletier", 15 }, { "Bélanger", 14 },
	{ "Belanger", 4 }, { "Lévesque", 14 }, { "Levesque", 4 },
	{ "Bergeron", 12 }, { "Leblanc", 12 }, { "Paquette", 11 },
	{ "Girard", 11 }, { "Simard", 11 }, { "Boucher", 10 },
	{ "Caron", 10 }, { "Beaulieu", 9 }, { "Cloutier", 9 },
	{ "Dubé", 9 }, { "Dube", 2 }, { "Poirier", 9 }, { "Fournier", 9 },
	{ "Lapointe", 8 }, { "Leclerc", 8 }, { "Lefebvre", 8 },
	{ "Poulin", 8 }, { "Thibault", 7 }, { "St-Pierre", 5 },
	{ "Saint-Pierre", 4 }, { "Nadeau", 7 }, { "Martin", 7 },
	{ "Landry", 7 }, { "Martel", 6 }, { "Bédard", 6 }, { "Grenier", 6 },
	{ "Lessard", 6 }, { "Bernier", 6 }, { "Richard", 6 },
	{ "Michaud", 6 }, { "Hébert", 6 }, { "Hebert", 2 },
	{ "Desjardins", 5 }, { "Couture", 5 }, { "Turcotte", 5 },
	{ "Lachance", 5 }, { "Parent", 5 }, { "Blais", 5 },
	{ "Gosselin", 5 }, { "Savard", 5 }, { "Proulx", 5 },
	{ "Beaudoin", 5 }, { "Demers", 5 }, { "Perron", 5 },
	{ "Boudreau", 4 }, { "Deschênes", 4 }, { "Deschenes", 1 },
	{ "D'Amours", 3 }, { "D'Anjou", 2 }, { "L'Heureux", 3 },
	{ "L'Écuyer", 2 }, { "D'Aoust", 2 }, { "Jean-Baptiste", 3 },
	{ "Pierre-Louis", 2 }, { "Ste-Marie", 2 }, { "Sainte-Marie", 2 },
	{ "Desrosiers", 4 }, { "Béliveau", 3 }, { "Ménard", 4 },
	{ "Séguin", 4 }, { "Thériault", 4 }, { "Gélinas", 3 },
	{ "Bélisle", 3 }, { "Larivière", 3 }, { "Lemieux", 5 },
	{ "Carrier", 5 }, { "Charbonneau", 4 }, { "Brisson", 3 },
	{ "Auclair", 3 }, { "Bourque", 3 }, { "Daigle", 3 },
	{ "Fréchette", 3 }, { "Gingras", 4 }, { "Houle", 3 },
	{ "Jodoin", 2 }, { "Laflamme", 3 }, { "Marcoux", 3 },
	{ "Normandeau", 2 }, { "Paré", 4 }, { "Rhéaume", 2 },
	{ "Veilleux", 3 }, { "Vézina", 3 }, { "Côte", 1 }, { "Cote", 1 },
	{ "Nguyen", 4 }, { "Tran", 2 }, { "Singh", 3 }, { "Cohen", 2 },
	{ "Haddad", 2 }, { "Joseph", 3 }, { "Smith", 2 }, { "O'Brien", 2 },
	{ "MacDonald", 2 }, { "Rodríguez", 1 }, { "Benoît", 2 },
	{ "Mailloux-Gagnon", 1 }, { "Roy-Bouchard", 1 }, { "Cœur", 1 },
	{ "Lacœur", 1 }, { "Lamothe", 2 }, { "Ouimet", 2 },
};

static const struct wentry women[] = {
	{ "Marie", 10 }, { "Marie-Ève", 8 }, { "Julie", 9 },
	{ "Isabelle", 8 }, { "Nathalie", 8 }, { "Sylvie", 8 },
	{ "Chantal", 7 }, { "Geneviève", 7 }, { "Genevieve", 1 },
	{ "Mélanie", 7 }, { "Émilie", 7 }, { "Emilie", 1 }, { "Chloé", 6 },
	{ "Léa", 6 }, { "Zoé", 5 }, { "Noémie", 5 }, { "Andrée", 4 },
	{ "Thérèse", 4 }, { "Hélène", 5 }, { "Françoise", 4 },
	{ "Gisèle", 3 }, { "Gaétane", 3 }, { "Jacinthe", 3 },
	{ "Josée", 5 }, { "Annie", 6 }, { "Caroline", 6 },
	{ "Stéphanie", 6 }, { "Véronique", 5 }, { "Maude", 4 },
	{ "Camille", 5 }, { "Océane", 3 }, { "Rosalie", 4 },
	{ "Alice", 4 }, { "Florence", 4 }, { "Ève", 3 },
	{ "Anne-Marie", 4 }, { "Marie-Claude", 4 }, { "Marie-Hélène", 3 },
	{ "Lucie", 5 }, { "Manon", 5 }, { "Louise", 5 }, { "Denise", 4 },
	{ "Jeannine", 3 }, { "Huguette", 3 }, { "Ghislaine", 3 },
	{ "Réjeanne", 3 }, { "Fatima", 2 }, { "Amina", 2 }, { "Mei", 1 },
	{ "Priya", 1 }, { "Sarah", 4 }, { "Anaïs", 2 }, { "Noëlla", 1 },
	{ "Marie Josée", 2 },
};

static const struct wentry men[] = {
	{ "Jean", 9 }, { "Pierre", 8 }, { "Jean-François", 7 },
	{ "Jean-Sébastien", 4 }, { "Marc-André", 5 }, { "Pierre-Luc", 4 },
	{ "François", 7 }, { "Francois", 1 }, { "Stéphane", 7 },
	{ "Sébastien", 6 }, { "Éric", 6 }, { "Eric", 1 }, { "Mathieu", 6 },
	{ "Simon", 5 }, { "Olivier", 6 }, { "William", 5 }, { "Félix", 5 },
	{ "Zacharie", 3 }, { "Édouard", 3 }, { "Gaétan", 4 },
	{ "Réjean", 4 }, { "Gérard", 4 }, { "Aurèle", 2 }, { "André", 6 },
	{ "Benoît", 4 }, { "Jérôme", 4 }, { "Frédéric", 5 }, { "Hugo", 4 },
	{ "Gabriel", 5 }, { "Raphaël", 4 }, { "Noah", 3 }, { "Léo", 4 },
	{ "Thomas", 5 }, { "Samuel", 5 }, { "Alexandre", 6 },
	{ "Martin", 6 }, { "Luc", 5 }, { "Yves", 5 }, { "Normand", 4 },
	{ "Ghislain", 3 }, { "Rosaire", 2 }, { "Denis", 5 }, { "Michel", 6 },
	{ "Claude", 5 }, { "Gilles", 5 }, { "Réal", 3 }, { "Mohamed", 2 },
	{ "Wei", 1 }, { "Arjun", 1 }, { "Joël", 3 }, { "Noël", 2 },
	{ "Jean Guy", 2 },
};

/* Street types; the article, if any, belongs to the name. */
static const struct wentry street_types[] = {
	{ "rue", 60 }, { "avenue", 12 }, { "boulevard", 6 },
	{ "chemin", 6 }, { "rang", 3 }, { "montée", 2 }, { "place", 2 },
	{ "croissant", 2 }, { "route", 2 }, { "côte", 1 },
	{ "terrasse", 1 }, { "impasse", 1 },
};

/* Street names: type is the street's own (NULL: any of street_types);
   dir: the street is cut in two by a baseline, "Est" and "Ouest". */
struct sname {
	const char	*s;
	unsigned	 w;
	const char	*type;
	int		 dir;
};

static const struct sname street_names[] = {
	{ "Laurier", 6, NULL, 1 }, { "Saint-Denis", 4, "rue", 0 },
	{ "Sainte-Catherine", 3, "rue", 1 },
	{ "René-Lévesque", 6, "boulevard", 1 }, { "des Érables", 6, NULL, 0 },
	{ "de l'Église", 6, NULL, 0 }, { "du Roy", 5, "chemin", 0 },
	{ "du Lac-à-l'Eau-Claire", 2, NULL, 0 }, { "Principale", 6, NULL, 0 },
	{ "Notre-Dame", 5, NULL, 1 }, { "des Pins", 5, NULL, 1 },
	{ "du Moulin", 4, NULL, 0 }, { "Jean-Talon", 3, "rue", 1 },
	{ "Papineau", 3, "avenue", 0 }, { "Sherbrooke", 3, "rue", 1 },
	{ "de la Montagne", 3, NULL, 0 }, { "des Cèdres", 4, NULL, 0 },
	{ "Champlain", 4, NULL, 0 }, { "Wilfrid-Laurier", 3, NULL, 0 },
	{ "Saint-Joseph", 5, "boulevard", 1 },
	{ "Sainte-Thérèse", 3, NULL, 0 }, { "des Bouleaux", 4, NULL, 0 },
	{ "du Couvent", 2, NULL, 0 }, { "de la Rivière", 4, NULL, 0 },
	{ "du Ruisseau", 3, NULL, 0 }, { "des Hirondelles", 2, NULL, 0 },
	{ "des Outardes", 2, NULL, 0 }, { "de l'Érablière", 2, NULL, 0 },
	{ "des Ormes", 3, NULL, 0 }, { "Dollard-Des Ormeaux", 1, NULL, 0 },
	{ "Marie-Victorin", 2, NULL, 0 }, { "Louis-Hébert", 2, NULL, 0 },
	{ "de la Gare", 3, NULL, 0 }, { "du Parc", 4, NULL, 0 },
	{ "des Lilas", 3, NULL, 0 }, { "Saint-Laurent", 3, "boulevard", 0 },
	{ "Frontenac", 2, NULL, 0 }, { "Lafontaine", 2, NULL, 0 },
	{ "Racine", 2, NULL, 0 }, { "Bellevue", 3, NULL, 0 },
	{ "du Boisé", 2, NULL, 0 }, { "de la Seigneurie", 2, NULL, 0 },
	{ "Taschereau", 1, "boulevard", 0 }, { "des Patriotes", 2, NULL, 0 },
	{ "Saint-Jean-Baptiste", 2, NULL, 0 },
	{ "Jacques-Cartier", 2, NULL, 0 }, { "des Écoles", 2, NULL, 0 },
	{ "Côté", 1, NULL, 0 }, { "O'Neil", 1, NULL, 0 },
	{ "Maisonneuve", 2, NULL, 1 }, { "de l'Anse", 1, NULL, 0 },
	{ "des Saules", 2, NULL, 0 }, { "du Fleuve", 2, NULL, 0 },
	{ "Monseigneur-Bourget", 1, NULL, 0 },
	{ "de l'Île-aux-Grues", 1, NULL, 0 },
	{ "du Cœur-Vaillant", 1, NULL, 0 },
};

#define NTYPES		(sizeof street_types / sizeof street_types[0])
#define NSNAMES		(sizeof street_names / sizeof street_names[0])
#define NSURNAMES	(sizeof surnames / sizeof surnames[0])
#define NWOMEN		(sizeof women / sizeof women[0])
#define NMEN		(sizeof men / sizeof men[0])
/* Streets of the riding: named streets (type, name, none/Est/Ouest), then
   streets named after a person ("rue" or "avenue", given name, surname). */
#define NSTREETS	(NTYPES * NSNAMES * 3 + 2 * (NWOMEN + NMEN) * NSURNAMES)

/* Municipalities and the first letter of their postal codes. */
struct muni {
	const char	*name;
	char		 letter;	/* G east, H Montréal, J elsewhere */
	unsigned	 w;
};

static const struct muni munis[] = {
	{ "Montréal", 'H', 30 }, { "Québec", 'G', 14 }, { "Laval", 'H', 8 },
	{ "Gatineau", 'J', 6 }, { "Longueuil", 'J', 5 },
	{ "Sherbrooke", 'J', 4 }, { "Lévis", 'G', 4 },
	{ "Saguenay", 'G', 4 }, { "Trois-Rivières", 'G', 4 },
	{ "Terrebonne", 'J', 3 }, { "Saint-Jean-sur-Richelieu", 'J', 3 },
	{ "Repentigny", 'J', 2 }, { "Drummondville", 'J', 2 },
	{ "Saint-Jérôme", 'J', 2 }, { "Granby", 'J', 2 },
	{ "Blainville", 'J', 2 }, { "Rimouski", 'G', 2 },
	{ "Saint-Hyacinthe", 'J', 2 }, { "Shawinigan", 'G', 2 },
	{ "Rivière-du-Loup", 'G', 1 }, { "Val-d'Or", 'J', 1 },
	{ "L'Assomption", 'J', 1 }, { "Baie-Saint-Paul", 'G', 1 },
	{ "Sainte-Anne-des-Plaines", 'J', 1 }, { "Lac-Mégantic", 'G', 1 },
	{ "Notre-Dame-du-Mont-Carmel", 'G', 1 }, { "Saint-Elzéar", 'G', 1 },
	{ "Les Îles-de-la-Madeleine", 'G', 1 }, { "L'Île-Perrot", 'J', 1 },
	{ "Saint-Lin–Laurentides", 'J', 1 }, { "Rouyn-Noranda", 'J', 1 },
	{ "Sept-Îles", 'G', 1 }, { "Magog", 'J', 1 }, { "Joliette", 'J', 1 },
};

/* Electors outside Québec: city, province or country, postal code shape. */
struct abroad {
	const char	*city;
	const char	*where;
	const char	*street;	/* street name for the address */
	const char	*postal;	/* A: a letter, 9: a digit */
};

static const struct abroad abroads[] = {
	{ "Ottawa", "Ontario", "Somerset Street", "K1A 9A9" },
	{ "Toronto", "Ontario", "Bloor Street West", "M5A 9A9" },
	{ "Moncton", "Nouveau-Brunswick", "rue Main", "E1A 9A9" },
	{ "Edmundston", "Nouveau-Brunswick", "rue Victoria", "E3V 9A9" },
	{ "Vancouver", "Colombie-Britannique", "Granville Street", "V6A 9A9" },
	{ "Calgary", "Alberta", "17 Avenue SW", "T2A 9A9" },
	{ "Paris", "France", "rue de la Roquette", "75099" },
	{ "Lyon", "France", "rue Mercière", "69009" },
	{ "Bruxelles", "Belgique", "rue Haute", "1000" },
	{ "Boston", "États-Unis", "Beacon Street", "02199" },
	{ "Fort Lauderdale", "États-Unis", "Las Olas Boulevard", "33399" },
	{ "Genève", "Suisse", "rue du Rhône", "1299" },
};

/* Letters allowed in Canadian postal codes. */
static const char pc_letters[] = "ABCEGHJKLMNPRSTVWXYZ";

/* Ages: ranges and weights (electors are 18 to 105). */
static const struct {
	int	lo, hi;
	unsigned w;
} ages[] = {
	{ 18, 24, 9 }, { 25, 34, 15 }, { 35, 44, 16 }, { 45, 54, 16 },
	{ 55, 64, 17 }, { 65, 74, 15 }, { 75, 84, 8 }, { 85, 94, 3 },
	{ 95, 105, 1 },
};

#define NELEMS(a)	(sizeof (a) / sizeof ((a)[0]))

/* A weighted table expanded so a uniform index picks by weight. */
struct pick {
	unsigned short	*idx;
	size_t		 n;
};

struct gen {
	uint64_t	 state;
	size_t		 total;		/* electors to produce */
	size_t		 done;
	int		 hq;		/* electors outside Québec */

	size_t		 nsections;
	size_t		 hq_sections;	/* hq: sections to draw from */
	size_t		 section;	/* current, 1-based */
	size_t		 section_left;	/* electors left in it */
	int		 section_width;

	struct pick	 p_surname, p_women, p_men, p_stype, p_sname, p_muni;

	/* The riding's municipalities: sections in blocks, the first one
	   the largest. */
	const struct muni *rmuni[4];
	size_t		 nrmuni;

	/* Per street of the riding, the last civic number used (0: none):
	   a street met again goes on from there, so no two dwellings of
	   the riding share an address. */
	unsigned	*street_last;
	size_t		 street_key;
	unsigned	 line;		/* No électeur in the section */

	/* The current place. */
	const struct muni *muni;
	char		 fsa[4];
	char		 ldu[4];
	char		 street[96];
	unsigned	 civic;
	unsigned	 street_left;	/* households before a new street */

	/* The current household. */
	unsigned	 house_left;	/* electors left in it */
	const char	*house_name;
	char		 civic_str[24];
	int		 building;	/* apartments: floor numbering */
	unsigned	 apt_next;
	unsigned	 apt_left;
	const char	*hh_prenom[8];	/* given names in the household */
	unsigned	 hh_n;

	char		 b_section[16];
	char		 b_birth[16];
	char		 b_address[160];
	char		 b_apt[16];
	char		 b_postal[16];
	char		 b_surname[96];
	struct gen_elector e;
};

/* splitmix64: the next 64 random bits. */
static uint64_t
rnd(struct gen *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

/* A uniform integer in [0, n). */
static unsigned
rndn(struct gen *g, unsigned n)
{
	return ((unsigned)(((rnd(g) >> 32) * (uint64_t)n) >> 32));
}

/* Expand a weighted table into p. */
static void
pick_init(struct pick *p, const unsigned *w, size_t n)
{
	size_t	 i, total = 0, k = 0;
	unsigned j;

	for (i = 0; i < n; i++)
		total += w[i];
	p->idx = xreallocarray(NULL, total, sizeof *p->idx);
	for (i = 0; i < n; i++)
		for (j = 0; j < w[i]; j++)
			p->idx[k++] = (unsigned short)i;
	p->n = total;
}

/* Expand a wentry table. */
static void
pick_wentries(struct pick *p, const struct wentry *t, size_t n)
{
	unsigned	*w = xreallocarray(NULL, n, sizeof *w);
	size_t		 i;

	for (i = 0; i < n; i++)
		w[i] = t[i].w;
	pick_init(p, w, n);
	free(w);
}

/* A weighted index. */
static unsigned
pick(struct gen *g, const struct pick *p)
{
	return (p->idx[rndn(g, (unsigned)p->n)]);
}

/* Append s to buf at *len (bounded by room). */
static void
append(char *buf, size_t *len, size_t room, const char *s)
{
	size_t	n = strlen(s);

	if (*len + n >= room)
		n = room - *len - 1;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/* Append a decimal number. */
static void
append_uint(char *buf, size_t *len, size_t room, unsigned v, int width)
{
	char	 tmp[16];
	int	 n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 && n < 15);
	while (n < width && n < 15)
		tmp[n++] = '0';
	for (i = n - 1; i >= 0 && *len + 1 < room; i--)
		buf[(*len)++] = tmp[i];
	buf[*len] = '\0';
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long
days_from_civil(int y, unsigned m, unsigned d)
{
	unsigned yoe, doy, doe;
	int	 era;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return ((long)era * 146097 + (long)doe - 719468);
}

/* The civil date of a day number. */
static void
civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	long	 era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int)yoe + (int)era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

/* A date of birth for someone aged 18 to 105 on GEN_REF_DATE. */
static void
make_birth(struct gen *g)
{
	static const unsigned aw[] = { 9, 15, 16, 16, 17, 15, 8, 3, 1 };
	unsigned	 total = 0, r, i;
	int		 age, y;
	unsigned	 m, d;
	long		 hi, lo, day;
	size_t		 len = 0;

	for (i = 0; i < NELEMS(aw); i++)
		total += aw[i];
	r = rndn(g, total);
	for (i = 0; r >= aw[i]; i++)
		r -= aw[i];
	age = ages[i].lo +
	    (int)rndn(g, (unsigned)(ages[i].hi - ages[i].lo + 1));
	/* Born after ref - (age + 1) years, on or before ref - age years. */
	hi = days_from_civil(2026 - age, 10, 5);
	lo = days_from_civil(2026 - age - 1, 10, 5) + 1;
	day = lo + (long)rndn(g, (unsigned)(hi - lo + 1));
	civil_from_days(day, &y, &m, &d);
	append_uint(g->b_birth, &len, sizeof g->b_birth, (unsigned)y, 4);
	append(g->b_birth, &len, sizeof g->b_birth, "-");
	append_uint(g->b_birth, &len, sizeof g->b_birth, m, 2);
	append(g->b_birth, &len, sizeof g->b_birth, "-");
	append_uint(g->b_birth, &len, sizeof g->b_birth, d, 2);
}

/* A postal-code letter. */
static char
pc_letter(struct gen *g)
{
	return (pc_letters[rndn(g, sizeof pc_letters - 1)]);
}

/* A new local delivery unit (the "1A1" half). */
static void
new_ldu(struct gen *g)
{
	g->ldu[0] = (char)('1' + rndn(g, 9));
	g->ldu[1] = pc_letter(g);
	g->ldu[2] = (char)('0' + rndn(g, 10));
	g->ldu[3] = '\0';
}

/* Append a person's street name ("Gérard-Tremblay") for key k. */
static void
person_street(char *buf, size_t *len, size_t room, size_t k)
{
	size_t	 given = k / NSURNAMES, sur = k % NSURNAMES;

	append(buf, len, room, given < NWOMEN ? women[given].s :
	    men[given - NWOMEN].s);
	append(buf, len, room, "-");
	append(buf, len, room, surnames[sur].s);
}

/* A new street (or the next stretch of one already walked) in the current
   section; remembers where the last one stopped. */
static void
new_street(struct gen *g)
{
	const struct sname *sn;
	const char	*type;
	size_t		 len, k, given, sur;
	unsigned	 dir, t, tries;

	if (g->street_key != 0 && g->civic > g->street_last[g->street_key])
		g->street_last[g->street_key] = g->civic;
	for (tries = 0;; tries++) {
		len = 0;
		g->street[0] = '\0';
		if (tries >= 8 || rndn(g, 100) < 45) {
			/* Named after a person, with no space in the name. */
			do {
				given = rndn(g, NWOMEN + NMEN);
			} while (strchr(given < NWOMEN ? women[given].s :
			    men[given - NWOMEN].s, ' ') != NULL);
			sur = pick(g, &g->p_surname);
			t = rndn(g, 4) == 0;
			k = NTYPES * NSNAMES * 3 + (t * (NWOMEN + NMEN) +
			    given) * NSURNAMES + sur;
			append(g->street, &len, sizeof g->street,
			    t ? "avenue " : "rue ");
			person_street(g->street, &len, sizeof g->street,
			    given * NSURNAMES + sur);
			break;
		}
		k = pick(g, &g->p_sname);
		sn = &street_names[k];
		t = sn->type != NULL ? 0 : pick(g, &g->p_stype);
		type = sn->type != NULL ? sn->type : street_types[t].s;
		dir = sn->dir ? 1 + rndn(g, 2) : 0;
		k = (k * NTYPES + t) * 3 + dir;
		/* A street walked up to 9000 is full: take another. */
		if (g->street_last[k + 1] >= 9000)
			continue;
		append(g->street, &len, sizeof g->street, type);
		append(g->street, &len, sizeof g->street, " ");
		append(g->street, &len, sizeof g->street, sn->s);
		if (dir != 0)
			append(g->street, &len, sizeof g->street,
			    dir == 1 ? " Est" : " Ouest");
		break;
	}
	g->street_key = k + 1;
	if (g->street_last[g->street_key] != 0)
		g->civic = g->street_last[g->street_key] + 1 + rndn(g, 20);
	else if (rndn(g, 3) == 0)
		g->civic = 1 + rndn(g, 120);
	else
		g->civic = 100 * (1 + rndn(g, 90)) + rndn(g, 100);
	g->street_left = 8 + rndn(g, 40);
	new_ldu(g);
}

/* Start the next polling division. */
static void
new_section(struct gen *g)
{
	size_t	 left = g->total - g->done, sections_left, base, size;
	size_t	 len = 0;

	g->section++;
	sections_left = g->nsections - g->section + 1;
	base = left / sections_left;
	if (sections_left == 1)
		size = left;
	else if (sections_left <= 6 || base < 20)
		size = base;
	else
		size = base - base / 7 + rndn(g, (unsigned)(base / 7 * 2 + 1));
	if (size == 0)
		size = 1;
	if (size > left)
		size = left;
	g->section_left = size;
	g->b_section[0] = '\0';
	append_uint(g->b_section, &len, sizeof g->b_section,
	    (unsigned)g->section, g->section_width);

	/* The first municipality has half the sections, the others share
	   the rest in blocks. */
	if (g->nrmuni == 1 || g->section * 2 <= g->nsections)
		g->muni = g->rmuni[0];
	else
		g->muni = g->rmuni[1 + (g->section * 2 - g->nsections - 1) *
		    (g->nrmuni - 1) / g->nsections];
	g->line = 0;
	g->fsa[0] = g->muni->letter;
	g->fsa[1] = (char)('1' + rndn(g, 9));
	g->fsa[2] = pc_letter(g);
	g->fsa[3] = '\0';
	new_street(g);
	g->house_left = 0;
	g->apt_left = 0;	/* a building lies in one section */
}

/* Start a new household at a new civic number. */
static void
new_household(struct gen *g)
{
	unsigned r = rndn(g, 100);
	size_t	 len = 0;

	if (g->street_left-- == 0)
		new_street(g);
	if (rndn(g, 6) == 0)
		new_ldu(g);
	/* The next door, on either side of the street. */
	g->civic += 1 + rndn(g, 12);
	g->civic_str[0] = '\0';
	append_uint(g->civic_str, &len, sizeof g->civic_str, g->civic, 0);
	g->building = 0;
	g->apt_left = 0;
	if (r < 6) {
		/* Duplex with a suffix: 12A, 12B, 12 1/2. */
		static const char *const sfx[] = { "A", "B", " 1/2", "C" };
		append(g->civic_str, &len, sizeof g->civic_str,
		    sfx[rndn(g, NELEMS(sfx))]);
	} else if (r < 18) {
		/* An apartment building: 1, 2, ... or 101 .. 108, 201, ... */
		g->building = 1 + (int)rndn(g, 2);
		g->apt_next = g->building == 1 ? 1 : 101;
		g->apt_left = 4 + rndn(g, 30);
	} else if (r < 23) {
		/* A triplex or a small building: units A, B, C, ... */
		g->building = 3;
		g->apt_next = 0;
		g->apt_left = 2 + rndn(g, 5);
	}
	g->house_left = 0;
}

/* Start the next dwelling (a household at the current civic number or a
   new one). */
static void
new_dwelling(struct gen *g)
{
	static const unsigned sizes[] = { 30, 36, 15, 12, 5, 2 };
	unsigned total = 100, r, i;
	size_t	 len = 0;

	if (g->apt_left == 0)
		new_household(g);
	g->b_apt[0] = '\0';
	if (g->building == 3) {
		g->b_apt[0] = (char)('A' + g->apt_next++);
		g->b_apt[1] = '\0';
		g->apt_left--;
	} else if (g->building != 0) {
		append_uint(g->b_apt, &len, sizeof g->b_apt, g->apt_next, 0);
		g->apt_next++;
		if (g->building == 2 && g->apt_next % 100 > 8)
			g->apt_next = (g->apt_next / 100 + 1) * 100 + 1;
		g->apt_left--;
	}
	r = rndn(g, total);
	for (i = 0; r >= sizes[i]; i++)
		r -= sizes[i];
	g->house_left = i + 1;
	g->hh_n = 0;
	g->house_name = surnames[pick(g, &g->p_surname)].s;
}

/* Fill g->e for an elector living outside Québec. */
static void
make_hq(struct gen *g)
{
	const struct abroad *a = &abroads[rndn(g, NELEMS(abroads))];
	size_t	 len = 0, i;

	g->b_address[0] = '\0';
	append_uint(g->b_address, &len, sizeof g->b_address,
	    1 + rndn(g, 2400), 0);
	append(g->b_address, &len, sizeof g->b_address, " ");
	append(g->b_address, &len, sizeof g->b_address, a->street);
	g->b_apt[0] = '\0';
	if (rndn(g, 3) == 0) {
		len = 0;
		append_uint(g->b_apt, &len, sizeof g->b_apt,
		    1 + rndn(g, 900), 0);
	}
	for (i = 0; a->postal[i] != '\0' && i + 1 < sizeof g->b_postal; i++) {
		char c = a->postal[i];

		if (c == 'A')
			c = i == 0 ? c : pc_letter(g);
		else if (c == '9')
			c = (char)('0' + rndn(g, 10));
		g->b_postal[i] = c;
	}
	g->b_postal[i] = '\0';
	g->e.municipalite = a->city;
	g->e.province_pays = a->where;
	g->e.hors_quebec = 1;
}

/* Common setup. */
static struct gen *
gen_alloc(uint64_t seed, size_t electors, int hq)
{
	struct gen	*g = xcalloc(1, sizeof *g);
	unsigned	 w[NSNAMES > NELEMS(munis) ? NSNAMES : NELEMS(munis)];
	size_t		 i, n;

	g->state = seed * 0x2545f4914f6cdd1dULL +
	    (hq ? 0x51ed2701 : 0x3c6ef372);
	g->total = electors;
	g->hq = hq;
	pick_wentries(&g->p_surname, surnames, NELEMS(surnames));
	pick_wentries(&g->p_women, women, NELEMS(women));
	pick_wentries(&g->p_men, men, NELEMS(men));
	pick_wentries(&g->p_stype, street_types, NELEMS(street_types));
	for (i = 0; i < NSNAMES; i++)
		w[i] = street_names[i].w;
	pick_init(&g->p_sname, w, NSNAMES);
	for (i = 0; i < NELEMS(munis); i++)
		w[i] = munis[i].w;
	pick_init(&g->p_muni, w, NELEMS(munis));
	g->street_last = xcalloc(NSTREETS + 1, sizeof *g->street_last);
	/* Two to four municipalities, distinct. */
	g->nrmuni = 2 + rndn(g, 3);
	for (n = 0; n < g->nrmuni; n++) {
		do {
			g->rmuni[n] = &munis[pick(g, &g->p_muni)];
			for (i = 0; i < n; i++)
				if (g->rmuni[i] == g->rmuni[n])
					break;
		} while (i < n);
	}

	g->nsections = (electors + 175) / 350;
	if (g->nsections == 0)
		g->nsections = 1;
	g->section_width = 3;
	for (n = g->nsections; n > 999; n /= 10)
		g->section_width++;
	return (g);
}

/* The electors living in Québec. */
struct gen *
gen_new(uint64_t seed, size_t electors)
{
	return (gen_alloc(seed, electors, 0));
}

/* The electors outside Québec that go with a list. */
struct gen *
gen_new_hq(uint64_t seed, size_t electors)
{
	struct gen *g = gen_alloc(seed, gen_hq_count(electors), 1);
	size_t	    n;

	g->hq_sections = (electors + 175) / 350;
	if (g->hq_sections == 0)
		g->hq_sections = 1;
	g->nsections = 1;	/* sections drawn per elector */
	g->section_width = 3;
	for (n = g->hq_sections; n > 999; n /= 10)
		g->section_width++;
	return (g);
}

/* How many electors outside Québec a list of electors has. */
size_t
gen_hq_count(size_t electors)
{
	return (electors / 250 + 1);
}

/* Free; NULL is fine. */
void
gen_free(struct gen *g)
{
	if (g == NULL)
		return;
	free(g->p_surname.idx);
	free(g->p_women.idx);
	free(g->p_men.idx);
	free(g->p_stype.idx);
	free(g->p_sname.idx);
	free(g->p_muni.idx);
	free(g->street_last);
	free(g);
}

/* The number of polling divisions. */
size_t
gen_sections(const struct gen *g)
{
	return (g->nsections);
}

/* The next elector. */
const struct gen_elector *
gen_next(struct gen *g)
{
	struct gen_elector *e = &g->e;
	size_t	 len, i;
	int	 woman;

	if (g->done >= g->total)
		return (NULL);
	memset(e, 0, sizeof *e);
	if (g->hq) {
		/* Outside Québec: each keeps a section of the riding. */
		len = 0;
		g->b_section[0] = '\0';
		append_uint(g->b_section, &len, sizeof g->b_section,
		    1 + rndn(g, (unsigned)g->hq_sections), g->section_width);
		g->house_name = surnames[pick(g, &g->p_surname)].s;
		make_hq(g);
	} else {
		if (g->section_left == 0)
			new_section(g);
		if (g->house_left == 0)
			new_dwelling(g);
		g->section_left--;
		g->house_left--;
		len = 0;
		g->b_address[0] = '\0';
		append(g->b_address, &len, sizeof g->b_address, g->civic_str);
		append(g->b_address, &len, sizeof g->b_address, " ");
		append(g->b_address, &len, sizeof g->b_address, g->street);
		len = 0;
		g->b_postal[0] = '\0';
		append(g->b_postal, &len, sizeof g->b_postal, g->fsa);
		append(g->b_postal, &len, sizeof g->b_postal, " ");
		append(g->b_postal, &len, sizeof g->b_postal, g->ldu);
		e->municipalite = g->muni->name;
		e->province_pays = "Québec";
	}
	g->done++;

	/* Most share the household's surname; some have another one or a
	   compound one. */
	if (rndn(g, 4) == 0) {
		const char *other = surnames[pick(g, &g->p_surname)].s;

		if (rndn(g, 12) == 0 && strchr(other, '-') == NULL &&
		    strchr(g->house_name, '-') == NULL) {
			len = 0;
			g->b_surname[0] = '\0';
			append(g->b_surname, &len, sizeof g->b_surname,
			    g->house_name);
			append(g->b_surname, &len, sizeof g->b_surname, "-");
			append(g->b_surname, &len, sizeof g->b_surname, other);
			e->nom = g->b_surname;
		} else
			e->nom = other;
	} else
		e->nom = g->house_name;
	woman = rndn(g, 100) < 51;
	e->sexe = woman ? "F" : "M";
	/* No two of a household share a given name (so no two electors of
	   a list share name, address and apartment). */
	do {
		e->prenom = woman ? women[pick(g, &g->p_women)].s :
		    men[pick(g, &g->p_men)].s;
		for (i = 0; i < g->hh_n; i++)
			if (g->hh_prenom[i] == e->prenom)
				break;
	} while (!g->hq && i < g->hh_n);
	if (!g->hq && g->hh_n < NELEMS(g->hh_prenom))
		g->hh_prenom[g->hh_n++] = e->prenom;
	e->line = g->hq ? 0 : ++g->line;
	e->section_no = g->hq ? 0 : g->section;
	make_birth(g);
	e->section = g->b_section;
	e->naissance = g->b_birth;
	e->adresse = g->b_address;
	e->appartement = g->b_apt;
	e->code_postal = g->b_postal;
	return (e);
}

/* A person drawn from h alone (for the revisions' additions). */
void
gen_person(struct gen *g, uint64_t h, int young, const char *surname,
    struct gen_person *p)
{
	int	 woman;
	long	 hi, lo, day;
	int	 y;
	unsigned m, d;
	size_t	 len = 0;

	g->state = h;
	woman = rndn(g, 100) < 51;
	p->sexe = woman ? "F" : "M";
	p->prenom = woman ? women[pick(g, &g->p_women)].s :
	    men[pick(g, &g->p_men)].s;
	p->nom = surname != NULL ? surname :
	    surnames[pick(g, &g->p_surname)].s;
	if (!young) {
		make_birth(g);
		memcpy(p->naissance, g->b_birth, sizeof p->naissance);
		return;
	}
	/* Turned 18 in the year before GEN_REF_DATE. */
	hi = days_from_civil(2026 - 18, 10, 5);
	lo = days_from_civil(2026 - 19, 10, 5) + 1;
	day = lo + (long)rndn(g, (unsigned)(hi - lo + 1));
	civil_from_days(day, &y, &m, &d);
	append_uint(p->naissance, &len, sizeof p->naissance, (unsigned)y, 4);
	append(p->naissance, &len, sizeof p->naissance, "-");
	append_uint(p->naissance, &len, sizeof p->naissance, m, 2);
	append(p->naissance, &len, sizeof p->naissance, "-");
	append_uint(p->naissance, &len, sizeof p->naissance, d, 2);
}

/* UTF-8 to Windows-1252. */
size_t
gen_to_cp1252(const char *s, char *out, size_t room)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t	 n = 0;
	unsigned cp;

	while (*p != '\0' && n < room) {
		if (*p < 0x80) {
			out[n++] = (char)*p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
			cp = ((unsigned)(*p & 0x1f) << 6) | (p[1] & 0x3f);
			p += 2;
		} else if ((*p & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80) {
			cp = ((unsigned)(*p & 0x0f) << 12) |
			    ((unsigned)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
			p += 3;
		} else {
			p++;
			out[n++] = '?';
			continue;
		}
		if (cp >= 0xa0 && cp <= 0xff)
			out[n++] = (char)cp;
		else if (cp == 0x153)
			out[n++] = (char)0x9c;
		else if (cp == 0x152)
			out[n++] = (char)0x8c;
		else if (cp == 0x2019)
			out[n++] = (char)0x92;
		else if (cp == 0x2013)
			out[n++] = (char)0x96;
		else if (cp == 0x2014)
			out[n++] = (char)0x97;
		else if (cp == 0x20ac)
			out[n++] = (char)0x80;
		else
			out[n++] = '?';
	}
	return (n);
}

/* Append a field in Windows-1252 and its ';'. */
static size_t
field(char *buf, size_t n, const char *s)
{
	n += gen_to_cp1252(s, buf + n, GEN_ROW_MAX - 3 - n);
	buf[n++] = ';';
	return (n);
}

/* The CSV header of the lists. */
size_t
gen_csv_header(char *buf)
{
	static const char h[] = "No section;No électeur;Nom;Prénom;Sexe;"
	    "Date de naissance;Adresse;Appartement;Municipalité;"
	    "Code postal;";
	size_t	 n = gen_to_cp1252(h, buf, GEN_ROW_MAX - 3);

	buf[n++] = '\r';
	buf[n++] = '\n';
	return (n);
}

/* One row of the lists. */
size_t
gen_csv_row(const struct gen_elector *e, char *buf)
{
	size_t	 n = 0;

	n = field(buf, n, e->section);
	append_uint(buf, &n, GEN_ROW_MAX - 3, e->line, 0);
	buf[n++] = ';';
	n = field(buf, n, e->nom);
	n = field(buf, n, e->prenom);
	n = field(buf, n, e->sexe);
	n = field(buf, n, e->naissance);
	n = field(buf, n, e->adresse);
	n = field(buf, n, e->appartement);
	n = field(buf, n, e->municipalite);
	n = field(buf, n, e->code_postal);
	buf[n++] = '\r';
	buf[n++] = '\n';
	return (n);
}

/* The CSV header of the list of electors outside Québec. */
size_t
gen_hq_csv_header(char *buf)
{
	static const char h[] = "No section;Nom;Prénom;Sexe;"
	    "Date de naissance;Adresse hors Québec;Appartement;Ville;"
	    "Province ou pays;Code postal;";
	size_t	 n = gen_to_cp1252(h, buf, GEN_ROW_MAX - 3);

	buf[n++] = '\r';
	buf[n++] = '\n';
	return (n);
}

/* One row of the list of electors outside Québec. */
size_t
gen_hq_csv_row(const struct gen_elector *e, char *buf)
{
	size_t	 n = 0;

	n = field(buf, n, e->section);
	n = field(buf, n, e->nom);
	n = field(buf, n, e->prenom);
	n = field(buf, n, e->sexe);
	n = field(buf, n, e->naissance);
	n = field(buf, n, e->adresse);
	n = field(buf, n, e->appartement);
	n = field(buf, n, e->municipalite);
	n = field(buf, n, e->province_pays);
	n = field(buf, n, e->code_postal);
	buf[n++] = '\r';
	buf[n++] = '\n';
	return (n);
}
