"""Atom feeds, parsed back with feedparser and compared with the content files."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from test_outputs_common import PROJECTS, Built, build, built_project, expected_events

from generator.model.cases import Stage

STAGE_NAMES = {str(s) for s in Stage}


@pytest.fixture(scope="module", params=PROJECTS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_project(request, tmp_path_factory)


def _events(parsed: feedparser.FeedParserDict, built: Built) -> set[tuple[str, str, dt.date]]:
    base = built.base_url.rstrip("/") + "/"
    out = set()
    for entry in parsed.entries:
        key = entry.link.removeprefix(base).strip("/")
        day = dt.date(*entry.updated_parsed[:3])
        out.add((key, entry.tags[0].term, day))
    return out


def test_site_feed_lists_exactly_the_events(built: Built) -> None:
    parsed = feedparser.parse((built.site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert _events(parsed, built) == expected_events(built)
    ids = [e.id for e in parsed.entries]
    assert len(ids) == len(set(ids))


def test_entries_link_case_pages_with_stage_and_date_in_title(built: Built) -> None:
    parsed = feedparser.parse((built.site / "feed.xml").read_bytes())
    for entry in parsed.entries:
        key = entry.link.removeprefix(built.base_url.rstrip("/") + "/").strip("/")
        assert key in built.content
        assert entry.link == built.url(key)
        assert built.content[key]["title"] in entry.title
        day = dt.date(*entry.updated_parsed[:3])
        assert day.isoformat() in entry.title
        assert any(f"【{name}】" in entry.title for name in STAGE_NAMES)


def test_entries_are_newest_first(built: Built) -> None:
    parsed = feedparser.parse((built.site / "feed.xml").read_bytes())
    days = [dt.date(*e.updated_parsed[:3]) for e in parsed.entries]
    assert days == sorted(days, reverse=True)


def test_community_feeds_split_the_site_feed(built: Built) -> None:
    site = feedparser.parse((built.site / "feed.xml").read_bytes())
    union: set[str] = set()
    for community in built.communities:
        parsed = feedparser.parse((built.site / community / "feed.xml").read_bytes())
        assert not parsed.bozo
        for entry in parsed.entries:
            assert entry.link.startswith(built.url(community))
        union |= {e.id for e in parsed.entries}
    assert union == {e.id for e in site.entries}


def test_feeds_are_reproducible_and_ids_stable(built: Built, tmp_path) -> None:
    project = built.analysis.config.root
    again = build(project, built.today, tmp_path / "again")
    assert (again.site / "feed.xml").read_bytes() == (built.site / "feed.xml").read_bytes()
    later = build(project, built.today + dt.timedelta(days=400), tmp_path / "later")
    before = {
        e.link + e.tags[0].term + e.updated: e.id
        for e in feedparser.parse((built.site / "feed.xml").read_bytes()).entries
    }
    after = {
        e.link + e.tags[0].term + e.updated: e.id
        for e in feedparser.parse((later.site / "feed.xml").read_bytes()).entries
    }
    assert before.items() <= after.items()


def test_feed_is_linked_from_pages() -> None:
    from generator.outputs.after_build import alternate_links

    site = alternate_links(None)
    assert [link.href for link in site] == ["feed.xml", "calendar.ics"]
    community = alternate_links("xiguan")
    assert community[0].href == "xiguan/feed.xml"
    assert community[0].type == "application/atom+xml"
    assert {link.href for link in site} <= {link.href for link in community}


def test_site_feed_keeps_the_newest_entries(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_outputs_common import FIXTURE, FIXTURE_TODAY

    from generator.outputs import feeds

    full = build(FIXTURE, FIXTURE_TODAY, tmp_path / "full")
    monkeypatch.setattr(feeds, "SITE_FEED_LIMIT", 3)
    cut = build(FIXTURE, FIXTURE_TODAY, tmp_path / "cut")
    newest = [e.id for e in feedparser.parse((full.site / "feed.xml").read_bytes()).entries][:3]
    assert [e.id for e in feedparser.parse((cut.site / "feed.xml").read_bytes()).entries] == newest
    for community in cut.communities:  # community feeds stay whole
        path = f"{community}/feed.xml"
        assert (cut.site / path).read_bytes() == (full.site / path).read_bytes()
