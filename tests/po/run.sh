#!/bin/sh
# tests/po/run.sh: loket's translations (GNU gettext).
#   run.sh update SOURCES...  refresh compiler/po/loket.pot from the sources and merge it
#                             into every compiler/po/LANG.po (make po-update)
#   run.sh check SOURCES...   fail when a message of the sources has no translation, or a
#                             fuzzy one, in a LANG.po, or when loket.pot is out of date (make test-po)
# The messages are the msg.def rows (CODE: title and explanation; MSG: text and hint) and
# the strings in _(), N_() and i18n_ngettext() of the C files. xgettext reads one argument
# of a macro per pass, so msg.def is read twice (arguments 3, then 4) into one template.
set -eu
mode=$1
shift
cd "$(dirname "$0")/../.."
po=compiler/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for t in xgettext msgmerge msgcmp msgfmt; do
	command -v $t >/dev/null || { echo "po: '$t' is missing: install the Debian package gettext (make deps)"; exit 1; }
done

pot=$tmp/loket.pot
common="--from-code=UTF-8 --add-location=file --sort-output --package-name=loket --msgid-bugs-address=loket@example.invalid"
xgettext -L C $common -k -k_ -kN_ -ki18n_ngettext:1,2 -kdie --flag=die:1:c-format -kCODE:3 -kMSG:3 -kWORD:2 --flag=MSG:3:c-format \
	-o "$pot" "$@"
xgettext -L C $common -j -k -kCODE:4 -kMSG:4 --flag=MSG:4:c-format -o "$pot" compiler/msg.def
# The reasons of bad(): a schema keyword's (schema.c, argument 4) and a vocabulary's (vocab.c, 3).
xgettext -L C $common -j -k -kbad:4 -o "$pot" compiler/schema.c
xgettext -L C $common -j -k -kbad:3 -o "$pot" compiler/vocab.c
# The hints of the standard (x-hint in schemas/): one line each, in quotes.
python3 - "$tmp/xhint.pot" schemas/*/*.schema.yaml <<'PY'
import json, re, sys
out = open(sys.argv[1], "w")
out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
for path in sys.argv[2:]:
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        m = re.match(r"\s*x-hint:\s*(.*?)\s*$", line)
        if not m:
            continue
        v = m.group(1)
        if v.startswith('"') and v.endswith('"') and len(v) > 1:
            text = json.loads(v)
        elif v.startswith("'") and v.endswith("'") and len(v) > 1:
            text = v[1:-1].replace("''", "'")
        else:
            sys.exit("po: %s:%d: write the x-hint on one line, in quotes, so it can be translated" % (path, n))
        out.write("\n#: %s\nmsgid %s\nmsgstr \"\"\n" % (path, json.dumps(text, ensure_ascii=False)))
PY
xgettext -L PO $common -j -o "$pot" "$tmp/xhint.pot"
# The creation date would change the template at every run: it is not written.
sed -i '/^"POT-Creation-Date:/d' "$pot"

case $mode in
update)
	if cmp -s "$pot" $po/loket.pot; then
		echo "po: $po/loket.pot is up to date"
	else
		cp "$pot" $po/loket.pot
		echo "po: $po/loket.pot updated"
	fi
	for f in $po/*.po; do
		msgmerge --quiet --update --backup=none --add-location=file --sort-output "$f" $po/loket.pot
		printf 'po: %s: ' "$f"
		msgfmt --check --statistics -o /dev/null "$f"
	done
	echo "po: now translate the untranslated and fuzzy entries (remove the '#, fuzzy' line once checked), then: make test-po"
	;;
check)
	status=0
	if ! cmp -s "$pot" $po/loket.pot; then
		echo "po: FAIL: $po/loket.pot is out of date with the sources; run: make po-update"
		diff -u $po/loket.pot "$pot" | grep '^[-+]msgid' | head -20 || true
		status=1
	fi
	for f in $po/*.po; do
		printf 'po: %s: ' "$f"
		msgfmt --check --statistics -o /dev/null "$f" 2>&1
		stats=$(msgfmt --statistics -o /dev/null "$f" 2>&1)
		case $stats in *untranslated* | *fuzzy*)
			echo "po: FAIL: $f has untranslated or fuzzy messages: translate them (make po-update marks them)"
			status=1 ;;
		esac
		# Every message of the sources must be translated there (not fuzzy, not missing).
		if ! msgcmp "$f" "$pot" >/dev/null 2>&1; then
			echo "po: FAIL: $f lacks a translation of these messages of the sources; run make po-update, then translate them:"
			msgmerge --quiet --no-wrap "$f" "$pot" -o "$tmp/merged.po"
			{ msgattrib --no-wrap --untranslated "$tmp/merged.po"; msgattrib --no-wrap --only-fuzzy "$tmp/merged.po"; } |
				grep '^msgid "..*"' | sort -u | sed 's/^/    /' | head -40
			status=1
		fi
	done
	[ $status = 0 ] && echo "po: every message translated, none fuzzy"
	exit $status
	;;
*)
	echo "usage: run.sh update|check SOURCES..." >&2
	exit 2
	;;
esac
