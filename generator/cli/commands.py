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
from generator.source.config import SiteConfig
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
        raise click.BadParameter(f"日期要写成 YYYY-MM-DD，如 2026-03-10，现在是“{value}”") from None


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--today`` and ``--project``, on every command."""

    @click.option(
        "--today",
        callback=_parse_today,
        metavar="YYYY-MM-DD",
        help="按这一天计算每个案例的阶段和期限（默认今天，按网站所在时区）。",
    )
    @click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        metavar="文件夹",
        help="含 site_config.yml 的项目文件夹（默认当前文件夹）。",
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


_NO_LINE_START = set("，。、；：？！）》」』”’")


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
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

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
        pieces = " ".join(self.collect_usage_pieces(ctx)).replace("[OPTIONS]", "[选项]")
        formatter.write_usage(ctx.command_path, pieces, prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx))]
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or _paragraphs(self.help or "")[0]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示这个说明。"
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
            with formatter.section("命令"):
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
    subcommand_metavar="命令 [参数]...",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="noticeboard", help="显示版本号。")
def cli() -> None:
    """noticeboard：城乡社区协商公开栏。检查 content/ 里各社区（村）的协商案例文件，
    生成公开网站和二维码海报。

    在含有 site_config.yml 的文件夹里运行；每个命令加 -h 看它的说明和例子。

    例：noticeboard check content/xiguan/
    """


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
        help="同时读取文件的进程数（默认等于 CPU 核数）。",
    )
    @click.option(
        "--no-cache",
        is_flag=True,
        help="不用 .cache/build 里的缓存，全部重新读取和生成（缓存可以随时删除）。",
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
    help="输出格式：text（默认，给人看）、json、github（GitHub/Gitea/Forgejo Actions 的"
    "行内标注）、gitlab（GitLab 代码质量报告）。",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[路径]...")
def check(
    today: dt.date,
    project_dir: Path,
    jobs: int | None,
    no_cache: bool,
    fmt: str,
    paths: tuple[Path, ...],
) -> None:
    """检查 content/ 里的文件：每个问题一行（文件:行:列、错误或警告、代码、改法）。
    有错误时退出码为 1。

    可以只看某个社区（村）文件夹或某个文件的问题；其他文件照样读取，跨文件的规则照样检查。

    例：noticeboard check content/xiguan/
    """
    from generator.check.checking import check_project
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


@cli.command()
@common_options
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="文件夹",
    help="网站生成到哪个文件夹（默认项目里的 site/；只能是空文件夹或以前生成的网站）。",
)
@click.option(
    "--no-posters",
    is_flag=True,
    help="不重新生成海报（预览更快）；只沿用和案例内容仍然一致的旧海报。",
)
@click.option(
    "--published",
    metavar="文件或网址",
    help="线上网站的 urls.txt（文件，或 https://…/urls.txt）：已经公布过的地址会消失时，拒绝生成。",
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
    """检查无误后生成网站（默认在 site/）和海报；有错误时不生成，原有网站不变。

    生成时显示进度，最后汇总警告；全部警告用 noticeboard check 查看。

    例：noticeboard build
    """
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


@cli.command()
@common_options
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    metavar="地址:端口",
    help="预览地址（默认 127.0.0.1:8000）。",
)
def serve(today: dt.date, project_dir: Path, dev_addr: str) -> None:
    """在本机预览网站，改了文件自动刷新；文件有错误时，浏览器里显示错误和改法。

    例：noticeboard serve（然后用浏览器打开 http://127.0.0.1:8000）
    """
    from generator.site.build import serve_site

    serve_site(config_or_exit(project_dir), today, dev_addr, echo=click.echo)


@cli.command()
@common_options
@click.argument("targets", nargs=-1, metavar="[社区[/案例]]...")
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="文件夹",
    help="海报写到哪个网站文件夹的 posters/ 里（默认 site/）。",
)
@click.option(
    "--png-dpi",
    type=click.IntRange(50, 600),
    default=None,
    metavar="DPI",
    help="另存这个分辨率的高清 PNG（如 300），文件名为 案例编号-300dpi.png。",
)
def posters(
    today: dt.date,
    project_dir: Path,
    targets: tuple[str, ...],
    site_dir: Path | None,
    png_dpi: int | None,
) -> None:
    """生成可打印的海报（矢量 PDF 和 PNG 小图），可以只生成某个社区或案例的。

    例：noticeboard posters xiguan/2026-03
    """
    from generator.posters.command import run_posters

    config = config_or_exit(project_dir)
    target = site_dir or config.root / "site"
    ok = run_posters(config, today, target, list(targets), echo=click.echo, png_dpi=png_dpi)
    sys.exit(0 if ok else EXIT_FINDINGS)


@cli.command()
@click.argument("paths", nargs=-1, metavar="网站文件夹 DEST | --rollback DEST")
@click.option("--rollback", is_flag=True, help="把 DEST/current 切回上一个版本。")
@click.option(
    "--keep",
    type=click.IntRange(min=2),
    default=5,
    metavar="N",
    help="保留最近几个版本（默认 5）。",
)
@click.option(
    "--ssh",
    envvar="NOTICEBOARD_SSH",
    default="ssh",
    metavar="命令",
    help="连接服务器用的 SSH 命令，如 'ssh -p 2222 -i deploy_key'（默认 ssh）。",
)
@click.option(
    "--force",
    is_flag=True,
    help="线上网站（DEST/current/urls.txt）的地址会消失时也发布；消失的地址会列出，"
    "并记在这个版本里。",
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=60,
    metavar="秒",
    help="另一个发布正在进行时最多等多少秒（默认 60）。",
)
def publish(
    paths: tuple[str, ...], rollback: bool, keep: int, ssh: str, force: bool, wait: float
) -> None:
    """把生成好的网站作为新版本发布到 DEST（文件夹，或 用户@服务器:/路径），
    一步切换 DEST/current；--rollback 切回上一个版本。

    例：noticeboard publish site deploy@server:/srv/noticeboard
    """
    from generator.publish import releases

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


@cli.command()
@common_options
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    metavar="端口",
    help="编辑器用哪个端口（默认 8765）。",
)
@click.option(
    "--lan",
    is_flag=True,
    help="让同一 Wi-Fi 的手机也能打开（监听所有地址）；只有打印出来的一次性地址能进入，"
    "不要发到群里。",
)
@click.option("--author", metavar="'姓名 <邮箱>'", help="提交记录里的作者（默认用 git 的设置）。")
@click.option(
    "--config-only",
    is_flag=True,
    help="只写出多人协作（Gitea/Forgejo）用的 admin/config.yml，不启动编辑器。",
)
@click.option("--repo", metavar="所有者/仓库", help="配合 --config-only：Gitea/Forgejo 上的仓库。")
@click.option("--base-url", metavar="网址", help="配合 --config-only：Gitea/Forgejo 服务器的网址。")
@click.option("--app-id", metavar="ID", help="配合 --config-only：OAuth 应用的客户端 ID。")
@click.option(
    "--branch", default="main", metavar="分支", help="配合 --config-only：分支（默认 main）。"
)
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
    """在本机启动网页编辑器：用中文表单填写案例，保存时检查（有错误不保存，错误显示在对应的栏目旁），可预览页面和海报，按“提交”保存到代码仓库。

    例：noticeboard edit（然后用浏览器打开它显示的地址）
    """
    config = config_or_exit(project_dir)
    if config_only:
        from generator.editor.assets import write_admin_config
        from generator.editor.decap_config import gitea_backend

        if not (repo and base_url and app_id):
            click.echo("错误：--config-only 需要 --repo、--base-url 和 --app-id", err=True)
            sys.exit(EXIT_USAGE)
        path = write_admin_config(config, gitea_backend(repo, base_url, app_id, branch))
        click.echo(f"已写入 {path.relative_to(config.root).as_posix()}")
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
        click.echo(f"错误：端口 {port} 用不了（{err.strerror}）。换一个：--port 8766", err=True)
        sys.exit(EXIT_USAGE)
    click.echo("编辑器已启动。用浏览器打开（关闭本窗口即停止）：")
    click.echo(start_url(editor, "127.0.0.1"))
    if lan:
        click.echo("同一 Wi-Fi 的手机打开（这个地址就是钥匙，不要发到群里）：")
        click.echo(start_url(editor, lan_address()))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.group()
def new() -> None:
    """按带说明的模板新建 community.yml 或案例文件。

    例：noticeboard new case xiguan --title 关于3号楼加装电梯的协商
    """


@new.command("community")
@common_options
@click.argument("community_id", metavar="社区编号")
@click.option("--name", metavar="名称", help="社区或村的名称，如 西关社区。")
@click.option(
    "--kind",
    type=click.Choice(["社区", "村"]),
    default="社区",
    help="社区 或 村（村的文件用村民、村委会等说法；默认 社区）。",
)
@click.option("--town", metavar="街道或乡镇", help="所属街道或乡镇，如 大城街道。")
def new_community(
    today: dt.date,
    project_dir: Path,
    community_id: str,
    name: str | None,
    kind: str,
    town: str | None,
) -> None:
    """新建 content/社区编号/community.yml（带填写说明）。

    例：noticeboard new community xiguan --name 西关社区 --town 大城街道
    """
    from generator.model.scaffold import new_community_file

    config = config_or_exit(project_dir)
    path = new_community_file(config, community_id, name=name, kind=kind, town=town)
    click.echo(f"已创建 {path.relative_to(config.root).as_posix()}：请打开它，按注释填写。")


@new.command("case")
@common_options
@click.argument("community_id", metavar="社区编号")
@click.option("--title", metavar="议题", help="这次协商的议题（标题）。")
def new_case(today: dt.date, project_dir: Path, community_id: str, title: str | None) -> None:
    """新建 content/社区编号/年份-序号.md：自动取下一个台账编号，不会覆盖已有文件。

    例：noticeboard new case xiguan --title 关于3号楼加装电梯的协商
    """
    from generator.model.scaffold import new_case_file

    config = config_or_exit(project_dir)
    path = new_case_file(config, community_id, today, title=title)
    click.echo(f"已创建 {path.relative_to(config.root).as_posix()}：请打开它，按注释填写。")


@cli.command()
@common_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    metavar="文件夹",
    help="case.schema.json 和 community.schema.json 写到哪个文件夹（默认 schema/）。",
)
def schema(today: dt.date, project_dir: Path, out: Path) -> None:
    """写出 JSON Schema，让 VS Code（YAML 插件）边写 community.yml 边检查。

    例：noticeboard schema
    """
    from generator.source.schema import write_schemas

    config = config_or_exit(project_dir)
    out_dir = out if out.is_absolute() else config.root / out
    for path in write_schemas(config, out_dir):
        click.echo(f"已写入 {path.as_posix()}")


_USAGE_ERRORS = [  # click's English messages (click 8.x) and what a clerk reads instead
    (r"No such option:? '?([^'.]+)'?\.?(?: Did you mean '([^']+)'\?)?", "没有 {0} 这个选项。"),
    (r"No such command '([^']+)'\.(?: Did you mean '([^']+)'\?)?", "没有 {0} 这个命令。"),
    (r"Missing argument '([^']+)'\.", "缺少 {0}。"),
    (r"Missing option '([^']+)'\.", "缺少选项 {0}。"),
    (r"Option '([^']+)' requires an argument\.", "选项 {0} 后面要写一个值。"),
    (r"Got unexpected extra arguments? \((.+)\)", "多写了：{0}。"),
    (r"Invalid value for '([^']+)': (.*)", "{0} 的值不对：{1}"),
]


def usage_error_in_chinese(message: str) -> str:
    """One of click's usage errors, in Chinese where we know its words."""
    for pattern, chinese in _USAGE_ERRORS:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            said = chinese.format(*(g or "" for g in found.groups()))
            hint = found.groups()[1] if pattern.startswith("No such") else None
            return said + (f"是不是要写 {hint}？" if hint else "")
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
        click.echo(f"错误：{usage_error_in_chinese(err.format_message())}", err=True)
        click.echo(f"运行 {command} -h 查看用法和例子。", err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        click.echo(f"错误：{err.format_message()}", err=True)
        sys.exit(err.exit_code)
    except click.Abort:
        click.echo("已中止。", err=True)
        sys.exit(1)
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
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    main()
