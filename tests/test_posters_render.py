"""Posters end to end on a small fixture project: vector PDFs read back with
poppler (text, fonts, no page image, QR from a 150-dpi render and a simulated phone
photo), the PNG preview drawn from the same page, bundles, margins, the cache and
the command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from click.testing import CliRunner
from conftest import example_analysis
from PIL import Image, ImageFilter

from generator.check.project import analyse
from generator.cli.commands import cli
from generator.model.cases import Minutes, Stage
from generator.posters import UnknownTarget, poster_specs, render_posters
from generator.posters.content import HEADING_BY_STAGE, worth_posting
from generator.posters.draw import compose_poster, render_poster
from generator.posters.fonts import find_cjk_font
from generator.posters.layout import load_layout
from generator.posters.page import Page, QrOp
from generator.posters.paint import PREVIEW_DPI
from generator.posters.qr import module_pixels, qr_matrix
from generator.posters.render import environment_key, poster_key

FIXTURE = Path(__file__).parent / "fixtures" / "posters"
ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)
A4_10CM_PX = 1181
POSTER_PDF_MAX = 80_000
PREVIEW_MAX = 60_000


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


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool; fail (never skip) when it is not installed."""
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} not found: install poppler-utils (scripts/dev.sh test does)")
    done = subprocess.run([tool, *args], capture_output=True, check=True)
    return done.stdout.decode("utf-8", errors="replace")


