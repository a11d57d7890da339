"""Multi-step writes: each module holds one (boundary import, survey import,
layer export). Validation comes first; the write is one transaction."""
