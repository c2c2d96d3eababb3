"""The package's layout rules, checked on its imports (every import, including lazy ones).

The subpackages are layers of the pipeline, lowest first; a module imports
only from its own subpackage or a lower layer (so the analysis and batch
dedup, or the report and the evaluation, never import each other). The two dedup engines never import each
other, and only the command-line package prints to stdout or exits.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from paths import ROOT

import compare

PACKAGE = Path(compare.__file__).resolve().parent
#: Each subpackage's layer: lower layers never import higher ones.
LAYERS = {
    "_version": 0,
    "util": 0,
    "load": 1,
    "text": 2,
    "sketch": 3,
    "spark": 3,
    "analysis": 4,
    "dedup": 4,
    "report": 5,
    "evaluation": 5,
    "cli": 6,
    "__init__": 7,
    "__main__": 7,
}
LOCAL_ENGINE = (
    "compare.dedup.local",
    "compare.dedup.held",
    "compare.dedup.verify",
    "compare.dedup.batch",
    "compare.dedup.index",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(["compare", *parts])] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """The compare modules (or names in them) that the module `name` imports."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("compare"):
                out.add(target)
                out.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("compare"))
    return out


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS["__init__"] if len(parts) == 1 else LAYERS.get(parts[1], LAYERS["__init__"])


MODULES = _modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_down_the_layers_only(name: str) -> None:
    here = _layer(name)
    mine = name.split(".")[:2]
    wrong = sorted(
        t
        for t in _imports(name, MODULES[name])
        if _layer(t) >= here and t.split(".")[:2] != mine and not t.startswith("compare._version")
    )
    assert wrong == [], f"{name} (layer {here}) imports from its own layer or above"


def test_the_layers_hold_every_subpackage() -> None:
    top = {name.split(".")[1] for name in MODULES if name != "compare"}
    assert top <= set(LAYERS)
    assert len([n for n in MODULES if n.count(".") == 1 and not (PACKAGE / n.split(".")[1]).is_dir()]) <= 6


def test_the_spark_engine_never_imports_the_local_one() -> None:
    for name, path in MODULES.items():
        if name.startswith("compare.dedup.spark"):
            assert not {t for t in _imports(name, path) if t.startswith(LOCAL_ENGINE)}, name


def test_the_local_engine_never_imports_spark() -> None:
    for name, path in MODULES.items():
        if name.startswith(LOCAL_ENGINE) or name in ("compare.dedup.rules", "compare.dedup.options"):
            assert not {
                t for t in _imports(name, path) if t.startswith(("compare.dedup.spark", "compare.spark"))
            }, name


def _prints_or_exits(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id == "print":
                to_stderr = any(
                    k.arg == "file" and ast.unparse(k.value) == "sys.stderr" for k in node.keywords
                )
                if not to_stderr:
                    found.append(f"print at line {node.lineno}")
            elif isinstance(f, ast.Attribute) and ast.unparse(f) in ("sys.exit", "sys.stdout.write"):
                found.append(f"{ast.unparse(f)} at line {node.lineno}")
    return found


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("compare.cli")))
def test_only_the_command_prints_to_stdout_or_exits(name: str) -> None:
    if name == "compare.__main__":  # `python -m compare` is the command
        return
    assert _prints_or_exits(MODULES[name]) == []


#: Import names of the distributions the project declares, where they differ (pyproject.toml).
_IMPORT_NAME: dict[str, str] = {"charset-normalizer": "charset_normalizer"}
#: Imported only by the optional extras' code paths (Parquet, Spark), inside functions, and
#: polars only to give a polars DataFrame back (compare.dedup.frames).
_OPTIONAL = {"pyarrow", "pyspark", "polars"}


def test_runtime_dependencies_are_what_the_package_imports() -> None:
    import re
    import sys
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _IMPORT_NAME.get(n, n) for n in (re.split(r"[<>=!~\[ ]", d)[0] for d in project["dependencies"])
    }
    imported = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"compare", "__future__"}
    assert third_party - _OPTIONAL == declared
