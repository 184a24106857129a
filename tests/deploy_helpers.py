"""Real servers for the deployment tests, each on 127.0.0.1 with a free port, started
and stopped by the test: nginx with docs/deploy/nginx.conf, and an sshd that lets
this user in with a temporary key. A missing program fails the test, saying why."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from site_helpers import REPO

NGINX_CONF = REPO / "docs" / "deploy" / "nginx.conf"
SBIN = "/usr/local/sbin:/usr/sbin:/sbin"
SETUP_HINT = "run `bash scripts/dev.sh system test` (installs nginx, openssh-server, rsync)"


def program(name: str) -> str:
    found = shutil.which(name, path=os.environ.get("PATH", "") + ":" + SBIN)
    assert found, f"{name} is not installed: {SETUP_HINT}"
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text(errors='replace')}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"server did not listen on {port}: {log.read_text(errors='replace')}")


def public_dir(prefix: str) -> Path:
    """A folder that unprivileged nginx workers can reach (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


def site_server_block(root: Path, port: int) -> str:
    """docs/deploy/nginx.conf with only its listen and root lines replaced."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^    listen 80;\n    listen \[::\]:80;\n", "", text)
    assert listens == 1, "nginx.conf: expected 'listen 80;' and 'listen [::]:80;'"
    text, roots = re.subn(
        r"(?m)^    root [^;]+;", f"    listen 127.0.0.1:{port};\n    root {root};", text
    )
    assert roots == 1, "nginx.conf: expected one 'root' line"
    return text


@dataclass
class Nginx:
    url: str
    error_log: Path


@contextmanager
def nginx(root: Path) -> Iterator[Nginx]:
    """nginx serving ``root`` with the project's configuration; workers unprivileged."""
    binary = program("nginx")
    work = Path(tempfile.mkdtemp(prefix="nb-nginx-"))
    port = free_port()
    (work / "site.conf").write_text(site_server_block(root, port), encoding="utf-8")
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {work}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (work / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {work}/nginx.pid;\n"
        f"error_log {work}/error.log warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log off;\n{temp}    include {work}/site.conf;\n}}\n",
        encoding="utf-8",
    )
    log = work / "stderr.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [
                binary,
                "-p",
                str(work),
                "-c",
                str(work / "nginx.conf"),
                "-e",
                str(work / "error.log"),
            ],
            stderr=err,
        )
    try:
        wait_for_port(port, process, log)
        yield Nginx(f"http://127.0.0.1:{port}", work / "error.log")
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class Sshd:
    port: int
    user: str
    ssh: str  # the ssh command line that reaches it, for --ssh / rsync -e
    key: Path  # the client's private key
    known_hosts: Path  # the server's host key line

    @property
    def host(self) -> str:
        return f"{self.user}@127.0.0.1"


@contextmanager
def sshd() -> Iterator[Sshd]:
    """An sshd on 127.0.0.1 (free port, temporary host key) that lets this user in
    with a temporary key, and only that key."""
    binary = program("sshd")
    keygen = program("ssh-keygen")
    program("ssh")
    work = Path(tempfile.mkdtemp(prefix="nb-sshd-"))
    for name in ("host_key", "client_key"):
        subprocess.run(
            [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(work / name)], check=True
        )
    (work / "authorized_keys").write_bytes((work / "client_key.pub").read_bytes())
    port = free_port()
    host_pub = (work / "host_key.pub").read_text().split()[:2]
    (work / "known_hosts").write_text(f"[127.0.0.1]:{port} {' '.join(host_pub)}\n")
    (work / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {work}/host_key\n"
        f"PidFile {work}/sshd.pid\nAuthorizedKeysFile {work}/authorized_keys\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "PermitRootLogin prohibit-password\nStrictModes no\n"
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation
    log = work / "sshd.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [binary, "-D", "-e", "-f", str(work / "sshd_config")], stderr=err
        )
    ssh = (
        f"ssh -F /dev/null -p {port} -i {work}/client_key -o IdentitiesOnly=yes "
        f"-o BatchMode=yes -o UserKnownHostsFile={work}/known_hosts -o StrictHostKeyChecking=yes"
    )
    try:
        wait_for_port(port, process, log)
        user = pwd.getpwuid(os.geteuid()).pw_name
        yield Sshd(port, user, ssh, work / "client_key", work / "known_hosts")
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
