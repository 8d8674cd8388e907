"""One copy of every type: both packages share messages, errors and chat helpers."""

from __future__ import annotations

from typing import Any

import xai_async
import xai_async.chat
import xai_sync
import xai_sync.chat
from tests.fake_server import FakeXai


def test_errors_and_wrappers_are_the_same_classes() -> None:
    errors = [name for name in xai_async.__all__ if name.endswith("Error")]
    assert len(errors) == 26
    for name in errors:
        assert getattr(xai_sync, name) is getattr(xai_async, name)
    shared = (
        "Response",
        "Chunk",
        "ImageGenerationOutput",
        "CompactContextResponse",
        "user",
        "tool",
    )
    for name in (*shared, "system", "image", "file", "Content", "SearchParameters"):
        assert getattr(xai_sync.chat, name) is getattr(xai_async.chat, name)


def test_a_message_from_the_async_package_works_with_the_sync_client(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    message = xai_async.chat.user("made by xai_async")
    with xai_sync.Client(**client_kwargs) as client:
        chat = client.chat.create("grok-3", messages=[message])
        response = chat.sample()
    assert isinstance(response, xai_async.chat.Response)
    assert response.content == "Ahoy! You said: made by xai_async"


def test_versions_come_from_one_place() -> None:
    assert xai_sync.__version__ == xai_async.__version__
    assert xai_async.__version__ == xai_async._core.version.__version__


def test_public_names_match_between_packages() -> None:
    renamed = {"AsyncClient": "Client"}
    assert sorted(renamed.get(n, n) for n in xai_async.__all__) == sorted(xai_sync.__all__)
    assert sorted(renamed.get(n, n) for n in dir(xai_async)) == dir(xai_sync)
    assert {"chat", "auth", "types", "aio", "sync"} <= set(dir(xai_sync))


def test_types_are_one_copy() -> None:
    import xai_async.types
    import xai_sync.types

    for name in xai_async.types.__all__:
        assert getattr(xai_sync.types, name) is getattr(xai_async.types, name)


def test_errors_pickle_with_their_type_status_and_method() -> None:
    import pickle

    import grpc

    error = xai_async.RateLimitError(
        grpc.StatusCode.RESOURCE_EXHAUSTED, None, None, "slow down", method="/xai_api.Chat/X"
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is xai_async.RateLimitError
    assert (copy.code(), copy.details(), copy.method) == (
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "slow down",
        "/xai_api.Chat/X",
    )
