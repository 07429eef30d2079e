/*
 * sheet-pdf — walk sheets as a PDF, letter size (portrait, or landscape
 * with a column for notes), laid out by pango on a cairo PDF surface in
 * DejaVu Sans (every French accent, the □ of the boxes).  Every page: the
 * notice in a band at the top, the title and date, the section, route and
 * page within the route, the route's counts, the legends of the visit
 * codes and of the support scale, a heading per address (with a heavier
 * rule; a building's units and electors), a light rule between
 * households, a box per visit code and per support level for each
 * elector, and the volunteer's name and date at the foot.  Cells are
 * sanitized before they are laid out; nothing is parsed as markup.
 *
 * For speed one layout per style is reused (its text replaced), and the
 * row of boxes is laid out once and drawn on every line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "listelec/i18n.h"
#include "listelec/sheet.h"
#include "listelec/text.h"
#include "listelec/xmalloc.h"

#define PT_LETTER_W	612.0
#define PT_LETTER_H	792.0
#define MARGIN		36.0
#define ROW_H		12.0
#define FONT		"DejaVu Sans"
#define NCODES		8
#define NSUPPORT	5
#define KEY_W		56.0
#define APT_W		36.0
#define AGE_W		22.0
#define NOTES_W		170.0
#define GAP		4.0

/* The writer's state. */
struct pdf {
	cairo_surface_t		*surface;
	cairo_t			*cr;
	sheet_sink		 sink;
	void			*arg;
	int			 failed;
	double			 w, h;
	PangoLayout		*body, *bold, *small, *title, *head;
	PangoLayout		*boxes;
	cairo_surface_t		*boxes_rec;	/* drawn once, painted on
						   every line */
	double			 boxes_w;
	double			 box_x[NCODES + NSUPPORT];	/* centres */
	double			 x_key, x_name, x_apt, x_age, x_boxes, x_notes;
	double			 name_w;
	double			 body_top, foot_y;
	size_t			 lines;
	int			 age;
	int			 landscape;
};

/* cairo's bytes to the sink. */
static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf	*p = closure;

	if (p->failed || p->sink(p->arg, data, len) != 0) {
		p->failed = 1;
		return (CAIRO_STATUS_WRITE_ERROR);
	}
	return (CAIRO_STATUS_SUCCESS);
}

/* A layout in FONT at size points, bold or not. */
static PangoLayout *
pdf_layout(struct pdf *p, double size, int bold)
{
	PangoLayout		*l = pango_cairo_create_layout(p->cr);
	PangoFontDescription	*fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	return (l);
}

/*
 * Draw s (sanitized) with l at x, y (top), at most width points wide
 * (cut with an ellipsis; 0 = no limit), aligned on x's right when
 * align is 1, centred on x when 2; wrapped instead of cut when wrap.
 * Returns the height drawn.
 */
