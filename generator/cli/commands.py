"""The ``noticeboard`` command line: parse arguments, call the library, print.

Run it in a folder holding ``site_config.yml`` (or point ``--project`` at one).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from generator.errors import EXIT_FINDINGS, EXIT_USAGE, UserError
from generator.findings import summary_line, to_json, within_path
from generator.messages import cli as words
from generator.source.config import SiteConfig
from generator.source.fields import KINDS
from generator.source.settings import load_config

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
        raise click.BadParameter(words.BAD_DATE.format(value=value)) from None


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--today`` and ``--project``, on every command."""

    @click.option(
        "--today",
        callback=_parse_today,
        metavar="YYYY-MM-DD",
        help=words.TODAY_HELP,
    )
    @click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        metavar=words.FOLDER,
        help=words.PROJECT_HELP,
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


_TOKEN = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+")


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NO_LINE_START = set(words.HELP_NO_LINE_START)


def _join(lines: list[str]) -> str:
    """The lines of one paragraph as one line: a space only between two Latin words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        wide = out and line and _columns(out[-1] + line[0]) > 2
        out += line if not out or wide else " " + line
    return out


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line (click joins lines with spaces)."""
    return [_join(p.splitlines()) for p in re.split(r"\n\s*\n", text.strip())]


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken between Chinese
    characters or between words, never inside a word or a path, and never before a
    closing punctuation mark."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in _TOKEN.findall(paragraph):
            fits = _columns(line + token) <= width or token in _NO_LINE_START
            if line.strip() and not fits:
                lines.append(line.rstrip())
                line = "" if token.isspace() else token
            else:
                line += token
        lines.append(line.rstrip())
    return lines


class _Formatter(click.HelpFormatter):
    """Help laid out by the width Chinese text really takes, headings with "："."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{words.HEADING.format(heading=heading)}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        for n, paragraph in enumerate(_paragraphs(text)):
            self.write("\n" if n else "")
            for line in _wrap(paragraph, width):
                self.write(f"{indent}{line}\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        first_col = min(max((_columns(a) for a, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if _columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _columns(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrap(second, max(self.width - first_col - self.current_indent, 20))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first_col}{line}\n")


class _Context(click.Context):
    formatter_class = _Formatter


class _ChineseHelp(click.Command):
    """``-h`` in Chinese: click's own headings (Usage, Options, Commands) are English."""

    context_class = _Context

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))
        pieces = pieces.replace("[OPTIONS]", words.OPTIONS_PLACEHOLDER)
        formatter.write_usage(ctx.command_path, pieces, prefix=words.USAGE_PREFIX)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]
        if records:
            with formatter.section(words.OPTIONS_HEADING):
                formatter.write_dl(records)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or _paragraphs(self.help or "")[0]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = words.HELP_OPTION_HELP
        return option


class _Group(_ChineseHelp, click.Group):
    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        commands = [
            (name, command.get_short_help_str(limit=80))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if commands:
            with formatter.section(words.COMMANDS_HEADING):
                formatter.write_dl(commands)


_Group.command_class = _ChineseHelp
_Group.group_class = _Group


class _Commands(_Group):
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
    help=words.CLI_HELP,
    subcommand_metavar=words.SUBCOMMAND_METAVAR,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="noticeboard", help=words.VERSION_OPTION_HELP)
def cli() -> None:
    """The ``noticeboard`` group; its help is ``words.CLI_HELP``."""


def _default_jobs() -> int:
    from generator.model.loadpool import default_jobs

    return default_jobs()


