/* model.c: the typed, normalised agency and service, built from a valid tree, and the
 * digital level computed from the channels (never from a self-declared flag). */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const char *const channel_names[CH__MAX] = {"online", "app",  "email",   "phone",
                                                   "video",  "post", "counter", "home-visit"};
static const char *const capability_names[CAP__MAX] = {
        "inform",      "download-form", "identify",        "submit",           "sign", "provide-evidence", "pay",
        "acknowledge", "track-status",  "receive-outcome", "notify-completion"};
static const char *const ident_names[ID__MAX] = {"none", "digid", "eherkenning", "eidas", "id-document"};
static const char *const level_names[LEVEL__MAX] = {"fully-online", "partly-online", "form-download-only", "offline"};
static const char *const agency_type_names[AG__MAX] = {"municipality", "province",         "water-authority",
                                                       "ministry",     "executive-agency", "other"};

const char *model_level_name(enum level l) { return level_names[l]; }
const char *model_capability_name(enum capability c) { return capability_names[c]; }
const char *model_channel_name(enum channel_type t) { return channel_names[t]; }
int model_channel_is_digital(enum channel_type t) { return t == CH_ONLINE || t == CH_APP; }

static int find_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

/* A bit per name of the list found in names. */
static unsigned bits_of(const struct node *list, const char *const *names, int n)
{
	unsigned bits = 0;
	for (size_t i = 0; list && list->kind == NODE_SEQ && i < list->n; i++) {
		int k = find_name(names, n, list->kids[i]->str);
		if (k >= 0)
			bits |= 1u << k;
	}
	return bits;
}

static int get_bool(const struct node *m, const char *key, int dflt)
{
	const struct node *v = node_get(m, key);
	return v && v->kind == NODE_BOOL ? v->boolean : dflt;
}

void model_agency(struct agency *a, const struct node *root, const char *path, const char *dir)
{
	memset(a, 0, sizeof *a);
	a->path = path;
	a->dir = dir;
	a->root = root;
	a->id = node_get_str(root, "id");
	a->name = node_get_str(root, "name");
	a->language = node_get_str(root, "language");
	a->website = node_get_str(root, "website");
	int t = find_name(agency_type_names, AG__MAX, node_get_str(root, "type"));
	a->type = t < 0 ? AG_OTHER : (enum agency_type)t;
}

static void build_channel(struct channel *c, const struct node *n)
{
	memset(c, 0, sizeof *c);
	c->node = n;
	c->pos = n->pos;
	int t = find_name(channel_names, CH__MAX, node_get_str(n, "type"));
	c->type = t < 0 ? CH_ONLINE : (enum channel_type)t;
	c->url = node_get_str(n, "url");
	c->phone = node_get_str(n, "phone");
	c->email = node_get_str(n, "email");
	c->note = node_get_str(n, "note");
	c->appointment = node_get_str(n, "appointment");
	c->can = bits_of(node_get(n, "can"), capability_names, CAP__MAX);
	c->ident_node = node_get(n, "identification");
	c->ident = bits_of(c->ident_node, ident_names, ID__MAX);
	int assisted_by_default =
	        c->type == CH_COUNTER || c->type == CH_PHONE || c->type == CH_VIDEO || c->type == CH_HOME_VISIT;
	c->assisted = get_bool(n, "assisted", assisted_by_default);
}

static void build_costs(struct service *s, const struct node *costs)
{
	s->free = get_bool(costs, "free", 0);
	const struct node *items = node_get(costs, "items");
	size_t namounts = 0;
	for (size_t i = 0; items && items->kind == NODE_SEQ && i < items->n; i++) {
		const struct node *amount = node_get(items->kids[i], "amount");
		const char *cur = node_get_str(items->kids[i], "currency");
		cur = cur ? cur : "EUR";
		if (s->currency == NULL)
			s->currency = cur;
		else if (strcmp(s->currency, cur) != 0)
			s->mixed_currencies = 1;
		if (amount && node_is_number(amount)) { /* the range, never a sum */
			s->cost_min = namounts == 0 || amount->num < s->cost_min ? amount->num : s->cost_min;
			s->cost_max = namounts == 0 || amount->num > s->cost_max ? amount->num : s->cost_max;
			namounts++;
		}
	}
}

