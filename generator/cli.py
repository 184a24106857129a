"""The ``noticeboard`` command line: parse arguments, call the library, print.

Run it in a folder holding ``site_config.yml`` (or point ``--project`` at one).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.config import SiteConfig, load_config
from generator.errors import EXIT_FINDINGS, EXIT_USAGE, UserError
from generator.findings import summary_line, to_json, within_path

EXIT_INTERNAL = 3
__all__ = ["EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_USAGE", "cli", "main"]


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """The date given, or None: today, in the project's zone, once its settings are
    read (``common_options``)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期要写成 YYYY-MM-DD，如 2026-03-10，现在是“{value}”") from None


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--today`` and ``--project``, on every command."""

    @click.option(
        "--today",
        callback=_parse_today,
        metavar="YYYY-MM-DD",
        help="Build date (defaults to today): fixes every derived stage and deadline.",
    )
    @click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Folder holding site_config.yml.",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("today") is None:
            from generator import clock

            config_or_exit(kwargs["project_dir"])  # its timezone: the day it is there
            kwargs["today"] = clock.today()
        return command(*args, **kwargs)

    return wrapper


def config_or_exit(project_dir: Path) -> SiteConfig:
    """The project's settings; an unusable site_config.yml is a ConfigError (a UserError).
    A project whose ``.cache`` holds a link is refused (``outdirs.check_cache``)."""
    from generator.outdirs import check_cache

    config = load_config(project_dir.resolve())
    check_cache(config.root)
    return config


def report(err: UserError) -> None:
    """The one place a UserError reaches the user: its Chinese lines on stderr."""
    for line in err.lines():
        click.echo(line, err=True)


class _Commands(click.Group):
    """Every command's UserError is reported by ``report`` and ends the run with its
    exit status; nothing else prints them."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as err:
            report(err)
            ctx.exit(err.exit_code)


@click.group(
    cls=_Commands,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="noticeboard")
def cli() -> None:
    """noticeboard: community consultation case files -> public site and QR posters."""


def _default_jobs() -> int:
    from generator.loadpool import default_jobs

    return default_jobs()


def speed_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--jobs`` and ``--no-cache``, on the commands that read all of content/."""

    @click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Processes reading the files (default: the number of cores).",
    )
    @click.option(
        "--no-cache",
        is_flag=True,
        help="Read and render everything again, ignoring .cache/build (it is safe to delete).",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    return wrapper


@cli.command()
@common_options
@speed_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "gitlab"]),
    default="text",
    show_default=True,
    help="github: annotations for GitHub/Gitea/Forgejo Actions; gitlab: a Code Quality report.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")
def check(
    today: dt.date,
    project_dir: Path,
    jobs: int | None,
    no_cache: bool,
    fmt: str,
    paths: tuple[Path, ...],
) -> None:
    """Check content/ against the rules: one finding a line. Exit 1 on any error.

    Give folders or files (e.g. content/xiguan/) to see only their findings; the
    whole project is still read, so rules across files still apply.
    """
    from generator.checking import check_project
    from generator.findings import within

    config = config_or_exit(project_dir)
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            click.echo(f"错误：找不到 {p.as_posix()}（路径相对于当前文件夹）", err=True)
        sys.exit(EXIT_USAGE)

    def shown(folder: Path) -> bool:  # a community folder holding or inside a path given
        return within_path(folder, paths) or any(within_path(p, [folder]) for p in paths)

    checked = check_project(
        config,
        today,
        cache=not no_cache,
        jobs=jobs or _default_jobs(),
        shown=shown if paths else None,
    )
    findings = checked.findings
    files = len(checked.files)
    if paths:
        findings = within(findings, paths)
        files = sum(1 for f in checked.files if within_path(f, paths))
    if fmt == "json":
        click.echo(to_json(findings))
    elif fmt == "gitlab":
        from generator.ci_formats import to_gitlab

        click.echo(to_gitlab(findings))
    elif fmt == "github":
        from generator.ci_formats import to_github

        if findings:
            click.echo(to_github(findings))
        click.echo(summary_line(findings, len(checked.files)))
    else:
        # One write for all the lines: 10,000 echo calls cost a quarter of a second.
        click.echo("".join(finding.as_text() + "\n" for finding in findings), nl=False)
        click.echo(summary_line(findings, files))
    sys.exit(EXIT_FINDINGS if any(f.is_error for f in findings) else 0)


@cli.command()
@common_options
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site/ in the project folder).",
)
@click.option(
    "--no-posters",
    is_flag=True,
    help="Skip rendering posters (faster previews); the site's existing posters are kept.",
)
@click.option(
    "--published",
    metavar="FILE_OR_URL",
    help="urls.txt of the site as last published (a file or https://.../urls.txt): "
    "refuse to build when one of its addresses would disappear.",
)
@speed_options
def build(
    today: dt.date,
    project_dir: Path,
    site_dir: Path | None,
    no_posters: bool,
    published: str | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Check, then build the static site (and posters) into site/.

    Shows progress (a bar on a terminal, plain lines otherwise) and ends with a
    summary of the warnings; ``noticeboard check`` lists them all.
    """
    from generator.progress import Progress
    from generator.site import build_site

    config = config_or_exit(project_dir)
    addresses = None
    if published is not None:
        from generator.guard import read_published

        addresses = read_published(published)
    target = site_dir or config.root / "site"
    ok = build_site(
        config,
        today,
        target,
        posters=not no_posters,
        echo=click.echo,
        published=addresses,
        cache=not no_cache,
        jobs=jobs or _default_jobs(),
        progress=Progress(),
    )
    sys.exit(0 if ok else EXIT_FINDINGS)


