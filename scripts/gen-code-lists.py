#!/usr/bin/env python3
"""Writes api/data/countries.json and api/data/languages.json: ISO 3166-1
countries and ISO 639 languages with their names in the SPA's languages,
from Debian's iso-codes package (apt-get install iso-codes), which carries
the translations of the Debian iso-codes project.

Run by hand when adding a language: python3 scripts/gen-code-lists.py
"""
import gettext
import json
import pathlib

LANGS = ["en", "sl", "ar", "uk", "fa"]
ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = pathlib.Path("/usr/share/iso-codes/json")

# Languages offered for participants' language skills: every ISO 639-1
# language, plus ISO 639-3 languages that refugees in Europe often speak and
# that have no two-letter code.
EXTRA_639_3 = ["prs", "ckb", "kmr", "tir", "aii", "apc", "arz", "ary", "bcc", "hbs", "rom", "ful", "mnk", "wol", "dyu", "kri"]


# Names that iso-codes leaves untranslated (it falls back to English) for
# languages refugees in Europe often speak; only used where it has none.
LANGUAGE_OVERRIDES = {
    "prs": {"ar": "الدارية", "fa": "دری", "uk": "дарі", "sl": "darijščina"},
    "ps": {"ar": "البشتوية", "fa": "پشتو", "uk": "пушту", "sl": "paštu"},
    "ti": {"ar": "التغرينية", "fa": "تیگرینیا", "uk": "тигринья", "sl": "tigrinjščina"},
    "uk": {"ar": "الأوكرانية", "fa": "اوکراینی", "sl": "ukrajinščina"},
    "ckb": {"ar": "الكردية السورانية", "fa": "کردی سورانی", "uk": "сорані", "sl": "soranščina"},
    "kmr": {"ar": "الكردية الكرمانجية", "fa": "کردی کرمانجی", "uk": "курманджі", "sl": "kurmandžščina"},
    "ku": {"ar": "الكردية", "fa": "کردی", "uk": "курдська", "sl": "kurdščina"},
    "so": {"ar": "الصومالية", "fa": "سومالیایی", "uk": "сомалі", "sl": "somalščina"},
    "am": {"ar": "الأمهرية", "fa": "امهری", "uk": "амхарська", "sl": "amharščina"},
    "ur": {"ar": "الأردية", "fa": "اردو", "uk": "урду", "sl": "urdujščina"},
    "ru": {"ar": "الروسية", "fa": "روسی"},
    "en": {"ar": "الإنجليزية", "fa": "انگلیسی"},
    "fr": {"ar": "الفرنسية", "fa": "فرانسوی"},
    "de": {"ar": "الألمانية", "fa": "آلمانی"},
    "tr": {"ar": "التركية", "fa": "ترکی"},
    "sl": {"ar": "السلوفينية", "fa": "اسلوونیایی"},
    "bs": {"ar": "البوسنية", "fa": "بوسنیایی"},
    "sr": {"ar": "الصربية", "fa": "صربی"},
    "hr": {"ar": "الكرواتية", "fa": "کرواتی"},
    "sq": {"ar": "الألبانية", "fa": "آلبانیایی"},
    "ro": {"ar": "الرومانية", "fa": "رومانیایی"},
    "it": {"ar": "الإيطالية", "fa": "ایتالیایی"},
    "es": {"ar": "الإسبانية", "fa": "اسپانیایی"},
    "fa": {"ar": "الفارسية", "uk": "перська"},
    "ar": {"fa": "عربی"},
}


def translator(domain, lang):
    if lang == "en":
        return lambda s: s
    t = gettext.translation(domain, localedir="/usr/share/locale", languages=[lang], fallback=True)
    return t.gettext


def countries():
    data = json.loads((SRC / "iso_3166-1.json").read_text())["3166-1"]
    out = {}
    for lang in LANGS:
        tr = translator("iso_3166-1", lang)
        for c in data:
            name = c.get("common_name") if lang == "en" and "common_name" in c else c["name"]
            out.setdefault(c["alpha_2"], {})[lang] = tr(name) if lang != "en" else name
    return dict(sorted(out.items()))


def languages():
    data = json.loads((SRC / "iso_639-3.json").read_text())["639-3"]
    out = {}
    for lang in LANGS:
        tr = translator("iso_639-3", lang)
        for entry in data:
            code = entry.get("alpha_2") or (entry["alpha_3"] if entry["alpha_3"] in EXTRA_639_3 else None)
            if not code or entry.get("type") not in ("L", None) and code not in EXTRA_639_3:
                continue
            name = tr(entry["name"])
            if lang != "en" and name == entry["name"] and lang in LANGUAGE_OVERRIDES.get(code, {}):
                name = LANGUAGE_OVERRIDES[code][lang]
            out.setdefault(code, {})[lang] = name
    return dict(sorted(out.items()))


for name, data in [("countries", countries()), ("languages", languages())]:
    path = ROOT / "api" / "data" / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    print(f"{path}: {len(data)} entries")