void model_service(struct service *s, const struct node *root, const char *path, const struct agency *agency)
{
	memset(s, 0, sizeof *s);
	s->path = path;
	s->root = root;
	s->agency = agency;
	s->id = node_get_str(root, "id");
	s->product = node_get_str(root, "product");
	s->language = node_get_str(root, "language");
	if (s->language == NULL && agency)
		s->language = agency->language;
	if (s->language == NULL)
		s->language = "nl";
	s->title = node_get_str(root, "title");
	s->summary = node_get_str(root, "summary");
	s->description = node_get_str(root, "description");
	const struct node *n;
	if ((n = node_get(root, "id")))
		s->id_pos = n->pos;
	if ((n = node_get(root, "product")))
		s->product_pos = n->pos;
	unsigned audience = bits_of(node_get(root, "audience"), (const char *const[]){"citizen", "business"}, 2);
	s->audience_citizen = audience & 1;
	s->audience_business = (audience >> 1) & 1;

	const struct node *ch = node_get(root, "channels");
	if (ch && ch->kind == NODE_SEQ) {
		s->channels_pos = ch->pos;
		s->nchannels = ch->n;
		s->channels = xcalloc(ch->n, sizeof *s->channels);
		for (size_t i = 0; i < ch->n; i++)
			build_channel(&s->channels[i], ch->kids[i]);
	}
	const struct node *ev = node_get(root, "evidence");
	if (ev && ev->kind == NODE_SEQ) {
		s->nevidence = ev->n;
		s->evidence = xcalloc(ev->n, sizeof *s->evidence);
		for (size_t i = 0; i < ev->n; i++) {
			const struct node *e = ev->kids[i];
			s->evidence[i] = (struct evidence){node_get_str(e, "name"), node_get_str(e, "description"),
			                                   get_bool(e, "digital", 1), e->pos};
		}
	}
	build_costs(s, node_get(root, "costs"));
	const struct node *pp = node_get(root, "physical_presence");
	if (pp) {
		s->presence_pos = pp->pos;
		s->presence_required = get_bool(pp, "required", 0);
		s->presence_justification = node_get_str(pp, "justification");
		const struct node *steps = node_get(pp, "steps");
		s->npresence_steps = steps && steps->kind == NODE_SEQ ? steps->n : 0;
	}
	s->sdg_annex_ii = node_get_str(node_get(root, "sdg"), "annex_ii");
	const struct node *w = node_get(root, "waivers");
	if (w && w->kind == NODE_SEQ) {
		s->nwaivers = w->n;
		s->waivers = xcalloc(w->n, sizeof *s->waivers);
		for (size_t i = 0; i < w->n; i++) {
			const struct node *rule = node_get(w->kids[i], "rule");
			s->waivers[i] =
			        (struct waiver){node_get_str(w->kids[i], "rule"), node_get_str(w->kids[i], "reason"),
			                        rule ? rule->pos : w->kids[i]->pos, 0};
		}
	}
}

/* Add a gap: its reason from fmt and the arguments, in English (for the outputs, which
 * must not depend on the reader's language) and in the chosen language (messages).
 * The arguments are the same for both, except `amount` (a number written the way the
 * language writes it), which fills the last %s when given. */
static void add_gap(struct service *s, enum gap_kind kind, enum capability step, struct pos pos, const char *fmt,
                    const char *arg, double amount, double amount2, int namounts)
{
	/* Amounts as written in English (79.50) and in the chosen language (79,50 in Dutch). */
	char num[2][64] = {"", ""}, local_num[2][64] = {"", ""};
	double amounts[2] = {amount, amount2};
	for (int k = 0; k < namounts && k < 2; k++) {
		snprintf(num[k], sizeof num[k], "%.2f", amounts[k]);
		memcpy(local_num[k], num[k], sizeof num[k]);
		if (i18n_lang() == LANG_NL)
			for (char *p = local_num[k]; *p; p++)
				if (*p == '.')
					*p = ',';
	}
	struct buf en = {0}, local = {0};
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	buf_printf(&en, fmt, arg ? arg : "", num[0], num[1]);
	buf_printf(&local, _(fmt), arg ? arg : "", local_num[0], local_num[1]);
#pragma GCC diagnostic pop
	s->gaps = xrealloc(s->gaps, (s->ngaps + 1) * sizeof *s->gaps);
	s->gaps[s->ngaps++] = (struct gap){kind, step, buf_take(&en), buf_take(&local), pos};
}

static void add_presence_gap(struct service *s)
{
	if (s->presence_justification)
		add_gap(s, GAP_PRESENCE, CAP_SUBMIT, s->presence_pos, N_("visit in person required (%s)"),
		        s->presence_justification, 0, 0, 0);
	else
		add_gap(s, GAP_PRESENCE, CAP_SUBMIT, s->presence_pos,
		        N_("visit in person required (no justification given)"), NULL, 0, 0, 0);
}

