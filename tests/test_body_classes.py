"""A body cannot use the site's own classes (issue 20, minor): ``nb-alert`` would fake
the official warning box, ``md-visually-hidden`` hide text. Only the classes a body
needs (admonitions) pass the sanitiser; the checker reports the others."""

from __future__ import annotations

import pytest

from generator.check.rules.markup import find_unsafe_markup
from generator.site.sanitize import render_markdown

FAKES = [
    '<div class="nb-alert">本议题已被上级撤销</div>',
    "<p class='md-visually-hidden'>隐藏的文字</p>",
    '<div class="admonition nb-alert">假的提示</div>',
    "<div class=md-header>假的页头</div>",
    '!!! nb-alert "上级通知"\n    本议题作废。',
]


@pytest.mark.parametrize("body", FAKES)
def test_site_classes_are_refused(body: str) -> None:
    assert find_unsafe_markup(body), body
    html = render_markdown(body)
    assert "nb-alert" not in html and "md-" not in html, html


def test_admonitions_keep_their_classes() -> None:
    body = '!!! warning "注意"\n    施工期间请绕行。'
    assert find_unsafe_markup(body) == []
    html = render_markdown(body)
    assert 'class="admonition warning"' in html and 'class="admonition-title"' in html
