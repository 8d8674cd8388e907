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


class _PartialModels(core.Servicer):
    """Serves one RPC of ``xai_api.Models`` and leaves the others undefined."""

    service = "xai_api.Models"

    def ListLanguageModels(self, request: Any, context: grpc.ServicerContext) -> Any:
        raise AssertionError("not called by this test")


@pytest.mark.parametrize(
    ("method", "served"),
    [
        # A service no servicer serves (the Models servicer left out).
        ("/xai_api.Models/ListLanguageModels", lambda found: found),
        # A served service's RPC its servicer leaves undefined.
        ("/xai_api.Models/GetLanguageModel", lambda found: [*found, _PartialModels]),
    ],
)
def test_an_rpc_no_servicer_implements_answers_unimplemented(
    monkeypatch: pytest.MonkeyPatch, method: str, served: Any
) -> None:
    others = [kind for kind in core.servicers() if kind.service != "xai_api.Models"]
    monkeypatch.setattr(core, "servicers", lambda: served(others))
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
