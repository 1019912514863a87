"""List the admin strings that still show in English for zh-hans.

Wagtail's zh_Hans catalogues cover only part of its strings; the rest are
translated in locale/zh_Hans. After a Wagtail or allauth upgrade run

    .venv/bin/python manage.py compilemessages --ignore=.venv
    .venv/bin/python scripts/missing_translations.py          # counts
    .venv/bin/python scripts/missing_translations.py --po     # entries to add

and translate what `--po` prints into locale/zh_Hans/LC_MESSAGES/<domain>.po.
Each app's English catalogue (locale/en) lists every string it uses; a string
is missing when the catalogue Django builds at run time (app catalogues plus
LOCALE_PATHS, exactly what a request sees) has no entry for it.
"""

import argparse
import ast
import os
import re
import sys
from pathlib import Path

LANGUAGE = "zh-hans"
# Django's JavaScriptCatalog for the admin reads only these packages.
JS_PACKAGES = ["wagtail.admin"]
ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural) ((?:".*"\s*)+)', re.M)


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file as {msgctxt, msgid, msgid_plural, reference}."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        entry = {
            key: "".join(ast.literal_eval(part) for part in re.findall(r'".*"', value))
            for key, value in ENTRY.findall(block)
        }
        if entry.get("msgid"):
            refs = re.findall(r"^#: (.*)$", block, re.M)
            entry["reference"] = refs[0].split()[0] if refs else ""
            entry["flags"] = re.findall(r"^#, (.*)$", block, re.M)
            entries.append(entry)
    return entries


def catalog_key(entry: dict):
    msgid = entry["msgid"]
    if "msgctxt" in entry:
        msgid = f"{entry['msgctxt']}\x04{msgid}"
    return (msgid, 0) if "msgid_plural" in entry else msgid


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def find_missing(language: str = LANGUAGE) -> dict[tuple[str, str], tuple[list, list]]:
    """{(app name, domain): (all entries, missing entries)} for every installed app.

    Needs Django set up; reads the catalogues a request would use.
    """
    from django.apps import apps
    from django.utils.translation.trans_real import DjangoTranslation, translation

    js_dirs = [Path(c.path) / "locale" for c in apps.get_app_configs() if c.name in JS_PACKAGES]
    catalogs = {
        "django": translation(language)._catalog,
        "djangojs": DjangoTranslation(language, domain="djangojs", localedirs=js_dirs)._catalog,
    }
    found = {}
    for config in apps.get_app_configs():
        for domain, catalog in catalogs.items():
            source = Path(config.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if not source.exists() or (domain == "djangojs" and config.name not in JS_PACKAGES):
                continue
            entries = read_po(source)
            found[config.name, domain] = (
                entries,
                [e for e in entries if catalog_key(e) not in catalog],
            )
    return found


def print_po(app: str, entries: list[dict]) -> None:
    for e in entries:
        print(f"#: {app}:{e['reference']}")
        if e["flags"]:
            print(f"#, {', '.join(e['flags'])}")
        if "msgctxt" in e:
            print(f"msgctxt {quote(e['msgctxt'])}")
        print(f"msgid {quote(e['msgid'])}")
        if "msgid_plural" in e:
            print(f"msgid_plural {quote(e['msgid_plural'])}")
            print('msgstr[0] ""\n')
        else:
            print('msgstr ""\n')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--po", action="store_true", help="print missing entries as .po")
    parser.add_argument("apps", nargs="*", help="app names to check (default: all)")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
    import django

    django.setup()
    total = 0
    for (app, domain), (entries, missing) in find_missing().items():
        if args.apps and app not in args.apps:
            continue
        total += len(missing)
        if args.po:
            print_po(app, missing)
        else:
            print(f"{app:32} {domain:9} {len(missing):4} missing of {len(entries)}")
    if not args.po:
        print(f"{'total':42} {total:4} missing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