/* Spec, "Digital level": over the digital channels D (online, app). */
void model_digital_level(struct service *s)
{
	unsigned covered = 0;
	size_t ndigital = 0, n_ident_none = 0;
	for (size_t i = 0; i < s->nchannels; i++) {
		const struct channel *c = &s->channels[i];
		if (!model_channel_is_digital(c->type))
			continue;
		ndigital++;
		covered |= c->can;
		if (c->ident == (1u << ID_NONE))
			n_ident_none++;
	}
	int assisted_submit = 0;
	for (size_t i = 0; i < s->nchannels; i++)
		if (s->channels[i].assisted && (s->channels[i].can & (1u << CAP_SUBMIT)))
			assisted_submit = 1;
	s->digital_only = ndigital > 0 && !assisted_submit;

	if (ndigital == 0) {
		s->level = LEVEL_OFFLINE;
		add_gap(s, GAP_NO_DIGITAL_CHANNEL, CAP_SUBMIT, s->channels_pos,
		        N_("no digital channel: the service cannot be requested online or in an app"), NULL, 0, 0, 0);
		if (s->presence_required)
			add_presence_gap(s);
		return;
	}
	/* The required steps, each with why it is required. */
	struct {
		enum capability step;
		int required;
		const char *reason;
	} steps[] = {
	        {CAP_IDENTIFY, n_ident_none < ndigital, N_("identify: no digital channel can identify the applicant")},
	        {CAP_SUBMIT, 1, N_("submit: no digital channel can submit")},
	        {CAP_PROVIDE_EVIDENCE, s->nevidence > 0, N_("provide-evidence: no digital channel accepts evidence")},
	        {CAP_PAY, !s->free, NULL},
	        {CAP_RECEIVE_OUTCOME, 1, N_("receive-outcome: the outcome is not delivered digitally")},
	        {CAP_ACKNOWLEDGE, 1, N_("acknowledge: no digital channel acknowledges receipt")},
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		if (!steps[i].required || (covered & (1u << steps[i].step)))
			continue;
		if (steps[i].step == CAP_PAY && !s->mixed_currencies && s->currency && s->cost_min != s->cost_max)
			add_gap(s, GAP_STEP, CAP_PAY, s->channels_pos,
			        N_("pay: costs of %1$s %2$s to %1$s %3$s but no digital channel can pay"), s->currency,
			        s->cost_min, s->cost_max, 2);
		else if (steps[i].step == CAP_PAY && !s->mixed_currencies && s->currency)
			add_gap(s, GAP_STEP, CAP_PAY, s->channels_pos,
			        N_("pay: costs of %1$s %2$s but no digital channel can pay"), s->currency, s->cost_min,
			        s->cost_min, 1);
		else if (steps[i].step == CAP_PAY)
			add_gap(s, GAP_STEP, CAP_PAY, s->channels_pos,
			        N_("pay: there are costs but no digital channel can pay"), NULL, 0, 0, 0);
		else
			add_gap(s, GAP_STEP, steps[i].step, s->channels_pos, steps[i].reason, NULL, 0, 0, 0);
	}
	for (size_t i = 0; i < s->nevidence; i++)
		if (!s->evidence[i].digital) {
			add_gap(s, GAP_PAPER_EVIDENCE, CAP_PROVIDE_EVIDENCE, s->evidence[i].pos,
			        N_("provide-evidence: '%s' only on paper or in person"),
			        s->evidence[i].name ? s->evidence[i].name : "", 0, 0,
			        0); /* NULL only in a partial model */
		}
	if (s->presence_required)
		add_presence_gap(s);
	if (s->ngaps == 0)
		s->level = LEVEL_FULLY_ONLINE;
	else if (covered & (1u << CAP_SUBMIT))
		s->level = LEVEL_PARTLY_ONLINE;
	else
		s->level = LEVEL_FORM_DOWNLOAD_ONLY; /* digital channels exist, but none can submit */
}

void model_extra_fields(struct service *s, const struct node *properties)
{
	/* The fields of the standard 1.0 that the model and the renderers read. */
	static const char *const known[] = {
	        "standard",    "id",           "product",           "language",    "title",      "summary",
	        "description", "audience",     "life_events",       "sdg",         "conditions", "steps",
	        "evidence",    "costs",        "processing_time",   "no_response", "redress",    "outcome",
	        "legal_basis", "contact",      "physical_presence", "channels",    "languages",  "modified",
	        "waivers",     "translations",
	};
	const struct node *r = s->root;
	s->standard = node_get_str(r, "standard");
	for (size_t i = 0; r && i < r->n; i++) {
		const char *name = NODE_KEY(r, i)->str;
		size_t k = 0;
		while (k < sizeof known / sizeof *known && (known[k][0] != name[0] || strcmp(known[k], name) != 0))
			k++;
		if (k < sizeof known / sizeof *known) /* known: the model reads it */
			continue;
		s->extra = xrealloc(s->extra, (s->nextra + 1) * sizeof *s->extra);
		struct extra_field *x = &s->extra[s->nextra++];
		memset(x, 0, sizeof *x);
		x->name = name;
		x->value = NODE_VAL(r, i);
		const struct node *schema = node_get(properties, name);
		const struct node *label = node_get(schema, "x-label");
		x->section = node_get_str(schema, "x-section");
		x->label_nl = node_get_str(label, "nl");
		x->label_en = node_get_str(label, "en");
	}
}

void model_service_free(struct service *s)
{
	free(s->extra);
	for (size_t i = 0; i < s->ngaps; i++) {
		free(s->gaps[i].reason);
		free(s->gaps[i].text);
	}
	free(s->gaps);
	free(s->channels);
	free(s->evidence);
	free(s->waivers);
	free(s->readability);
	path_list_free(&s->invalid);
	memset(s, 0, sizeof *s);
}

int model_field_valid(const struct service *s, const char *name)
{
	for (size_t i = 0; i < s->invalid.n; i++)
		if (!strcmp(s->invalid.v[i], name))
			return 0;
	return 1;
}
