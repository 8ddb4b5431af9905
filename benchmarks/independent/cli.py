"""The ``python -m benchmarks.independent`` command line: generate, score, toy, run, perturb,
misread, clients, sites, devsets, evaluate.

Example::

    python -m benchmarks.independent generate --clients 85,20000 --pair pax8-connectwise
    python -m benchmarks.independent score OUT.json benchmarks/data/independent/<label>/truth.json
    python -m benchmarks.independent toy VENDOR.csv PSA.csv --engine duckdb
    python -m benchmarks.independent run --clients 85,20000,60000 --repeat 3
    python -m benchmarks.independent perturb PAIR_DIR OUT_DIR --seed 1 --share 0.4
    python -m benchmarks.independent misread PAIR_DIR OUT_DIR --products m365-f3 --as m365-f1
    python -m benchmarks.independent clients PAIR_DIR OUT_DIR --seed 15 --share 0.5
    python -m benchmarks.independent sites PAIR_DIR OUT_DIR --seed 16 --share 0.15
    python -m benchmarks.independent devsets DATA --sets small,sites
    python -m benchmarks.independent evaluate DATA RESULTS --jobs 2 --against BEFORE
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from benchmarks.independent.generate import DATA_DIR, PAIRS, Spec, generate
from benchmarks.independent.split import SPLITS

REPO = Path(__file__).resolve().parents[2]


def _ints(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x]


def _spec_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--clients", type=_ints, default=[85], help="client counts, e.g. 85,20000,60000"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--pair", default="pax8-connectwise", choices=PAIRS)
    parser.add_argument(
        "--spellings", default="all", choices=SPLITS, help="held-back split to draw from"
    )
    parser.add_argument(
        "--currencies", default="USD", help="the MSP's currency first, e.g. USD,EUR"
    )
    parser.add_argument("--as-of", default="2026-11-01", help="first day of the billing month")
    parser.add_argument(
        "--lines-per-client", type=float, help="vendor lines per client (default by size)"
    )
    parser.add_argument(
        "--columns",
        default="full",
        choices=("full", "narrow"),
        help="vendor file: every column of the format, or a narrower view",
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="parent folder for the pairs")


def specs(args: argparse.Namespace) -> list[Spec]:
    """One :class:`Spec` per requested client count."""
    return [
        Spec(
            clients=n,
            seed=args.seed,
            pair=args.pair,
            spellings=args.spellings,
            currencies=tuple(args.currencies.split(",")),
            as_of=dt.date.fromisoformat(args.as_of),
            lines_per_client=args.lines_per_client,
            narrow=args.columns == "narrow",
        )
        for n in args.clients
    ]


def _generate(args: argparse.Namespace) -> None:
    for spec in specs(args):
        started = time.perf_counter()
        made = generate(spec, args.out)
        print(
            f"{spec.label}: {made.counts} in {time.perf_counter() - started:.1f} s"
            f" -> {made.folder}",
            file=sys.stderr,
        )


def _score(args: argparse.Namespace) -> None:
    from benchmarks.independent.score import load, report, score

    result = score(load(args.result), load(args.truth))
    print(json.dumps(result.to_dict(), indent=1) if args.json else report(result))


def _toy(args: argparse.Namespace) -> None:
    from benchmarks.independent.toy import run_toy

    timing = run_toy(args.vendor, args.psa, engine=args.engine)
    print(json.dumps(timing))


def _run(args: argparse.Namespace) -> None:
    from benchmarks.independent.run import run

    print(run(specs(args), out=args.out, repeat=args.repeat, generator=args.generator))


def _perturb(args: argparse.Namespace) -> None:
    from benchmarks.independent.perturb import perturb

    made = perturb(
        args.pair_dir,
        args.out_dir,
        seed=args.seed,
        share=args.share,
        side=args.side,
        classes=tuple(c for c in args.classes.split(",") if c),
    )
    print(
        f"{made.folder}: {len(made.rewritten)} of {made.texts} {args.side} texts respelled",
        file=sys.stderr,
    )


def _misread(args: argparse.Namespace) -> None:
    from benchmarks.independent.misread import misread

    record = misread(
        args.pair_dir,
        args.out_dir,
        products=tuple(args.products.split(",")),
        read_as=args.read_as,
        text=args.text,
        stale=args.stale,
    )
    print(json.dumps(record))


def _clients(args: argparse.Namespace) -> None:
    from benchmarks.independent.client_shapes import reshape

    made = reshape(
        args.pair_dir,
        args.out_dir,
        seed=args.seed,
        share=args.share,
        classes=tuple(c for c in args.classes.split(",") if c),
    )
    clients = {r["client"] for r in made.rewritten}
    print(f"{made.folder}: {len(clients)} clients renamed", file=sys.stderr)


def _sites(args: argparse.Namespace) -> None:
    from benchmarks.independent.site_families import split_families

    made = split_families(
        args.pair_dir,
        args.out_dir,
        seed=args.seed,
        share=args.share,
        classes=tuple(c for c in args.classes.split(",") if c),
    )
    print(f"{made.folder}: {len(made.families)} clients made families", file=sys.stderr)


def _devsets(args: argparse.Namespace) -> None:
    from benchmarks.independent.dev_sets import make_sets

    made = make_sets(args.out, tuple(s for s in args.sets.split(",") if s))
    for name in dict.fromkeys(m.set for m in made):
        count = sum(m.set == name for m in made)
        print(f"{name}: {count} pairs in {args.out / name}", file=sys.stderr)


def _evaluate(args: argparse.Namespace) -> None:
    from benchmarks.independent.evaluate import EngineFailed, evaluate, pairs, scores_in, table

    sets = tuple(s for s in args.sets.split(",") if s) or None
    todo = pairs(args.data, sets)
    if not todo:
        sys.exit(f"no pairs under {args.data} (make them with: devsets {args.data})")
    try:
        after = evaluate(todo, args.results, engine=args.engine.resolve(), jobs=args.jobs)
    except EngineFailed as failed:
        sys.exit(f"the engine failed on {failed}")
    before = scores_in(args.against, todo) if args.against else None
    print(table(after, before))


def main(argv: list[str] | None = None) -> None:
    """Parse ``argv`` and run one subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.independent", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write export pairs and their truth")
    _spec_args(gen)
    gen.set_defaults(func=_generate)
    sc = sub.add_parser("score", help="score an engine JSON output against truth.json")
    sc.add_argument("result", type=Path)
    sc.add_argument("truth", type=Path)
    sc.add_argument("--json", action="store_true", help="print the scores as JSON")
    sc.set_defaults(func=_score)
    toy = sub.add_parser("toy", help="time the toy pipeline on two files")
    toy.add_argument("vendor", type=Path)
    toy.add_argument("psa", type=Path)
    toy.add_argument("--engine", default="auto", choices=("auto", "duckdb", "polars", "pandas"))
    toy.set_defaults(func=_toy)
    rn = sub.add_parser("run", help="generate, reconcile, toy and score; print a Markdown table")
    _spec_args(rn)
    rn.add_argument("--repeat", type=int, default=1, help="timed runs per size (best is shown)")
    rn.add_argument("--generator", default="independent", choices=("independent", "ours", "both"))
    rn.set_defaults(func=_run)
    pt = sub.add_parser("perturb", help="copy a pair with a share of its PSA texts respelled")
    pt.add_argument("pair_dir", type=Path)
    pt.add_argument("out_dir", type=Path)
    pt.add_argument("--seed", type=int, default=1)
    pt.add_argument("--share", type=float, default=0.4, help="share of distinct texts")
    pt.add_argument("--side", default="psa", choices=("psa", "vendor"), help="file to respell")
    pt.add_argument("--classes", default="", help="variation classes to use, comma-separated")
    pt.set_defaults(func=_perturb)
    mr = sub.add_parser("misread", help="copy a pair with products billed under a sibling's name")
    mr.add_argument("pair_dir", type=Path)
    mr.add_argument("out_dir", type=Path)
    mr.add_argument("--products", required=True, help="one or two product ids, e.g. m365-f3")
    mr.add_argument("--as", dest="read_as", required=True, help="the sibling the text names")
    mr.add_argument("--text", default="", help="the text (default: built from the names)")
    mr.add_argument(
        "--stale",
        action="store_true",
        help="the negative: the first product's lines billed as the sibling at its price",
    )
    mr.set_defaults(func=_misread)
    cl = sub.add_parser("clients", help="copy a pair with a share of its client names reshaped")
    cl.add_argument("pair_dir", type=Path)
    cl.add_argument("out_dir", type=Path)
    cl.add_argument("--seed", type=int, default=1)
    cl.add_argument("--share", type=float, default=0.5, help="share of clients in both files")
    cl.add_argument("--classes", default="", help="name shapes to use, comma-separated")
    cl.set_defaults(func=_clients)
    st = sub.add_parser("sites", help="copy a pair with some clients billed as several companies")
    st.add_argument("pair_dir", type=Path)
    st.add_argument("out_dir", type=Path)
    st.add_argument("--seed", type=int, default=16)
    st.add_argument("--share", type=float, default=0.15, help="share of clients in both files")
    st.add_argument("--classes", default="", help="family shapes to use, comma-separated")
    st.set_defaults(func=_sites)
    ds = sub.add_parser("devsets", help="write the dev evaluation sets (dev spellings only)")
    ds.add_argument("out", type=Path)
    ds.add_argument(
        "--sets",
        default="small,fresh,sites,clients,shapes",
        help="comma-separated set names, or quick, checks, all (see dev_sets.SETS)",
    )
    ds.set_defaults(func=_devsets)
    ev = sub.add_parser("evaluate", help="reconcile and score every pair of the dev sets")
    ev.add_argument("data", type=Path, help="the folder devsets wrote")
    ev.add_argument("results", type=Path, help="where reports and scores go (kept)")
    ev.add_argument("--sets", default="", help="comma-separated (default: every set found)")
    ev.add_argument("--jobs", type=int, default=1, help="pairs reconciled at once")
    ev.add_argument("--engine", type=Path, default=REPO, help="the checkout whose engine runs")
    ev.add_argument("--against", type=Path, help="an earlier RESULTS folder to compare with")
    ev.set_defaults(func=_evaluate)
    args = parser.parse_args(argv)
    args.func(args)