static double
pdf_text(struct pdf *p, PangoLayout *l, const char *s, double x, double y,
    double width, int align, int wrap)
{
	char	*clean = NULL;
	int	 pw, ph;

	if (text_needs_sanitize(s, strlen(s)))
		s = clean = text_sanitize(s, strlen(s), 0, 0);
	pango_layout_set_text(l, s, -1);
	pango_layout_set_width(l, width > 0 ? (int)(width * PANGO_SCALE) :
	    -1);
	pango_layout_set_ellipsize(l, width > 0 && !wrap ?
	    PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_get_size(l, &pw, &ph);
	if (align == 1)
		x -= (double)pw / PANGO_SCALE;
	else if (align == 2)
		x -= (double)pw / PANGO_SCALE / 2;
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	free(clean);
	return ((double)ph / PANGO_SCALE);
}

/* The height s would take in l, wrapped at width. */
static double
pdf_height(PangoLayout *l, const char *s, double width)
{
	int	 pw, ph;

	pango_layout_set_text(l, s, -1);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	pango_layout_get_size(l, &pw, &ph);
	return ((double)ph / PANGO_SCALE);
}

/* A horizontal rule at y, width points thick, grey level g. */
static void
pdf_rule(struct pdf *p, double y, double width, double g)
{
	cairo_set_source_rgb(p->cr, g, g, g);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, MARGIN, y);
	cairo_line_to(p->cr, p->w - MARGIN, y);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* The legends (translated); also in sheet-text.c's words. */
static const char *
legend_codes(void)
{
	return (_("Visit: A absent \xc2\xb7 R refused \xc2\xb7 M moved "
	    "\xc2\xb7 D deceased \xc2\xb7 I inaccessible \xc2\xb7 S sign "
	    "\xc2\xb7 V volunteer \xc2\xb7 C call back"));
}

/* The support scale in words (translated). */
static const char *
legend_support(void)
{
	return (_("Support: 1 sure \xc2\xb7 2 leaning \xc2\xb7 3 undecided "
	    "\xc2\xb7 4 leaning against \xc2\xb7 5 against"));
}

/* The letters of the eight visit codes (translated). */
static const char *
code_letters(void)
{
	const char	*l = _("ARMDISVC");

	return (strlen(l) == NCODES ? l : "ARMDISVC");
}

/* Lay out what every page shares; measure the header. */
static void
pdf_setup(struct pdf *p, const struct sheet_layout *lo)
{
	const char	*box = "\xe2\x96\xa1";
	char		*row;
	size_t		 i, len = 0, at[NCODES + NSUPPORT];
	PangoRectangle	 pos;
	cairo_rectangle_t ext;
	cairo_t		*rc;
	int		 pw, ph;
	double		 y, cw = p->w - 2 * MARGIN;

	p->body = pdf_layout(p, 8, 0);
	p->bold = pdf_layout(p, 8, 1);
	p->small = pdf_layout(p, 7, 0);
	p->head = pdf_layout(p, 9.5, 1);
	p->title = pdf_layout(p, 12, 1);
	p->boxes = pdf_layout(p, 9, 0);
	/* The boxes: eight codes, a gap, five levels of support. */
	row = xmalloc((NCODES + NSUPPORT) * 8 + 8);
	for (i = 0; i < NCODES + NSUPPORT; i++) {
		if (i > 0) {
			memcpy(row + len, i == NCODES ? "   " : " ",
			    i == NCODES ? 3 : 1);
			len += i == NCODES ? 3 : 1;
		}
		at[i] = len;
		memcpy(row + len, box, 3);
		len += 3;
	}
	row[len] = '\0';
	pango_layout_set_text(p->boxes, row, -1);
	pango_layout_get_size(p->boxes, &pw, &ph);
	p->boxes_w = (double)pw / PANGO_SCALE;
	/* One recording of the boxes: the PDF holds it once, each line
	   refers to it. */
	ext.x = 0;
	ext.y = 0;
	ext.width = p->boxes_w;
	ext.height = (double)ph / PANGO_SCALE;
	p->boxes_rec = cairo_recording_surface_create(
	    CAIRO_CONTENT_COLOR_ALPHA, &ext);
	rc = cairo_create(p->boxes_rec);
	pango_cairo_update_layout(rc, p->boxes);
	cairo_move_to(rc, 0, 0);
	pango_cairo_show_layout(rc, p->boxes);
	cairo_destroy(rc);
	pango_cairo_update_layout(p->cr, p->boxes);
	p->x_notes = p->w - MARGIN - (p->landscape ? NOTES_W : 0);
	p->x_boxes = p->x_notes - p->boxes_w - (p->landscape ? GAP * 2 : 0);
	for (i = 0; i < NCODES + NSUPPORT; i++) {
		pango_layout_index_to_pos(p->boxes, (int)at[i], &pos);
		p->box_x[i] = p->x_boxes + (double)(pos.x + pos.width / 2) /
		    PANGO_SCALE;
	}
	free(row);
	p->x_key = MARGIN;
	p->x_name = MARGIN + KEY_W;
	p->age = lo->with_age;
	p->x_age = p->x_boxes - GAP - (p->age ? AGE_W : 0);
	p->x_apt = p->x_age - APT_W;
	p->name_w = p->x_apt - p->x_name - GAP;
	/* band, title, section, counts, legends, column header */
	y = MARGIN + 16 + 18 + 16 + 14;
	y += pdf_height(p->small, legend_codes(), cw) + 1;
	y += pdf_height(p->small, legend_support(), cw) + 4;
	y += ROW_H + 2;
	p->body_top = y;
	p->foot_y = p->h - MARGIN - 12;
	p->lines = (size_t)((p->foot_y - 6 - p->body_top) / ROW_H);
}

/* The top and the foot of a page. */
static void
pdf_page_frame(struct pdf *p, const struct sheet_plan *plan,
    const struct sheet_layout *lo, const struct sheet_page *pg, size_t n,
    size_t npages)
{
	const struct sheet_route	*r = sheet_route(plan, pg->route);
	const char			*letters = code_letters();
	double				 y = MARGIN, cw = p->w - 2 * MARGIN;
	char				*s, *d, *e, one[2];
	size_t				 i;

	/* The notice, white on a dark band. */
	cairo_set_source_rgb(p->cr, 0.15, 0.15, 0.15);
	cairo_rectangle(p->cr, MARGIN, y, cw, 13);
	cairo_fill(p->cr);
	cairo_set_source_rgb(p->cr, 1, 1, 1);
	pdf_text(p, p->bold, sheet_notice(), MARGIN + 4, y + 1.5, cw - 8, 0,
	    0);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	y += 16;
	pdf_text(p, p->title, lo->title, MARGIN, y, cw * 0.7, 0, 0);
	pdf_text(p, p->body, lo->date, p->w - MARGIN, y + 3, 0, 1, 0);
	y += 18;
	s = xasprintf(*sheet_cell(plan, r->first, SHEET_MUNICIPALITE) !=
	    '\0' ? _("Section %s, %s \xc2\xb7 Route %s") : _("Section %s%s "
	    "\xc2\xb7 Route %s"), sheet_cell(plan, r->first, SHEET_SECTION),
	    sheet_cell(plan, r->first, SHEET_MUNICIPALITE), r->id);
	pdf_text(p, p->head, s, MARGIN, y, cw * 0.75, 0, 0);
	free(s);
	s = xasprintf(_("Page %u of %u"), pg->page, pg->pages);
	pdf_text(p, p->head, s, p->w - MARGIN, y, 0, 1, 0);
	free(s);
	y += 16;
	d = xasprintf(ngettext("%u door", "%u doors", r->doors), r->doors);
	e = xasprintf(ngettext("%u elector", "%u electors", r->n), r->n);
	s = xasprintf(_("%s, %s, %u addresses"), d, e, r->ndoors);
	pdf_text(p, p->body, s, MARGIN, y, cw, 0, 0);
	free(s);
	free(d);
	free(e);
	y += 14;
	y += pdf_text(p, p->small, legend_codes(), MARGIN, y, cw, 0, 1) + 1;
	y += pdf_text(p, p->small, legend_support(), MARGIN, y, cw, 0, 1) +
	    4;
	/* Column headings. */
	pdf_text(p, p->bold, _("Key"), p->x_key, y, KEY_W - GAP, 0, 0);
	pdf_text(p, p->bold, _("Name"), p->x_name, y, p->name_w, 0, 0);
	pdf_text(p, p->bold, _("Apt"), p->x_apt, y, APT_W - GAP, 0, 0);
	if (p->age)
		pdf_text(p, p->bold, _("Age"), p->x_age, y, AGE_W, 0, 0);
	one[1] = '\0';
	for (i = 0; i < NCODES + NSUPPORT; i++) {
		one[0] = i < NCODES ? letters[i] : (char)('1' + i - NCODES);
		pdf_text(p, p->bold, one, p->box_x[i], y, 0, 2, 0);
	}
	if (p->landscape)
		pdf_text(p, p->bold, _("Notes"), p->x_notes, y, NOTES_W, 0,
		    0);
	pdf_rule(p, p->body_top - 1, 0.8, 0);
	/* The foot. */
	pdf_rule(p, p->foot_y - 3, 0.4, 0);
	pdf_text(p, p->body, _("Volunteer: ______________________________  "
	    "Date: ______________"), MARGIN, p->foot_y, cw * 0.75, 0, 0);
	s = xasprintf(_("sheet %zu/%zu"), n, npages);
	pdf_text(p, p->small, s, p->w - MARGIN, p->foot_y + 1, 0, 1, 0);
	free(s);
}

/* An address's heading line at y. */
static void
pdf_door(struct pdf *p, const struct sheet_plan *plan, uint32_t door,
    int continued, double y)
{
	const struct sheet_door	*d = sheet_door(plan, door);
	char			*s, *u, *b;
	double			 x;
	int			 pw, ph;

	pdf_rule(p, y, 0.9, 0);
	s = xasprintf("%s%s", sheet_cell(plan, d->first, SHEET_ADRESSE),
	    continued ? _(" (continued)") : "");
	pdf_text(p, p->bold, s, MARGIN, y + 2, p->w / 2, 0, 0);
	pango_layout_get_size(p->bold, &pw, &ph);
	free(s);
	if (d->units > 1) {
		x = MARGIN + (double)pw / PANGO_SCALE + 8;
		u = xasprintf(ngettext("%u elector", "%u electors", d->n),
		    d->n);
		b = xasprintf(ngettext("building: %u unit, %s",
		    "building: %u units, %s", d->units), d->units, u);
		pdf_text(p, p->body, b, x, y + 2, 0, 0, 0);
		free(u);
		free(b);
	}
}

/* An elector's line at y. */
static void
pdf_elector(struct pdf *p, const struct sheet_plan *plan, size_t i,
    int first_of_household, int rule, double y)
{
	char	 key[64], *name;

	if (rule) {
		cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
		cairo_set_line_width(p->cr, 0.3);
		cairo_move_to(p->cr, p->x_name, y);
		cairo_line_to(p->cr, p->w - MARGIN, y);
		cairo_stroke(p->cr);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
	sheet_key(plan, i, key, sizeof key);
	pdf_text(p, p->body, key, p->x_key, y + 2, KEY_W - GAP, 0, 0);
	name = xasprintf("%s, %s", sheet_cell(plan, i, SHEET_NOM),
	    sheet_cell(plan, i, SHEET_PRENOM));
	pdf_text(p, p->body, name, p->x_name, y + 2, p->name_w, 0, 0);
	free(name);
	if (first_of_household)
		pdf_text(p, p->body, sheet_cell(plan, i, SHEET_APPARTEMENT),
		    p->x_apt, y + 2, APT_W - GAP, 0, 0);
	if (p->age)
		pdf_text(p, p->body, sheet_cell(plan, i, SHEET_AGE), p->x_age,
		    y + 2, AGE_W, 0, 0);
	cairo_set_source_surface(p->cr, p->boxes_rec, p->x_boxes, y + 0.5);
	cairo_paint(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	if (p->landscape) {
		cairo_set_line_width(p->cr, 0.3);
		cairo_move_to(p->cr, p->x_notes, y + ROW_H - 1.5);
		cairo_line_to(p->cr, p->w - MARGIN, y + ROW_H - 1.5);
		cairo_stroke(p->cr);
	}
}

/* Every page as PDF; see sheet.h. */
size_t
sheet_write_pdf(const struct sheet_plan *plan, const struct sheet_layout *lo,
    sheet_sink sink, void *arg, char **cause)
{
	struct pdf		 p;
	struct sheet_page	*pages = NULL;
	const struct sheet_page	*pg;
	cairo_status_t		 st;
	size_t			 npages, i, j;
	uint32_t		 door;
	double			 y;
	int			 first;
	char			*meta;

	memset(&p, 0, sizeof p);
	p.sink = sink;
	p.arg = arg;
	p.landscape = lo->landscape;
	p.w = lo->landscape ? PT_LETTER_H : PT_LETTER_W;
	p.h = lo->landscape ? PT_LETTER_W : PT_LETTER_H;
	p.surface = cairo_pdf_surface_create_for_stream(pdf_write, &p, p.w,
	    p.h);
	p.cr = cairo_create(p.surface);
	meta = xasprintf("%s \xe2\x80\x94 %s", lo->title, sheet_notice());
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE,
	    meta);
	free(meta);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR,
	    "listelec " PACKAGE_VERSION);
	pdf_setup(&p, lo);
	npages = sheet_paginate(plan, p.lines, &pages);
	for (i = 0; i < npages && !p.failed; i++) {
		pg = &pages[i];
		pdf_page_frame(&p, plan, lo, pg, i + 1, npages);
		y = p.body_top;
		for (j = pg->first; j < pg->end; j++) {
			door = sheet_door_of(plan, j);
			first = sheet_door(plan, door)->first == j;
			if (j == pg->first || first) {
				pdf_door(&p, plan, door, !first, y);
				y += ROW_H;
			}
			pdf_elector(&p, plan, j, j == pg->first || first ||
			    sheet_new_household(plan, j),
			    !first && j != pg->first &&
			    sheet_new_household(plan, j), y);
			y += ROW_H;
		}
		if (npages == 0)
			break;
		cairo_show_page(p.cr);
	}
	g_object_unref(p.body);
	g_object_unref(p.bold);
	g_object_unref(p.small);
	g_object_unref(p.head);
	g_object_unref(p.title);
	g_object_unref(p.boxes);
	cairo_surface_destroy(p.boxes_rec);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	st = cairo_surface_status(p.surface);
	cairo_surface_destroy(p.surface);
	/*
	 * The fonts pango, cairo and fontconfig keep for the process stay
	 * loaded (glyph shapes, no elector's text):
	 * cairo_debug_reset_static_data and FcFini here raced pango's font
	 * thread and aborted one run in seven.  The leak checker of the tests
	 * is told of them in tests/lsan.supp.
	 */
	free(pages);
	if (p.failed || st != CAIRO_STATUS_SUCCESS) {
		*cause = p.failed ? NULL : xasprintf(_("cannot make the PDF: "
		    "%s"), cairo_status_to_string(st));
		return (0);
	}
	return (npages);
}
