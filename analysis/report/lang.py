"""The report's language: English ("en") or Dutch ("nl"). Chosen once per report (--lang, else the
configuration's [report] lang, else English); every piece of text is written in both languages where
it is made, as L("English", "Nederlands"), so that a sentence and its translation stay together."""
LANGUAGES = ("en", "nl")
_current = ["en"]


def set_language(code):
    if code not in LANGUAGES:
        raise ValueError(f"language {code!r}: expected one of {', '.join(LANGUAGES)}")
    _current[0] = code


def language():
    return _current[0]


def dutch():
    return _current[0] == "nl"


def L(en, nl):  # noqa: N802 - short on purpose: it wraps every sentence of the report
    """The text in the report's language."""
    return nl if _current[0] == "nl" else en


def choose(results, requested=None):
    """The report's language: `requested` (--lang), else [report] lang of the file's configuration, else English."""
    if requested:
        return requested
    cfg = results.config()
    table = cfg.get("report") if isinstance(cfg.get("report"), dict) else {}
    value = table.get("lang")
    return value if value in LANGUAGES else "en"
