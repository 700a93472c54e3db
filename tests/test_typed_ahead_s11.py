"""Words typed while a form is still being filled in (typing ahead at login) reach the draft keeper.

CI caught `ritual note` keeping no draft of words typed before it was drawn: the held keys were
let go while the form was still restoring, and the changes they made were taken for its own.
"""

from __future__ import annotations

from textual.widgets import Input

from ritual_tui.screens.note import NoteScreen


async def test_a_change_made_while_the_form_is_filled_reaches_the_keeper(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = NoteScreen()
        await app.push_screen(screen)
        # No refresh yet: the form is still being filled when these words arrive.
        screen.query_one("#note-title", Input).insert_text_at_cursor("typed ahead")
        await pilot.pause()
        await pilot.pause()
        held = app.keeper.latest(screen.draft_slot)  # still pending, or (a busy machine: 0.8 s gone) written already
        kept = held[0] if held is not None else getattr(app.keeper.store.read(screen.draft_slot), "fields", None)
        assert kept is not None and "typed ahead" in str(kept)
