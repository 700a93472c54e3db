"""`Record` makes the same named tuples `typing.NamedTuple` does, without importing typing."""

from __future__ import annotations

import pickle
from typing import NamedTuple

import pytest

from ritual_tui.paths import Locations
from ritual_tui.records import Record


class Point(Record):
    """A point, with a default and a property."""

    x: int
    y: int = 0

    @property
    def far(self) -> bool:
        """Whether the point is far from the origin."""
        return abs(self.x) + abs(self.y) > 10


class TypingPoint(NamedTuple):
    x: int
    y: int = 0


def test_a_record_is_the_named_tuple_typing_would_make():
    point = Point(3)
    assert point == (3, 0) == TypingPoint(3)
    assert isinstance(point, tuple) and Point._fields == TypingPoint._fields == ("x", "y")
    assert Point._field_defaults == TypingPoint._field_defaults == {"y": 0}
    assert repr(point) == "Point(x=3, y=0)"
    assert point._replace(y=20).far and not point.far
    assert point._asdict() == {"x": 3, "y": 0}
    assert Point.__doc__.startswith("A point") and Point.__module__ == __name__
    with pytest.raises(AttributeError):
        point.z = 1  # no instance dict: as small as a tuple


def test_a_record_pickles_and_unpacks(tmp_path):
    locations = Locations(*(tmp_path / name for name in ("d", "c", "k", "l", "s")))
    assert pickle.loads(pickle.dumps(locations)) == locations
    data_dir, *_ = locations
    assert data_dir == tmp_path / "d" and locations.entries_dir == tmp_path / "d" / "entries"


def test_a_default_before_a_field_without_one_is_refused():
    with pytest.raises(TypeError, match="without a default"):

        class Bad(Record):
            a: int = 1
            b: int
