"""Reusable widgets with their own scoped styles.

Names are imported on first use (as in `ritual_tui.store`): Today's first frame takes only its
footer (`quiet_footer`), not the forms' fields and their text area.
"""

from ritual_tui import names_on_first_use

_HOMES = {
    "EntryList": "entry_list",
    "EntryRow": "entry_list",
    "FormNotice": "notice",
    "FormScroll": "fields",
    "LineArea": "fields",
    "PickList": "pick_list",
    "Prompt": "fields",
    "QuietFooter": "quiet_footer",
    "RatingInput": "fields",
    "ReadingPane": "reading_pane",
    "SafeInput": "fields",
    "SafeTextArea": "fields",
    "ScreenTitle": "fields",
    "TypesThrough": "type_through",
    "long_text": "fields",
}

__all__ = sorted(_HOMES)


__getattr__ = names_on_first_use(__name__, _HOMES)
