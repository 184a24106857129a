"""What a long build says while it works, and the summary it ends with.

On a terminal, a progress bar redrawn in place; elsewhere (CI logs, pipes) a plain
line at the start of each step and about every quarter of it. Findings are not
printed one by one: ``summary`` gives counts by code, the first few in full and a
pointer to ``noticeboard check`` for the whole list.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

from generator.findings import Finding
from generator.messages import cli as words

SHOWN_IN_FULL = 5
_BAR = 24


class Progress:
    """Steps with a count: ``step("生成页面", 2000)``, then ``advance()`` per item."""

    def __init__(self, stream: TextIO | None = None, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.label = ""
        self.total = 0
        self.done = 0
        self.started = 0.0
        self._drawn = 0.0
        self._next_line = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed pipe never stops a build
            pass

    def step(self, label: str, total: int = 0) -> None:
        self.finish()
        self.label, self.total, self.done = label, total, 0
        self.started = time.monotonic()
        self._next_line = max(1, total // 4)
        if self.tty:
            self._draw()
        else:
            count = words.STEP_COUNT.format(total=total) if total else ""
            self._write(words.STEP_STARTED.format(label=label) + count + "\n")

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.tty:
            now = time.monotonic()
            if now - self._drawn >= 0.1 or self.done >= self.total:
                self._draw()
        elif self.total and self.done >= self._next_line and self.done < self.total:
            self._write(
                words.STEP_DONE_SO_FAR.format(label=self.label, done=self.done, total=self.total)
            )
            self._next_line += max(1, self.total // 4)

    def _draw(self) -> None:
        self._drawn = time.monotonic()
        if self.total:
            filled = _BAR * min(self.done, self.total) // self.total
            bar = "█" * filled + "░" * (_BAR - filled)
            text = f"\r{self.label} {bar} {self.done}/{self.total}"
        else:
            text = "\r" + words.STEP_STARTED.format(label=self.label)
        self._write(text + "\x1b[K")

    def finish(self) -> None:
        """End the current step with its time."""
        if not self.label:
            return
        seconds = time.monotonic() - self.started
        if self.tty:
            self._draw()
            self._write(words.STEP_SECONDS.format(seconds=f"{seconds:.1f}"))
        else:
            self._write(words.STEP_FINISHED.format(label=self.label, seconds=f"{seconds:.1f}"))
        self.label = ""


class Silent(Progress):
    """No progress output (library use, tests)."""

    def __init__(self) -> None:
        super().__init__(stream=sys.stderr, tty=False)

    def _write(self, text: str) -> None:
        pass


def summary(findings: list[Finding], echo: Callable[[str], Any], what: str) -> None:
    """Counts by code, the first few findings in full, and where to see them all.

    ``what`` names them in the sentence, e.g. "警告" or "错误".
    """
    if not findings:
        return
    counts = Counter(f.code for f in findings)
    by_code = words.SUMMARY_SEPARATOR.join(
        words.SUMMARY_BY_CODE.format(code=code, n=n) for code, n in counts.most_common()
    )
    echo(words.SUMMARY.format(n=len(findings), what=what, by_code=by_code))
    for finding in findings[:SHOWN_IN_FULL]:
        echo("  " + finding.as_text())
    if len(findings) > SHOWN_IN_FULL:
        echo(words.SUMMARY_MORE.format(n=len(findings) - SHOWN_IN_FULL))