def speed_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--jobs`` and ``--no-cache``, on the commands that read all of content/."""

    @click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help=words.JOBS_HELP,
    )
    @click.option(
        "--no-cache",
        is_flag=True,
        help=words.NO_CACHE_HELP,
    )
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(*args, **kwargs)

    return wrapper


@cli.command(help=words.CHECK_HELP)
@common_options
@speed_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "gitlab"]),
    default="text",
    help=words.CHECK_FORMAT_HELP,
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar=words.PATHS_METAVAR)
def check(
    today: dt.date,
    project_dir: Path,
    jobs: int | None,
    no_cache: bool,
    fmt: str,
    paths: tuple[Path, ...],
) -> None:
    """Check content/ (or the paths given) and print the findings; exit 1 on errors."""
    from generator.check.checking import check_project
    from generator.findings import within

    config = config_or_exit(project_dir)
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            said = words.PATH_NOT_FOUND.format(path=p.as_posix())
            click.echo(words.ERROR.format(message=said), err=True)
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
        from generator.check.ci_formats import to_gitlab

        click.echo(to_gitlab(findings))
    elif fmt == "github":
        from generator.check.ci_formats import to_github

        if findings:
            click.echo(to_github(findings))
        click.echo(summary_line(findings, len(checked.files)))
    else:
        # One write for all the lines: 10,000 echo calls cost a quarter of a second.
        click.echo("".join(finding.as_text() + "\n" for finding in findings), nl=False)
        click.echo(summary_line(findings, files))
    sys.exit(EXIT_FINDINGS if any(f.is_error for f in findings) else 0)


@cli.command(help=words.BUILD_HELP)
@common_options
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar=words.FOLDER,
    help=words.SITE_DIR_HELP,
)
@click.option("--no-posters", is_flag=True, help=words.NO_POSTERS_HELP)
@click.option("--published", metavar=words.PUBLISHED_METAVAR, help=words.PUBLISHED_HELP)
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
    """Build the site and posters when the files have no errors; exit 1 otherwise."""
    from generator.site.build import build_site
    from generator.site.progress import Progress

    config = config_or_exit(project_dir)
    addresses = None
    if published is not None:
        from generator.site.guard import read_published

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


@cli.command(help=words.SERVE_HELP)
@common_options
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    metavar=words.DEV_ADDR_METAVAR,
    help=words.DEV_ADDR_HELP,
)
def serve(today: dt.date, project_dir: Path, dev_addr: str) -> None:
    """Preview the site locally, rebuilt on every change."""
    from generator.site.build import serve_site

    serve_site(config_or_exit(project_dir), today, dev_addr, echo=click.echo)


@cli.command(help=words.POSTERS_HELP)
@common_options
@click.argument("targets", nargs=-1, metavar=words.POSTER_TARGETS_METAVAR)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar=words.FOLDER,
    help=words.POSTERS_SITE_DIR_HELP,
)
@click.option(
    "--png-dpi",
    type=click.IntRange(50, 600),
    default=None,
    metavar="DPI",
    help=words.PNG_DPI_HELP,
)
def posters(
    today: dt.date,
    project_dir: Path,
    targets: tuple[str, ...],
    site_dir: Path | None,
    png_dpi: int | None,
) -> None:
    """Draw the posters (all, or the communities and cases named)."""
    from generator.posters.command import run_posters

    config = config_or_exit(project_dir)
    target = site_dir or config.root / "site"
    ok = run_posters(config, today, target, list(targets), echo=click.echo, png_dpi=png_dpi)
    sys.exit(0 if ok else EXIT_FINDINGS)


@cli.command(help=words.PUBLISH_HELP)
@click.argument("paths", nargs=-1, metavar=words.PUBLISH_PATHS_METAVAR)
@click.option("--rollback", is_flag=True, help=words.ROLLBACK_HELP)
@click.option(
    "--keep",
    type=click.IntRange(min=2),
    default=5,
    metavar="N",
    help=words.KEEP_HELP,
)
@click.option(
    "--ssh",
    envvar="NOTICEBOARD_SSH",
    default="ssh",
    metavar=words.SSH_METAVAR,
    help=words.SSH_HELP,
)
@click.option("--force", is_flag=True, help=words.FORCE_HELP)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=60,
    metavar=words.WAIT_METAVAR,
    help=words.WAIT_HELP,
)
def publish(
    paths: tuple[str, ...], rollback: bool, keep: int, ssh: str, force: bool, wait: float
) -> None:
    """Publish a built site as a new release of DEST, or roll DEST back."""
    from generator.publish import releases

    if len(paths) != (1 if rollback else 2):
        usage = (
            "noticeboard publish --rollback DEST"
            if rollback
            else "noticeboard publish SITE_DIR DEST"
        )
        click.echo(words.PUBLISH_USAGE.format(usage=usage), err=True)
        sys.exit(EXIT_USAGE)
    if rollback:
        releases.rollback(paths[0], ssh=ssh, echo=click.echo, wait=wait)
    else:
        releases.publish(
            Path(paths[0]), paths[1], keep=keep, ssh=ssh, echo=click.echo, force=force, wait=wait
        )


@cli.command(help=words.EDIT_HELP)
@common_options
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    metavar=words.PORT_METAVAR,
    help=words.PORT_HELP,
)
@click.option("--lan", is_flag=True, help=words.LAN_HELP)
@click.option("--author", metavar=words.AUTHOR_METAVAR, help=words.AUTHOR_HELP)
@click.option("--config-only", is_flag=True, help=words.CONFIG_ONLY_HELP)
@click.option("--repo", metavar=words.REPO_METAVAR, help=words.REPO_HELP)
@click.option("--base-url", metavar=words.BASE_URL_METAVAR, help=words.BASE_URL_HELP)
@click.option("--app-id", metavar="ID", help=words.APP_ID_HELP)
@click.option("--branch", default="main", metavar=words.BRANCH_METAVAR, help=words.BRANCH_HELP)
def edit(
    today: dt.date,
    project_dir: Path,
    port: int,
    lan: bool,
    author: str | None,
    config_only: bool,
    repo: str | None,
    base_url: str | None,
    app_id: str | None,
    branch: str,
) -> None:
    """Start the web editor on this machine, or (--config-only) write admin/config.yml."""
    config = config_or_exit(project_dir)
    if config_only:
        from generator.editor.assets import write_admin_config
        from generator.editor.decap_config import gitea_backend

        if not (repo and base_url and app_id):
            click.echo(words.ERROR.format(message=words.CONFIG_ONLY_NEEDS), err=True)
            sys.exit(EXIT_USAGE)
        path = write_admin_config(config, gitea_backend(repo, base_url, app_id, branch))
        click.echo(words.WROTE.format(path=path.relative_to(config.root).as_posix()))
        return
    import threading

    from generator.editor.assets import check_installed
    from generator.editor.server import Editor, lan_address, make_server, start_url

    check_installed()  # the Decap bundle: a Chinese message telling how to install it
    editor = Editor(config, today, author=author)
    threading.Thread(target=editor.checker.warm, daemon=True).start()
    host = "0.0.0.0" if lan else "127.0.0.1"
    try:
        server = make_server(editor, host, port)
    except OSError as err:
        said = words.PORT_UNUSABLE.format(port=port, reason=err.strerror)
        click.echo(words.ERROR.format(message=said), err=True)
        sys.exit(EXIT_USAGE)
    click.echo(words.EDITOR_STARTED)
    click.echo(start_url(editor, "127.0.0.1"))
    if lan:
        click.echo(words.EDITOR_ON_LAN)
        click.echo(start_url(editor, lan_address()))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.group(help=words.NEW_HELP)
def new() -> None:
    """The ``noticeboard new`` group: scaffolds with their instructions."""


@new.command("community", help=words.NEW_COMMUNITY_HELP)
@common_options
@click.argument("community_id", metavar=words.COMMUNITY_ID_METAVAR)
@click.option("--name", metavar=words.NAME_METAVAR, help=words.NAME_HELP)
@click.option(
    "--kind",
    type=click.Choice([kind for kind, _ in KINDS]),
    default=KINDS[0][0],
    help=words.KIND_HELP,
)
@click.option("--town", metavar=words.TOWN_METAVAR, help=words.TOWN_HELP)
def new_community(
    today: dt.date,
    project_dir: Path,
    community_id: str,
    name: str | None,
    kind: str,
    town: str | None,
) -> None:
    """Write content/<community>/community.yml from the scaffold."""
    from generator.model.scaffold import new_community_file

    config = config_or_exit(project_dir)
    path = new_community_file(config, community_id, name=name, kind=kind, town=town)
    click.echo(words.CREATED.format(path=path.relative_to(config.root).as_posix()))


@new.command("case", help=words.NEW_CASE_HELP)
@common_options
@click.argument("community_id", metavar=words.COMMUNITY_ID_METAVAR)
@click.option("--title", metavar=words.TITLE_METAVAR, help=words.TITLE_HELP)
def new_case(today: dt.date, project_dir: Path, community_id: str, title: str | None) -> None:
    """Write the community's next case file from the scaffold."""
    from generator.model.scaffold import new_case_file

    config = config_or_exit(project_dir)
    path = new_case_file(config, community_id, today, title=title)
    click.echo(words.CREATED.format(path=path.relative_to(config.root).as_posix()))


