"""Benchmarks of the reconciliation engine: synthetic exports, speed, memory and quality.

- :mod:`benchmarks.generate` writes a vendor/PSA export pair plus its ground truth.
- :mod:`benchmarks.run` times ``python -m recon reconcile`` end to end on those files.
- :mod:`benchmarks.quality` scores the engine's JSON against the ground truth.

See ``benchmarks/README.md``.
"""
