/* test_level.c: the digital level of a service and its gaps (model_digital_level),
 * spec "What loket computes", "Digital level", and the digital_only flag that DIG005
 * judges. One table row per case: the service as YAML text, the expected level,
 * the expected gaps (kind and step, in order) and digital_only. */
#include "unit.h"

#include "model.h"

/* ------------------------------------------------------------ building blocks */

#define HEAD "standard: \"1.0\"\nid: x\nproduct: afvalcontainer\n"
#define PAID                                                                                                           \
	"costs:\n  items:\n    - description: Leges\n      amount: 35.00\n      currency: EUR\n"                       \
	"  payment_methods: [online]\n"
#define FREE           "costs:\n  free: true\n"
#define EVIDENCE       "evidence:\n  - name: Uittreksel\n    digital: true\n"
#define EVIDENCE_PAPER "evidence:\n  - name: Uittreksel\n    digital: true\n  - name: Pasfoto\n    digital: false\n"
#define PRESENCE_JUSTIFIED                                                                                             \
	"physical_presence:\n  required: true\n  steps: [Kom langs]\n  justification: fraud-prevention\n"              \
	"  legal_basis: Artikel 28 Paspoortwet\n"
#define PRESENCE_UNJUSTIFIED  "physical_presence:\n  required: true\n"
#define PRESENCE_NOT_REQUIRED "physical_presence:\n  required: false\n"
#define CHANNELS              "channels:\n"

/* Every step that can be required, in the spec's order. */
#define ALL "identify, submit, provide-evidence, pay, receive-outcome, acknowledge"
/* A digital channel with DigiD; `can` is the list without brackets. */
#define ONLINE(can)                                                                                                    \
	"  - type: online\n    url: https://www.regelstad.nl/a\n    can: [" can "]\n    identification: [digid]\n"
#define ONLINE_ID(can, id)                                                                                             \
	"  - type: online\n    url: https://www.regelstad.nl/a\n    can: [" can "]\n    identification: [" id "]\n"
#define ONLINE_NOID(can) "  - type: online\n    url: https://www.regelstad.nl/a\n    can: [" can "]\n"
#define ONLINE_ASSISTED(can)                                                                                           \
	"  - type: online\n    url: https://www.regelstad.nl/a\n    can: [" can "]\n    identification: [digid]\n"     \
	"    assisted: true\n"
#define APP(can)                                                                                                       \
	"  - type: app\n    url: https://www.regelstad.nl/app\n    can: [" can "]\n    identification: [digid]\n"
#define APP_NOID(can) "  - type: app\n    url: https://www.regelstad.nl/app\n    can: [" can "]\n"
#define APP_ID(can, id)                                                                                                \
	"  - type: app\n    url: https://www.regelstad.nl/app\n    can: [" can "]\n    identification: [" id "]\n"
#define COUNTER(can)            "  - type: counter\n    can: [" can "]\n"
#define COUNTER_UNASSISTED(can) "  - type: counter\n    can: [" can "]\n    assisted: false\n"
#define PHONE(can)              "  - type: phone\n    phone: \"14 0777\"\n    can: [" can "]\n"
#define PHONE_UNASSISTED(can)   "  - type: phone\n    phone: \"14 0777\"\n    can: [" can "]\n    assisted: false\n"
#define VIDEO(can)              "  - type: video\n    url: https://www.regelstad.nl/video\n    can: [" can "]\n"
#define HOME_VISIT(can)         "  - type: home-visit\n    can: [" can "]\n"
#define POST(can)               "  - type: post\n    can: [" can "]\n"
#define EMAIL(can)              "  - type: email\n    email: a@regelstad.nl\n    can: [" can "]\n"
#define EMAIL_ASSISTED(can)     "  - type: email\n    email: a@regelstad.nl\n    can: [" can "]\n    assisted: true\n"

/* ------------------------------------------------------------ the table */

#define SKIP_LEVEL (-1) /* the spec does not decide the level: assert only the gaps */
#define MAX_GAPS   8

struct gap_want {
	enum gap_kind kind;
	enum capability step;
};

