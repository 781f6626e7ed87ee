"""Print: the one-page sheet, rendering every sheet into the cache, clear-print copies and blank records, the training pack."""
