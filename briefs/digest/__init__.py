"""The digest: many documents become one dated brief (dedupe, novelty store, compose, the daily job)."""
