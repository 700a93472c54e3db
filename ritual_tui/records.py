"""`Record`: `typing.NamedTuple` for the modules a command loads, without importing `typing`.

`typing` costs about 5 ms of every command's start-up (`ritual due` runs from login scripts), and
nothing else a command imports needs it. A class written `class Point(Record):` with annotated
fields (defaults allowed), properties and methods becomes a named tuple exactly as with
`NamedTuple`; type checkers are told it *is* a `NamedTuple`.

Modules on a command's path also name types only for checkers, behind `TYPE_CHECKING = False`
(a constant type checkers know), never `from typing import ...` at run time.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:

    class _RecordType(type):
        """Makes each class written on `Record` a subclass of a `collections.namedtuple` of its fields."""

        def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
            if not bases:
                return super().__new__(cls, name, bases, namespace)  # `Record` itself
            fields = list(namespace.get("__annotations__", {}))
            defaults = [namespace[field] for field in fields if field in namespace]
            if any(field in namespace for field in fields[: len(fields) - len(defaults)]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            fields_tuple = namedtuple(name, fields, defaults=defaults, module=namespace.get("__module__"))
            body = {key: value for key, value in namespace.items() if key not in fields}
            return type(name, (fields_tuple,), {**body, "__slots__": ()})

    class Record(metaclass=_RecordType):
        """Base of a named tuple declared by annotated fields (see the module's docstring)."""


__all__ = ["Record"]
