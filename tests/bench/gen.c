/* gen.c: writes a synthetic, deterministic catalogue of service descriptions (YAML or JSON) for loket's benchmark. */
/*
 * usage: gen [--json] DIR N [SEED]
 *
 * Writes N services, 250 per agency, as DIR/<agency-id>/agency.yaml plus
 * DIR/<agency-id>/<service-id>.yaml (or .json with --json: the same documents,
 * the same structure). The content depends only on SEED (default 1) and on the
 * position of the service, so the first 1,000 services of a 10,000-service
 * catalogue are the 1,000-service catalogue. Exit status: 0 done, 1 I/O or
 * internal error, 2 usage error.
 *
 * Every document is built as a small tree in a per-file arena, then written by
 * one of two writers (YAML block style, pretty JSON) into one buffer, which is
 * written with one fwrite. No recursion depth depends on input: there is none.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define SERVICES_PER_AGENCY 250u
#define MAX_NODES           8192u
#define STR_ARENA           (256u * 1024u)

static const char *progname = "gen";

static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---------------------------------------------------------------- PRNG */

/* splitmix64: small, fast, good enough, and the same on every platform. */
struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Returns a number in [0, n); n > 0. The modulo bias is irrelevant here. */
static unsigned below(struct rng *r, unsigned n) { return (unsigned)(rng_next(r) % n); }

/* Returns 1 with probability pct percent. */
static int chance(struct rng *r, unsigned pct) { return below(r, 100) < pct; }

static struct rng rng_for(uint64_t seed, uint64_t a, uint64_t b)
{
	struct rng r = {seed ^ 0x6c6f6b6574ULL};
	r.s ^= rng_next(&r) + a * 0x100000001b3ULL;
	r.s ^= rng_next(&r) + b * 0xcbf29ce484222325ULL;
	(void)rng_next(&r);
	return r;
}

#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[below((r), (unsigned)NELEM(a))])

/* ---------------------------------------------------------------- arenas */

static char strbuf[STR_ARENA];
static size_t strlen_used;
static size_t str_open; /* start of the string being built */

static void str_reset(void) { strlen_used = 0; }

static void str_begin(void) { str_open = strlen_used; }

