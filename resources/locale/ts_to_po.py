"""One-off: convert the Qt Linguist files ``resources/i18n/*_en.ts`` into the gettext
catalog ``resources/locale/en/LC_MESSAGES/antrean.po`` (kept for the record; the .ts files
are gone after it ran).

Each Indonesian source becomes a plain msgid with its English; a source that two contexts
translate differently becomes one ``msgctxt "<Class>"`` entry per context and no plain entry
(PySide's ``self.tr()`` asks under each class of the instance's MRO in turn, so a plain entry
would answer for a subclass before the class that holds the text is asked).
``contexts.json`` records which window area each context (class) belongs to. Afterwards
every (context, source) pair of the .ts files is looked up through the compiled catalog the
way the Qt bridge does, and the count of pairs that give back their .ts English is printed:
it must equal the count read.
"""

from __future__ import annotations

import gettext
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "i18n"
LOCALE = ROOT / "resources" / "locale"


def main(argv: list[str]) -> int:
    """``ts_to_po.py [FOLDER]``: the .ts files of FOLDER (default ``resources/i18n``; after
    their removal, ``git show <commit>:resources/i18n/<area>_en.ts`` into a folder)."""
    ts_dir = Path(argv[0]) if argv else TS_DIR
    pairs: list[tuple[str, str, str, str]] = []  # (area, context, source, english)
    assert list(ts_dir.glob("*_en.ts")), f"no .ts files in {ts_dir}"
    for ts in sorted(ts_dir.glob("*_en.ts")):
        area = ts.stem.rsplit("_", 1)[0]
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                english = message.findtext("translation") or ""
                assert english, (ts.name, name, message.findtext("source"))
                pairs.append((area, name, message.findtext("source") or "", english))
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    for _area, _context, source, english in pairs:
        by_source[source][english] += 1
    catalog = Catalog(locale="en", domain="antrean", project="Antrean", charset="utf-8")
    for source, counts in by_source.items():
        if len(counts) == 1:
            catalog.add(source, next(iter(counts)))
    for _area, context, source, english in pairs:
        if len(by_source[source]) > 1:
            catalog.add(source, english, context=context)
    folder = LOCALE / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "antrean.po", "wb") as f:
        write_po(f, catalog, width=100, sort_output=True)
    with open(folder / "antrean.mo", "wb") as f:
        write_mo(f, catalog)
    contexts = {context: area for area, context, _s, _e in pairs}
    (LOCALE / "contexts.json").write_text(
        json.dumps(dict(sorted(contexts.items())), indent=1) + "\n", encoding="utf-8"
    )
    with open(folder / "antrean.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    same = 0
    for _area, context, source, english in pairs:
        found = compiled.pgettext(context, source)
        if found == source:
            found = compiled.gettext(source)
        same += found == english
    entries = sum(1 for m in catalog if m.id)
    print(
        f"{len(pairs)} .ts messages read; {entries} catalog entries; {same} give back their English"
    )
    return 0 if same == len(pairs) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
