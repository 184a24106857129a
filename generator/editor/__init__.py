"""``noticeboard edit``: the clerks' web editor (Decap CMS) over the case files.

The server side (``server``, ``proxy``, ``checks``, ``casefile``, ``commit``,
``preview``, ``words``) and the editor's page and config (``assets``,
``decap_config``); see docs/ARCHITECTURE.md.
"""
