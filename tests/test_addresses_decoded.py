"""Addresses decided after decoding, as the browser does (issue 20, item 7): a tab or
line feed written as an entity inside an address is dropped by the browser's URL
parser, so ``/&#9;/evil.example/x.png`` loads from another host."""

from __future__ import annotations

import pytest

from generator.check.rules.markup import find_remote_images
from generator.site.sanitize import clean_html, leaves_site, render_markdown

HOSTILE = [
    "![x](/&#9;/evil.example/x.png)",
    "![x](/&#10;/evil.example/x.png)",
    "![x](/&NewLine;/evil.example/x.png)",
    "![x](&#9;//evil.example/x.png)",
    "![x][a]\n\n[a]: /&#9;/evil.example/x.png",
    '<img src="/&#9;/evil.example/x.png">',
    "| a |\n|---|\n| ![x](/&#13;/evil.example/x.png) |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_checker_sees_the_other_host(text: str) -> None:
    assert find_remote_images(text), text


@pytest.mark.parametrize("text", HOSTILE)
def test_sanitizer_drops_the_source(text: str) -> None:
    assert "evil.example" not in render_markdown(text).replace('evil.example/x.png"', "")
    assert 'src="/' not in render_markdown(text) or "evil" not in render_markdown(text)


def test_sanitizer_on_raw_html() -> None:
    assert "src" not in clean_html('<img src="/&#9;/evil.example/x.png">')
    assert "src" not in clean_html('<img src=" \x01\\\\evil.example/x.png">')


@pytest.mark.parametrize(
    ("url", "leaves"),
    [
        ("/\t/evil.example", True),
        ("\x00 //evil.example", True),
        ("/\\evil.example", True),  # a backslash is a slash in http(s) addresses
        ("\\\\evil.example", True),
        ("/xiguan/photo.jpg", False),
        ("photo.jpg", False),
        ("ht\ttp://x", True),
    ],
)
def test_leaves_site(url: str, leaves: bool) -> None:
    assert leaves_site(url) is leaves


def test_local_images_stay() -> None:
    assert find_remote_images("![x](/xiguan/2026-01/photo1.jpg)") == []
    assert 'src="/xiguan/a.jpg"' in render_markdown("![x](/xiguan/a.jpg)")
