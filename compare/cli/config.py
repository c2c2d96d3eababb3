"""Option defaults from TOML: ``[tool.compare-sources]`` and its per-command tables.

::

    [tool.compare-sources]          # every command that has the option
    threshold = 0.6
    jobs = 2

    [tool.compare-sources.dedup]    # this command only; overrides the shared table
    format = "jsonl"
    keep = "longest"

    [tool.compare-sources.report]
    output = "reports/nightly"

Keys are the commands' long option names (dashes or underscores). A key of
the shared table that no command has, or a key of a command's table that
the command does not have, is an error naming the file and the key (a typo
must not pass silently); a shared key that only other commands have is
left to them. Values are checked as the options' own values are. Flags
given on the command line override the file.

The file is ``./pyproject.toml`` when it has the table, or the one given
with ``--config``, where the tables may also sit at the top level (a file
of its own: ``threshold = 0.6`` and ``[dedup]``).
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["TABLE", "load_config"]

TABLE = "tool.compare-sources"


def load_config(
    path: str | None,
    command: str,
    parsers: Mapping[str, argparse.ArgumentParser] | Callable[[], Mapping[str, argparse.ArgumentParser]],
) -> dict[str, Any]:
    """Defaults for `command` (one of `parsers`, each command's parser, or a
    function that builds them when a file is there to check) from the
    configuration file (`path`, or ./pyproject.toml). Raises ValueError
    naming the file and the key."""
    file = Path(path) if path else Path("pyproject.toml")
    if path is None and not file.is_file():
        return {}
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{file}: cannot read the configuration: {exc}") from None
    except RecursionError:  # tomllib recurses into nested arrays and tables
        raise ValueError(f"{file}: cannot read the configuration: nested too deeply") from None
    table = data.get("tool", {}).get("compare-sources")
    if table is None:
        table = {} if path is None else {k: v for k, v in data.items() if k != "tool"}
    if not isinstance(table, dict):
        raise ValueError(f"{file}: [{TABLE}] must be a table")
    if not table:
        return {}
    if callable(parsers):
        parsers = parsers()
    shared = {k: v for k, v in table.items() if not isinstance(v, dict)}
    for name, own in table.items():
        if isinstance(own, dict) and name not in parsers:
            raise ValueError(f"{file}: [{TABLE}.{name}]: no such command ({', '.join(sorted(parsers))})")
    options = {name: _options(parser) for name, parser in parsers.items()}
    out: dict[str, Any] = {}
    for key, value in shared.items():
        dest = key.replace("-", "_")
        if not any(dest in known for known in options.values()):
            raise ValueError(f"{file}: [{TABLE}] {key}: no such option of any command")
        if dest in options[command]:
            out[dest] = _checked(options[command][dest], value, f"{file}: [{TABLE}] {key}")
    for key, value in table.get(command, {}).items():
        dest = key.replace("-", "_")
        where = f"{file}: [{TABLE}.{command}] {key}"
        if dest not in options[command]:
            raise ValueError(f"{where}: no such option of {command}")
        out[dest] = _checked(options[command][dest], value, where)
    return out


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """The options a file may set: every long option but help and config."""
    return {
        a.dest: a for a in parser._actions if a.option_strings and a.dest not in ("help", "config", "version")
    }


def _checked(action: argparse.Action, value: Any, where: str) -> Any:
    """`value` as the option's own type makes it; ValueError saying `where` otherwise."""
    try:
        if isinstance(action, argparse._StoreTrueAction):
            if not isinstance(value, bool):
                raise ValueError("must be true or false")
        elif action.type is not None:
            value = action.type(str(value))  # type: ignore[operator]
        if action.choices is not None and value not in action.choices:
            raise ValueError(f"must be one of {', '.join(map(str, action.choices))}")
    except (ValueError, argparse.ArgumentTypeError) as exc:
        raise ValueError(f"{where} = {value!r}: {exc}") from None
    return value
