"""Chinese line breaking and text fitting (pure functions, fake font widths)."""

from __future__ import annotations

import random

import pytest

from generator.posters.linebreak import (
    CLOSING,
    MORE_ON_PAGE,
    OPENING,
    address_pieces,
    atoms,
    balance,
    fit_address,
    fit_excerpt,
    fit_items,
    fit_text,
    segments,
    truncate_line,
    word_segments,
    words,
    wrap,
)


def width(text: str) -> float:
    """A fake monospace font: CJK and full-width marks 2 units, the rest 1."""
    return float(sum(2 if ord(ch) >= 0x2E80 or ch in "…—" else 1 for ch in text))


def sized(text: str, size: int) -> float:
    return width(text) * size / 2


def assert_rules(lines: list[str], limit: float) -> None:
    for i, line in enumerate(lines):
        assert width(line) <= limit, line
        assert line == line.strip(), line
        if i > 0:
            assert line[0] not in CLOSING, lines
        if i < len(lines) - 1:
            assert line[-1] not in OPENING, lines


def test_numbers_dates_times_and_latin_words_are_atoms() -> None:
    assert atoms("会议于2026-03-10 19:00开始") == [
        "会",
        "议",
        "于",
        "2026-03-10",
        " ",
        "19:00",
        "开",
        "始",
    ]
    assert "WiFi" in atoms("安装WiFi信号")
    assert "3.5" in atoms("长3.5米")
    assert "1,000" in atoms("约1,000元")
    assert "50%" in atoms("完成50%")
    assert "xs.qinghe.example.cn/xiguan/2026-03/" in atoms(
        "见xs.qinghe.example.cn/xiguan/2026-03/。"
    )


def test_closing_marks_join_the_piece_before_and_opening_marks_the_piece_after() -> None:
    segs = segments("他说：“好。”（详见附件）")
    assert "说：" in segs
    assert "“好。”" in segs or ("“好" in segs and "。”" not in segs)
    assert "（详" in segs
    assert "件）" in segs


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation() -> None:
    text = "各位居民：经协商，决定于11月底前完成“楼道杂物”清理（含自行车棚）；拒不清理的，由社区上门劝导。"
    for limit in range(6, 40):
        lines = wrap(text, width, limit)
        assert_rules(lines, limit)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_numbers_stay_whole_when_they_fit() -> None:
    text = "会议定于2026-03-10 19:00在社区议事厅召开，预计投入资金12,500元。"
    for limit in range(12, 40):
        lines = wrap(text, width, limit)
        for word in ("2026-03-10", "19:00", "12,500"):
            assert any(word in line for line in lines), (limit, lines)


def test_a_word_wider_than_the_line_is_cut_rather_than_overflowing() -> None:
    lines = wrap("网址https://xs.qinghe.example.cn/xiguan/2026-03/很长", width, 10)
    assert all(width(line) <= 10 for line in lines)
    assert "".join(lines) == "网址https://xs.qinghe.example.cn/xiguan/2026-03/很长"


def test_newlines_start_new_lines() -> None:
    assert wrap("第一行\n第二行", width, 100) == ["第一行", "第二行"]


@pytest.mark.parametrize("seed", range(40))
def test_random_mixed_text_obeys_the_rules(seed: int) -> None:
    rng = random.Random(seed)
    pool = (
        list("协商议题公示居民村委会楼道电梯")
        + list("。，、；：？！）》」』】")
        + list("（《「『【“")
    )
    pool += ["2026", "19:00", "WiFi", " ", "abc", "3.5"]
    text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 120)))
    limit = rng.randint(8, 40)
    lines = wrap(text, width, limit)
    assert all(width(line) <= limit for line in lines)
    if all(width(seg) <= limit for seg in segments(text)):
        assert_rules(lines, limit)  # strict wherever no piece is wider than a line


