"""The fake server's servicer registry: typos fail loudly, unserved RPCs answer UNIMPLEMENTED."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from tests.fake_server import FakeXai, core


def test_services_are_discovered() -> None:
    served = {kind.service for kind in core.servicers()}
    assert {"xai_api.Chat", "xai_api.Auth", "xai_api.Files"} <= served


def test_a_servicer_method_that_is_no_rpc_fails_construction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Typo(core.Servicer):
        service = "xai_api.Chat"

        def GetCompletoin(self, request: Any, context: grpc.ServicerContext) -> Any:
            raise AssertionError("never served")

    discovered = core.servicers()
    monkeypatch.setattr(core, "servicers", lambda: [*discovered, Typo])
    with pytest.raises(ValueError, match=r"xai_api\.Chat has no RPC 'GetCompletoin'"):
        FakeXai()


@pytest.mark.parametrize(
    "method",
    [
        "/xai_api.Models/ListLanguageModels",  # a service no servicer serves
        "/xai_api.Files/ListFiles",  # a served service's RPC its servicer leaves undefined
    ],
)
def test_an_rpc_no_servicer_implements_answers_unimplemented(method: str) -> None:
    server = FakeXai().start()
    try:
        with grpc.insecure_channel(server.address) as channel:
            # No (de)serializers: raw bytes.
            call: grpc.UnaryUnaryMultiCallable[bytes, bytes] = channel.unary_unary(method)
            with pytest.raises(grpc.RpcError) as caught:
                call(b"", timeout=5)
        assert caught.value.code() is grpc.StatusCode.UNIMPLEMENTED
    finally:
        server.stop()
