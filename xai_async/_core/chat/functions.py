"""The pure half of ``chat.run_tools``: which calls to run, with what, and the result messages.

The packages add only the loop that samples and calls the functions (concurrently on the
async side).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from xai_async._core.chat.messages import tool_result
from xai_async._core.errors import ToolCallError
from xai_async._core.validate import required_int
from xai_async.proto import xai_api

__all__ = ["check_functions", "client_side_calls", "prepare_call", "result_message"]

_CLIENT_SIDE = (xai_api.ToolCallType.INVALID, xai_api.ToolCallType.CLIENT_SIDE_TOOL)


def check_functions(functions: object, max_rounds: object) -> int:
    """Check ``run_tools``'s arguments before anything is sent; returns ``max_rounds``."""
    if not isinstance(functions, Mapping) or not functions:
        raise TypeError(
            "`functions` must be a non-empty mapping of tool name to callable, "
            "e.g. {'get_weather': get_weather}"
        )
    for name, function in functions.items():
        if not isinstance(name, str) or not callable(function):
            raise TypeError(
                f"`functions` must map tool names (str) to callables; {name!r} maps to "
                f"{type(function).__name__}"
            )
    return required_int("max_rounds", max_rounds, minimum=1)


def client_side_calls(calls: Sequence[xai_api.ToolCall]) -> list[xai_api.ToolCall]:
    """The function calls the client must run (the server ran the others itself)."""
    return [call for call in calls if call.function is not None and call.type in _CLIENT_SIDE]


def prepare_call(
    call: xai_api.ToolCall, functions: Mapping[str, Callable[..., Any]]
) -> tuple[Callable[..., Any], dict[str, Any]]:
    """The function the model asked for and its keyword arguments.

    Raises:
        ToolCallError: The model named a function not in ``functions``, or its arguments
            are not a JSON object.
    """
    assert call.function is not None  # client_side_calls() keeps only function calls
    name, arguments = call.function.name, call.function.arguments
    function = functions.get(name)
    if function is None:
        raise ToolCallError(
            f"The model called {name!r}, which `functions` does not have "
            f"(it has: {', '.join(sorted(functions))})",
            tool_call=call,
        )
    try:
        kwargs = json.loads(arguments or "{}")
    except ValueError:
        kwargs = None
    if not isinstance(kwargs, dict):
        raise ToolCallError(
            f"The model called {name!r} with arguments that are not a JSON object: "
            f"{arguments[:80]!r}",
            tool_call=call,
        )
    return function, kwargs


def result_message(call: xai_api.ToolCall, result: object) -> xai_api.Message:
    """The tool-result message for ``call``: a string as it is, anything else as JSON.

    Raises:
        TypeError: ``result`` is awaitable (an async function given to the sync client).
    """
    if inspect.isawaitable(result):
        close = getattr(result, "close", None)
        if callable(close):
            close()  # no "never awaited" warning: the error below says what happened
        raise TypeError(
            f"The function for {call.function.name if call.function else call.id!r} returned "
            "an awaitable: the sync client runs plain functions; use AsyncClient for async ones"
        )
    text = result if isinstance(result, str) else json.dumps(result, default=str)
    return tool_result(text, tool_call_id=call.id)
