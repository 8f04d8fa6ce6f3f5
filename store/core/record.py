"""`Record`: what a dataclass gives a small value class (==, hash, repr), from its `__slots__`.

A dataclass compiles its methods with `exec` when its module is imported (~0.5 ms each on a
quiet machine, several times that on a busy one), and the store core's are on the way to the
app's first screen and every command. A class built on `Record` writes its `__slots__` and
`__init__` by hand and costs a few microseconds to make.
"""

from __future__ import annotations


class Record:
    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:  # a mutable record sets `__hash__ = None`, as a dataclass does
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__qualname__}({fields})"


class FrozenRecord(Record):
    """A Record whose fields are set once, in `__init__` (`_set`), as a frozen dataclass's."""
    __slots__ = ()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")
