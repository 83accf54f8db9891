"""Names a package imports when first used: the engine packages keep torch out of the API process
(tests/unit/test_layers.py) while their callers import from the package as usual."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_names(package: str, module_of: dict[str, str]) -> Callable[[str], Any]:
    """The package's module-level __getattr__: `name` from its module (package.module_of[name]),
    imported on first use."""

    def __getattr__(name: str) -> Any:
        if name in module_of:
            return getattr(import_module(f"{package}.{module_of[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
