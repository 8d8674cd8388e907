"""What a request cost: the API reports it in ticks of 1e-10 US dollars."""

from __future__ import annotations

from xai_async.proto import xai_api

__all__ = ["USD_PER_TICK", "cost_usd_from_usage"]

#: One tick of ``SamplingUsage.cost_in_usd_ticks`` in US dollars.
USD_PER_TICK = 1e-10


def cost_usd_from_usage(usage: xai_api.SamplingUsage | None) -> float | None:
    """The cost in US dollars that ``usage`` reports, or ``None`` if the server did not say."""
    ticks = None if usage is None else usage.cost_in_usd_ticks
    return None if ticks is None else ticks * USD_PER_TICK