def render_pdf(pdf: Path, dpi: int = 150) -> list[Image.Image]:
    """The PDF's pages rendered by poppler at ``dpi``, greyscale."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm not found: install poppler-utils (scripts/dev.sh test does)")
    done = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", str(pdf)], capture_output=True, check=True
    )
    data, pages = done.stdout, []
    while data:  # concatenated binary PGM images
        image = Image.open(io.BytesIO(data))
        image.load()
        pages.append(image.convert("L"))
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        assert header is not None
        w, h = int(header[1]), int(header[2])
        data = data[header.end() + w * h :]
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


def _all_posters(analysis) -> dict[str, str]:
    """Poster file stem (under posters/) -> the address its QR code must hold."""
    expected = {
        f"{c.community_id}/{c.id}": analysis.config.url(c.community_id, c.id)
        for c in analysis.cases
    }
    expected |= {c.id: analysis.config.url(c.id) for c in analysis.communities}
    return expected


def test_every_pdf_qr_code_decodes_from_a_150_dpi_render_and_a_phone_photo(built) -> None:
    analysis, out, _ = built
    for name, url in _all_posters(analysis).items():
        (page,) = render_pdf(out / f"{name}.pdf", 150)
        assert abs(page.width - 1240) <= 1 and abs(page.height - 1754) <= 1  # A4, 150 dpi
        assert decode(page) == [url], name
        assert decode(phone_photo(page)) == [url], name
        assert decode(phone_photo(page, degrees=-3)) == [url], name
        # The preview on the case page decodes too.
        assert decode(Image.open(out / f"{name}.png")) == [url], name


def test_every_poster_pdf_is_vector_with_its_words_and_fonts_embedded(built) -> None:
    analysis, out, _ = built
    specs = {s.key: s for s in poster_specs(analysis)[0]}
    for name in _all_posters(analysis):
        pdf = out / f"{name}.pdf"
        assert pdf.stat().st_size <= POSTER_PDF_MAX, (name, pdf.stat().st_size)
        text = poppler("pdftotext", "-layout", str(pdf), "-")
        flat = re.sub(r"\s+", "", text)
        spec = specs[name]
        assert spec.heading in flat and spec.title.replace(" ", "") in flat, name
        assert f"版本{spec.version}" in flat, name
        fonts = poppler("pdffonts", str(pdf)).splitlines()[2:]
        assert fonts, name
        for row in fonts:  # name, type, encoding, emb, sub, uni
            assert re.search(r"\byes\s+yes\s+yes\s+\d+\s+\d+\s*$", row), (name, row)
        images = poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
        assert images == [], (name, images)  # no page-size raster: no image at all
        assert re.search(r"Page size: +595.2\d* x 841.89 pts \(A4\)", poppler("pdfinfo", str(pdf)))
        preview = out / f"{name}.png"
        assert preview.stat().st_size <= PREVIEW_MAX, (name, preview.stat().st_size)
        assert Image.open(preview).size == (794, 1123)  # A4 at 96 dpi


def test_qr_codes_are_at_least_10_cm_with_whole_pixel_modules(built) -> None:
    analysis, out, _ = built
    layout = load_layout("A4")
    bottom = layout.section("bottom")
    fonts = find_cjk_font()
    specs = {s.key: s for s in poster_specs(analysis)[0]}
    for case in analysis.cases:
        url = analysis.config.url(case.community_id, case.id)
        matrix = qr_matrix(url)
        assert matrix.level in ("M", "Q")
        k = module_pixels(
            matrix.size, layout.mm(bottom["qr_mm"]), layout.min_mm_px(bottom["qr_min_mm"])
        )
        assert k * matrix.size >= A4_10CM_PX
        (qr,) = [
            op
            for op in compose_poster(specs[case.key], layout, fonts).page.ops
            if isinstance(op, QrOp)
        ]
        assert qr.module == k and len(qr.rows) == matrix.size
        # In the 150-dpi render the decoder finds it as wide as it should be.
        (image,) = render_pdf(out / case.community_id / f"{case.id}.pdf", 150)
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)[0]
        width = found.position.top_right.x - found.position.top_left.x
        assert abs(width - (matrix.size - 8) * k / 2) <= k


def test_the_pdf_and_the_preview_show_the_same_lines_in_the_same_places(built) -> None:
    """Both are drawn from one laid-out page: the PDF's text lines (pdftotext) are the
    page's lines, at its positions; the preview's ink lies where poppler draws it."""
    _, out, _ = built
    for name in ("xiguan/2026-06", "dongfeng/2026-03", "xiguan"):
        page = Page.from_json((project_cache(out) / "files" / f"{name}.json").read_text("utf-8"))
        scale = page.points[0] / page.width  # layout px -> pt
        xml = poppler("pdftotext", "-bbox-layout", str(out / f"{name}.pdf"), "-")
        pdf_lines = []
        for line in re.findall(r"<line [^>]*>(.*?)</line>", xml, re.S):
            words = re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                line,
            )
            x, top, bottom = float(words[0][0]), float(words[0][1]), float(words[0][2])
            pdf_lines.append((re.sub(r"\s", "", "".join(w[3] for w in words)), x, top, bottom))
        ops = [op for op in page.texts()]
        for op in ops:
            text = re.sub(r"\s", "", op.text)
            # pdftotext joins texts on one baseline (a label and its value).
            matches = [(top, bottom) for t, _, top, bottom in pdf_lines if text in t]
            assert matches, (name, op.text)
            baseline = op.y * scale
            assert any(top - 1 <= baseline <= bottom + 1 for top, bottom in matches), (
                name,
                op.text,
                baseline,
                matches,
            )
        # Same lines in the same places in the preview: ink rows of each text line.
        (rendered,) = render_pdf(out / f"{name}.pdf", PREVIEW_DPI)
        preview = Image.open(out / f"{name}.png").convert("L")
        assert abs(rendered.width - preview.width) <= 1
        assert abs(rendered.height - preview.height) <= 1
        s = PREVIEW_DPI / page.dpi
        for op in ops:
            box = (
                max(0, round(op.x * s) - 2),
                round((op.y - op.size) * s),
                min(preview.width, round((op.x + op.size * len(op.text)) * s) + 2),
                round((op.y + 0.3 * op.size) * s),
            )
            ink_pdf = rendered.crop(box).point(lambda v: 255 if v < 128 else 0).getbbox()
            ink_png = preview.crop(box).point(lambda v: 255 if v < 128 else 0).getbbox()
            assert ink_pdf and ink_png, (name, op.text)
            assert all(abs(a - b) <= 3 for a, b in zip(ink_pdf, ink_png, strict=True)), (
                name,
                op.text,
                ink_pdf,
                ink_png,
            )


def project_cache(out: Path) -> Path:
    """The cache folder of the ``built`` fixture (beside site/)."""
    return out.parent.parent / "cache"


def test_bundle_is_the_community_poster_then_the_cases_worth_posting(built) -> None:
    analysis, out, _ = built
    for community in analysis.communities:
        bundle = out / f"{community.id}-all.pdf"
        pages = render_pdf(bundle, 150)
        urls = [decode(page)[0] for page in pages]
        current = [c for c in community.cases if worth_posting(c, TODAY)]
        assert urls == [analysis.config.url(community.id)] + [
            analysis.config.url(community.id, c.id) for c in current
        ]
        # One subset per face for the whole bundle, whatever its number of pages.
        fonts = poppler("pdffonts", str(bundle)).splitlines()[2:]
        assert len(fonts) <= 2, fonts
    # The fixture: a topic still being collected is not posted; the rest are.
    dongfeng = analysis.project.community("dongfeng")
    assert [c.id for c in dongfeng.cases if worth_posting(c, TODAY)] == ["2026-03"]
    # The font is embedded once: the bundle weighs less than its pages apart.
    xiguan = analysis.project.community("xiguan")
    keys = ["xiguan"] + [c.key for c in xiguan.cases if worth_posting(c, TODAY)]
    singles = sum((out / f"{k}.pdf").stat().st_size for k in keys)
    assert len(keys) >= 3
    assert (out / "xiguan-all.pdf").stat().st_size < singles * 0.75


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
    # The date of what the poster says, never the build's (today is 2026-11-22).
    assert progress.printed == "更新于 2026年10月15日"  # its latest progress update
    assert notice.printed == "公示日期 2026年11月16日"  # the day the notice went up
    assert all("11月22日" not in s.printed for s in specs.values())
    assert all(re.fullmatch(r"[0-9A-F]{4}", s.version) for s in specs.values())


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


def test_a_new_day_draws_nothing_when_nothing_a_poster_says_changed(built, project: Path) -> None:
    analysis = analyse(project, TODAY + dt.timedelta(days=1))
    out = project / "site-next-day" / "posters"
    report = render_posters(analysis, out, cache_dir=project / "cache")
    assert report.rendered == [] and report.bundles_rendered == []
    assert (out / "dongfeng" / "2026-04.pdf").is_file()


def test_a_stage_change_redraws_and_changes_the_version(built, project: Path) -> None:
    """The notice period of xiguan/2026-09 ends on 2026-11-24: from the 25th its
    poster says so (another intro, no 公示期), so it is redrawn with a new version."""
    before = {s.key: s for s in poster_specs(analyse(project, TODAY))[0]}["xiguan/2026-09"]
    later = analyse(project, dt.date(2026, 11, 25))
    after = {s.key: s for s in poster_specs(later)[0]}["xiguan/2026-09"]
    assert after.version != before.version
    report = render_posters(
        later, project / "site-later" / "posters", ["xiguan/2026-09"], project / "cache"
    )
    assert report.rendered == ["xiguan/2026-09"]


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


def test_example_content_posters_are_light_vector_and_decode(tmp_path: Path) -> None:
    """The example county: every case PDF <= 80 KB, vector, its QR read from a 150-dpi
    render; all of posters/ <= 200 KB per case, bundles included; no address line is a
    lone "/"."""
    analysis = example_analysis(TODAY)
    out = tmp_path / "posters"
    render_posters(analysis, out, cache_dir=tmp_path / "cache")
    for case in analysis.cases:
        pdf = out / case.community_id / f"{case.id}.pdf"
        assert pdf.stat().st_size <= POSTER_PDF_MAX, (case.key, pdf.stat().st_size)
        assert poppler("pdfimages", "-list", str(pdf)).splitlines()[2:] == []
        (page,) = render_pdf(pdf, 150)
        assert decode(page) == [analysis.config.url(case.community_id, case.id)], case.key
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert total <= 200_000 * len(analysis.cases), total / len(analysis.cases)
    layout, fonts = load_layout("A4"), find_cjk_font()
    for spec in poster_specs(analysis)[0]:
        lines = compose_poster(spec, layout, fonts).find("url")[0].fitted.lines
        assert "".join(lines) == spec.short_url
        assert all(line.strip("/") for line in lines), (spec.key, lines)


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


def test_a_village_poster_says_village_words(built) -> None:
    analysis, _, _ = built
    specs = {s.key: s for s in poster_specs(analysis)[0]}
    village = [s for k, s in specs.items() if k.split("/")[0] == "dongfeng"]
    assert specs["dongfeng"].scan.startswith("扫码查看本村")
    for spec in village:
        text = spec.to_json()
        assert "社区" not in text and "居民" not in text and "居委会" not in text, spec.key
    assert specs["xiguan"].scan.startswith("扫码查看本社区")
    notice = specs["xiguan/2026-09"]
    assert "向居委会反映" in notice.intro
    # The same notice in a village: 村民 and 村委会.
    analysis_case = analysis.project.find_case("xiguan/2026-09")
    dongfeng = analysis.project.community("dongfeng")
    from generator.posters.content import case_spec

    as_village = case_spec(analysis_case, dongfeng, notice.url, TODAY)
    assert "村民对议题有意见建议的" in as_village.intro and "向村委会反映" in as_village.intro


def test_a_referral_reads_department_state_and_date(built) -> None:
    analysis, _, _ = built
    spec = {s.key: s for s in poster_specs(analysis)[0]}["xiguan/2026-06"]
    (fact,) = [f for f in spec.facts if f.label == "报送部门"]
    assert fact.value == "青禾县消防救援大队　待答复（2026年8月24日报送）"
    poster = compose_poster(spec, load_layout("A4"), find_cjk_font())
    (drawn,) = poster.find("fact:报送部门")
    assert not drawn.fitted.truncated
    assert drawn.text == "青禾县消防救援大队 待答复（2026年8月24日报送）"  # spaces: one


def test_the_community_poster_counts_with_the_pages_function(tmp_path: Path) -> None:
    """A withdrawn case's meeting does not count, on the poster as on the page."""
    from generator.model.counting import consultations_in_year

    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    withdrawn = root / "content" / "xiguan" / "2026-07.md"
    withdrawn.write_text(
        (root / "content" / "xiguan" / "2026-08.md")
        .read_text("utf-8")
        .replace("result: agreed", "result: withdrawn"),
        "utf-8",
    )
    analysis = analyse(root, TODAY)
    assert not analysis.errors, [f.as_text() for f in analysis.errors]
    xiguan = analysis.project.community("xiguan")
    counted = consultations_in_year(xiguan.cases, TODAY.year, TODAY)
    held = [c for c in xiguan.cases if c.meeting and c.meeting.start.date() <= TODAY]
    assert counted == len(held) - 1  # the withdrawn one is not counted
    spec = {s.key: s for s in poster_specs(analysis)[0]}["xiguan"]
    (fact,) = [f for f in spec.facts if f.label == "今年协商"]
    assert f"已召开协商会议 {counted} 次" in fact.value


