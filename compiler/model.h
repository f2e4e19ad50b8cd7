/* model.h: the typed, normalised agency and service, built from a valid tree.
 * Rules and renderers read only this. */
#ifndef LOKET_MODEL_H
#define LOKET_MODEL_H

#include "node.h"

struct rd_field_stats;

enum channel_type { CH_ONLINE, CH_APP, CH_EMAIL, CH_PHONE, CH_VIDEO, CH_POST, CH_COUNTER, CH_HOME_VISIT, CH__MAX };

enum capability {
	CAP_INFORM,
	CAP_DOWNLOAD_FORM,
	CAP_IDENTIFY,
	CAP_SUBMIT,
	CAP_SIGN,
	CAP_PROVIDE_EVIDENCE,
	CAP_PAY,
	CAP_ACKNOWLEDGE,
	CAP_TRACK_STATUS,
	CAP_RECEIVE_OUTCOME,
	CAP_NOTIFY_COMPLETION,
	CAP__MAX
};

enum ident { ID_NONE, ID_DIGID, ID_EHERKENNING, ID_EIDAS, ID_ID_DOCUMENT, ID__MAX };

enum level { LEVEL_FULLY_ONLINE, LEVEL_PARTLY_ONLINE, LEVEL_FORM_DOWNLOAD_ONLY, LEVEL_OFFLINE, LEVEL__MAX };

enum agency_type {
	AG_MUNICIPALITY,
	AG_PROVINCE,
	AG_WATER_AUTHORITY,
	AG_MINISTRY,
	AG_EXECUTIVE_AGENCY,
	AG_OTHER,
	AG__MAX
};

/* Why a service is not fully online: a step no digital channel covers, paper-only
 * evidence, a visit in person, or no digital channel at all. */
enum gap_kind { GAP_STEP, GAP_PAPER_EVIDENCE, GAP_PRESENCE, GAP_NO_DIGITAL_CHANNEL, GAP__MAX };

struct gap {
	enum gap_kind kind;
	enum capability step; /* GAP_STEP */
	char *reason;         /* plain English for a civil servant, e.g. "pay: costs of EUR 75.00 but ..." (outputs) */
	char *text;           /* the same in the chosen language (i18n.h), for messages and the report */
	struct pos pos;       /* the value the gap is blamed on */
};

struct channel {
	enum channel_type type;
	struct pos pos;
	const char *url, *phone, *email, *note;
	unsigned can;   /* bit per enum capability */
	unsigned ident; /* bit per enum ident; 0 when not given */
	int assisted;   /* after defaults: counter, phone, video, home-visit are assisted */
	const char *appointment;
	const struct node *node; /* the channel's mapping, for renderers (address, hours) */
	const struct node *ident_node;
};

struct evidence {
	const char *name, *description;
	int digital;
	struct pos pos;
};

struct waiver {
	const char *rule, *reason;
	struct pos pos;
	int used;
};

struct agency {
	const char *path, *dir;
	const char *id, *name, *language, *website;
	enum agency_type type;
	const struct node *root;
	int rendered; /* set by build: valid and without errors */
};

struct service {
	const char *path;
	const struct node *root;
	const struct agency *agency; /* NULL when the agency file is missing or invalid */
	const char *id, *product, *language, *title, *summary, *description;
	struct pos id_pos, product_pos, channels_pos, presence_pos;
	int audience_citizen, audience_business;
	struct channel *channels;
	size_t nchannels;
	struct evidence *evidence;
	size_t nevidence;
	int free;
	/* The lowest and the highest cost item: items are separate prices, often
	 * alternatives, and are never added up (spec, costs); where one figure is
	 * wanted it is this range. Both 0 when free or without items. */
	double cost_min, cost_max;
	const char *currency; /* of the first cost item (EUR by default) */
	int mixed_currencies; /* then the range means nothing */
	int presence_required;
	const char *presence_justification; /* NULL when not given */
	size_t npresence_steps;
	const char *sdg_annex_ii; /* from the description; the product may add one */
	struct waiver *waivers;
	size_t nwaivers;
	/* Computed: */
	enum level level;
	struct gap *gaps;
	size_t ngaps;
	int sdg;              /* an SDG service: sdg given, or the product has SDG codes */
	const char *annex_ii; /* the Annex II code, from the description or the product */
	int digital_only;     /* a digital channel, but no assisted channel can submit */
	/* The codes of the warnings and notes the rules gave this service (for outputs). */
	const char *flags[16];
	size_t nflags;
	int rendered;      /* set by build: valid, without errors, and its agency rendered */
	const char *stale; /* set by build: the date of the published version kept while the
	                    * description has errors (last known good); NULL when current */
	/* The readability of its texts, measured once by the plain-language rules and kept
	 * for the outputs (struct rd_field_stats[], readability.h); NULL when not measured. */
	struct rd_field_stats *readability;
	size_t nreadability;
	/* Error recovery: the top-level fields of an invalid file that failed validation
	 * (cut out of the tree the model was built from); empty for a valid file. A rule
	 * that needs one of them is skipped (rules.c). */
	struct path_list invalid;
	/* The version of the standard the description follows (its 'standard' field). */
	const char *standard;
	/* Fields the standard has and this model does not know (added after this loket):
	 * kept as written for the outputs, placed where the schema says (model_extra_fields). */
	struct extra_field *extra;
	size_t nextra;
};

struct extra_field {
	const char *name;
	const struct node *value;
	const char *section;             /* x-section: the id of a section of the page, or NULL */
	const char *label_nl, *label_en; /* x-label: the field's heading, or NULL */
};

/* Build the model of a valid agency or service tree. The strings point into the
 * tree, which must outlive the model. */
void model_agency(struct agency *a, const struct node *root, const char *path, const char *dir);
void model_service(struct service *s, const struct node *root, const char *path, const struct agency *agency);
/* Compute the digital level and its gaps (spec: "Digital level"). */
void model_digital_level(struct service *s);
/* Collect the top-level fields of s's tree that the model does not read, with their
 * x-section and x-label from `properties`, the schema's properties of the service (NULL
 * when unknown). Freed by model_service_free. */
void model_extra_fields(struct service *s, const struct node *properties);
void model_service_free(struct service *s);
/* Whether the top-level field `name` validated (or was absent) in the service's file. */
int model_field_valid(const struct service *s, const char *name);

const char *model_level_name(enum level l); /* "fully-online" ... */
const char *model_capability_name(enum capability c);
const char *model_channel_name(enum channel_type t);
int model_channel_is_digital(enum channel_type t);

#endif
