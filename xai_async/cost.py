"""Request cost in US dollars, from the usage the API reports (``response.cost_usd``)."""

from xai_async._core.cost import USD_PER_TICK, cost_usd_from_usage

__all__ = ["USD_PER_TICK", "cost_usd_from_usage"]
