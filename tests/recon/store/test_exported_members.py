"""recon.store's public surface: __all__ is sorted (constants, classes, functions) and complete."""

from __future__ import annotations

import recon.store


def _isort_key(name: str) -> tuple[int, str]:
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_every_name_exists() -> None:
    assert recon.store.__all__ == sorted(recon.store.__all__, key=_isort_key)
    for name in recon.store.__all__:
        assert hasattr(recon.store, name), name


def test_every_public_record_is_exported() -> None:
    from recon.store import _people as people
    from recon.store import _records as records

    for module in (people, records):
        public = {
            name
            for name, value in vars(module).items()
            if isinstance(value, type) and getattr(value, "__module__", "") == module.__name__
        }
        assert public <= set(recon.store.__all__), module.__name__
