"""Help a person can read: plain usage and option names, an example per command, whole summaries.

Typer labels each value with its Python type (`--work <list[str]>`, `{work}`, `<int range>`,
`[x>=1]`) and cuts each command's summary to fit ("Build editions, …"). briefgen's help names a
value by what it is (`--work ID`, `WORK`), as pandoc's and mkdocs' do, prints each summary whole
and ends each command's help with an example. Every command of `App` gets this help.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

F = TypeVar("F", bound=Callable[..., Any])

#: Where every command is described with examples (and, with `mkdocs serve`, the docs site).
DOCS = "docs/commands.md"


def metavar(param: Any) -> str:
    """Name a parameter's value: its metavar, its choices, or its name in capitals."""
    if param.metavar:
        return str(param.metavar)
    described = getattr(param, "type_descriptor", None)
    if described is not None and described.is_choice and described.choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in described.choices) + "]"
    return str(param.name or "value").strip("_").upper()


def _names(param: Any) -> str:
    if param.param_type_name == "argument":
        return metavar(param) + ("..." if param.nargs != 1 else "")
    flags = sorted([*param.opts, *param.secondary_opts], key=lambda o: len(o) - len(o.lstrip("-")))
    names = ", ".join(flags)
    if param.is_flag or param.count:
        return names
    return f"{names} {metavar(param)}"


def record(param: Any) -> tuple[str, str] | None:
    """Return a parameter's help row: its names and value, and its help (with [required])."""
    if getattr(param, "hidden", False):
        return None
    text = param.help or ""
    if param.param_type_name == "option" and param.required:
        text = f"{text}  [required]" if text else "[required]"
    return _names(param), text


def summary(text: str | None) -> str:
    """Return the first paragraph of a help text on one line, whole."""
    return " ".join((text or "").split("\n\n")[0].split())


def _format_options(command: Any, ctx: Any, formatter: Any) -> None:
    rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
    for param in command.get_params(ctx):
        row = record(param)
        if row is not None:
            rows[param.param_type_name].append(row)
    for kind, title in (("argument", "Arguments"), ("option", "Options")):
        if rows[kind]:
            with formatter.section(title):
                formatter.write_dl(rows[kind])


def _format_epilog(command: Any, formatter: Any) -> None:
    """Write the epilog line by line as written (an example must not be re-wrapped)."""
    if not command.epilog:
        return
    formatter.write_paragraph()
    with formatter.indentation():
        for line in command.epilog.strip("\n").splitlines():
            formatter.write(f"{'':>{formatter.current_indent}}{line}\n" if line else "\n")


class Command(TyperCommand):
    """A command whose help names values plainly and ends with its example."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _names(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_options(self, ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _format_epilog(self, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or summary(self.help)


class HelpGroup(TyperGroup):
    """A group of commands listed with whole summaries, its help ending with its epilog."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str()))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _format_epilog(self, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or summary(self.help)


def examples(*lines: str) -> str:
    """Return the epilog that shows a command's example(s)."""
    return "Example:\n" + "\n".join(f"  {line}" for line in lines)


class App(typer.Typer):
    """A Typer app whose commands are `Command`s; `example=` gives the line that ends the help."""

    def command(
        self,
        name: str | None = None,
        *,
        example: str | tuple[str, ...] | None = None,
        cls: type[TyperCommand] | None = None,
        epilog: str | None = None,
        **kwargs: Any,
    ) -> Callable[[F], F]:
        """Register a command; its help ends with `example` (one line, or several)."""
        if example is not None:
            shown = (example,) if isinstance(example, str) else example
            epilog = examples(*shown)
        decorator: Callable[[F], F] = super().command(
            name, cls=cls or Command, epilog=epilog, **kwargs
        )
        return decorator
