"""Property: no text field can carry markup or a personal number into any output.

Hypothesis writes a value into one text field of a valid case or community.yml
(title, place, host, a name, a note, the summary, the body, a community's contact,
board or description), sometimes as YAML ``\\uXXXX`` escapes. The value is either
hostile (a mobile or ID number typed the way people type them, or markup an attacker
would try) or arbitrary text full of ``< > & " '`` and digits.

- A hostile value is always refused by the checker (the oracle is what was injected,
  not the checker's own patterns).
- Whatever the checker accepts is published safely in every output format: the HTML
  pages carry no script, event handler, ``javascript:`` link or remote image; the JSON
  files hold no raw ``<``; the Atom feeds are well-formed XML; the calendars parse to
  one event per meeting; no CSV cell starts a formula; no output holds a personal number.

Deterministic (``derandomize=True``): the same examples on every run and machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import icalendar
from conftest import BASE, CASE_FILES, TINY_JPEG
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.check.project import analyse_config
from generator.check.rules.personal import find_personal_numbers
from generator.outputs import after_build as outputs
from generator.site.pages import plan_site
from generator.source.settings import load_config

TODAY = dt.date(2026, 11, 22)
CASE_FIELDS = {
    "title": "title: 关于3号楼加装电梯的协商",
    "place": "  place: 社区议事厅",
    "host": "  host: 王主任",
    "name": "    name: 王主任",
    "note": "    note: 完成设计方案。",
    "summary": "  summary: 同意加装电梯，费用按楼层分摊。",
    "by": "  by: 3号楼居民联名",
    "reply": "    reply: 同意办理加装电梯审批。",
}
COMMUNITY_FIELDS = {
    "contact": "contact: 0571-88880000",
    "board": "board: 社区服务中心门口公开栏",
    "description": "description: 西关社区位于大城街道中部。",
}
FIELDS = [*CASE_FIELDS, *COMMUNITY_FIELDS, "body"]

SEPARATORS = [" ", "-", ".", "\u00a0", "\u3000", "\u2009", "\u200b", "\u2014", "\uff0d", " - "]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

ATTACKS = [
    "<img src=x onerror=alert(1)>",
    '<img src="x>" onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "<script>alert(1)</script>",
    "<iframe src=//evil.example></iframe>",
    "[点我](javascript:alert(1))",
    '<a href="jav&#x61;script:alert(1)">点我</a>',
    "<body onpageshow=alert(1)>",
    "![](https://tracker.example/p.png)",
    '<img alt="a>" src="//tracker.example/p.gif">',
    "[x](data:text/html,<script>alert(1)</script>)",
    "<object data=x.swf></object>",
]
CHINESE = "关于加装电梯的协商社区居民议事会同意费用分摊王主任号楼"


@st.composite
def typed_number(draw: st.DrawFn) -> tuple[str, str]:
    """(digits, as typed): a mobile or ID number grouped, separated and maybe full-width."""
    if draw(st.booleans()):
        digits = (
            "1"
            + draw(st.sampled_from("3456789"))
            + draw(st.text("0123456789", min_size=9, max_size=9))
        )
    else:
        body = draw(st.text("0123456789", min_size=17, max_size=17))
        check = "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]
        digits = body + check
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=4)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    typed = ""
    for i, group in enumerate(groups):
        if i:
            typed += draw(st.sampled_from(SEPARATORS))
        typed += group.translate(FULL_WIDTH) if draw(st.booleans()) else group
    if len(digits) == 11 and draw(st.booleans()):
        typed = draw(st.sampled_from(["+86 ", "+86-", "tel:", "tel:+86"])) + typed
    return digits, typed


def _surround(draw: st.DrawFn, core: str) -> str:
    before = draw(st.text(CHINESE, max_size=6))
    after = draw(st.text(CHINESE, max_size=6))
    return f"{before}{core}{after}"


@st.composite
def hostile_value(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        _digits, typed = draw(typed_number())
        return _surround(draw, typed)
    return _surround(draw, draw(st.sampled_from(ATTACKS)))


benign_value = st.text(
    alphabet=st.sampled_from(list(CHINESE + "<>&\"'=/:;!()[]#*_ abcxyz0123456789")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")


class _Project:
    """One temporary project, rewritten for each example."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="nb-property-")) / "project"
        shutil.copytree(BASE, self.root)
        self.case_text = (BASE / "content/xiguan/2026-01.md").read_text(encoding="utf-8")
        self.community_text = (BASE / "content/xiguan/community.yml").read_text(encoding="utf-8")
        folder = self.root / "content/xiguan/2026-01"
        folder.mkdir(exist_ok=True)
        for name in CASE_FILES:
            (folder / name).write_bytes(TINY_JPEG)

    def write(self, field: str, value: str, escaped: bool) -> None:
        case, community = self.case_text, self.community_text
        quoted = json.dumps(value, ensure_ascii=escaped)  # a valid YAML double-quoted scalar
        if field == "body":
            case = case + "\n" + value + "\n"
        elif field in CASE_FIELDS:
            line = CASE_FIELDS[field]
            key = line.split(":")[0]
            case = case.replace(line, f"{key}: {quoted}")
        else:
            line = COMMUNITY_FIELDS[field]
            community = community.replace(line, f"{field}: {quoted}")
        (self.root / "content/xiguan/2026-01.md").write_text(case, encoding="utf-8")
        (self.root / "content/xiguan/community.yml").write_text(community, encoding="utf-8")

    def analyse(self):  # -> Analysis
        return analyse_config(load_config(self.root), TODAY)


