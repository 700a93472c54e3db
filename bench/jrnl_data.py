"""The same entries as a jrnl journal, so jrnl and ritual are measured on the same words."""

from __future__ import annotations

import json
from pathlib import Path


def write_jrnl_journal(export_json: str, folder: Path) -> Path:
    """Turn `ritual export --format json` into a jrnl text journal and a jrnl config; return the config home."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = json.loads(export_json)["entries"]
    lines = []
    for entry in sorted(entries, key=lambda e: (e["day"], e["created"])):
        words = [v for k, v in entry.items() if isinstance(v, str) and k not in {"id", "kind", "day", "created", "updated", "schema"}]
        words += [item for v in entry.values() if isinstance(v, list) for item in v if isinstance(item, str)]
        title = entry["kind"].capitalize()
        body = "\n".join(w.replace("\n[", "\n (") for w in words)
        lines.append(f"[{entry['day']} 07:30:00 AM] {title}.\n{body}\n")
    journal = folder / "journal.txt"
    journal.write_text("\n".join(lines), "utf-8")
    config_home = folder / "config"
    (config_home / "jrnl").mkdir(parents=True, exist_ok=True)
    (config_home / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n",
        "utf-8",
    )
    return config_home