def test_minutes_are_promised_and_filing_shown_only_as_the_case_records_them(built) -> None:
    """利川: minutes are kept and outcomes filed; the poster says so only when the case does."""
    from generator.posters.content import case_spec

    analysis, _, _ = built
    spec = {s.key: s for s in poster_specs(analysis)[0]}["dongfeng/2026-03"]
    case = analysis.project.find_case("dongfeng/2026-03")
    community = analysis.project.community("dongfeng")
    assert case.outcome is not None and case.outcome.result.met
    with_both = dataclasses.replace(
        case,
        minutes=Minutes(file="minutes.pdf"),
        outcome=dataclasses.replace(case.outcome, filed=dt.date(2026, 11, 6)),
    )
    without = dataclasses.replace(
        case, minutes=None, outcome=dataclasses.replace(case.outcome, filed=None)
    )
    # Kept on paper only (kept_at): nothing is online, so nothing is promised online.
    on_paper = dataclasses.replace(case, minutes=Minutes(kept_at="村委会档案室"))
    shown = case_spec(with_both, community, spec.url, TODAY)
    bare = case_spec(without, community, spec.url, TODAY)
    paper = case_spec(on_paper, community, spec.url, TODAY)
    assert "会议纪要" in shown.scan_more and "会议纪要" not in bare.scan_more
    assert "会议纪要" not in paper.scan_more
    assert ("备　　案", "2026年11月6日已备案") in [(f.label, f.value) for f in shown.facts]
    assert ("备　　案", "尚未备案") in [(f.label, f.value) for f in bare.facts]
