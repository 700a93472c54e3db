"""The catalog: one derived SQLite file (FTS5) that answers every list, search and export quickly.

The TOML files stay the truth; see `catalog.catalog` for how the catalog keeps in step with them.
"""

from __future__ import annotations

from ritual_tui.catalog.catalog import Catalog, CatalogError, Reconciled
from ritual_tui.catalog.rows import one_per_id
from ritual_tui.catalog.words import WORDS_MATCH, match_text

__all__ = ["WORDS_MATCH", "Catalog", "CatalogError", "Reconciled", "match_text", "one_per_id"]
