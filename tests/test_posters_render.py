"""Posters end to end on a small fixture project: files, QR codes (also through a
simulated phone photo), PDF pages, bundles, margins, the cache and the command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from conftest import example_analysis
from PIL import Image, ImageFilter

from generator.cli import cli
from generator.fonts import find_cjk_font
from generator.model import Stage
from generator.posters import UnknownTarget, poster_specs, render_posters
from generator.posters.content import HEADING_BY_STAGE, worth_posting
from generator.posters.draw import compose_poster, render_poster
from generator.posters.layout import load_layout
from generator.posters.pdf import PngImage, png_bytes
from generator.posters.qr import module_pixels, qr_matrix
from generator.posters.render import environment_key, poster_key
from generator.project import analyse

FIXTURE = Path(__file__).parent / "fixtures" / "posters"
ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)
A4_10CM_PX = 1181


def decode(image: Image.Image) -> list[str]:
    """The texts of the QR codes found in an image."""
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def phone_photo(image: Image.Image, degrees: float = 4.0) -> Image.Image:
    """What a phone sends on: 1200 px wide, a little rotated, soft, JPEG-compressed."""
    small = image.convert("L").resize(
        (1200, round(image.height * 1200 / image.width)), Image.Resampling.LANCZOS
    )
    turned = small.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    blurred = turned.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    blurred.save(buffer, format="JPEG", quality=70)
    return Image.open(io.BytesIO(buffer.getvalue()))


def pdf_pages(data: bytes) -> list[Image.Image]:
    """The page images of a PDF written by generator.posters.pdf."""
    pages = []
    pattern = re.compile(
        rb"/Width (\d+) /Height (\d+) /ColorSpace /Device(Gray|RGB).*?/Length (\d+) >>\nstream\n",
        re.S,
    )
    for match in pattern.finditer(data):
        width, height, space, length = match.groups()
        start = match.end()
        colours = 1 if space == b"Gray" else 3
        idat = data[start : start + int(length)]
        assert data[start + int(length) : start + int(length) + 10] == b"\nendstream"
        png = png_bytes(PngImage(int(width), int(height), colours, "", idat))
        pages.append(Image.open(io.BytesIO(png)))
    return pages


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("posters") / "project"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture(scope="module")
def built(project: Path):
    analysis = analyse(project, TODAY)
    assert not analysis.errors
    out = project / "site" / "posters"
    report = render_posters(analysis, out, cache_dir=project / "cache")
    return analysis, out, report


def test_every_case_and_community_has_its_posters(built) -> None:
    analysis, out, report = built
    for case in analysis.cases:
        for suffix in (".pdf", ".png"):
            assert (out / case.community_id / f"{case.id}{suffix}").is_file()
    for community in analysis.communities:
        assert (out / f"{community.id}.pdf").is_file()
        assert (out / f"{community.id}-all.pdf").is_file()
    assert report.rendered_count == len(analysis.cases) + len(analysis.communities)
    assert report.cached_count == 0


def test_every_qr_code_decodes_to_its_page_also_from_a_phone_photo(built) -> None:
    analysis, out, _ = built
    expected = {
        f"{c.community_id}/{c.id}.png": analysis.config.url(c.community_id, c.id)
        for c in analysis.cases
    }
    expected |= {f"{c.id}.png": analysis.config.url(c.id) for c in analysis.communities}
    for name, url in expected.items():
        image = Image.open(out / name)
        assert image.size == (2480, 3508)  # A4 at 300 dpi
        assert decode(image) == [url], name
        assert decode(phone_photo(image)) == [url], name
        assert decode(phone_photo(image, degrees=-3)) == [url], name


def test_qr_codes_are_at_least_10_cm_with_whole_pixel_modules(built) -> None:
    analysis, out, _ = built
    layout = load_layout("A4")
    bottom = layout.section("bottom")
    for case in analysis.cases:
        url = analysis.config.url(case.community_id, case.id)
        matrix = qr_matrix(url)
        assert matrix.level in ("M", "Q")
        k = module_pixels(
            matrix.size, layout.mm(bottom["qr_mm"]), layout.min_mm_px(bottom["qr_min_mm"])
        )
        assert k * matrix.size >= A4_10CM_PX
        # The decoder finds the code where it should be: (modules - quiet zone) × k wide.
        image = Image.open(out / case.community_id / f"{case.id}.png")
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)[0]
        width = found.position.top_right.x - found.position.top_left.x
        assert abs(width - (matrix.size - 8) * k) <= k
        # Black on white: the code's pixels are pure black or pure white.
        p = found.position
        box = (p.top_left.x, p.top_left.y, p.bottom_right.x, p.bottom_right.y)
        assert {colour for _, colour in image.crop(box).getcolors()} <= {0, 255}


def test_pdfs_hold_the_same_lossless_pages(built) -> None:
    analysis, out, _ = built
    case = analysis.cases[0]
    data = (out / case.community_id / f"{case.id}.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    (page,) = pdf_pages(data)
    png = Image.open(out / case.community_id / f"{case.id}.png")
    assert page.tobytes() == png.tobytes()
    assert b"/MediaBox [0 0 595.2756 841.8898]" in data


def test_bundle_is_the_community_poster_then_the_cases_worth_posting(built) -> None:
    analysis, out, _ = built
    for community in analysis.communities:
        pages = pdf_pages((out / f"{community.id}-all.pdf").read_bytes())
        urls = [decode(page)[0] for page in pages]
        current = [c for c in community.cases if worth_posting(c, TODAY)]
        assert urls == [analysis.config.url(community.id)] + [
            analysis.config.url(community.id, c.id) for c in current
        ]
    # The fixture: a topic still being collected is not posted; the rest are.
    dongfeng = analysis.project.community("dongfeng")
    assert [c.id for c in dongfeng.cases if worth_posting(c, TODAY)] == ["2026-03"]


def test_every_stage_has_one_heading() -> None:
    assert set(HEADING_BY_STAGE) == set(Stage)
    assert HEADING_BY_STAGE[Stage.ON_NOTICE] == "协商议题公示"
    assert HEADING_BY_STAGE[Stage.REFERRED] == "协商结果公示"
    assert HEADING_BY_STAGE[Stage.EVALUATED] == "落实情况公示"


def test_case_posters_carry_the_stage_facts(built) -> None:
    analysis, _, _ = built
    specs = {s.key: s for s in poster_specs(analysis)[0]}
    notice = specs["xiguan/2026-09"]
    assert notice.heading == "协商议题公示" and notice.notice_until == "2026年11月24日"
    assert any(f.label == "参加人员" and "共 15 人" in f.value for f in notice.facts)
    assert notice.short_url == "xs.qinghe.example.cn/xiguan/2026-09/"
    outcome = specs["xiguan/2026-08"]
    assert outcome.heading == "协商结果公示"
    assert any("赞成 15 票" in f.value for f in outcome.facts)
    progress = specs["xiguan/2026-05"]
    assert progress.heading == "落实情况公示" and progress.progress == 60
    village = specs["dongfeng/2026-03"]
    assert village.committee == "东风村村民委员会"
    assert any("提交村民会议或村民代表会议决定" in f.value for f in village.facts)
    assert specs["xiguan"].committee == "西关社区居民委员会"
    assert all(s.printed == "2026年11月22日" for s in specs.values())


def _margins_blank(image: Image.Image, margin: int) -> bool:
    w, h = image.size
    strips = [(0, 0, w, margin), (0, h - margin, w, h), (0, 0, margin, h), (w - margin, 0, w, h)]
    return all(image.crop(s).getextrema() == (255, 255) for s in strips)


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_extreme_texts_stay_inside_the_margins(built, paper: str) -> None:
    analysis, _, _ = built
    specs = {s.key: s for s in poster_specs(analysis)[0]}
    layout = load_layout(paper)
    fonts = find_cjk_font()
    long_title = ("西关新村WiFi6覆盖与2026年第3季度12,500元维修基金使用（含3.5米宽消防通道）" * 3)[
        :120
    ]
    summary = ("经协商，同意由物业公司在2026-12-31前完成ABC-123型号设备更换，预算12,500元；" * 40)[
        :1000
    ]
    facts = tuple(dataclasses.replace(f, value=f.value * 12) for f in specs["xiguan/2026-09"].facts)
    cases = [
        dataclasses.replace(specs["xiguan/2026-08"], title=long_title, body=summary),
        dataclasses.replace(
            specs["xiguan/2026-09"], title=long_title, facts=facts, intro="说明" * 200
        ),
        dataclasses.replace(
            specs["xiguan/2026-06"],
            title=long_title,
            body=summary,
            facts=facts,
            warnings=("逾期未反馈：青禾县住房和城乡建设局" * 6 + "应于2026年11月2日前答复",) * 8,
        ),
        dataclasses.replace(
            specs["xiguan/2026-05"],
            title="W" * 120,
            body="x" * 1000,
            committee="青禾县禾城街道西关社区" * 4 + "居民委员会",
            contact="0931-8612301（" + "工作日" * 30 + "）",
            place_line="很长的地名" * 30,
            url="https://xs.qinghe.example.cn/" + "a" * 120 + "/",
            short_url="xs.qinghe.example.cn/" + "a" * 120 + "/",
        ),
    ]
    margin = layout.mm(layout.data["margin_mm"])
    for spec in cases:
        image = render_poster(spec, layout, fonts)
        assert _margins_blank(image, margin), spec.key
        assert decode(image) == [spec.url]


def test_unchanged_rebuild_renders_nothing_and_one_edit_renders_only_that_case(
    built, project: Path
) -> None:
    analysis, out, _ = built
    again = render_posters(analysis, out, cache_dir=project / "cache")
    assert again.rendered == [] and again.bundles_rendered == []
    assert again.cached_count == len(analysis.cases) + len(analysis.communities)

    case_file = project / "content" / "xiguan" / "2026-09.md"
    case_file.write_text(
        case_file.read_text("utf-8").replace(
            "place: 西关社区议事厅（党群服务中心二楼）", "place: 西关新村南门广场"
        ),
        "utf-8",
    )
    edited = analyse(project, TODAY)
    report = render_posters(edited, out, cache_dir=project / "cache")
    assert report.rendered == ["xiguan/2026-09"]
    assert report.bundles_rendered == ["xiguan"]
    assert report.bundles_cached == ["dongfeng"]


def test_a_new_day_reprints_the_date(built, project: Path) -> None:
    analysis = analyse(project, TODAY + dt.timedelta(days=1))
    out = project / "site-next-day" / "posters"
    report = render_posters(
        analysis, out, targets=["dongfeng/2026-04"], cache_dir=project / "cache"
    )
    assert report.rendered == ["dongfeng/2026-04"]
    assert sorted(p.name for p in report.paths) == ["2026-04.pdf", "2026-04.png"]


def test_unknown_targets_are_named_in_chinese(built, project: Path) -> None:
    analysis, out, _ = built
    with pytest.raises(UnknownTarget, match="找不到社区或村“nowhere”"):
        render_posters(analysis, out, targets=["nowhere"], cache_dir=project / "cache")
    with pytest.raises(UnknownTarget, match="没有编号为“2099-01”"):
        render_posters(analysis, out, targets=["xiguan/2099-01"], cache_dir=project / "cache")


def test_posters_command(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    runner = CliRunner()
    args = ["posters", "--project", str(root), "--today", TODAY.isoformat(), "dongfeng"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "新绘制 3 张" in result.output
    assert (root / "site" / "posters" / "dongfeng-all.pdf").is_file()
    assert not (root / "site" / "posters" / "xiguan.pdf").exists()

    result = runner.invoke(cli, [*args[:-1], "nowhere"])
    assert result.exit_code == 1 and "找不到社区或村" in result.output

    (root / "content" / "xiguan" / "2026-10.md").write_text(
        "---\ntitle: 缺少必填项\n---\n", "utf-8"
    )
    result = runner.invoke(cli, args)
    assert result.exit_code == 1 and "未生成海报" in result.output


def test_example_content_posters_decode(tmp_path: Path) -> None:
    analysis = example_analysis(TODAY)
    out = tmp_path / "posters"
    render_posters(analysis, out, cache_dir=tmp_path / "cache")
    for case in analysis.cases:
        image = Image.open(out / case.community_id / f"{case.id}.png")
        assert decode(image) == [analysis.config.url(case.community_id, case.id)]


def test_public_warnings_show_in_a_framed_box_and_a_clean_case_has_none(built) -> None:
    analysis, _, _ = built
    specs = {s.key: s for s in poster_specs(analysis)[0]}
    layout, fonts = load_layout("A4"), find_cjk_font()

    overdue = specs["xiguan/2026-06"]  # a referral never answered, due 2026-09-07
    assert overdue.warnings == (
        "逾期未反馈：青禾县消防救援大队应于2026年9月7日前答复（利川市实施方案）",
    )
    poster = compose_poster(overdue, layout, fonts)
    (box,) = poster.find("warnings")
    assert poster.text("warnings") == overdue.warnings[0] and not box.fitted.truncated
    assert box.fitted.size >= layout.pt(16)
    # Inside the margins, below the title and above the facts.
    margin = layout.mm(layout.data["margin_mm"])
    left, top, right, bottom = box.box
    assert margin < left and right < layout.width - margin
    roles = [t.role for t in poster.texts]
    assert roles.index("title") < roles.index("warnings") < roles.index("fact:最新进展")
    # The frame: a thick black border left of and above the text (greyscale-safe).
    w = layout.section("warnings")
    border, pad = layout.mm(w["border_mm"]), layout.mm(w["pad_mm"])
    frame_top = top - pad - border
    strip = poster.image.crop((margin, frame_top, layout.width - margin, frame_top + border))
    assert strip.getextrema() == (0, 0)
    side = poster.image.crop((margin, frame_top, margin + border, bottom))
    assert side.getextrema() == (0, 0)
    assert decode(poster.image) == [overdue.url]

    clean = specs["xiguan/2026-05"]
    assert clean.warnings == ()
    assert compose_poster(clean, layout, fonts).find("warnings") == []
    assert all(not specs[k].warnings for k in ("xiguan/2026-08", "xiguan/2026-09", "xiguan"))


def test_warnings_are_part_of_the_cache_key(built) -> None:
    analysis, _, _ = built
    spec = {s.key: s for s in poster_specs(analysis)[0]}["xiguan/2026-06"]
    environment = environment_key(load_layout("A4"), find_cjk_font())
    assert poster_key(spec, environment) != poster_key(
        dataclasses.replace(spec, warnings=()), environment
    )


def test_a_reply_clears_the_warning_and_redraws_only_that_poster(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    out, cache = root / "site" / "posters", root / "cache"
    render_posters(analyse(root, TODAY), out, targets=["xiguan"], cache_dir=cache)
    case_file = root / "content" / "xiguan" / "2026-06.md"
    case_file.write_text(
        case_file.read_text("utf-8").replace(
            "    sent: 2026-08-24\n", "    sent: 2026-08-24\n    replied: 2026-09-01\n"
        ),
        "utf-8",
    )
    analysis = analyse(root, TODAY)
    assert not analysis.public_for_case(analysis.project.find_case("xiguan/2026-06"))
    report = render_posters(analysis, out, targets=["xiguan"], cache_dir=cache)
    assert report.rendered == ["xiguan/2026-06"]


def test_example_posters_keep_body_text_at_16_pt_and_the_latest_update(tmp_path: Path) -> None:
    analysis = example_analysis(TODAY)
    layout, fonts = load_layout("A4"), find_cjk_font()
    floor = layout.pt(16)
    for spec in poster_specs(analysis)[0]:
        poster = compose_poster(spec, layout, fonts)
        middle = [
            t
            for t in poster.texts
            if t.role in ("intro", "warnings", "body") or t.role.startswith("fact:")
        ]
        assert all(t.fitted.size >= floor for t in middle), spec.key
        if spec.progress is not None and any(f.label == "最新进展" for f in spec.facts):
            assert poster.find("fact:最新进展"), spec.key
        for warning in spec.warnings:
            assert warning[:6] in poster.text("warnings"), spec.key