struct level_case {
	const char *name;
	const char *yaml;
	int level; /* enum level, or SKIP_LEVEL */
	size_t ngaps;
	struct gap_want gaps[MAX_GAPS];
	int digital_only;
};

#define STEP(c)                                                                                                        \
	{                                                                                                              \
		GAP_STEP, (c)                                                                                          \
	}
#define PAPER                                                                                                          \
	{                                                                                                              \
		GAP_PAPER_EVIDENCE, CAP_PROVIDE_EVIDENCE                                                               \
	}
#define PRESENCE                                                                                                       \
	{                                                                                                              \
		GAP_PRESENCE, CAP_SUBMIT                                                                               \
	}
#define NO_DIGITAL                                                                                                     \
	{                                                                                                              \
		GAP_NO_DIGITAL_CHANNEL, CAP_SUBMIT                                                                     \
	}

static const struct level_case cases[] = {
        /* ---- fully online ---- */
        {"all steps online, paid, with evidence",
         HEAD PAID EVIDENCE CHANNELS ONLINE(ALL) COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"all steps in an app",
         HEAD PAID EVIDENCE CHANNELS APP(ALL) COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"online and app together cover every step",
         HEAD PAID EVIDENCE CHANNELS ONLINE("inform, identify, submit, provide-evidence")
                 APP("pay, receive-outcome, acknowledge") COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"three digital channels together cover every step",
         HEAD PAID CHANNELS ONLINE("identify, submit") APP("pay") ONLINE_NOID("receive-outcome, acknowledge")
                 PHONE("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"free: pay is not required",
         HEAD FREE CHANNELS ONLINE("identify, submit, receive-outcome, acknowledge") COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"no evidence: provide-evidence is not required",
         HEAD PAID CHANNELS ONLINE("identify, submit, pay, receive-outcome, acknowledge") COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"empty evidence list: provide-evidence is not required",
         HEAD PAID "evidence: []\n" CHANNELS ONLINE("identify, submit, pay, receive-outcome, acknowledge")
                 COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"identification [none] on the only digital channel: identify is not required",
         HEAD PAID CHANNELS ONLINE_ID("submit, pay, receive-outcome, acknowledge", "none") COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"identification [none] on every digital channel: identify is not required",
         HEAD PAID CHANNELS ONLINE_ID("submit, receive-outcome, acknowledge", "none") APP_ID("pay", "none")
                 COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"identification [none] on the digital channel; the counter identifies: identify is not required",
         HEAD PAID CHANNELS ONLINE_ID(
                 "submit, pay, receive-outcome, acknowledge",
                 "none") "  - type: counter\n    can: [identify, submit]\n    identification: [id-document]\n",
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"physical_presence not required",
         HEAD PAID PRESENCE_NOT_REQUIRED CHANNELS ONLINE(ALL) COUNTER("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},

        /* ---- partly online: each required step missing in turn ---- */
        {"identify missing",
         HEAD PAID EVIDENCE CHANNELS ONLINE("submit, provide-evidence, pay, receive-outcome, acknowledge")
                 COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_IDENTIFY)},
         0},
        /* Not decided by the spec: a digital channel that can do everything but submit is
         * neither "partly-online" ("some digital channel can submit") nor
         * "form-download-only" ("only inform or download-form"). See the report. */
        {"submit missing",
         HEAD PAID EVIDENCE CHANNELS ONLINE("identify, provide-evidence, pay, receive-outcome, acknowledge")
                 COUNTER("submit"),
         SKIP_LEVEL,
         1,
         {STEP(CAP_SUBMIT)},
         0},
        {"provide-evidence missing",
         HEAD PAID EVIDENCE CHANNELS ONLINE("identify, submit, pay, receive-outcome, acknowledge") COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_PROVIDE_EVIDENCE)},
         0},
        {"pay missing",
         HEAD PAID EVIDENCE CHANNELS ONLINE("identify, submit, provide-evidence, receive-outcome, acknowledge")
                 COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_PAY)},
         0},
        {"receive-outcome missing",
         HEAD PAID EVIDENCE CHANNELS ONLINE("identify, submit, provide-evidence, pay, acknowledge") COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_RECEIVE_OUTCOME)},
         0},
        {"acknowledge missing",
         HEAD PAID EVIDENCE CHANNELS ONLINE("identify, submit, provide-evidence, pay, receive-outcome")
                 COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_ACKNOWLEDGE)},
         0},
        {"several steps missing, in the spec's order",
         HEAD PAID EVIDENCE CHANNELS ONLINE_NOID("submit") COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         5,
         {STEP(CAP_IDENTIFY), STEP(CAP_PROVIDE_EVIDENCE), STEP(CAP_PAY), STEP(CAP_RECEIVE_OUTCOME),
          STEP(CAP_ACKNOWLEDGE)},
         0},
        {"a step only the counter can do does not count",
         HEAD PAID CHANNELS ONLINE("identify, submit, receive-outcome, acknowledge") COUNTER("submit, pay"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_PAY)},
         0},
        {"identify required: one digital channel lacks identification [none]",
         HEAD PAID CHANNELS ONLINE_ID("submit, pay, receive-outcome, acknowledge", "none") APP_NOID("pay")
                 COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_IDENTIFY)},
         0},
        {"identify required: identification [none, digid] is not only none",
         HEAD PAID CHANNELS ONLINE_ID("submit, pay, receive-outcome, acknowledge", "none, digid") COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {STEP(CAP_IDENTIFY)},
         0},

        /* ---- partly online: evidence and presence ---- */
        {"paper-only evidence",
         HEAD PAID EVIDENCE_PAPER CHANNELS ONLINE(ALL) COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {PAPER},
         0},
        {"paper-only evidence and no channel accepts evidence",
         HEAD PAID EVIDENCE_PAPER CHANNELS ONLINE("identify, submit, pay, receive-outcome, acknowledge")
                 COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         2,
         {STEP(CAP_PROVIDE_EVIDENCE), PAPER},
         0},
        {"justified presence",
         HEAD PAID PRESENCE_JUSTIFIED CHANNELS ONLINE(ALL) COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {PRESENCE},
         0},
        {"unjustified presence",
         HEAD PAID PRESENCE_UNJUSTIFIED CHANNELS ONLINE(ALL) COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         1,
         {PRESENCE},
         0},
        {"justified presence, paper evidence and a missing step",
         HEAD PAID EVIDENCE_PAPER PRESENCE_JUSTIFIED CHANNELS ONLINE(
                 "identify, submit, provide-evidence, receive-outcome, acknowledge") COUNTER("submit"),
         LEVEL_PARTLY_ONLINE,
         3,
         {STEP(CAP_PAY), PAPER, PRESENCE},
         0},

        /* ---- form download only ---- */
        {"only inform",
         HEAD FREE CHANNELS ONLINE_NOID("inform") COUNTER("submit"),
         LEVEL_FORM_DOWNLOAD_ONLY,
         4,
         {STEP(CAP_IDENTIFY), STEP(CAP_SUBMIT), STEP(CAP_RECEIVE_OUTCOME), STEP(CAP_ACKNOWLEDGE)},
         0},
        {"only download-form, paid",
         HEAD PAID CHANNELS ONLINE_NOID("download-form") COUNTER("submit"),
         LEVEL_FORM_DOWNLOAD_ONLY,
         5,
         {STEP(CAP_IDENTIFY), STEP(CAP_SUBMIT), STEP(CAP_PAY), STEP(CAP_RECEIVE_OUTCOME), STEP(CAP_ACKNOWLEDGE)},
         0},
        {"inform and download-form in two digital channels, with evidence",
         HEAD PAID EVIDENCE CHANNELS ONLINE_NOID("inform") APP_NOID("download-form") COUNTER("submit"),
         LEVEL_FORM_DOWNLOAD_ONLY,
         6,
         {STEP(CAP_IDENTIFY), STEP(CAP_SUBMIT), STEP(CAP_PROVIDE_EVIDENCE), STEP(CAP_PAY), STEP(CAP_RECEIVE_OUTCOME),
          STEP(CAP_ACKNOWLEDGE)},
         0},

        /* ---- offline ---- */
        {"no digital channel", HEAD PAID CHANNELS COUNTER(ALL) PHONE("inform"), LEVEL_OFFLINE, 1, {NO_DIGITAL}, 0},
        {"email and post are not digital channels",
         HEAD FREE CHANNELS EMAIL("submit, receive-outcome, acknowledge") POST("submit"),
         LEVEL_OFFLINE,
         1,
         {NO_DIGITAL},
         0},
        {"no digital channel, justified presence",
         HEAD PAID PRESENCE_JUSTIFIED CHANNELS COUNTER(ALL),
         LEVEL_OFFLINE,
         2,
         {NO_DIGITAL, PRESENCE},
         0},

        /* ---- digital_only: a digital channel, but no assisted channel can submit ---- */
        {"digital-only: only an online channel", HEAD PAID CHANNELS ONLINE(ALL), LEVEL_FULLY_ONLINE, 0, {{0}}, 1},
        {"digital-only: the counter cannot submit",
         HEAD PAID CHANNELS ONLINE(ALL) COUNTER("inform, pay"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         1},
        {"not digital-only: the counter can submit",
         HEAD PAID CHANNELS ONLINE(ALL) COUNTER("inform, submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"digital-only: a counter with assisted: false",
         HEAD PAID CHANNELS ONLINE(ALL) COUNTER_UNASSISTED("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         1},
        {"not digital-only: a phone (assisted by default) can submit",
         HEAD PAID CHANNELS ONLINE(ALL) PHONE("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"digital-only: a phone with assisted: false",
         HEAD PAID CHANNELS ONLINE(ALL) PHONE_UNASSISTED("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         1},
        {"not digital-only: video can submit",
         HEAD PAID CHANNELS ONLINE(ALL) VIDEO("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"not digital-only: a home visit can submit",
         HEAD PAID CHANNELS ONLINE(ALL) HOME_VISIT("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"digital-only: post is not assisted",
         HEAD PAID CHANNELS ONLINE(ALL) POST("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         1},
        {"digital-only: email is not assisted",
         HEAD PAID CHANNELS ONLINE(ALL) EMAIL("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         1},
        {"not digital-only: an email channel with assisted: true can submit",
         HEAD PAID CHANNELS ONLINE(ALL) EMAIL_ASSISTED("submit"),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"not digital-only: the online channel itself says assisted: true",
         HEAD PAID CHANNELS ONLINE_ASSISTED(ALL),
         LEVEL_FULLY_ONLINE,
         0,
         {{0}},
         0},
        {"not digital-only: no digital channel at all",
         HEAD PAID CHANNELS POST("submit"),
         LEVEL_OFFLINE,
         1,
         {NO_DIGITAL},
         0},
        {"digital-only: form download only and the counter only informs",
         HEAD FREE CHANNELS ONLINE_NOID("download-form") COUNTER("inform"),
         LEVEL_FORM_DOWNLOAD_ONLY,
         4,
         {STEP(CAP_IDENTIFY), STEP(CAP_SUBMIT), STEP(CAP_RECEIVE_OUTCOME), STEP(CAP_ACKNOWLEDGE)},
         1},
};

/* ------------------------------------------------------------ helpers */

struct built {
	struct doc doc;
	struct msgq q;
	struct service s;
};

static void build(struct built *b, const char *yaml)
{
	memset(b, 0, sizeof *b);
	enum load_result r = load_yaml_mem(&b->doc, "x.yaml", yaml, strlen(yaml), &load_default_limits, &b->q);
	if (r != LOAD_OK) {
		unit_dump(&b->q);
		fprintf(stderr, "%s", yaml);
	}
	assert_int_equal(r, LOAD_OK);
	assert_nmsgs(&b->q, 0);
	model_service(&b->s, b->doc.root, "x.yaml", NULL);
	model_digital_level(&b->s);
}

static void unbuild(struct built *b)
{
	model_service_free(&b->s);
	load_doc_free(&b->doc);
	msg_free(&b->q);
}

static const char *kind_name(enum gap_kind k)
{
	static const char *const names[GAP__MAX] = {"step", "paper-evidence", "presence", "no-digital-channel"};
	return (unsigned)k < GAP__MAX ? names[k] : "?";
}

static void dump_service(const struct level_case *c, const struct service *s)
{
	fprintf(stderr, "case '%s': level %s, digital_only %d, %zu gaps:\n", c->name, model_level_name(s->level),
	        s->digital_only, s->ngaps);
	for (size_t i = 0; i < s->ngaps; i++)
		fprintf(stderr, "  %s %s at %u:%u: %s\n", kind_name(s->gaps[i].kind),
		        model_capability_name(s->gaps[i].step), s->gaps[i].pos.line, s->gaps[i].pos.col,
		        s->gaps[i].reason);
}

/* ------------------------------------------------------------ the table test */

static void test_level_case(void **state)
{
	const struct level_case *c = *state;
	struct built b;
	build(&b, c->yaml);
	const struct service *s = &b.s;
	int ok = (c->level == SKIP_LEVEL || (int)s->level == c->level) && s->ngaps == c->ngaps &&
	         s->digital_only == c->digital_only;
	for (size_t i = 0; ok && i < c->ngaps; i++)
		ok = s->gaps[i].kind == c->gaps[i].kind &&
		     (c->gaps[i].kind != GAP_STEP && c->gaps[i].kind != GAP_PAPER_EVIDENCE
		              ? 1
		              : s->gaps[i].step == c->gaps[i].step);
	if (!ok) {
		dump_service(c, s);
		if (c->level != SKIP_LEVEL)
			fprintf(stderr, "  expected level %s\n", model_level_name((enum level)c->level));
	}
	if (c->level != SKIP_LEVEL)
		assert_string_equal(model_level_name(s->level), model_level_name((enum level)c->level));
	assert_int_equal(s->ngaps, c->ngaps);
	for (size_t i = 0; i < c->ngaps; i++) {
		assert_string_equal(kind_name(s->gaps[i].kind), kind_name(c->gaps[i].kind));
		if (c->gaps[i].kind == GAP_STEP || c->gaps[i].kind == GAP_PAPER_EVIDENCE)
			assert_string_equal(model_capability_name(s->gaps[i].step),
			                    model_capability_name(c->gaps[i].step));
		assert_non_null(s->gaps[i].reason);
		assert_true(s->gaps[i].pos.line > 0);
	}
	/* Every level below fully-online carries what is missing, and only those. */
	assert_true((s->level == LEVEL_FULLY_ONLINE) == (s->ngaps == 0));
	assert_int_equal(s->digital_only, c->digital_only);
	unbuild(&b);
}

/* ------------------------------------------------------------ reasons and positions */

/* A gap's reason starts with the step it names, and is blamed on a value of the file. */
static void test_gap_reasons_and_positions(void **state)
{
	(void)state;
	struct built b;
	build(&b, HEAD PAID EVIDENCE_PAPER PRESENCE_JUSTIFIED CHANNELS ONLINE_NOID("submit") COUNTER("submit"));
	const struct service *s = &b.s;
	/* identify, provide-evidence, pay, receive-outcome, acknowledge, paper, presence */
	if (s->ngaps != 7)
		dump_service(&(struct level_case){"reasons", NULL, 0, 0, {{0}}, 0}, s);
	assert_int_equal(s->ngaps, 7);
	assert_int_equal(s->level, LEVEL_PARTLY_ONLINE);
	static const char *const prefix[] = {
	        "identify: ",         "provide-evidence: ",      "pay: ", "receive-outcome: ", "acknowledge: ",
	        "provide-evidence: ", "visit in person required"};
	for (size_t i = 0; i < 7; i++)
		assert_true(!strncmp(s->gaps[i].reason, prefix[i], strlen(prefix[i])));
	assert_string_equal(s->gaps[2].reason, "pay: costs of EUR 35.00 but no digital channel can pay");
	assert_string_equal(s->gaps[5].reason, "provide-evidence: 'Pasfoto' only on paper or in person");
	assert_string_equal(s->gaps[6].reason, "visit in person required (fraud-prevention)");
	/* Lines of HEAD PAID EVIDENCE_PAPER PRESENCE_JUSTIFIED CHANNELS: steps are blamed
	 * on the channels (line 21, the first item), the paper evidence on its item (line 13),
	 * the presence on the physical_presence mapping (line 16, its first field). */
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(s->gaps[i].pos.line, 21);
		assert_string_equal(s->gaps[i].pos.file, "x.yaml");
	}
	assert_int_equal(s->gaps[5].pos.line, 13);
	assert_int_equal(s->gaps[6].pos.line, 16);
	unbuild(&b);

	build(&b, HEAD PAID PRESENCE_UNJUSTIFIED CHANNELS COUNTER("submit"));
	assert_int_equal(b.s.level, LEVEL_OFFLINE);
	assert_int_equal(b.s.ngaps, 2);
	assert_true(!strncmp(b.s.gaps[0].reason, "no digital channel", 18));
	assert_string_equal(b.s.gaps[1].reason, "visit in person required (no justification given)");
	unbuild(&b);
}

/* The pay reason sums every cost item. */
/* Cost items are separate prices, never added up (spec, costs): the reason gives the
 * range from the lowest to the highest item, in any order of the items; one amount when
 * they are all the same; none when they mix currencies. */
static void test_pay_reason_is_a_range(void **state)
{
	(void)state;
	static const struct {
		const char *items, *reason;
	} pays[] = {
	        {"    - description: A\n      amount: 84.10\n    - description: B\n      amount: 58.65\n"
	         "    - description: C\n      amount: 310\n",
	         "pay: costs of EUR 58.65 to EUR 310.00 but no digital channel can pay"},
	        {"    - description: A\n      amount: 25\n    - description: B\n      amount: 25.00\n",
	         "pay: costs of EUR 25.00 but no digital channel can pay"},
	        {"    - description: A\n      amount: 0\n    - description: B\n      amount: 12.5\n      currency: "
	         "EUR\n",
	         "pay: costs of EUR 0.00 to EUR 12.50 but no digital channel can pay"},
	        {"    - description: A\n      amount: 10\n    - description: B\n      amount: 12.5\n      currency: "
	         "GBP\n",
	         "pay: there are costs but no digital channel can pay"},
	};
	for (size_t i = 0; i < sizeof pays / sizeof *pays; i++) {
		char yaml[2048];
		snprintf(yaml, sizeof yaml, "%scosts:\n  items:\n%s  payment_methods: [online]\n%s%s%s", HEAD,
		         pays[i].items, CHANNELS, ONLINE("identify, submit, receive-outcome, acknowledge"),
		         COUNTER("submit"));
		struct built b;
		build(&b, yaml);
		assert_int_equal(b.s.ngaps, 1);
		assert_string_equal(b.s.gaps[0].reason, pays[i].reason);
		unbuild(&b);
	}
}

/* The level comes from the channels, never from a self-declared flag. */
static void test_level_is_from_channels_not_a_flag(void **state)
{
	(void)state;
	struct built b;
	build(&b, HEAD FREE CHANNELS COUNTER("submit"));
	assert_int_equal(b.s.level, LEVEL_OFFLINE);
	assert_int_equal(b.s.nchannels, 1);
	assert_int_equal(b.s.channels[0].type, CH_COUNTER);
	assert_true(b.s.channels[0].assisted);
	assert_false(model_channel_is_digital(CH_EMAIL));
	assert_false(model_channel_is_digital(CH_VIDEO));
	assert_true(model_channel_is_digital(CH_ONLINE));
	assert_true(model_channel_is_digital(CH_APP));
	unbuild(&b);
}

int main(void)
{
	size_t n = sizeof cases / sizeof *cases;
	struct CMUnitTest *tests = calloc(n + 3, sizeof *tests);
	assert_non_null(tests);
	for (size_t i = 0; i < n; i++)
		tests[i] = (struct CMUnitTest){cases[i].name, test_level_case, NULL, NULL, (void *)&cases[i]};
	tests[n] = (struct CMUnitTest)cmocka_unit_test(test_gap_reasons_and_positions);
	tests[n + 1] = (struct CMUnitTest)cmocka_unit_test(test_pay_reason_is_a_range);
	tests[n + 2] = (struct CMUnitTest)cmocka_unit_test(test_level_is_from_channels_not_a_flag);
	int failed = _cmocka_run_group_tests("digital level", tests, n + 3, NULL, NULL);
	free(tests);
	return failed;
}
