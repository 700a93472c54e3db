"""The catalog: one derived SQLite file (FTS5) that answers every list, search and export quickly.

The TOML files stay the truth; see `catalog.catalog` for how the catalog keeps in step with them.
Names are imported on first use (as in `ritual_tui.store`), so a command can start
`changes.look_ahead` before it has loaded SQLite and the rest of the catalog.
"""

from __future__ import annotations

from ritual_tui import names_on_first_use

_HOMES = {
    "Catalog": "catalog",
    "CatalogError": "catalog",
    "Reconciled": "catalog",
    "one_per_id": "rows",
    "WORDS_MATCH": "words",
    "match_text": "words",
}

__all__ = sorted(_HOMES)


__getattr__ = names_on_first_use(__name__, _HOMES)
