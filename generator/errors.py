"""The one error type for what the person running noticeboard can fix.

Problems in the clerks' files are findings (``generator.findings``), never exceptions.
Everything else a user can fix (an unusable site_config.yml, no Chinese font, a poster
target that names nothing, a scaffold that would overwrite a file, a publish that
cannot go ahead) raises a ``UserError``: ``str(err)`` is the Chinese message saying
what is wrong and how to fix it. One place reports them: the ``noticeboard`` command
line (``generator.cli.commands``) prints :meth:`UserError.lines` to stderr and exits with
``exit_code``; never a traceback.
"""

from __future__ import annotations

from generator.messages import cli as words

EXIT_FINDINGS = 1  # the content or the run has problems to fix
EXIT_USAGE = 2  # the command or the settings cannot be used as given


class UserError(Exception):
    """A problem the user can fix; the message is Chinese, with the fix."""

    exit_code = EXIT_USAGE
    lead = ""  # said before the message, e.g. what could not be done
    outcome = ""  # said after it: what was left unchanged

    def lines(self) -> list[str]:
        """What the command line prints, one line each."""
        text = words.ERROR.format(message=f"{self.lead}{self}")
        if self.outcome:
            text += words.OUTCOME.format(outcome=self.outcome)
        return [text]