@cli.command()
@common_options
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
def serve(today: dt.date, project_dir: Path, dev_addr: str) -> None:
    """Preview the site with live reload when content/ or site_config.yml change."""
    from generator.site import serve_site

    serve_site(config_or_exit(project_dir), today, dev_addr, echo=click.echo)


@cli.command()
@common_options
@click.argument("targets", nargs=-1, metavar="[COMMUNITY[/CASE]]...")
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Site folder whose posters/ to write (default: site/).",
)
@click.option(
    "--png-dpi",
    type=click.IntRange(50, 600),
    default=None,
    help="Also write full-resolution PNGs at this dpi (e.g. 300), as <name>-300dpi.png.",
)
def posters(
    today: dt.date,
    project_dir: Path,
    targets: tuple[str, ...],
    site_dir: Path | None,
    png_dpi: int | None,
) -> None:
    """Render printable posters (vector PDF and a PNG preview) for all or some
    communities and cases."""
    from generator.posters.command import run_posters

    config = config_or_exit(project_dir)
    target = site_dir or config.root / "site"
    ok = run_posters(config, today, target, list(targets), echo=click.echo, png_dpi=png_dpi)
    sys.exit(0 if ok else EXIT_FINDINGS)


@cli.command()
@click.argument("paths", nargs=-1, metavar="SITE_DIR DEST | --rollback DEST")
@click.option("--rollback", is_flag=True, help="Point DEST's current at the release before it.")
@click.option(
    "--keep", type=click.IntRange(min=2), default=5, show_default=True, help="Releases to keep."
)
@click.option(
    "--ssh",
    envvar="NOTICEBOARD_SSH",
    default="ssh",
    show_default=True,
    help="SSH command for user@host:/path destinations, e.g. 'ssh -p 2222 -i deploy_key'.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Publish even if addresses of the live site (DEST/current/urls.txt) would "
    "disappear; they are listed and recorded in the release.",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=60,
    show_default=True,
    help="Seconds to wait for another publish to the same DEST to finish.",
)
def publish(
    paths: tuple[str, ...], rollback: bool, keep: int, ssh: str, force: bool, wait: float
) -> None:
    """Publish a built site as a new release at DEST (a folder or user@host:/path) and
    switch DEST/current to it in one step; --rollback switches back."""
    from generator import publish as releases

    if len(paths) != (1 if rollback else 2):
        usage = (
            "noticeboard publish --rollback DEST"
            if rollback
            else "noticeboard publish SITE_DIR DEST"
        )
        click.echo(f"用法：{usage}（DEST 是文件夹，或 用户@服务器:/路径）", err=True)
        sys.exit(EXIT_USAGE)
    if rollback:
        releases.rollback(paths[0], ssh=ssh, echo=click.echo, wait=wait)
    else:
        releases.publish(
            Path(paths[0]), paths[1], keep=keep, ssh=ssh, echo=click.echo, force=force, wait=wait
        )


@cli.group()
def new() -> None:
    """Write a new community.yml or case file from a commented template."""


@new.command("community")
@common_options
@click.argument("community_id")
@click.option("--name", help="e.g. 西关社区")
@click.option("--kind", type=click.Choice(["社区", "村"]), default="社区", show_default=True)
@click.option("--town", help="街道 or 乡镇, e.g. 大城街道")
def new_community(
    today: dt.date,
    project_dir: Path,
    community_id: str,
    name: str | None,
    kind: str,
    town: str | None,
) -> None:
    """Create content/COMMUNITY_ID/community.yml."""
    from generator.scaffold import new_community_file

    config = config_or_exit(project_dir)
    path = new_community_file(config, community_id, name=name, kind=kind, town=town)
    click.echo(f"已创建 {path.relative_to(config.root).as_posix()}：请打开它，按注释填写。")


@new.command("case")
@common_options
@click.argument("community_id")
@click.option("--title", help="The topic (议题).")
def new_case(today: dt.date, project_dir: Path, community_id: str, title: str | None) -> None:
    """Create content/COMMUNITY_ID/YYYY-NN.md with the next free ledger number."""
    from generator.scaffold import new_case_file

    config = config_or_exit(project_dir)
    path = new_case_file(config, community_id, today, title=title)
    click.echo(f"已创建 {path.relative_to(config.root).as_posix()}：请打开它，按注释填写。")


@cli.command()
@common_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write case.schema.json and community.schema.json into.",
)
def schema(today: dt.date, project_dir: Path, out: Path) -> None:
    """Write JSON Schemas so editors (VS Code YAML) complete and validate as you type."""
    from generator.schema import write_schemas

    config = config_or_exit(project_dir)
    out_dir = out if out.is_absolute() else config.root / out
    for path in write_schemas(config, out_dir):
        click.echo(f"已写入 {path.as_posix()}")


def main() -> None:
    """Entry point: never lets a Python traceback reach a clerk."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    try:
        cli.main(prog_name="noticeboard", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # the last line of defence; details on request
        if os.environ.get("NOTICEBOARD_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"内部错误：{type(err).__name__}: {err}\n"
            "这是 noticeboard 的缺陷，不是你的文件的问题。请把这条信息和出错的文件发给维护人员；"
            "设置环境变量 NOTICEBOARD_DEBUG=1 可看到详细信息。",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
