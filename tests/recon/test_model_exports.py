"""recon.model's public surface: every public name of its private modules is exported."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import recon.model


def test_every_public_name_of_the_model_modules_imports_from_recon_model() -> None:
    # Code all over imports the nouns from recon.model; a name left out of the package's
    # re-exports would break those imports without any model test noticing.
    modules = [
        import_module(f"recon.model.{info.name}")
        for info in pkgutil.iter_modules(recon.model.__path__)
    ]
    assert {m.__name__ for m in modules} >= {"recon.model._gaps", "recon.model._lines"}
    defined = {
        name
        for module in modules
        for name, value in vars(module).items()
        if not name.startswith("_")
        and getattr(value, "__module__", module.__name__) == module.__name__
        and not isinstance(value, type(recon))
        and name not in {"annotations", "TYPE_CHECKING"}
    }
    assert defined <= set(recon.model.__all__)
    for name in recon.model.__all__:
        assert getattr(recon.model, name) is not None, name
