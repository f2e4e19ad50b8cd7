/* report.h: the digital-readiness report of a catalogue, computed once and written as
 * text, JSON, CSV or HTML, so the numbers agree in every format. */
#ifndef LOKET_REPORT_H
#define LOKET_REPORT_H

#include "catalogue.h"
#include "model.h"
#include "util.h"

struct report_agency {
	const char *dir, *id, *name; /* name and id NULL when the agency file is missing or invalid */
	size_t levels[LEVEL__MAX];
	size_t services, invalid, digital_only, sdg_not_fully_online, waivers;
};

struct report {
	struct report_agency *agencies; /* sorted by folder */
	size_t nagencies;
	struct report_agency total;
	struct service **services; /* valid services, sorted by path */
	size_t nservices;
	const char *date; /* YYYY-MM-DD, from SOURCE_DATE_EPOCH or today */
	char datebuf[16];
};

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_HTML, REPORT__MAX };

/* Build the report of a modeled catalogue whose rules have run. */
void report_build(struct report *r, const struct catalogue *c);
void report_write(const struct report *r, enum report_format f, struct buf *out);
void report_free(struct report *r);
/* A format by name, or REPORT__MAX. */
enum report_format report_format_find(const char *name);

#endif
