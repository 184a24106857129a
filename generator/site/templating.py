"""The page templates' Jinja environment (``themes/pages``, a project's own first) and the
filters and globals it gives them: Chinese dates, ``tel:`` links of the telephone numbers
in a clerk's text, percentages, the timeline's step labels."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from generator.messages import site as words
from generator.model.cases import StepState
from generator.model.chinese_dates import chinese_date, chinese_datetime, chinese_weekday
from generator.site.mkdocs_config import REPO_THEMES

STEP_STATE_LABEL = {
    StepState.DONE: words.STATE_DONE,
    StepState.CURRENT: words.STATE_CURRENT,
    StepState.TODO: words.STATE_TODO,
    StepState.SKIPPED: words.STATE_SKIPPED,
}


def cn_date(value: dt.date | None) -> str:
    """The ``date`` filter: 2026年3月10日, or nothing for no date."""
    return chinese_date(value) if value is not None else ""


def cn_datetime(value: dt.datetime | None) -> str:
    """The ``datetime`` filter: 2026年3月10日（星期二）19:00, or nothing."""
    return chinese_datetime(value) if value is not None else ""


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# Telephone numbers inside free text such as "0931-8612301（社区居委会办公室）".
# Full-width digits and punctuation are folded first; a number never touches another
# digit, so dates, times and counts are not taken for one.
_FOLD = str.maketrans(words.FULLWIDTH_PHONE_CHARACTERS, "0123456789-() ")
_SEP = r"[- ]?"
PHONE = re.compile(
    r"(?<![\d.:-])(?P<number>"
    r"(?:\(0\d{2,3}\) ?|0\d{2,3}" + _SEP + r")[2-9]\d{6,7}"  # landline with area code
    r"|[48]00" + _SEP + r"\d{3}" + _SEP + r"\d{4}"  # 400 / 800 hotlines
    r"|1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}"  # mobile
    r"|12\d{3}|11[09]|12[02]|96\d{3,4}"  # 12345, 12315, 110, 119, 120, 122, 96xxx
    r"|(?!(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b)[2-9]\d{6,7}"  # local, not a date
    r")(?:(?:" + "|".join(words.PHONE_EXTENSION_WORDS) + r"|-)(?P<ext>\d{1,5}))?(?![\d.:-]?\d)",
    re.ASCII,
)


def tel_href(number: str, extension: str | None = None) -> str:
    """``tel:`` address of a number as written: digits only, an extension after a pause."""
    digits = "".join(ch for ch in number.translate(_FOLD) if ch.isdigit())
    return f"tel:{digits}" + (f",{extension}" if extension else "")


def phone_links(text: str | None) -> Markup:
    """Escaped ``text`` with each telephone number in it as a ``tel:`` link (none invented)."""
    if not text:
        return Markup("")
    folded = text.translate(_FOLD)  # same length: positions match ``text``
    out: list[str] = []
    last = 0
    for match in PHONE.finditer(folded):
        start, end = match.span()
        href = tel_href(match["number"], match["ext"])
        out.append(escape(text[last:start]))
        out.append(f'<a class="nb-tel" href="{href}">{escape(text[start:end])}</a>')
        last = end
    out.append(escape(text[last:]))
    return Markup("".join(out))


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process (keyed by name and source, so an edited
    template compiles again): ``serve`` makes its environments anew for every rebuild."""

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def template_env(project_root: Path) -> jinja2.Environment:
    """Jinja environment over ``themes/pages``: the project's folder first, then ours."""
    folders = [project_root / "themes" / "pages", REPO_THEMES / "pages"]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(f)) for f in folders if f.is_dir()]
        ),
        bytecode_cache=COMPILED,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        # An environment lives for one build (``serve`` makes a new one for each): a
        # template asked for again is not looked at on disk again (a ``stat`` of its
        # file for each of 10,000 cases).
        auto_reload=False,
    )
    # tojson (JSON-LD): Chinese as itself, not \uXXXX (a third of the bytes); < > & ' are
    # still escaped, so the JSON cannot end its <script> element.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.filters.update(
        date=cn_date, datetime=cn_datetime, weekday=chinese_weekday, quote=quote, tel=phone_links
    )
    env.globals.update(percent=percent, STEP_STATE_LABEL=STEP_STATE_LABEL)
    return env
