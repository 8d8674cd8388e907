"""The I/O layer: the one hand-written async/sync pair, plus what both halves share.

- ``front``: shared by both halves: channel settings per host, deadlines, serialisation,
  error mapping and the observer hook, decided once per call.
- ``async_transport`` / ``transport``: RPCs of every cardinality the API uses, and the
  response stream (``AsyncTransport``/``Transport``, ``AsyncResponseStream``/``ResponseStream``).
- ``async_primitives`` / ``primitives``: sleep, a concurrency limiter, a chunked file reader
  and writer (``sources`` / ``destinations``, shared: what those accept, checked before I/O).
- ``aio_carrier`` / ``trio_carrier``: how ``AsyncTransport`` moves calls on each event loop;
  one module per loop, loaded on first use (trio is imported only there).

The sync names are the async ones without their ``Async``/``async_`` prefix, so the generic
rule that generates ``xai_sync`` from ``xai_async`` maps every reference onto its twin. Nothing
is imported here: ``xai_sync`` never loads the async half.
"""
