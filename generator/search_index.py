"""A lighter search index for weak rural networks.

Material's search fetches ``search/search_index.json`` on page load. The full
index repeats every section of every page; residents search for a topic by a word
from its title or outcome, so each page keeps its title and the start of its
text, and sections keep their headings only.
"""

from __future__ import annotations

import json
from pathlib import Path

TEXT_CHARS = 320  # per entry, in characters of the segmented text
DROPPED_SECTIONS = ("#h-poster", "#h-rev", "#h-people", "#h-files", "#h-related", "#h-towns")


def slim_entries(docs: list[dict[str, object]]) -> list[dict[str, object]]:
    """Keep every page and its useful sections, each with the start of its text."""
    out = []
    for doc in docs:
        location = str(doc.get("location", ""))
        if location.endswith(DROPPED_SECTIONS):
            continue
        entry = dict(doc)
        text = str(entry.get("text", ""))
        if len(text) > TEXT_CHARS:
            entry["text"] = text[:TEXT_CHARS]
        out.append(entry)
    return out


def slim_search_index(path: Path) -> None:
    """Rewrite the index at ``path`` in place (no-op when search is off)."""
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"] = slim_entries(data.get("docs", []))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