/* Appends formatted text to the string being built. */
static void str_add(const char *fmt, ...)
{
	va_list ap;
	size_t room = STR_ARENA - strlen_used;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(strbuf + strlen_used, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		die("internal error: string arena full");
	strlen_used += (size_t)n;
}

/* Ends the string being built; returns it (valid until str_reset). */
static const char *str_end(void)
{
	if (strlen_used >= STR_ARENA)
		die("internal error: string arena full");
	strbuf[strlen_used++] = '\0';
	return strbuf + str_open;
}

/* Returns a formatted string in the arena (valid until str_reset). */
static const char *fmt(const char *f, ...)
{
	va_list ap;
	size_t room = STR_ARENA - strlen_used;
	const char *s = strbuf + strlen_used;
	int n;
	va_start(ap, f);
	n = vsnprintf(strbuf + strlen_used, room, f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n + 1 > room)
		die("internal error: string arena full");
	strlen_used += (size_t)n + 1;
	return s;
}

enum kind { K_MAP, K_SEQ, K_STR, K_QSTR, K_RAW };

/* K_STR: text, plain in YAML when safe; K_QSTR: always quoted (versions,
 * dates, times); K_RAW: numbers and booleans, written as is. */
struct node {
	enum kind kind;
	int flow;        /* K_SEQ of scalars: one line in YAML */
	const char *key; /* set when the node is a map member */
	const char *s;   /* scalars */
	struct node *first, *last, *next;
};

static struct node nodes[MAX_NODES];
static unsigned nnodes;

static struct node *new_node(enum kind k, const char *s)
{
	struct node *n;
	if (nnodes == MAX_NODES)
		die("internal error: node arena full");
	n = &nodes[nnodes++];
	memset(n, 0, sizeof *n);
	n->kind = k;
	n->s = s;
	return n;
}

static struct node *map(void) { return new_node(K_MAP, NULL); }
static struct node *seq(void) { return new_node(K_SEQ, NULL); }
static struct node *fseq(void)
{
	struct node *n = new_node(K_SEQ, NULL);
	n->flow = 1;
	return n;
}
static struct node *str(const char *s) { return new_node(K_STR, s); }
static struct node *qstr(const char *s) { return new_node(K_QSTR, s); }
static struct node *raw(const char *s) { return new_node(K_RAW, s); }

static void append(struct node *parent, struct node *child)
{
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

/* Adds key: child to map m; returns child. */
static struct node *put(struct node *m, const char *key, struct node *child)
{
	child->key = key;
	append(m, child);
	return child;
}

/* Appends child to sequence s; returns child. */
static struct node *push(struct node *s, struct node *child)
{
	append(s, child);
	return child;
}

/* ---------------------------------------------------------------- output */

static char *out;
static size_t outlen, outcap;

static void out_grow(size_t need)
{
	size_t cap = outcap ? outcap : 16384;
	char *p;
	while (cap < outlen + need)
		cap *= 2;
	p = realloc(out, cap);
	if (!p)
		die("out of memory");
	out = p;
	outcap = cap;
}

static void out_write(const char *s, size_t n)
{
	if (outlen + n > outcap)
		out_grow(n);
	memcpy(out + outlen, s, n);
	outlen += n;
}

static void out_puts(const char *s) { out_write(s, strlen(s)); }

static void out_putc(char c)
{
	if (outlen + 1 > outcap)
		out_grow(1);
	out[outlen++] = c;
}

static void out_indent(int n)
{
	while (n-- > 0)
		out_putc(' ');
}

/* ---------------------------------------------------------------- YAML writer */

static int is_scalar(const struct node *n) { return n->kind == K_STR || n->kind == K_QSTR || n->kind == K_RAW; }

static int word_is(const char *s, const char *w)
{
	for (; *s && *w; s++, w++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *w)
			return 0;
	}
	return *s == '\0' && *w == '\0';
}

/* Returns 1 when s can be written as a plain YAML scalar that every YAML 1.1
 * or 1.2 reader reads back as the same string. Conservative on purpose. */
static int plain_ok(const char *s, int flow)
{
	static const char *const reserved[] = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"};
	size_t i, n = strlen(s);
	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` +.0123456789", s[0]))
		return 0;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
		if (c == ':' && s[i + 1] == ' ')
			return 0;
		if (c == ' ' && s[i + 1] == '#')
			return 0;
		if (flow && strchr(",[]{}", c))
			return 0;
	}
	for (i = 0; i < NELEM(reserved); i++)
		if (word_is(s, reserved[i]))
			return 0;
	return 1;
}

static void y_quoted(const char *s)
{
	out_putc('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"':
			out_puts("\\\"");
			break;
		case '\\':
			out_puts("\\\\");
			break;
		case '\n':
			out_puts("\\n");
			break;
		case '\t':
			out_puts("\\t");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char esc[8];
				snprintf(esc, sizeof esc, "\\x%02x", c);
				out_puts(esc);
			} else {
				out_putc((char)c);
			}
		}
	}
	out_putc('"');
}

static void y_scalar(const struct node *n, int flow)
{
	if (n->kind == K_RAW || (n->kind == K_STR && plain_ok(n->s, flow)))
		out_puts(n->s);
	else
		y_quoted(n->s);
}

/* Writes s as the lines of a literal block scalar at the given indent. The
 * text has no leading spaces and no trailing spaces on any line (we made it). */
static void y_block(const char *s, int indent)
{
	out_puts("|-\n");
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		if (len) {
			out_indent(indent);
			out_write(s, len);
		}
		out_putc('\n');
		s += len + (nl ? 1 : 0);
	}
}

static int multiline(const struct node *n) { return n->kind == K_STR && strchr(n->s, '\n') != NULL; }

static void y_map(const struct node *m, int indent, int inline_first);
static void y_seq(const struct node *s, int indent);

static void y_flow_seq(const struct node *s)
{
	const struct node *c;
	out_putc('[');
	for (c = s->first; c; c = c->next) {
		y_scalar(c, 1);
		if (c->next)
			out_puts(", ");
	}
	out_putc(']');
}

/* Writes the value of a map member, after "key:". */
static void y_value(const struct node *v, int indent)
{
	switch (v->kind) {
	case K_MAP:
		if (!v->first) {
			out_puts(" {}\n");
		} else {
			out_putc('\n');
			y_map(v, indent + 2, 0);
		}
		break;
	case K_SEQ:
		if (!v->first) {
			out_puts(" []\n");
		} else if (v->flow) {
			out_putc(' ');
			y_flow_seq(v);
			out_putc('\n');
		} else {
			out_putc('\n');
			y_seq(v, indent + 2);
		}
		break;
	default:
		out_putc(' ');
		if (multiline(v)) {
			y_block(v->s, indent + 2);
		} else {
			y_scalar(v, 0);
			out_putc('\n');
		}
	}
}

static void y_map(const struct node *m, int indent, int inline_first)
{
	const struct node *c;
	for (c = m->first; c; c = c->next) {
		if (!(inline_first && c == m->first))
			out_indent(indent);
		out_puts(c->key);
		out_putc(':');
		y_value(c, indent);
	}
}

static void y_seq(const struct node *s, int indent)
{
	const struct node *c;
	for (c = s->first; c; c = c->next) {
		out_indent(indent);
		out_puts("- ");
		if (c->kind == K_MAP && c->first) {
			y_map(c, indent + 2, 1);
		} else if (c->kind == K_SEQ && c->flow) {
			y_flow_seq(c);
			out_putc('\n');
		} else if (multiline(c)) {
			y_block(c->s, indent + 2);
		} else if (is_scalar(c)) {
			y_scalar(c, 0);
			out_putc('\n');
		} else {
			die("internal error: unsupported YAML shape");
		}
	}
}

/* ---------------------------------------------------------------- JSON writer */

static void j_string(const char *s)
{
	out_putc('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"':
			out_puts("\\\"");
			break;
		case '\\':
			out_puts("\\\\");
			break;
		case '\n':
			out_puts("\\n");
			break;
		case '\t':
			out_puts("\\t");
			break;
		default:
			if (c < 0x20) {
				char esc[8];
				snprintf(esc, sizeof esc, "\\u%04x", c);
				out_puts(esc);
			} else {
				out_putc((char)c);
			}
		}
	}
	out_putc('"');
}

static void j_value(const struct node *v, int indent)
{
	const struct node *c;
	switch (v->kind) {
	case K_MAP:
		if (!v->first) {
			out_puts("{}");
			break;
		}
		out_puts("{\n");
		for (c = v->first; c; c = c->next) {
			out_indent(indent + 2);
			j_string(c->key);
			out_puts(": ");
			j_value(c, indent + 2);
			out_puts(c->next ? ",\n" : "\n");
		}
		out_indent(indent);
		out_putc('}');
		break;
	case K_SEQ:
		if (!v->first) {
			out_puts("[]");
			break;
		}
		if (v->flow) {
			out_putc('[');
			for (c = v->first; c; c = c->next) {
				j_value(c, indent);
				if (c->next)
					out_puts(", ");
			}
			out_putc(']');
			break;
		}
		out_puts("[\n");
		for (c = v->first; c; c = c->next) {
			out_indent(indent + 2);
			j_value(c, indent + 2);
			out_puts(c->next ? ",\n" : "\n");
		}
		out_indent(indent);
		out_putc(']');
		break;
	case K_RAW:
		out_puts(v->s);
		break;
	default:
		j_string(v->s);
	}
}

/* ---------------------------------------------------------------- vocabulary */

enum layer { L_GEM = 1, L_WS = 2, L_RIJK = 4 };
enum agency_type { A_MUNICIPALITY, A_WATER, A_EXECUTIVE };

struct product {
	const char *name; /* UPL uniform product name */
	const char *noun; /* how the text names it, Dutch */
	const char *noun_en;
	const char *variants[3]; /* id slug part == the verb in the title */
	const char *titles[3];   /* printf with the capitalised noun */
	const char *titles_en[3];
	unsigned layers;
	int citizen, business;
	const char *life[2];
	const char *areas[2]; /* SDG information areas */
	const char *annex_ii; /* SDG Annex II procedure, or NULL */
	unsigned fee_cents;   /* 0: free of charge */
	const char *fee_desc;
	const char *duration, *duration_text;
	const char *no_response;
	int presence; /* a visit in person is required by law */
	const char *presence_law;
	const char *law_title, *law_url;
	const char *outcome, *outcome_en;
	const char *evidence[3];
};

/* The names are real UPL names (data/upl/UPL-actueel.csv), and the layers,
 * audiences and SDG areas are the ones that list gives them. */
static const struct product products[] = {
        {"paspoort",
         "paspoort",
         "passport",
         {"aanvragen", "verlengen", "kwijt-melden"},
         {"%s aanvragen", "%s verlengen", "%s kwijt of gestolen"},
         {"Apply for a %s", "Renew your %s", "Report a lost or stolen %s"},
         L_GEM | L_RIJK,
         1,
         1,
         {"reizen", NULL},
         {"A1", NULL},
         NULL,
         8460,
         "Paspoort voor volwassenen",
         "P5D",
         "Meestal ligt uw paspoort na 5 werkdagen klaar.",
         "none",
         1,
         "Paspoortwet, artikel 40",
         "Artikel 26 Paspoortwet",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0005212&hoofdstuk=IV&Paragraaf=1&artikel=26",
         "U krijgt een nieuw paspoort dat 10 jaar geldig is.",
         "You get a new passport that is valid for 10 years.",
         {"Pasfoto", "Oud paspoort of identiteitskaart", "Proces-verbaal van vermissing"}},
        {"identiteitskaart",
         "identiteitskaart",
         "identity card",
         {"aanvragen", "verlengen", "kind-aanvragen"},
         {"%s aanvragen", "%s verlengen", "%s voor uw kind aanvragen"},
         {"Apply for an %s", "Renew your %s", "Apply for an %s for your child"},
         L_GEM,
         1,
         0,
         {"reizen", "geboorte"},
         {NULL, NULL},
         NULL,
         7750,
         "Identiteitskaart voor volwassenen",
         "P5D",
         "Meestal ligt uw identiteitskaart na 5 werkdagen klaar.",
         "none",
         1,
         "Paspoortwet, artikel 40",
         "Artikel 16a Paspoortwet",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0005212&hoofdstuk=II&Paragraaf=3A&artikel=16a",
         "U krijgt een identiteitskaart die 10 jaar geldig is.",
         "You get an identity card that is valid for 10 years.",
         {"Pasfoto", "Oude identiteitskaart", "Toestemming van beide ouders"}},
        {"rijbewijs",
         "rijbewijs",
         "driving licence",
         {"verlengen", "omwisselen", "vervangen"},
         {"%s verlengen", "Buitenlands %s omwisselen", "%s vervangen na verlies"},
         {"Renew your %s", "Exchange a foreign %s", "Replace a lost %s"},
         L_GEM | L_RIJK,
         1,
         0,
         {"reizen", NULL},
         {"C2", NULL},
         NULL,
         5240,
         "Rijbewijs",
         "P5D",
         "U kunt uw rijbewijs na 5 werkdagen ophalen.",
         "none",
         1,
         "Wegenverkeerswet 1994, artikel 107",
         "Artikel 107 Wegenverkeerswet 1994",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0006622&hoofdstuk=VI&afdeling=1&artikel=107",
         "U krijgt een rijbewijs in creditcardformaat.",
         "You get a driving licence in credit card format.",
         {"Pasfoto", "Gezondheidsverklaring", "Oud rijbewijs"}},
        {"parkeervergunning",
         "parkeervergunning",
         "parking permit",
         {"bewoners", "bedrijven", "bezoekers"},
         {"%s voor bewoners", "%s voor bedrijven", "%s voor bezoekers"},
         {"%s for residents", "%s for businesses", "%s for visitors"},
         L_GEM,
         1,
         1,
         {"verhuizen", "wonen"},
         {"D1", NULL},
         NULL,
         9500,
         "Parkeervergunning per jaar",
         "P2W",
         "U krijgt binnen 2 weken een besluit.",
         "tacit-approval",
         0,
         NULL,
         "Artikel 225 Gemeentewet",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0005416&titeldeel=IV&hoofdstuk=XV&Paragraaf=3&artikel=225",
         "U krijgt een digitale parkeervergunning voor uw kenteken.",
         "You get a digital parking permit for your licence plate.",
         {"Kentekenbewijs", "Huurcontract of koopakte", "Verklaring van de werkgever"}},
        {"omgevingsvergunning",
         "omgevingsvergunning",
         "environmental permit",
         {"bouwen", "kappen", "uitrit"},
         {"%s voor bouwen", "%s voor het kappen van een boom", "%s voor een uitrit"},
         {"%s for building", "%s for felling a tree", "%s for a driveway"},
         L_GEM | L_WS | L_RIJK,
         1,
         1,
         {"wonen", NULL},
         {"N1", "J2"},
         "X1",
         25000,
         "Leges voor de aanvraag",
         "P8W",
         "Wij beslissen binnen 8 weken. Wij kunnen deze termijn één keer met 6 weken verlengen.",
         "tacit-approval",
         0,
         NULL,
         "Artikel 2.2 Wet algemene bepalingen omgevingsrecht",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0024779&hoofdstuk=2&Paragraaf=2.1&artikel=2.2",
         "U krijgt een besluit over uw aanvraag. Met een vergunning mag u beginnen.",
         "You get a decision on your application. With a permit you may start.",
         {"Bouwtekening", "Situatietekening", "Foto van de boom"}},
        {"hondenbelasting",
         "hondenbelasting",
         "dog tax",
         {"aanmelden", "afmelden", "kwijtschelding"},
         {"Hond aanmelden voor %s", "Hond afmelden voor %s", "Kwijtschelding %s"},
         {"Register your dog for %s", "Deregister your dog for %s", "Remission of %s"},
         L_GEM,
         1,
         1,
         {"wonen", NULL},
         {NULL, NULL},
         NULL,
         12840,
         "Hondenbelasting per hond per jaar",
         "P4W",
         "U krijgt binnen 4 weken een aanslag.",
         "none",
         0,
         NULL,
         "Artikel 226 Gemeentewet",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0005416&titeldeel=IV&hoofdstuk=XV&Paragraaf=3&artikel=226",
         "U krijgt een aanslag of een bevestiging van de afmelding.",
         "You get a tax assessment or a confirmation.",
         {"Chipnummer van de hond", "Bewijs van overlijden van de hond", NULL}},
        {"bijstand",
         "bijstandsuitkering",
         "social assistance benefit",
         {"aanvragen", "wijziging-doorgeven", "stopzetten"},
         {"%s aanvragen", "Wijziging doorgeven voor uw %s", "%s stopzetten"},
         {"Apply for a %s", "Report a change for your %s", "Stop your %s"},
         L_GEM,
         1,
         0,
         {"inkomen-en-schulden", NULL},
         {NULL, NULL},
         NULL,
         0,
         NULL,
         "P8W",
         "Wij beslissen binnen 8 weken na uw aanvraag.",
         "other",
         0,
         NULL,
         "Artikel 11 Participatiewet",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0015703&hoofdstuk=2&Paragraaf=2.2&artikel=11",
         "U krijgt een besluit. Heeft u recht op bijstand, dan krijgt u elke maand een uitkering.",
         "You get a decision. If you are entitled, you receive a monthly benefit.",
         {"Bankafschriften van de laatste 3 maanden", "Huurcontract", "Loonstroken"}},
        {"huwelijksaangifte",
         "huwelijk",
         "marriage",
         {"melden", "partnerschap", "voltrekken"},
         {"Voorgenomen %s melden", "%s of partnerschap melden", "%s laten voltrekken"},
         {"Give notice of your %s", "Give notice of %s or partnership", "Have your %s solemnised"},
         L_GEM,
         1,
         0,
         {NULL, NULL},
         {"G2", NULL},
         NULL,
         39500,
         "Huwelijk op maandag tot en met vrijdag",
         "P2W",
         "Wij bevestigen de datum binnen 2 weken.",
         "other",
         0,
         NULL,
         "Artikel 44 Burgerlijk Wetboek Boek 1",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0002656&boek=1&titeldeel=5&afdeling=2&artikel=44",
         "U krijgt een bevestiging van de melding en de datum van de ceremonie.",
         "You get a confirmation of the notice and the date of the ceremony.",
         {"Geldig identiteitsbewijs van beide partners", "Geboorteakte", "Gegevens van de getuigen"}},
        {"evenementenvergunning",
         "evenementenvergunning",
         "event permit",
         {"aanvragen", "klein-evenement", "wijzigen"},
         {"%s aanvragen", "Klein evenement melden", "%s wijzigen"},
         {"Apply for an %s", "Report a small event", "Change your %s"},
         L_GEM | L_WS | L_RIJK,
         1,
         1,
         {NULL, NULL},
         {"N1", NULL},
         NULL,
         11225,
         "Leges evenementenvergunning",
         "P8W",
         "Vraag de vergunning minstens 8 weken voor het evenement aan.",
         "tacit-approval",
         0,
         NULL,
         "Artikel 1.23 Binnenvaartpolitiereglement",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0003628&deel=I&hoofdstuk=1&artikel=1.23",
         "U krijgt een vergunning met voorschriften voor uw evenement.",
         "You get a permit with conditions for your event.",
         {"Plattegrond van het terrein", "Veiligheidsplan", "Verkeersplan"}},
        {"gehandicaptenparkeerkaart",
         "gehandicaptenparkeerkaart",
         "disabled parking card",
         {"aanvragen", "verlengen", "vervangen"},
         {"%s aanvragen", "%s verlengen", "%s vervangen"},
         {"Apply for a %s", "Renew your %s", "Replace your %s"},
         L_GEM,
         1,
         0,
         {"wonen", "reizen"},
         {"A3", NULL},
         NULL,
         16000,
         "Gehandicaptenparkeerkaart inclusief medische keuring",
         "P8W",
         "Wij beslissen binnen 8 weken, na de medische keuring.",
         "none",
         0,
         NULL,
         "Artikel 49 Besluit administratieve bepalingen inzake het wegverkeer (BABW)",
         "https://wetten.overheid.nl/jci1.3:c:BWBR0004826&hoofdstuk=IV&artikel=49",
         "U krijgt een parkeerkaart die 5 jaar geldig is.",
         "You get a parking card that is valid for 5 years.",
         {"Pasfoto", "Medische verklaring", NULL}},
};

static const char *const towns[] = {
        "Voorbeeldstad", "Beekdal",    "Zandhoven", "Oosterwijde", "Westerbroek", "Hoogveen",
        "Lindendonk",    "Meerzicht",  "Kerkdorp",  "Dijkhuizen",  "Polderwaard", "Heidebeek",
        "Bosrijk",       "Rivierstad", "Duinrand",  "Essenburg",   "Vlietwijk",   "Eikenrode",
        "Brugwaard",     "Akkerhoven", "Stroomdal", "Wilgendorp",  "Hofstede",    "Lelieveld",
};

static const char *const streets[] = {
        "Stadhuisplein",  "Markt",         "Kerkstraat",     "Dorpsstraat",
        "Molenweg",       "Stationsplein", "Raadhuisstraat", "Burgemeester de Vriesweg",
        "Wilhelminalaan", "Havenkade",
};

static const char *const openers[] = {
        "Met deze dienst regelt u alles rond uw %s.",
        "Wilt u een %s? Dan doet u een aanvraag bij ons.",
        "Op deze pagina leest u hoe u een %s regelt.",
        "Heeft u een %s nodig? Hier staat wat u moet doen.",
};

static const char *const middles[] = {
        "U kunt de aanvraag meestal online doen.",
        "Lukt dat niet, dan helpen onze medewerkers u graag aan de balie of via de telefoon.",
        "Controleer vooraf of uw gegevens kloppen.",
        "Wij sturen u een bevestiging zodra wij uw aanvraag hebben ontvangen.",
        "Soms vragen wij u om extra informatie.",
        "Let op: de regels kunnen per situatie verschillen.",
        "Woont u in het buitenland? Neem dan eerst contact met ons op.",
        "U kunt iemand anders machtigen om de aanvraag voor u te doen.",
        "Wij behandelen uw aanvraag zo snel mogelijk.",
        "Vul het formulier helemaal in, anders kunnen wij uw aanvraag niet behandelen.",
        "Heeft u vragen over uw situatie? Bel ons gerust.",
        "De kosten betaalt u bij de aanvraag.",
};

/* Long official sentences, so that the plain-language rules have work. */
static const char *const officialese[] = {
        "Teneinde uw aanvraag op een zorgvuldige wijze te kunnen beoordelen, verzoeken wij u "
        "middels het aanvraagformulier alle gevraagde gegevens conform de geldende voorwaarden "
        "tijdig en volledig aan te leveren.",
        "Indien blijkt dat de door u verstrekte gegevens onjuist of onvolledig zijn, behouden wij "
        "ons het recht voor om de aanvraag buiten behandeling te stellen dan wel af te wijzen.",
        "Het college van burgemeester en wethouders neemt naar aanleiding van uw aanvraag een "
        "besluit met inachtneming van de toepasselijke wet- en regelgeving.",
};

static const char *const bullets[] = {
        "een geldig identiteitsbewijs",
        "uw burgerservicenummer (BSN)",
        "een recente pasfoto die voldoet aan de eisen",
        "het aanvraagformulier, volledig ingevuld",
        "een bewijs van uw adres",
        "uw DigiD met sms-controle of de DigiD app",
        "gegevens van uw bankrekening",
};

static const char *const conditions_nl[] = {
        "U staat ingeschreven in de Basisregistratie Personen (BRP).",
        "U bent 18 jaar of ouder.",
        "U woont in ons werkgebied.",
        "U heeft de Nederlandse nationaliteit of een geldige verblijfsvergunning.",
        "U heeft geen openstaande schulden bij ons.",
        "U vraagt de dienst aan voor uzelf of voor iemand die u heeft gemachtigd.",
        "Uw bedrijf staat ingeschreven in het Handelsregister.",
};

static const char *const redress_nl[] = {
        "Bent u het niet eens met ons besluit? Dan kunt u binnen 6 weken bezwaar maken. "
        "Doe dit schriftelijk of online met DigiD. Vermeld de datum en het kenmerk van het besluit.",
        "U kunt binnen 6 weken na de datum van het besluit bezwaar maken. Daarna kunt u in beroep "
        "gaan bij de rechtbank. Wij leggen in het besluit uit hoe dat werkt.",
};

static const char *const redress_en[] = {
        "Do you disagree with our decision? You can object within 6 weeks, in writing or online.",
        "You can object within 6 weeks of the date of the decision, and then appeal to the court.",
};

static const char *const ev_desc[] = {
        "Niet ouder dan 6 maanden.",
        "Een kopie is genoeg.",
        "U kunt een scan of foto uploaden.",
        "Neem het origineel mee.",
};

/* ---------------------------------------------------------------- documents */

struct agency {
	unsigned index;
	enum agency_type type;
	const char *id; /* arena strings: rebuilt for each file */
	const char *town;
	const char *domain;
	const char *street;
	unsigned street_no, postcode;
	const char *postletters;
};

static enum agency_type agency_type_of(uint64_t seed, unsigned i)
{
	struct rng r = rng_for(seed, i, 0xa9e);
	unsigned x;
	if (i == 0)
		return A_MUNICIPALITY;
	x = below(&r, 100);
	return x < 70 ? A_MUNICIPALITY : x < 85 ? A_WATER : A_EXECUTIVE;
}

static void agency_init(struct agency *a, uint64_t seed, unsigned i)
{
	static const char *const letters[] = {"AB", "CD", "EK", "GH", "JL", "MN", "PR", "ST", "VW", "XZ"};
	static const char *const prefix[] = {"gemeente", "waterschap", "uitvoeringsdienst"};
	struct rng r = rng_for(seed, i, 0xa6e);
	unsigned t = i % (unsigned)NELEM(towns), round = i / (unsigned)NELEM(towns);
	char slug[64];
	size_t k;
	a->index = i;
	a->type = agency_type_of(seed, i);
	a->town = towns[t];
	for (k = 0; towns[t][k] && k + 1 < sizeof slug; k++) {
		char c = towns[t][k];
		slug[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	slug[k] = '\0';
	a->id = round ? fmt("%s-%s-%u", prefix[a->type], slug, round + 1) : fmt("%s-%s", prefix[a->type], slug);
	a->domain = fmt("www.%s.nl", a->id);
	a->street = PICK(&r, streets);
	a->street_no = 1 + below(&r, 120);
	a->postcode = 1000 + below(&r, 8999);
	a->postletters = PICK(&r, letters);
}

static const char *agency_name(const struct agency *a)
{
	switch (a->type) {
	case A_MUNICIPALITY:
		return fmt("Gemeente %s", a->town);
	case A_WATER:
		return fmt("Waterschap %s", a->town);
	default:
		return fmt("Uitvoeringsdienst Regio %s", a->town);
	}
}

static struct node *address(const struct agency *a)
{
	struct node *m = map();
	put(m, "street", str(fmt("%s %u", a->street, a->street_no)));
	put(m, "postal_code", qstr(fmt("%u %s", a->postcode, a->postletters)));
	put(m, "city", str(a->town));
	return m;
}

static const char *phone_of(const struct agency *a)
{
	return a->type == A_MUNICIPALITY ? fmt("14 0%02u", 10 + a->index % 90)
	                                 : fmt("088 %03u %04u", 100 + a->index % 900, 1000 + a->index % 9000);
}

static struct node *agency_doc(const struct agency *a)
{
	static const char *const types[] = {"municipality", "water-authority", "executive-agency"};
	struct node *d = map(), *c;
	put(d, "standard", qstr("1.0"));
	put(d, "id", str(a->id));
	put(d, "name", str(agency_name(a)));
	put(d, "type", str(types[a->type]));
	put(d, "language", str("nl"));
	put(d, "website", str(fmt("https://%s", a->domain)));
	c = put(d, "contact", map());
	put(c, "phone", qstr(phone_of(a)));
	put(c, "email", str(fmt("info@%s", a->domain + 4)));
	put(c, "url", str(fmt("https://%s/contact", a->domain)));
	put(c, "address", address(a));
	put(d, "uri", str(fmt("https://standaarden.overheid.nl/owms/terms/%s", a->id)));
	return d;
}

static const char *cap(const char *s)
{
	if (s[0] >= 'a' && s[0] <= 'z')
		return fmt("%c%s", s[0] - 'a' + 'A', s + 1);
	return s;
}

/* Title: the template with the noun, capitalised when it opens the title. */
static const char *make_title(const char *tmpl, const char *noun)
{
	if (strncmp(tmpl, "%s", 2) == 0)
		return fmt(tmpl, cap(noun));
	return fmt(tmpl, noun);
}

static struct node *hours(struct rng *r, int evening)
{
	static const char *const from[] = {"08:30", "09:00", "09:00", "10:00"};
	static const char *const to[] = {"16:30", "17:00", "17:00", "12:30"};
	static const char *const week[] = {"mon", "tue", "wed", "thu", "fri"};
	struct node *list = seq(), *p, *days;
	unsigned k = below(r, NELEM(from)), d;
	p = push(list, map());
	days = put(p, "days", fseq());
	for (d = 0; d < 5; d++)
		push(days, str(week[d]));
	put(p, "from", qstr(from[k]));
	put(p, "to", qstr(to[k]));
	if (evening) {
		p = push(list, map());
		days = put(p, "days", fseq());
		push(days, str(PICK(r, week)));
		put(p, "from", qstr("17:30"));
		put(p, "to", qstr("20:00"));
	}
	if (chance(r, 20)) {
		p = push(list, map());
		days = put(p, "days", fseq());
		push(days, str("sat"));
		put(p, "from", qstr("10:00"));
		put(p, "to", qstr("13:00"));
	}
	return list;
}

static void caps(struct node *ch, struct rng *r, const char *const *list, unsigned n, unsigned keep_pct)
{
	struct node *c = put(ch, "can", fseq());
	unsigned i;
	for (i = 0; i < n; i++)
		if (i == 0 || chance(r, keep_pct))
			push(c, str(list[i]));
}

static void idents(struct node *ch, const struct product *p, struct rng *r)
{
	struct node *id = put(ch, "identification", fseq());
	if (p->citizen)
		push(id, str("digid"));
	if (p->business && (!p->citizen || chance(r, 50)))
		push(id, str("eherkenning"));
	if (chance(r, 40))
		push(id, str("eidas"));
}

static struct node *channels(const struct agency *a, const struct product *p, const char *sid, struct rng *r)
{
	static const char *const online_can[] = {
	        "inform",      "identify",     "submit",          "provide-evidence", "pay",
	        "acknowledge", "track-status", "receive-outcome", "notify-completion"};
	static const char *const counter_can[] = {"inform", "identify", "submit",      "provide-evidence",
	                                          "sign",   "pay",      "acknowledge", "receive-outcome"};
	static const char *const phone_can[] = {"inform", "track-status", "acknowledge"};
	static const char *const email_can[] = {"inform", "submit", "provide-evidence"};
	static const char *const post_can[] = {"submit", "download-form", "provide-evidence", "receive-outcome"};
	static const char *const app_can[] = {"inform", "identify", "submit", "pay", "track-status", "receive-outcome"};
	static const char *const appointment[] = {"required", "optional", "none"};
	struct node *list = seq(), *ch, *l;
	int any = 0;

	if (chance(r, 85)) {
		ch = push(list, map());
		put(ch, "type", str("online"));
		put(ch, "url", str(fmt("https://%s/loket/%s", a->domain, sid)));
		caps(ch, r, online_can, NELEM(online_can), p->presence ? 55 : 88);
		idents(ch, p, r);
		if (chance(r, 30)) {
			l = put(ch, "languages", fseq());
			push(l, str("nl"));
			push(l, str("en"));
		}
		any = 1;
	}
	if (chance(r, 10)) {
		ch = push(list, map());
		put(ch, "type", str("app"));
		put(ch, "url", str(fmt("https://app.%s/%s", a->domain + 4, sid)));
		caps(ch, r, app_can, NELEM(app_can), 70);
		idents(ch, p, r);
		any = 1;
	}
	if (chance(r, 75) || !any) {
		ch = push(list, map());
		put(ch, "type", str("counter"));
		put(ch, "address", address(a));
		caps(ch, r, counter_can, NELEM(counter_can), 90);
		l = put(ch, "identification", fseq());
		push(l, str("id-document"));
		put(ch, "appointment", str(p->presence ? "required" : PICK(r, appointment)));
		put(ch, "opening_hours", hours(r, chance(r, 40)));
		if (chance(r, 25)) {
			l = put(ch, "languages", fseq());
			push(l, str("nl"));
			push(l, str("en"));
		}
		if (chance(r, 30))
			put(ch, "note",
			    str("Maak altijd eerst een afspraak. Zonder afspraak kunnen wij u niet helpen."));
	}
	if (chance(r, 60)) {
		ch = push(list, map());
		put(ch, "type", str("phone"));
		put(ch, "phone", qstr(phone_of(a)));
		caps(ch, r, phone_can, NELEM(phone_can), 60);
		put(ch, "assisted", raw("true"));
		put(ch, "opening_hours", hours(r, 0));
	}
	if (chance(r, 30)) {
		ch = push(list, map());
		put(ch, "type", str("email"));
		put(ch, "email", str(fmt("%s@%s", p->noun, a->domain + 4)));
		caps(ch, r, email_can, NELEM(email_can), 50);
	}
	if (chance(r, 20)) {
		ch = push(list, map());
		put(ch, "type", str("post"));
		put(ch, "address", address(a));
		caps(ch, r, post_can, NELEM(post_can), 70);
		put(ch, "note", str(fmt("Vermeld \"%s\" op de envelop.", p->noun)));
	}
	if (chance(r, 5)) {
		ch = push(list, map());
		put(ch, "type", str("video"));
		put(ch, "url", str(fmt("https://%s/videobellen", a->domain)));
		l = put(ch, "can", fseq());
		push(l, str("inform"));
		push(l, str("identify"));
		push(l, str("submit"));
		l = put(ch, "identification", fseq());
		push(l, str("id-document"));
		put(ch, "appointment", str("required"));
	}
	if (chance(r, 5)) {
		ch = push(list, map());
		put(ch, "type", str("home-visit"));
		l = put(ch, "can", fseq());
		push(l, str("inform"));
		push(l, str("submit"));
		push(l, str("provide-evidence"));
		put(ch, "assisted", raw("true"));
		put(ch, "appointment", str("required"));
		put(ch, "note",
		    str("Kunt u door ziekte of een beperking niet naar ons toe komen? Dan komen wij bij u thuis."));
	}
	return list;
}

/* Fills idx[0..k) with k distinct numbers from [0, n); k <= n <= 32. */
static void distinct(struct rng *r, unsigned n, unsigned k, unsigned *idx)
{
	unsigned all[32], i;
	for (i = 0; i < n; i++)
		all[i] = i;
	for (i = 0; i < k; i++) {
		unsigned j = i + below(r, n - i), t = all[i];
		all[i] = all[j];
		all[j] = t;
		idx[i] = all[i];
	}
}

static const char *description(const struct product *p, struct rng *r)
{
	unsigned i, n, idx[8], b[8];
	distinct(r, NELEM(middles), 5, idx);
	distinct(r, NELEM(bullets), 4, b);
	str_begin();
	str_add(PICK(r, openers), p->noun);
	n = 1 + below(r, 3);
	for (i = 0; i < n; i++)
		str_add(" %s", middles[idx[i]]);
	if (chance(r, 15))
		str_add(" %s", PICK(r, officialese));
	str_add("\n\nU heeft het volgende nodig:\n");
	n = 2 + below(r, 3);
	for (i = 0; i < n; i++)
		str_add("\n- %s", bullets[b[i]]);
	str_add("\n\n%s", middles[idx[3]]);
	return str_end();
}

static const char *description_en(const struct product *p)
{
	return fmt("On this page you can read how to arrange your %s. You can usually apply online. "
	           "If that does not work, our staff will help you at the counter or by phone.\n\n"
	           "You need:\n\n- a valid identity document\n- your citizen service number (BSN)",
	           p->noun_en);
}

static void steps(struct node *d, const struct product *p, struct rng *r, const char **visit_steps)
{
	struct node *s = put(d, "steps", seq()), *st;
	if (p->presence) {
		st = push(s, map());
		put(st, "title", str("Afspraak maken"));
		put(st, "text", str("Maak online of via de telefoon een afspraak. Neem de gevraagde documenten mee."));
		st = push(s, map());
		put(st, "title", str("Aanvraag doen aan de balie"));
		put(st, "text",
		    str(fmt("U komt zelf naar de balie. Wij controleren uw identiteit en nemen uw vingerafdrukken af. "
		            "U betaalt de kosten voor uw %s.",
		            p->noun)));
		st = push(s, map());
		put(st, "title", str(fmt("%s ophalen", cap(p->noun))));
		put(st, "text",
		    str("U krijgt bericht als het document klaarligt. U haalt het zelf op, met uw oude document."));
		visit_steps[0] = "Aanvraag doen aan de balie";
		visit_steps[1] = fmt("%s ophalen", cap(p->noun));
		return;
	}
	st = push(s, map());
	put(st, "title", str("Aanvraag voorbereiden"));
	put(st, "text", str("Zet de documenten klaar. Een foto met uw telefoon is goed genoeg."));
	st = push(s, map());
	put(st, "title", str("Formulier invullen"));
	put(st, "text",
	    str(fmt("Log in met DigiD en vul het formulier voor uw %s in. Voeg de documenten toe%s.", p->noun,
	            p->fee_cents ? " en betaal de kosten" : "")));
	if (chance(r, 70)) {
		st = push(s, map());
		put(st, "title", str("Besluit afwachten"));
		put(st, "text", str("U krijgt het besluit in de Berichtenbox van MijnOverheid."));
	}
}

static const char *date_of(struct rng *r)
{
	/* 2025-01-01 .. 2026-05-01: never in the future for anyone running this. */
	unsigned m = below(r, 17), d = 1 + below(r, 28);
	if (m == 16)
		return "2026-05-01";
	return fmt("%u-%02u-%02u", 2025 + m / 12, 1 + m % 12, d);
}

static struct node *service_doc(const struct agency *a, const struct product *p, unsigned var, const char *sid,
                                struct rng *r)
{
	struct node *d = map(), *l, *m, *e, *it;
	const char *title = make_title(p->titles[var], p->noun);
	const char *visit[2] = {NULL, NULL};
	unsigned i;
	int english = chance(r, 25);

	put(d, "standard", qstr("1.0"));
	put(d, "id", str(sid));
	put(d, "product", str(p->name));
	if (chance(r, 50))
		put(d, "language", str("nl"));
	put(d, "title", str(title));
	put(d, "summary", str(fmt("%s bij %s. %s", title, agency_name(a), PICK(r, middles))));
	put(d, "description", str(description(p, r)));
	l = put(d, "audience", fseq());
	if (p->citizen)
		push(l, str("citizen"));
	if (p->business && chance(r, 60))
		push(l, str("business"));
	if (p->life[0]) {
		l = put(d, "life_events", fseq());
		push(l, str(p->life[0]));
		if (p->life[1])
			push(l, str(p->life[1]));
	}
	if (p->areas[0] && chance(r, 40)) {
		m = put(d, "sdg", map());
		if (p->annex_ii && var == 0)
			put(m, "annex_ii", str(p->annex_ii));
		l = put(m, "information_areas", fseq());
		push(l, str(p->areas[0]));
		if (p->areas[1])
			push(l, str(p->areas[1]));
	}
	l = put(d, "conditions", seq());
	for (i = 0; i < 2 + below(r, 2); i++)
		push(l, str(conditions_nl[(below(r, 3) + i * 3) % NELEM(conditions_nl)]));
	steps(d, p, r, visit);
	l = put(d, "evidence", seq());
	for (i = 0; i < NELEM(p->evidence) && p->evidence[i]; i++) {
		if (i > 0 && chance(r, 40))
			continue;
		e = push(l, map());
		put(e, "name", str(p->evidence[i]));
		if (chance(r, 60))
			put(e, "description", str(PICK(r, ev_desc)));
		put(e, "digital", raw(chance(r, 85) ? "true" : "false"));
	}
	m = put(d, "costs", map());
	if (p->fee_cents == 0 || chance(r, 5)) {
		put(m, "free", raw("true"));
	} else {
		unsigned cents = p->fee_cents + below(r, 3) * 125;
		l = put(m, "items", seq());
		it = push(l, map());
		put(it, "description", str(p->fee_desc));
		put(it, "amount", raw(fmt("%u.%02u", cents / 100, cents % 100)));
		put(it, "currency", str("EUR"));
		if (chance(r, 25)) {
			it = push(l, map());
			put(it, "description", str("Spoedlevering, als u het document binnen 1 werkdag nodig heeft"));
			put(it, "amount", raw(fmt("%u.%02u", 40 + below(r, 20), 5 * below(r, 20))));
			if (chance(r, 50))
				put(it, "currency", str("EUR"));
		}
		l = put(m, "payment_methods", fseq());
		push(l, str("online"));
		push(l, str("card-at-counter"));
		if (chance(r, 30))
			push(l, str("cash"));
		if (chance(r, 20))
			push(l, str("invoice"));
		if (chance(r, 20))
			push(l, str("direct-debit"));
	}
	m = put(d, "processing_time", map());
	put(m, "duration", str(p->duration));
	put(m, "text", str(p->duration_text));
	m = put(d, "no_response", map());
	put(m, "rule", str(p->no_response));
	if (strcmp(p->no_response, "none") != 0)
		put(m, "text",
		    str(strcmp(p->no_response, "tacit-approval") == 0
		                ? "Beslissen wij niet op tijd, dan krijgt u de vergunning automatisch (van rechtswege)."
		                : "Beslissen wij niet op tijd, dan kunt u ons een ingebrekestelling sturen."));
	put(d, "redress", str(PICK(r, redress_nl)));
	put(d, "outcome", str(p->outcome));
	l = put(d, "legal_basis", seq());
	m = push(l, map());
	put(m, "title", str(p->law_title));
	put(m, "url", str(p->law_url));
	if (chance(r, 30)) {
		m = push(l, map());
		put(m, "title", str("Algemene wet bestuursrecht"));
		put(m, "url", str("https://wetten.overheid.nl/BWBR0005537"));
	}
	if (chance(r, 20)) {
		m = put(d, "contact", map());
		put(m, "phone", qstr(phone_of(a)));
		put(m, "email", str(fmt("%s@%s", p->noun, a->domain + 4)));
	}
	if (p->presence && chance(r, 80)) {
		m = put(d, "physical_presence", map());
		put(m, "required", raw("true"));
		l = put(m, "steps", seq());
		push(l, str(visit[0]));
		push(l, str(visit[1]));
		put(m, "justification", str("fraud-prevention"));
		put(m, "legal_basis", str(p->presence_law));
	}
	put(d, "channels", channels(a, p, sid, r));
	if (english || chance(r, 20)) {
		l = put(d, "languages", fseq());
		push(l, str("nl"));
		push(l, str("en"));
	}
	put(d, "modified", qstr(date_of(r)));
	if (english) {
		m = put(put(d, "translations", map()), "en", map());
		put(m, "title", str(make_title(p->titles_en[var], p->noun_en)));
		put(m, "summary", str(fmt("%s with %s.", make_title(p->titles_en[var], p->noun_en), agency_name(a))));
		put(m, "description", str(description_en(p)));
		if (chance(r, 50)) {
			l = put(m, "conditions", seq());
			push(l, str("You are registered in the Personal Records Database (BRP)."));
			push(l, str("You live in our area."));
		}
		if (chance(r, 50)) {
			l = put(m, "steps", seq());
			e = push(l, map());
			put(e, "title", str("Apply"));
			put(e, "text", str(fmt("Fill in the form for your %s and add the documents.", p->noun_en)));
			e = push(l, map());
			put(e, "title", str("Wait for the decision"));
			put(e, "text", str("We send you the decision by post or in your MijnOverheid inbox."));
		}
		put(m, "outcome", str(p->outcome_en));
		put(m, "redress", str(PICK(r, redress_en)));
	}
	return d;
}

/* ---------------------------------------------------------------- files */

static int mkdir_p(char *path)
{
	char *p;
	struct stat st;
	for (p = path + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(path, 0777) != 0 && errno != EEXIST) {
				*p = c;
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Serialises doc into the output buffer and writes it to path; dies on error. */
static void write_doc(const char *path, const struct node *doc, int json)
{
	FILE *f;
	outlen = 0;
	if (json) {
		j_value(doc, 0);
		out_putc('\n');
	} else {
		y_map(doc, 0, 0);
	}
	f = fopen(path, "wb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	if (fwrite(out, 1, outlen, f) != outlen) {
		int e = errno;
		fclose(f);
		die("%s: write failed: %s", path, strerror(e));
	}
	if (fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

static const struct product *product_for(enum agency_type t, struct rng *r)
{
	unsigned mask = t == A_MUNICIPALITY ? L_GEM : t == A_WATER ? L_WS : L_RIJK;
	for (;;) {
		const struct product *p = &products[below(r, NELEM(products))];
		if (p->layers & mask)
			return p;
	}
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: %s [--json] DIR N [SEED]\n"
	        "writes N synthetic services (%u per agency) under DIR as YAML (or JSON)\n",
	        progname, SERVICES_PER_AGENCY);
	return 2;
}

static int parse_u64(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;
	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno || *end || *v > max)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *ext = "yaml";
	int json = 0, argi = 1;
	unsigned long long n, seed = 1;
	unsigned nagencies, ai;
	size_t dirlen;
	char path[4096];

	if (argc > 0 && argv[0][0])
		progname = argv[0];
	if (argi < argc && strcmp(argv[argi], "--json") == 0) {
		json = 1;
		ext = "json";
		argi++;
	}
	if (argc - argi < 2 || argc - argi > 3)
		return usage();
	if (parse_u64(argv[argi + 1], 100000000ULL, &n) != 0 || n == 0) {
		fprintf(stderr, "%s: N must be a number from 1 to 100000000\n", progname);
		return 2;
	}
	if (argc - argi == 3 && parse_u64(argv[argi + 2], UINT64_MAX, &seed) != 0) {
		fprintf(stderr, "%s: SEED must be a non-negative integer\n", progname);
		return 2;
	}
	dirlen = strlen(argv[argi]);
	if (dirlen == 0 || dirlen > 3000)
		return usage();
	memcpy(path, argv[argi], dirlen + 1);
	while (dirlen > 1 && path[dirlen - 1] == '/')
		path[--dirlen] = '\0';
	if (mkdir_p(path) != 0)
		die("%s: %s", path, strerror(errno));

	nagencies = (unsigned)((n + SERVICES_PER_AGENCY - 1) / SERVICES_PER_AGENCY);
	for (ai = 0; ai < nagencies; ai++) {
		struct agency a;
		unsigned j, count = SERVICES_PER_AGENCY;
		size_t adirlen;
		if ((unsigned long long)(ai + 1) * SERVICES_PER_AGENCY > n)
			count = (unsigned)(n - (unsigned long long)ai * SERVICES_PER_AGENCY);
		str_reset();
		nnodes = 0;
		agency_init(&a, seed, ai);
		snprintf(path + dirlen, sizeof path - dirlen, "/%s", a.id);
		adirlen = strlen(path);
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			die("%s: %s", path, strerror(errno));
		snprintf(path + adirlen, sizeof path - adirlen, "/agency.%s", ext);
		write_doc(path, agency_doc(&a), json);

		for (j = 0; j < count; j++) {
			struct rng r = rng_for(seed, ai, j + 1);
			const struct product *p = product_for(a.type, &r);
			unsigned var = below(&r, 3);
			size_t mark = strlen_used;
			const char *sid;
			unsigned base = nnodes;
			sid = fmt("%s-%s-%03u", p->name, p->variants[var], j + 1);
			snprintf(path + adirlen, sizeof path - adirlen, "/%s.%s", sid, ext);
			write_doc(path, service_doc(&a, p, var, sid, &r), json);
			strlen_used = mark; /* keep the agency's strings, drop the service's */
			nnodes = base;
		}
	}
	free(out);
	return 0;
}
