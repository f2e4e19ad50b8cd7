/* yaml_write.h: the only writer of YAML text (the product vocabulary, imported service
 * descriptions): every value is written so that loket's loader reads back the same text. */
#ifndef LOKET_YAML_WRITE_H
#define LOKET_YAML_WRITE_H

#include "util.h"

/* s as a YAML double-quoted scalar: ", \ and control characters escaped (JSON escaping is
 * valid YAML), and the characters YAML takes as line breaks (NEL, U+2028, U+2029) too. */
void yamlw_quoted(struct buf *b, const char *s);
/* s as a plain scalar when YAML reads it back as the same text (a word-like value without
 * ':', '#', quotes or flow characters, not true/false/null), otherwise double-quoted. */
void yamlw_scalar(struct buf *b, const char *s);
/* A text of several lines as a literal block ("|" then each line indented by `indent`
 * spaces) when every line can stand there as it is; otherwise double-quoted. */
void yamlw_text(struct buf *b, const char *s, unsigned indent);

#endif