def test_balance_keeps_the_line_count_and_evens_lengths() -> None:
    text = "西关新村南门外增设非机动车充电棚"
    greedy = wrap(text, width, 26)
    even = balance(text, width, 26)
    assert len(greedy) == len(even) == 2
    assert abs(width(even[0]) - width(even[1])) <= abs(width(greedy[0]) - width(greedy[1]))


def test_fit_keeps_the_largest_size_that_fits() -> None:
    fitted = fit_text("协商议题", sized, 200, 100, 40, 10)
    assert fitted.size == 40 and fitted.lines == ("协商议题",) and not fitted.truncated


def test_fit_shrinks_before_cutting() -> None:
    text = "长" * 30
    fitted = fit_text(text, sized, 300, 100, 40, 10, leading=1.25)
    assert 10 <= fitted.size < 40 and not fitted.truncated
    assert "".join(fitted.lines) == text


@pytest.mark.parametrize(
    "text",
    [
        "议" * 1000,
        "居民代表Zhang San、李四（WiFi 6 路由器 2,000 台）。" * 40,
        "x" * 500,
        "https://xs.qinghe.example.cn/" + "a" * 300,
    ],
)
@pytest.mark.parametrize("box", [(300, 100), (120, 40), (500, 18)])
def test_fit_never_exceeds_its_box_and_points_to_the_page(text: str, box: tuple[int, int]) -> None:
    w, h = box
    fitted = fit_text(text, sized, w, h, 30, 12, leading=1.3)
    assert fitted.height <= h
    assert all(sized(line, fitted.size) <= w for line in fitted.lines)
    assert fitted.truncated
    if fitted.lines:
        assert fitted.size == 12
        assert fitted.lines[-1].endswith(MORE_ON_PAGE) or MORE_ON_PAGE.startswith(fitted.lines[-1])


def test_fit_with_no_room_returns_no_lines() -> None:
    fitted = fit_text("协商", sized, 300, 5, 30, 12)
    assert fitted.lines == () and fitted.truncated


def test_truncation_drops_a_dangling_comma_before_the_ellipsis() -> None:
    assert truncate_line("经协商，决定，", width, 30) == "经协商，决定" + MORE_ON_PAGE
    assert (
        truncate_line("很长很长很长的一句话", width, width("很长" + MORE_ON_PAGE))
        == "很长" + MORE_ON_PAGE
    )


def test_max_lines_caps_the_lines() -> None:
    fitted = fit_text("长" * 100, sized, 100, 1000, 20, 20, max_lines=2)
    assert len(fitted.lines) == 2 and fitted.truncated


TITLE = "西关新村南门外增设非机动车充电棚"


def test_chinese_words_stay_whole() -> None:
    assert {"增设", "非机动车", "充电棚"} <= set(words(TITLE))
    # The colleague's example: never "…南门外增 / 设非机动车充电棚".
    for limit in range(8, 40):  # 8: the longest word, 非机动车, just fits
        for lines in (wrap(TITLE, width, limit), balance(TITLE, width, limit)):
            assert "".join(lines) == TITLE
            for word in ("增设", "非机动车", "充电棚"):
                assert any(word in line for line in lines), (limit, lines)
    assert balance(TITLE, width, 26) == ["西关新村南门外增设", "非机动车充电棚"]


def test_a_word_longer_than_the_line_still_breaks() -> None:
    assert wrap("非机动车", width, 6) == ["非机动", "车"]
    # Broken inside the word, it fills the line it starts on, and punctuation still
    # follows the rules: no line starts with "）".
    lines = wrap("建设（非机动车）", width, 8)
    assert "".join(lines) == "建设（非机动车）"
    assert_rules(lines, 8)
    assert all(width(line) <= 4 for line in wrap("非机动车充电棚", width, 4))


def test_numbers_keep_their_unit_and_dates_stay_whole() -> None:
    segs = word_segments("村级光伏电站2025年收益分配方案，于2025年11月7日答复，已完成 2 号楼")
    assert "2025年" in segs and "2025年11月7日" in segs and "2 号" in segs
    for limit in range(16, 40):
        lines = wrap("逾期反馈：青禾县消防救援大队于2025年11月7日答复", width, limit)
        assert any("2025年11月7日" in line for line in lines), lines