@cli.command(help=words.SCHEMA_HELP)
@common_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    metavar=words.FOLDER,
    help=words.SCHEMA_OUT_HELP,
)
def schema(today: dt.date, project_dir: Path, out: Path) -> None:
    """Write the JSON Schemas of the two file kinds."""
    from generator.source.schema import write_schemas

    config = config_or_exit(project_dir)
    out_dir = out if out.is_absolute() else config.root / out
    for path in write_schemas(config, out_dir):
        click.echo(words.WROTE.format(path=path.as_posix()))


_USAGE_ERRORS = [  # click's English messages (click 8.x) and what a clerk reads instead
    (r"No such option:? '?([^'.]+)'?\.?(?: Did you mean '([^']+)'\?)?", words.NO_SUCH_OPTION),
    (r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?", words.NO_SUCH_COMMAND),
    (r"Missing argument '([^']+)'\.", words.MISSING_ARGUMENT),
    (r"Missing option '([^']+)'\.", words.MISSING_OPTION),
    (r"Option '([^']+)' requires an argument\.", words.OPTION_NEEDS_VALUE),
    (r"Got unexpected extra arguments? \((.+)\)", words.EXTRA_ARGUMENTS),
    (r"Invalid value for '([^']+)': (.*)", words.INVALID_VALUE),
]


def usage_error_in_chinese(message: str) -> str:
    """One of click's usage errors, in Chinese where we know its words."""
    for pattern, chinese in _USAGE_ERRORS:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            said = chinese.format(*(g or "" for g in found.groups()))
            hint = found.groups()[1] if pattern.startswith("No such") else None
            return said + (words.DID_YOU_MEAN.format(hint=hint) if hint else "")
    return message


def main() -> None:
    """Entry point: never lets a Python traceback reach a clerk."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")
    try:
        status = cli.main(prog_name="noticeboard", standalone_mode=False)
    except click.UsageError as err:
        command = err.ctx.command_path if err.ctx else "noticeboard"
        said = usage_error_in_chinese(err.format_message())
        click.echo(words.ERROR.format(message=said), err=True)
        click.echo(words.SEE_HELP.format(command=command), err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        click.echo(words.ERROR.format(message=err.format_message()), err=True)
        sys.exit(err.exit_code)
    except click.Abort:
        click.echo(words.ABORTED, err=True)
        sys.exit(1)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # the last line of defence; details on request
        if os.environ.get("NOTICEBOARD_DEBUG"):
            traceback.print_exc()
        click.echo(words.INTERNAL_ERROR.format(error=f"{type(err).__name__}: {err}"), err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    main()
