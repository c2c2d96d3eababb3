"""Names a package exports but imports only on first use."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: dict[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for `package`: each name of `exports` is
    ``(module, attribute)``, imported the first time the name is asked for
    (and then kept in the package, so the next lookup is plain)."""
    namespace = import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = exports[name]
        value = getattr(import_module(module), attribute)
        namespace[name] = value
        return value

    return __getattr__