@pytest.mark.parametrize("seed", range(20))
def test_words_lose_and_add_nothing(seed: int) -> None:
    rng = random.Random(seed)
    pool = list("协商议题公示居民村委会楼道电梯充电棚增设年月日号") + list("。，（）“”")
    pool += ["2026", "19:00", "WiFi", " ", "3", "12"]
    text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 80))).strip()
    text = " ".join(text.split())
    assert "".join(words(text)) == text
    assert "".join(word_segments(text)) == "".join(segments(text))  # same pieces, grouped


def test_excerpt_keeps_whole_sentences() -> None:
    text = "拆除旧棚，建设车棚。车棚选址报消防审核后施工。资金从配套资金中申请，不向住户收费。"
    fitted = fit_excerpt(text, sized, 40, 60, 4, 4, leading=1.0)  # 10 characters × 15 lines
    assert not fitted.truncated and "".join(fitted.lines) == text
    fitted = fit_excerpt(text, sized, 40, 12, 4, 4, leading=1.0)  # 3 lines
    assert fitted.truncated
    assert "".join(fitted.lines) == "拆除旧棚，建设车棚。车棚选址报消防审核后施工" + MORE_ON_PAGE
    fitted = fit_excerpt(text, sized, 44, 4, 4, 4, leading=1.0)  # 1 line: a clause
    assert fitted.lines == ("拆除旧棚" + MORE_ON_PAGE,)


def test_items_one_line_each_then_how_many_more() -> None:
    items = [
        "2026-01　充电桩建设（落实中）",
        "2026-02　垃圾分类（公示中）",
        "2026-03　路灯（公示中）",
    ]
    fitted = fit_items(items, sized, 1000, 100, 20, 20, leading=1.0)
    assert fitted.lines == tuple(items) and not fitted.truncated
    fitted = fit_items(items, sized, 1000, 40, 20, 20, leading=1.0)
    assert fitted.lines == (items[0], "另有 2 项，详见网页") and fitted.truncated
    fitted = fit_items(items, sized, 100, 100, 20, 20, leading=1.0)
    assert all(sized(line, 20) <= 100 for line in fitted.lines)


def test_an_address_breaks_only_after_a_slash() -> None:
    assert address_pieces("xs.qinghe.example.cn/taoyuan-cun/2026-03/") == [
        "xs.qinghe.example.cn/",
        "taoyuan-cun/",
        "2026-03/",
    ]
    assert address_pieces("a.cn//b/") == ["a.cn//", "b/"]  # a "/" never stands alone


def test_an_address_shrinks_before_it_wraps() -> None:
    address = "xs.qinghe.example.cn/taoyuan-cun/2026-03/"  # 41 units wide at size 2
    fitted = fit_address(address, sized, 36, 2, 1)
    assert fitted.lines == (address,)  # at size 1 it fits on one line: no wrap
    assert not fitted.truncated
    one = fit_address(address, sized, 41, 4, 2)
    assert one.lines == (address,) and one.size == 2


def test_a_wrapped_address_keeps_its_pieces_and_never_a_lone_slash() -> None:
    address = "xs.qinghe.example.cn/taoyuan-cun/2026-03/"
    fitted = fit_address(address, sized, 30, 4, 2)
    assert "".join(fitted.lines) == address
    assert fitted.lines == ("xs.qinghe.example.cn/", "taoyuan-cun/2026-03/")
    assert all(line.strip("/") for line in fitted.lines)
    assert all(sized(line, fitted.size) <= 30 for line in fitted.lines)
    # A piece wider than the line is cut by characters, its "/" kept with it.
    long = "xs.cn/" + "a" * 50 + "/"
    cut = fit_address(long, sized, 20, 2, 2)
    assert "".join(cut.lines) == long
    assert all(line.strip("/") and sized(line, 2) <= 20 for line in cut.lines), cut.lines
