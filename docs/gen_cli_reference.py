"""Write docs/cli-reference.md from every command's ``--help``.

    python docs/gen_cli_reference.py

tests/test_docs.py fails when the committed file differs from what this produces.
"""

from __future__ import annotations

from pathlib import Path

import click

from recon.cli import cli

OUT = Path(__file__).with_name("cli-reference.md")


def commands(group: click.Group, prefix: str = "recon") -> list[tuple[str, click.Command]]:
    """Every command under ``group``, depth first, with its full name."""
    found: list[tuple[str, click.Command]] = []
    ctx = click.Context(group, info_name=prefix)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        full = f"{prefix} {name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found.extend(commands(command, full))
    return found


def help_text(full_name: str, command: click.Command) -> str:
    """The ``--help`` output of one command, as the terminal shows it (80 columns)."""
    ctx = click.Context(command, info_name=full_name, terminal_width=80, max_content_width=80)
    return command.get_help(ctx)


def render() -> str:
    parts = [
        "# CLI reference\n",
        "Generated from `--help` by `python docs/gen_cli_reference.py`; do not edit by hand.\n",
    ]
    root = click.Context(cli, info_name="recon", terminal_width=80, max_content_width=80)
    parts.append(f"## recon\n\n```\n{cli.get_help(root)}\n```\n")
    for full, command in commands(cli):
        parts.append(f"## {full}\n\n```\n{help_text(full, command)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
