/* libyaml.c: not compiled. The problems and contexts libyaml 0.2.5 reports in its own words
 * (its scanner and parser), marked here so that xgettext puts them in the template and
 * load_yaml.c can show them translated after "YAML syntax error:". A problem that is not
 * listed stays in libyaml's English. */
#define N_(s) s

static const char *const libyaml_words[] = {
        /* problems */
        N_("found character that cannot start any token"),
        N_("found a tab character that violates indentation"),
        N_("found a tab character where an indentation space is expected"),
        N_("mapping values are not allowed in this context"),
        N_("mapping keys are not allowed in this context"),
        N_("block sequence entries are not allowed in this context"),
        N_("could not find expected ':'"),
        N_("did not find expected key"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected node content"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected comment or line break"),
        N_("did not find expected whitespace or line break"),
        N_("found unexpected end of stream"),
        N_("found unexpected ':'"),
        N_("found unexpected document indicator"),
        N_("found unknown escape character"),
        N_("found invalid Unicode character escape code"),
        N_("found undefined alias"),
        N_("found undefined tag handle"),
        N_("found an indentation indicator equal to 0"),
        N_("control characters are not allowed"),
        N_("invalid leading UTF-8 octet"),
        N_("invalid trailing UTF-8 octet"),
        N_("incomplete UTF-8 octet sequence"),
        N_("invalid Unicode character"),
        N_("unexpected input"),
        /* contexts */
        N_("while scanning a simple key"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while scanning a block scalar"),
        N_("while scanning for the next token"),
        N_("while scanning an anchor"),
        N_("while scanning an alias"),
        N_("while scanning a tag"),
        N_("while scanning a directive"),
        N_("while parsing a block mapping"),
        N_("while parsing a block collection"),
        N_("while parsing a block node"),
        N_("while parsing a flow mapping"),
        N_("while parsing a flow sequence"),
        N_("while parsing a flow node"),
        N_("while parsing a node"),
};
