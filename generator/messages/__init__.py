"""The words people read, one home each, by audience (a wording fix is one edit here):

- ``codes``: every checker code, with its severity, its Chinese message and hint for the
  clerk, and the public text residents read for public warnings;
- ``editor``: the editor server's refusals and statuses (clerks in the browser);
- ``checks``: the pieces the readers and rules fill into the codes' templates (reasons,
  details, suggestions), grouped by the module that fills them;
- ``data``: the published data, feeds and calendars, and the change descriptions;
- ``posters``: every word a poster prints, and the ``posters`` command's words;
- ``cli``: the command line's words (help, progress, build and folder messages, the
  scaffold of ``noticeboard new``, findings as text: clerks and operators in a terminal);
- ``publish``: the ``publish`` command's reports and refusals (the operator).

Code elsewhere names a word by its constant here and never spells the Chinese itself;
``tests/test_words_home.py`` finds Chinese string literals outside this folder.
"""

from generator.messages.codes import CODES, HOW_TO_SAVE_UTF8, Code, render

__all__ = ["CODES", "HOW_TO_SAVE_UTF8", "Code", "render"]
