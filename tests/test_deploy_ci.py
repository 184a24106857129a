"""The CI templates in docs/deploy/, run as written on a scratch repository: their
shell steps in order, with the variables and secrets a county would set pointing at
servers on this machine (an sshd to publish to, nginx serving what was published).
Only steps that need a hosted runner are left out: `uses:` actions (the checkout is
the scratch repository itself) and the GitLab image's own apt-get line."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from deploy_helpers import Nginx, Sshd, nginx, public_dir, sshd
from site_helpers import REPO

from generator.check.ci_formats import github_line, to_gitlab
from generator.findings import make

DEPLOY = REPO / "docs" / "deploy"
EXPRESSION = re.compile(r"\$\{\{\s*(vars|secrets)\.(\w+)\s*\}\}")


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "社区文书",
        "GIT_AUTHOR_EMAIL": "clerk@example.cn",
        "GIT_COMMITTER_NAME": "社区文书",
        "GIT_COMMITTER_EMAIL": "clerk@example.cn",
    }
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@dataclass
class Run:
    code: int
    output: str


@dataclass
class World:
    repo: Path  # the county's repository, as a runner checks it out
    dest: Path  # the server's /srv/noticeboard (reached over SSH)
    server: Sshd
    live: Nginx  # the public site, served from dest/current
    settings: dict[str, str]  # the CI variables and secrets

    def run(self, script: str, env: dict[str, str]) -> Run:
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=self.repo,
            env={"PATH": os.environ["PATH"], "HOME": os.environ["HOME"], **env},
            capture_output=True,
            text=True,
            timeout=900,
        )
        return Run(result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """A scratch county repository (this project's files, one commit), already
    published once by hand as docs/deploy/README.md says, and served by nginx."""
    work = public_dir("nb-ci-")
    repo = work / "repo"
    files = git(REPO, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "县里的协商公开")
    dest = work / "srv"
    try:
        with sshd() as server:
            first = World(repo, dest, server, None, {}).run(  # type: ignore[arg-type]
                "bash scripts/dev.sh install >/dev/null\n"
                ".venv/bin/noticeboard build --no-posters >/dev/null\n"
                '.venv/bin/noticeboard publish site "$TARGET"\n',
                {"TARGET": f"{server.host}:{dest}", "NOTICEBOARD_SSH": server.ssh},
            )
            assert first.code == 0, first.output
            with nginx(dest / "current") as live:
                settings = {
                    "NOTICEBOARD_LIVE_URL": live.url + "/",
                    "NOTICEBOARD_TARGET": f"{server.host}:{dest}",
                    "NOTICEBOARD_SSH_PORT": str(server.port),
                    "NOTICEBOARD_SSH_KEY": server.key.read_text(),
                    "NOTICEBOARD_KNOWN_HOSTS": server.known_hosts.read_text(),
                }
                yield World(repo, dest, server, live, settings)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def current(world: World) -> str:
    return os.readlink(world.dest / "current")


# --- GitHub Actions (and Gitea, Forgejo) --------------------------------------------------


def github_job(world: World, name: str) -> Run:
    workflow = yaml.safe_load((DEPLOY / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"][name]["steps"]
    checkout = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0, "full history for change history"
    log = []
    runner_temp = world.repo.parent / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    for step in steps:
        if "run" not in step:
            continue
        env = {"RUNNER_TEMP": str(runner_temp), "CI": "true"}
        for key, value in step.get("env", {}).items():
            env[key] = EXPRESSION.sub(lambda m: world.settings[m.group(2)], str(value))
        result = world.run(step["run"], env)
        log.append(f"## {step.get('name', step['run'])}\n{result.output}")
        if result.code != 0:
            return Run(result.code, "\n".join(log))
    return Run(0, "\n".join(log))


def test_github_workflow_triggers_and_jobs() -> None:
    workflow = yaml.safe_load((DEPLOY / "github-actions.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "check" and "refs/heads/main" in publish["if"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_github_check_job_annotates_and_builds_a_preview(world: World) -> None:
    run = github_job(world, "check")
    assert run.code == 0, run.output
    assert re.search(r"(?m)^::warning file=content/\w+/[\w.-]+,line=\d+,col=\d+,title=", run.output)
    assert (world.repo / "preview" / "index.html").is_file()


def test_github_publish_job_guards_then_publishes(world: World) -> None:
    before = current(world)
    run = github_job(world, "publish")
    assert run.code == 0, run.output
    assert "已发布的" in run.output and "个地址都还在" in run.output
    assert current(world) != before
    with urllib.request.urlopen(world.live.url + "/xiguan/2026-01/", timeout=30) as response:
        assert response.status == 200

    # A clerk renames a printed case without moved_from: main does not publish.
    case = world.repo / "content" / "yangliu" / "2026-02.md"
    case.rename(case.with_name("2026-09.md"))
    git(world.repo, "add", "-A", "content")
    git(world.repo, "commit", "-qm", "改编号")
    published = current(world)
    try:
        run = github_job(world, "publish")
        assert run.code == 1, run.output
        assert "address-lost 已发布的地址" in run.output and "yangliu/2026-02/" in run.output
        assert "moved_from: [yangliu/2026-02]" in run.output
        assert current(world) == published
    finally:
        case.with_name("2026-09.md").rename(case)
        git(world.repo, "add", "-A", "content")
        git(world.repo, "commit", "-qm", "改回")


def test_check_job_fails_on_an_error_with_an_annotation(world: World) -> None:
    case = world.repo / "content" / "xiguan" / "2026-01.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("title:", "title：", 1), encoding="utf-8")
    try:
        run = github_job(world, "check")
    finally:
        case.write_text(text, encoding="utf-8")
    assert run.code == 1
    assert "::error file=content/xiguan/2026-01.md,line=" in run.output


# --- GitLab CI ------------------------------------------------------------------------------


def gitlab_job(world: World, name: str) -> tuple[Run, list[str]]:
    pipeline = yaml.safe_load((DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = pipeline[name]
    lines = [*job.get("before_script", []), *job["script"]]
    skipped = [line for line in lines if line.startswith("apt-get ")]  # the image's set-up
    script = "\n".join(line for line in lines if line not in skipped)
    env = {"CI": "true", "CI_PROJECT_DIR": str(world.repo), "CI_COMMIT_BRANCH": "main"}
    for key, value in {**pipeline.get("variables", {}), **world.settings}.items():
        env[key] = re.sub(r"\$(\w+)", lambda m: env.get(m.group(1), ""), str(value))
    return world.run(script, env), skipped


def test_gitlab_check_job_writes_a_code_quality_report(world: World) -> None:
    pipeline = yaml.safe_load((DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    assert pipeline["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    run, skipped = gitlab_job(world, "check")
    assert run.code == 0, run.output
    assert len(skipped) == 1
    report = json.loads((world.repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert report and all(i["location"]["path"].startswith("content/") for i in report)
    assert {i["severity"] for i in report} == {"minor"}  # warnings only in the example
    assert (world.repo / "preview" / "index.html").is_file()


def test_gitlab_publish_job_guards_then_publishes(world: World) -> None:
    pipeline = yaml.safe_load((DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["publish"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    before = current(world)
    run, _ = gitlab_job(world, "publish")
    assert run.code == 0, run.output
    assert "个地址都还在" in run.output and current(world) != before


# --- the formats themselves -----------------------------------------------------------------


def test_github_annotation_escapes_what_the_format_needs() -> None:
    finding = make("fullwidth-colon", "content/a,b/2026-01.md", 3, 6, key="title")
    line = github_line(finding)
    assert line.startswith(
        "::error file=content/a%2Cb/2026-01.md,line=3,col=6,title=fullwidth-colon::"
    )
    assert "\n" not in line


def test_gitlab_report_fingerprints_are_stable_and_distinct() -> None:
    a = make("fullwidth-colon", "content/x/2026-01.md", 3, 6, key="title")
    b = make("fullwidth-colon", "content/x/2026-01.md", 4, 6, key="title")
    first, again = json.loads(to_gitlab([a, b])), json.loads(to_gitlab([a, b]))
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in again]
    assert first[0]["fingerprint"] != first[1]["fingerprint"]
    assert first[0]["severity"] == "major" and first[0]["location"]["lines"]["begin"] == 3
