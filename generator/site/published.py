"""The publish gate: no personal number leaves for the site, whatever the input.

The checker reads what a clerk wrote; residents read what the site renders. A mobile
number split by Markdown or HTML (``138**1234**5678``, ``138<!-- -->12345678``,
entities, a code span, soft hyphens, table cells, a ``tel:`` link with encoded digits)
is whole on the page. So once a build has written everything (pages, feeds, calendars,
open data, the search index) into its temporary folder, and before that folder
replaces the site, ``scan_site`` reads every text file in it as a reader gets it
(``generator.source.textview``) and, with the posters' text, looks for personal numbers
(``rules.personal.find_personal_numbers``). Pages taken from the build cache are in
that folder like any other, so none is published unscanned. Each number found is told
at the case (or community) file it came from, at the line where its digits are
(``locate``), with the same finding codes and words as ``check``.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import write_atomic
from generator.check.rules.common import source_finding
from generator.check.rules.personal import (
    PersonalNumber,
    digit_stream,
    digits_offset,
    find_personal_numbers,
    line_and_column,
)
from generator.content_digests import Status, settled, status
from generator.findings import Finding, make
from generator.source.config import SiteConfig
from generator.source.textview import html_text, ics_lines, json_lines, json_strings

# File types whose text is read; everything else (scripts and styles of the theme,
# images, PDFs drawn from poster text scanned here, the compressed sitemap copy) is not.
_HTML = (".html", ".htm", ".svg")
_XML = (".xml", ".rss", ".atom")
_PLAIN = (".txt", ".csv", ".tsv", ".md")


@dataclass(frozen=True)
class Leak:
    """A personal number in what would be published: ``where`` is the file in the site
    (or ``posters/<key>`` for a poster's text)."""

    where: str
    number: PersonalNumber


def file_texts(name: str, data: bytes) -> Iterator[str]:
    """The texts a published file gives its readers (empty for files not read)."""
    lower = name.lower()
    if lower.endswith(".pf_fragment"):
        try:
            raw = gzip.decompress(data)
        except (OSError, EOFError):
            raw = data
        raw = raw.removeprefix(b"pagefind_dcd")
        try:  # one text, a value a line (no number is read across a line break)
            yield "\n".join(json_strings(json.loads(raw.decode("utf-8", "replace"))))
        except ValueError:
            yield raw.decode("utf-8", "replace")
        return
    if not lower.endswith(_HTML + _XML + _PLAIN + (".ics", ".json", ".webmanifest")):
        return
    if lower.endswith(".ics"):
        yield from _batches(line.rstrip("\r\n") for line in ics_lines(data))
        return
    if lower.endswith((".json", ".webmanifest")):
        yield from _batches(json_lines(data))
        return
    text = data.decode("utf-8", "replace")
    if lower.endswith(_HTML):
        yield html_text(text)
    elif lower.endswith(_XML):
        outer = html_text(text, every_tag_breaks=True)
        yield outer
        yield html_text(outer)  # HTML carried escaped inside the XML (feed content)
    else:
        yield text


def _batches(lines: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Lines joined into texts of about ``size`` characters: no number is read across a
    line break, so a text of many lines finds what each line would, and the scan is
    called once a text, not once a line (60,000 lines of calendars at 2,000 cases)."""
    batch: list[str] = []
    held = 0
    for line in lines:
        batch.append(line)
        held += len(line) + 1
        if held >= size:
            yield "\n".join(batch)
            batch, held = [], 0
    if batch:
        yield "\n".join(batch)


def scan_texts(where: str, texts: Iterable[str], office_numbers: Iterable[str]) -> list[Leak]:
    """The personal numbers in ``texts``, each once."""
    office = tuple(office_numbers)
    seen: set[tuple[str, str]] = set()
    leaks = []
    for text in texts:
        for number in find_personal_numbers(text, office):
            if (number.kind, number.text) not in seen:
                seen.add((number.kind, number.text))
                leaks.append(Leak(where, number))
    return leaks


class SiteScan:
    """The gate's reading of one new site: ``early`` while the build still writes into
    it (its steps taken between other work, ``build._apart``), then ``files`` once it
    is done. ``files`` reads every file again but one ``early`` read and that has not
    changed since (its status: size, times, inode). ``save`` keeps the digests of the
    files found clean.

    ``early`` reads only files that had settled (last changed ``window`` ns before:
    ``fsclock.settling_window`` of the site's file system, else ``SETTLED_NS``); a
    file changed since could be written again with the same status. One that had not
    settled is left to a later pass, or to ``files``.

    ``cache``: a file of the digests of files found clean by an earlier scan (of these
    exact bytes, with these office numbers): a page taken unchanged from the build
    cache is recognised by its bytes, not by where it came from, and not read again;
    ``save`` rewrites it with this site's clean files."""

    def __init__(
        self,
        site: Path,
        office_numbers: Iterable[str],
        cache: Path | None = None,
        window: int | None = None,
    ):
        self.site = site
        self.window = window
        self.office = tuple(office_numbers)
        self.salt = ("\n".join(self.office) + "\x00" + SCAN_VERSION).encode()
        self.cache = cache
        self.known = _read_digests(cache) if cache is not None else set()
        self.clean: set[bytes] = set()
        # Each file read early: its status then, packed (``_stamp``: 200 bytes a file
        # with its name, where tuples of numbers took 480; 95,000 files at 30,000
        # cases); the numbers it held, if any.
        self._early: dict[str, bytes] = {}
        self._early_leaks: dict[str, list[Leak]] = {}

    def early(self) -> Iterator[None]:
        """One early pass over the files written so far, a step for each file read; a
        file that has not settled or cannot be read now (being written, gone) is left
        to a later pass or to ``files``."""
        for where, path, name in self._walk():
            started = time.time_ns()
            state = status(path)
            if state is None or not settled(state, started, self.window):
                continue
            stamp = _stamp(state)
            if self._early.get(where) == stamp:
                continue
            try:
                data = _read(path, name)
            except OSError:
                continue
            found = self._file(where, name, data) if data else []
            self._early[where] = stamp
            self._early_leaks.pop(where, None)
            if found:
                self._early_leaks[where] = found
            yield

    def files(self) -> list[Leak]:
        """The personal numbers in the site's files, in a stable order (a file gone
        while it was read is passed)."""
        leaks: list[Leak] = []
        for where, path, name in self._walk():
            state = status(path)
            if state is None:
                continue  # a link, a folder, a FIFO: not a file the site serves
            if self._early.get(where) == _stamp(state):
                leaks += self._early_leaks.get(where, [])
                continue
            try:
                data = _read(path, name)
            except FileNotFoundError:
                continue
            if data:
                leaks += self._file(where, name, data)
        return leaks

    def _walk(self) -> Iterator[tuple[str, str, str]]:
        """(where in the site, path, name) of each file but the theme's assets, sorted."""
        for root, dirs, files in os.walk(self.site):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                where = os.path.relpath(path, self.site).replace(os.sep, "/")
                if not where.startswith("assets/"):  # the theme's scripts, styles, icons
                    yield where, path, name

    def _digest(self, data: bytes) -> bytes:
        return hashlib.blake2b(data, digest_size=16, key=self.salt[:64]).digest()

    def _file(self, where: str, name: str, data: bytes) -> list[Leak]:
        digest = self._digest(data)
        if digest in self.clean or digest in self.known:
            self.clean.add(digest)
            return []
        if name.lower().endswith(_HTML):
            found = self._page(where, data)
        else:
            found = scan_texts(where, file_texts(name, data), self.office)
        if len(data) > _LARGE:
            release_freed_memory()
        if not found:
            self.clean.add(digest)
        return found

    def _page(self, where: str, data: bytes) -> list[Leak]:
        """A page's personal numbers, part by part (``html_parts``): a part already
        found clean (in this scan or the cache's) is not read again."""
        found: list[Leak] = []
        for part in html_parts(data):
            found += self._unless_clean(
                b"part\x00" + part,
                lambda part=part: scan_texts(
                    where, [html_text(part.decode("utf-8", "replace"))], self.office
                ),
            )
        seen: set[tuple[str, str]] = set()  # a number in two parts is told once, as scan_texts
        return [
            leak
            for leak in found
            if (leak.number.kind, leak.number.text) not in seen
            and not seen.add((leak.number.kind, leak.number.text))
        ]

    def texts(self, extra: Iterable[tuple[str, str]]) -> list[Leak]:
        """The personal numbers in (where, text) pairs (the posters' text); a text found
        clean before (these very words, in this scan or the cache's) is not read again."""
        leaks: list[Leak] = []
        for where, text in extra:
            leaks += self._unless_clean(
                b"text\x00" + text.encode("utf-8", "surrogatepass"),
                lambda where=where, text=text: scan_texts(where, [text], self.office),
            )
        return leaks

    def _unless_clean(self, data: bytes, read: Callable[[], list[Leak]]) -> list[Leak]:
        """What ``read()`` finds in ``data``, unless these bytes were found clean before
        (in this scan or the cache's); bytes found clean now are remembered."""
        digest = self._digest(data)
        if digest in self.clean or digest in self.known:
            self.clean.add(digest)
            return []
        found = read()
        if not found:
            self.clean.add(digest)
        return found

    def keep(self, clean: Iterable[bytes]) -> None:
        """Digests another reading of this site found clean (the posters' texts, read
        in the build's process while their specs were at hand): saved with this scan's."""
        self.clean.update(clean)

    def save(self) -> None:
        if self.cache is not None:
            write_atomic(self.cache, b"".join(sorted(self.clean)))


def scan_site(
    site: Path,
    office_numbers: Iterable[str],
    extra: Iterable[tuple[str, str]] = (),
    cache: Path | None = None,
) -> list[Leak]:
    """Every personal number in the files of the built ``site`` and in ``extra``
    (where, text) pairs (the posters' text), in a stable order, in one pass
    (``SiteScan``; ``cache`` as there)."""
    scan = SiteScan(site, office_numbers, cache)
    leaks = scan.files() + scan.texts(extra)
    scan.save()
    return leaks


# Part of every digest in the scan cache: bump when what the scan finds changes.
SCAN_VERSION = "published-v2"

# Where a page is cut into parts scanned on their own: at the first ``<body`` and the
# first ``<article`` after it, block elements both (their text ends a line, and no
# number is read across a line break, ``rules.personal``). The part between, the
# theme's header and navigation, is the same on most pages of a site: scanned once.
_CUTS = (b"<body", b"<article")


# A file this large (the county's data, calendar, sitemap) leaves the memory its reading
# freed to the system (at 10,000 cases cases.json, 10 MB, took 49 MB to read; glibc keeps
# a freed heap for later, and the build process, beside, is at its peak then).
_LARGE = 1 << 20


def release_freed_memory() -> None:
    """Hand back to the system the heap this process freed (glibc's ``malloc_trim``;
    nothing elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)


_STATUS = struct.Struct("<3Q2q")  # device, inode, size; times (before 1970: below 0)


def _stamp(state: Status) -> bytes:
    """A file's status packed."""
    return _STATUS.pack(*state)


def html_parts(data: bytes) -> list[bytes]:
    """``data`` (a page) cut before ``<body`` and ``<article``, where each is a tag
    outside any comment; a page without them is one part."""
    parts, start = [], 0
    for mark in _CUTS:
        at = data.find(mark, start)
        if at < 0 or data.rfind(b"<!--", 0, at) > data.rfind(b"-->", 0, at):
            break
        parts.append(data[start:at])
        start = at
    parts.append(data[start:])
    return parts


def _read_digests(path: Path) -> set[bytes]:
    try:
        data = path.read_bytes()
    except OSError:
        return set()
    return {data[i : i + 16] for i in range(0, len(data) - len(data) % 16, 16)}


def _read(path: str, name: str) -> bytes:
    if not name.lower().endswith(
        _HTML + _XML + _PLAIN + (".ics", ".json", ".webmanifest", ".pf_fragment")
    ):
        return b""
    with open(path, "rb") as f:
        return f.read()


# --- back to the source --------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    path: Path
    community: str
    case: str | None
    text: str
    stream: tuple[str, list[int]]  # ``rules.personal.digit_stream`` of ``text``


def _sources(config: SiteConfig) -> Iterator[_Source]:
    """The community and case files of ``content/`` (read only when a number was found)."""
    from generator.source.gate import Gate, GateRefused
    from generator.source.textfile import decode_bytes

    gate = Gate(config.content_path)
    content = config.content_path
    if not content.is_dir():
        return
    for folder in sorted(p for p in content.iterdir() if p.is_dir() and not p.is_symlink()):
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".md", ".yml", ".yaml") or path.is_symlink():
                continue
            try:
                text = decode_bytes(gate.read_bytes(path))
            except (GateRefused, OSError, UnicodeDecodeError, ValueError):
                continue
            case = path.stem if path.suffix == ".md" else None
            yield _Source(path, folder.name, case, text, digit_stream(text))


def _preference(where: str, source: _Source) -> int:
    """How likely ``source`` is what the published file ``where`` shows: its own case
    first, then its community's files, then any."""
    parts = where.split("/")
    if parts[0] == "posters":
        parts = parts[1:]
    if parts and parts[0] == source.community:
        if len(parts) > 1 and source.case is not None and parts[1].split(".")[0] == source.case:
            return 0
        return 1
    return 2


def locate(leaks: list[Leak], config: SiteConfig, site_dir: Path) -> list[Finding]:
    """A ``personal-mobile`` / ``personal-id`` finding for each leak, at the file and
    line of ``content/`` its digits come from (where they cannot be traced, at the
    published file)."""
    if not leaks:
        return []
    sources = list(_sources(config))
    findings: list[Finding] = []
    seen: set[tuple[str, int, str]] = set()
    for leak in leaks:
        number = leak.number
        code = number.code
        for source in sorted(sources, key=lambda s: _preference(leak.where, s)):
            at = digits_offset(source.text, number, source.stream)
            if at is None:
                continue
            line, column = line_and_column(source.text, at)
            finding = source_finding(code, source, line, column, masked=number.masked)
            break
        else:
            finding = make(code, site_dir / leak.where, 1, 1, masked=number.masked)
        key = (finding.path, finding.line, number.text)
        if key not in seen:
            seen.add(key)
            findings.append(finding)
    return findings
