"""The billing engine: two line sets in, the gap list out.

One run, in order (:func:`reconcile`, in :mod:`recon.engine.reconcile`):

1. :mod:`~recon.engine.groups`: each side's lines grouped per (client, product, term), with
   :mod:`~recon.engine.deadlines` (by when seats can still be reduced);
2. matching, in :mod:`recon.match`: products (catalogue, learned aliases, text and seat
   evidence) and clients (names, then shared lines);
3. :mod:`~recon.engine.compare`: matched groups joined on integer codes
   (:mod:`~recon.engine.join`), per term where a product is held on two
   (:mod:`~recon.engine.terms`) on the codes of :mod:`~recon.engine.pairs`, each difference
   classified and priced as a gap (:mod:`~recon.engine.gap_rows`, with its terms, deadline
   and currency from :mod:`~recon.engine.gap_terms`);
4. :mod:`~recon.engine.questions`: one mapping question, not two gaps, where an unmapped PSA
   line and a vendor line at the same client are likely one product.

Pure functions of their inputs: no files, no store, no clock but the one passed in.
"""

from recon.engine.not_recurring import not_recurring
from recon.engine.reconcile import collector_paused, reconcile

__all__ = ["collector_paused", "not_recurring", "reconcile"]
