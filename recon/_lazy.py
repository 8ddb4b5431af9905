"""Public names imported on first use (PEP 562), shared by the packages whose faces must not
load pandas, Arrow or sqlite-utils before a command needs them (``recon --help`` and every
``<command> --help`` are held to that by a test)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_names(
    package: str,
    where: Mapping[str, tuple[str, str]],
    namespace: dict[str, Any],
    public: Iterable[str],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__``.

    Args:
        package: the package's ``__name__`` (for the error message).
        where: public name -> (module, attribute) it comes from.
        namespace: the package's ``globals()``: a name, once imported, is kept there, so the
            next lookup is a plain attribute and never comes back here.
        public: the package's ``__all__``.
    """
    listed = tuple(public)

    def get(name: str) -> Any:
        found = where.get(name)
        if found is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(found[0]), found[1])
        namespace[name] = value
        return value

    def names() -> list[str]:
        return sorted({*namespace, *listed})

    return get, names
