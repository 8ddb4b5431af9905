"""Write docs/cli-reference.md from every command's ``--help``.

    python docs/gen_cli_reference.py

tests/test_docs.py fails when the committed file differs from what this produces.
"""

from __future__ import annotations

from pathlib import Path

import click

from recon.cli import cli

OUT = Path(__file__).with_name("cli-reference.md")


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    # make_context applies the command's context_settings (e.g. -h) the way a real call
    # does, so the text never depends on which context asked first.
    return command.make_context(
        name, [], parent=parent, resilient_parsing=True, terminal_width=80, max_content_width=80
    )


def commands(
    group: click.Group, prefix: str = "recon", parent: click.Context | None = None
) -> list[tuple[str, click.Command, click.Context]]:
    """Every command under ``group``, depth first, with its full name and a context."""
    found: list[tuple[str, click.Command, click.Context]] = []
    ctx = parent or _context(group, prefix, None)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        full = f"{prefix} {name}"
        # The context takes the command's own name: click prefixes the parent's path.
        sub = _context(command, name, ctx)
        found.append((full, command, sub))
        if isinstance(command, click.Group):
            found.extend(commands(command, full, sub))
    return found


def render() -> str:
    parts = [
        "# CLI reference\n",
        "Generated from `--help` by `python docs/gen_cli_reference.py`; do not edit by hand.\n",
    ]
    root = _context(cli, "recon", None)
    parts.append(f"## recon\n\n```\n{cli.get_help(root)}\n```\n")
    for full, command, ctx in commands(cli, parent=root):
        parts.append(f"## {full}\n\n```\n{command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
