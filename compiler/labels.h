/* labels.h: the fixed words of the uniform presentation (section headings, phrases),
 * in Dutch and English, chosen by the service's language. Shared by every back-end. */
#ifndef LOKET_LABELS_H
#define LOKET_LABELS_H

#include "model.h"

enum label {
	L_HOW_TO_APPLY,  /* section 3 */
	L_WHO_CAN_APPLY, /* section 4 */
	L_WHAT_YOU_NEED, /* section 5 */
	L_COSTS,         /* section 6 */
	L_HOW_LONG,      /* section 7 */
	L_WHAT_YOU_GET,  /* section 8 */
	L_OBJECTION,     /* section 9 */
	L_LEGAL_BASIS,   /* section 10 */
	L_CONTACT,
	L_LAST_REVIEWED,
	L_SUMMARY,
	L_STEPS,
	L_AUDIENCE,
	L_CITIZENS,
	L_BUSINESSES,
	L_PAPER_ONLY,
	L_FREE,
	L_PAYMENT_METHODS,
	L_NO_RESPONSE,
	L_OPENING_HOURS,
	L_APPOINTMENT_REQUIRED,
	L_APPOINTMENT_OPTIONAL,
	L_IDENTIFICATION,
	L_YOU_CAN,
	L_LEVEL_FULLY_ONLINE,
	L_LEVEL_PARTLY_ONLINE,
	L_LEVEL_FORM_DOWNLOAD_ONLY,
	L_LEVEL_OFFLINE,
	L_NOT_ONLINE_MISSING, /* "Not possible online:" */
	L_VISIT_REQUIRED,     /* "You must come in person for:" */
	L_HOME,
	L_SERVICES_AZ,
	L_BY_AGENCY,
	L_BY_LIFE_EVENT,
	L_BY_AUDIENCE,
	L_BY_LEVEL,
	L_SKIP_TO_CONTENT,
	L_SEARCH,
	L_OTHER_LANGUAGES,
	L_AGENCY,
	L_LANGUAGES,
	L_PHONE,
	L_EMAIL,
	L_WEBSITE,
	L_ADDRESS,
	/* the portal (render_html.c) */
	L_KEY_FACTS,       /* the box of key facts above the first section */
	L_BREADCRUMBS,     /* the breadcrumb trail's label */
	L_START_ONLINE,    /* the start button */
	L_LEAFLET_PDF,     /* the link to the printed leaflet */
	L_DIGITAL_LEVEL,   /* "Online" in the key facts */
	L_WHERE_TO_GO,     /* no channel submits online: the counter */
	L_SEARCH_BUTTON,   /* the search form's button */
	L_SEARCH_NOSCRIPT, /* search needs JavaScript */
	L_SEARCH_FOUND,    /* "%d results for %s" */
	L_SEARCH_NONE,     /* "nothing found for %s" */
	L_SEARCH_TERMS,    /* the search box's label */
	L_LETTER_INDEX,    /* A-Z's letter index */
	L_FILTER_AGENCY,   /* A-Z's filter by agency */
	L_ALL_AGENCIES,
	L_PAGE_NOT_FOUND,
	L_PAGE_NOT_FOUND_TEXT,
	L_NEWS_FEED,
	L_PRODUCT,
	L_MORE_INFORMATION, /* the fields the schema places in no known section */
	L__MAX
};

/* The label in a language; languages without labels get English, then Dutch. */
const char *label(const char *lang, enum label l);
const char *label_level(const char *lang, enum level lv);
const char *label_capability(const char *lang, enum capability c);
const char *label_channel(const char *lang, enum channel_type t);
/* "mon" -> "maandag"/"Monday". */
const char *label_day(const char *lang, const char *day);
/* The name of a no_response rule: "tacit-approval" ... */
const char *label_no_response(const char *lang, const char *rule);
const char *label_identification(const char *lang, const char *ident);
/* Whether loket has labels of its own for this language. */
int label_has_language(const char *lang);

#endif