_project: _Project | None = None


def project() -> _Project:
    global _project
    if _project is None:
        _project = _Project()
    return _project


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A case's meeting as JSON-LD (generator/outputs/jsonld.py): a data block, never run; what
        # it holds cannot end it early (anything after a stray </script> is parsed here).
        if tag == "script" and attrs == [("type", "application/ld+json")]:
            return
        if tag in ("script", "iframe", "object", "embed", "body", "base", "meta"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src") and value.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"{tag} {name}={value}")
            if tag == "img" and name == "src" and value.startswith(("http:", "https:", "//")):
                self.problems.append(f"remote image {value}")


def _outputs(analysis) -> dict[str, str]:  # name -> text
    texts: dict[str, str] = {}
    for page in plan_site(analysis).pages:
        texts[f"page:{page.url}"] = page.html
    with tempfile.TemporaryDirectory() as folder:
        for path in outputs.write_outputs(analysis, Path(folder)):
            texts[path.relative_to(folder).as_posix()] = path.read_text(encoding="utf-8-sig")
    return texts


def _assert_published_safely(analysis) -> None:
    texts = _outputs(analysis)
    meetings = sum(1 for c in analysis.cases if c.meeting is not None)
    for name, text in texts.items():
        assert find_personal_numbers(text) == [], name
        if name.startswith("page:"):
            parser = _Tags()
            parser.feed(text)
            assert parser.problems == [], (name, parser.problems)
        elif name.endswith(".json"):
            assert "<" not in text and ">" not in text, name
            json.loads(text)
        elif name.endswith(".xml"):
            ET.fromstring(text.encode("utf-8"))
        elif name.endswith(".ics"):
            events = icalendar.Calendar.from_ical(text).walk("VEVENT")
            if name == "calendar.ics":
                assert len(events) == meetings, name
        elif name.endswith(".csv"):
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@")), (name, cell)


SETTINGS = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    # Each example analyses and renders a whole project (~0.5 s): report the first
    # failing example as found instead of spending minutes shrinking it.
    phases=[Phase.explicit, Phase.generate],
)


@settings(SETTINGS, max_examples=60)
@given(field=st.sampled_from(FIELDS), value=hostile_value(), escaped=st.booleans())
def test_a_hostile_value_in_any_text_field_is_refused(
    field: str, value: str, escaped: bool
) -> None:
    made = project()
    made.write(field, value, escaped)
    analysis = made.analyse()
    assert analysis.errors, f"{field}={value!r} was accepted"


@settings(SETTINGS, max_examples=40)
@given(field=st.sampled_from(FIELDS), value=benign_value, escaped=st.booleans())
def test_whatever_is_accepted_is_published_safely(field: str, value: str, escaped: bool) -> None:
    made = project()
    made.write(field, value, escaped)
    analysis = made.analyse()
    if analysis.errors:
        return  # refused: nothing is published
    _assert_published_safely(analysis)


def test_the_untouched_project_publishes_and_is_checked_by_the_same_assertions() -> None:
    made = project()
    made.write("title", "关于3号楼加装电梯的协商", False)
    analysis = made.analyse()
    assert not analysis.errors
    _assert_published_safely(analysis)
    # The assertions can fail: a page with an event handler is caught.
    parser = _Tags()
    parser.feed('<p><img src="x" onerror="alert(1)"></p>')
    assert parser.problems
