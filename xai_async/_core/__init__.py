"""The pure core shared by ``xai_async`` and ``xai_sync``: never mirrored, never awaits.

Everything here is imported by absolute ``xai_async._core`` path from both packages, so each
type exists once. Only ``io/`` performs I/O; it holds the one hand-written async/sync pair.
"""
