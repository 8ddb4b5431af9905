"""An independent benchmark of ``recon reconcile``: exports the matcher was never tuned on.

Written from the public description of each export format (Pax8 invoice items and
subscriptions, Microsoft Partner Center new-commerce billed reconciliation, ConnectWise
agreement additions, Autotask recurring contract services) and from classes of real-world
naming variation, with its own product ids and spelling lists. Nothing in this package imports
``recon`` or reads its tables (a test holds that).

- ``generate``: an export pair plus ``truth.json`` (client pairing, spelling -> product id,
  every expected gap), deterministic by seed.
- ``score``: the engine's JSON output against ``truth.json``.
- ``toy``: the floor: read, normalise, group, join, diff in the fastest library installed.
- ``run``: all of it, timed, as one Markdown table.

The spelling lists have a held-back split (:mod:`benchmarks.independent.split`): matcher work
must never look at them. See ``benchmarks/README.md``, section "Independent generator".
"""
