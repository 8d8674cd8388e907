"""``xai_api.Auth``: what the server knows of the caller's API key."""

from __future__ import annotations

from typing import Any

import grpc

from ..server import Servicer, message_class


class AuthServicer(Servicer):
    service = "xai_api.Auth"

    def get_api_key_info(self, request: Any, context: grpc.ServicerContext) -> Any:
        self.server._admit("get_api_key_info", request, context)
        key = self.server.api_key
        info = message_class("xai_api.ApiKey")(
            redacted_api_key=key[:4] + "…" + key[-4:],
            user_id="user-1",
            name="test key",
            team_id="team-1",
            acls=["api-key:model:*"],
            api_key_id="key-1",
        )
        info.create_time.FromSeconds(1_700_000_000)
        return info
