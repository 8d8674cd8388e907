"""What a call's span is named and says: pure functions of the RPC's messages.

Names and attributes are the official SDK's (gen_ai semantic conventions) where it traces the
call; the calls it does not trace get names in the same style. Nothing here imports
OpenTelemetry, and no function sees the call's metadata: the keys cannot reach a span.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from xai_async._core.chat.accumulate import BatchAccumulator, StreamAccumulator
from xai_async._core.chat.response import Response, multi_output
from xai_async.proto import xai_api

__all__ = [
    "Attributes",
    "ChunkReader",
    "base_attributes",
    "request_attributes",
    "response_attributes",
    "server_address",
    "span_name",
]

Attributes = dict[str, Any]

#: RPC path -> (span name, the request field that ends the name, or None).
_NAMES: dict[str, tuple[str, str | None]] = {
    "/xai_api.Auth/get_api_key_info": ("get_api_key_info", None),
    "/xai_api.Chat/GetCompletion": ("chat.sample", "model"),
    "/xai_api.Chat/GetCompletionChunk": ("chat.stream", "model"),
    "/xai_api.Chat/StartDeferredCompletion": ("chat.start_deferred", "model"),
    "/xai_api.Chat/GetDeferredCompletion": ("chat.get_deferred", None),
    "/xai_api.Chat/GetStoredCompletion": ("chat.get_stored_completion", None),
    "/xai_api.Chat/DeleteStoredCompletion": ("chat.delete_stored_completion", None),
    "/xai_api.Chat/CompactContext": ("chat.compact", "model"),
    "/xai_api.Image/GenerateImage": ("image.sample", "model"),
    "/xai_api.Video/GenerateVideo": ("video.start", "model"),
    "/xai_api.Video/ExtendVideo": ("video.extend_start", "model"),
    "/xai_api.Video/GetDeferredVideo": ("video.get", None),
    "/xai_api.Sample/SampleText": ("sample.text", "model"),
    "/xai_api.Sample/SampleTextStreaming": ("sample.stream", "model"),
    "/xai_api.Embedder/Embed": ("embeddings.embed", "model"),
    "/xai_api.Tokenize/TokenizeText": ("tokenize_text", "model"),
    "/xai_api.Models/ListLanguageModels": ("list_language_models", None),
    "/xai_api.Models/ListEmbeddingModels": ("list_embedding_models", None),
    "/xai_api.Models/ListImageGenerationModels": ("list_image_generation_models", None),
    "/xai_api.Models/GetLanguageModel": ("get_language_model", "name"),
    "/xai_api.Models/GetEmbeddingModel": ("get_embedding_model", "name"),
    "/xai_api.Models/GetImageGenerationModel": ("get_image_generation_model", "name"),
    "/xai_api.Files/UploadFile": ("file.upload", None),
    "/xai_api.Files/ListFiles": ("file.list", None),
    "/xai_api.Files/RetrieveFile": ("file.get", None),
    "/xai_api.Files/DeleteFile": ("file.delete", None),
    "/xai_api.Files/RetrieveFileContent": ("file.content", None),
    "/xai_api.Files/CreatePublicUrl": ("file.create_public_url", None),
    "/xai_api.Files/RevokePublicUrl": ("file.revoke_public_url", None),
    "/xai_api.Documents/Search": ("collections.search", None),
    "/xai_api.BatchMgmt/CreateBatch": ("batch.create", None),
    "/xai_api.BatchMgmt/GetBatch": ("batch.get", None),
    "/xai_api.BatchMgmt/ListBatches": ("batch.list", None),
    "/xai_api.BatchMgmt/CancelBatch": ("batch.cancel", None),
    "/xai_api.BatchMgmt/AddBatchRequests": ("batch.add", None),
    "/xai_api.BatchMgmt/ListBatchRequestMetadata": ("batch.list_batch_requests", None),
    "/xai_api.BatchMgmt/ListBatchResults": ("batch.list_batch_results", None),
    "/xai_api.BatchMgmt/GetBatchRequestResult": ("batch.get_batch_request_result", None),
}
_COLLECTIONS = {
    "CreateCollection": "create_collection",
    "ListCollections": "list_collections",
    "DeleteCollection": "delete_collection",
    "GetCollectionMetadata": "get_collection",
    "UpdateCollection": "update_collection",
    "UpdateDocument": "update_document",
    "ListDocuments": "list_documents",
    "GetDocumentMetadata": "get_document",
    "AddDocumentToCollection": "add_existing_document",
    "RemoveDocumentFromCollection": "remove_document",
    "ReIndexDocument": "reindex_document",
    "BatchGetDocuments": "batch_get_documents",
    "GenerateCollectionDescription": "generate_collection_description",
}
_NAMES.update(
    {
        f"/xai_api.Collections/{rpc}": (f"collections.{name}", None)
        for rpc, name in _COLLECTIONS.items()
    }
)
#: A request for n > 1 answers is the ``_batch`` operation (as the official SDK names it).
_BATCHED = ("chat.sample", "chat.stream", "chat.defer", "image.sample")


def span_name(path: str, request: Any, operation_name: str | None) -> str:
    """``chat.sample grok-4``: the operation, then the model (or name) the request names."""
    default, suffix_field = _NAMES.get(path, (path.rsplit("/", 1)[-1], None))
    name = operation_name or default
    if request is None:
        return name
    if name in _BATCHED and answers_requested(request) > 1:
        name += "_batch"
    suffix = getattr(request, suffix_field, None) if suffix_field else None
    return f"{name} {suffix}" if suffix else name


@cache  # a client has one or two targets
def server_address(target: str) -> tuple[str, int]:
    """``(host, port)`` of a channel target: ``host[:port]`` or ``[v6]:port``; 443 implied."""
    if target.startswith("["):
        host, _, rest = target[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else 443
    host, _, port = target.rpartition(":")
    if not host:
        return target, 443
    return host, int(port)


def base_attributes(path: str, target: str) -> Attributes:
    """What every span says: the provider, the RPC and the host actually called."""
    service, _, method = path[1:].partition("/")
    host, port = server_address(target)
    return {
        "gen_ai.provider.name": "xai",
        "rpc.system": "grpc",
        "rpc.service": service,
        "rpc.method": method,
        "server.address": host,
        "server.port": port,
    }


# -- requests ---------------------------------------------------------------------------------


def _enum_name(value: Any, prefix: str) -> str:
    name = getattr(value, "name", None) or str(value)
    return name.removeprefix(prefix).lower()


def _text(message: xai_api.Message) -> str:
    return "".join(part.text or "" for part in message.content)


def _tool_calls(calls: Iterable[xai_api.ToolCall]) -> str:
    def arguments(text: str) -> Any:
        try:
            return json.loads(text)
        except ValueError:
            return text

    return json.dumps(
        [
            {
                "id": call.id,
                "type": "function",
                "function": {
                    "name": call.function.name if call.function is not None else "",
                    "arguments": arguments(call.function.arguments)
                    if call.function is not None
                    else {},
                },
            }
            for call in calls
        ]
    )


def _chat_request(request: xai_api.GetCompletionsRequest, sensitive: bool) -> Attributes:
    attributes: Attributes = {
        "gen_ai.operation.name": "chat",
        "gen_ai.output.type": "text",
        "gen_ai.request.model": request.model,
    }
    if request.response_format is not None:
        attributes["gen_ai.output.type"] = _enum_name(
            request.response_format.format_type, "FORMAT_TYPE_"
        )
    if not sensitive:
        return attributes
    attributes.update(
        {  # the server's defaults, unless the request says otherwise
            "gen_ai.request.frequency_penalty": 0.0,
            "gen_ai.request.presence_penalty": 0.0,
            "gen_ai.request.temperature": 1.0,
            "gen_ai.request.parallel_tool_calls": True,
            "gen_ai.request.store_messages": bool(request.store_messages),
            "gen_ai.request.use_encrypted_content": bool(request.use_encrypted_content),
            "gen_ai.request.logprobs": bool(request.logprobs),
        }
    )
    for field in ("frequency_penalty", "presence_penalty", "temperature", "top_p"):
        value = getattr(request, field)
        if value is not None:
            attributes[f"gen_ai.request.{field}"] = round(value, 6)
    for field, name in (
        ("n", "choice.count"),
        ("seed", "seed"),
        ("max_tokens", "max_tokens"),
        ("top_logprobs", "top_logprobs"),
    ):
        value = getattr(request, field)
        if value is not None:
            attributes[f"gen_ai.request.{name}"] = value
    if request.stop:
        attributes["gen_ai.request.stop_sequences"] = list(request.stop)
    if request.reasoning_effort is not None:
        attributes["gen_ai.request.reasoning_effort"] = _enum_name(
            request.reasoning_effort, "EFFORT_"
        )
    if request.parallel_tool_calls is not None:
        attributes["gen_ai.request.parallel_tool_calls"] = request.parallel_tool_calls
    if request.previous_response_id:
        attributes["gen_ai.request.previous_response_id"] = request.previous_response_id
    if request.user:
        attributes["user_id"] = request.user
    for index, message in enumerate(request.messages):
        role = _enum_name(message.role, "ROLE_")
        if role == "invalid_role":
            continue
        attributes[f"gen_ai.prompt.{index}.role"] = role
        attributes[f"gen_ai.prompt.{index}.content"] = _text(message)
        if message.tool_calls:
            attributes[f"gen_ai.prompt.{index}.tool_calls"] = _tool_calls(message.tool_calls)
    return attributes


def _storage(options: xai_api.StorageOptions | None, attributes: Attributes) -> None:
    if options is None:
        return
    attributes["gen_ai.request.storage"] = True
    if options.filename:
        attributes["gen_ai.request.storage.filename"] = options.filename
    if options.expires_after is not None:
        attributes["gen_ai.request.storage.expires_after"] = options.expires_after
    if getattr(options, "public_url", None) is not None:
        attributes["gen_ai.request.storage.public_url"] = True


def _image_request(request: xai_api.GenerateImageRequest, sensitive: bool) -> Attributes:
    attributes: Attributes = {
        "gen_ai.operation.name": "generate_image",
        "gen_ai.output.type": "image",
        "gen_ai.request.model": request.model,
    }
    if not sensitive:
        return attributes
    attributes["gen_ai.prompt"] = request.prompt
    attributes["gen_ai.request.image.format"] = _enum_name(request.format, "IMG_FORMAT_")
    if request.n is not None:
        attributes["gen_ai.request.image.count"] = request.n
    for field in ("aspect_ratio", "resolution", "quality"):
        value = getattr(request, field, None)
        if value is not None:
            attributes[f"gen_ai.request.image.{field}"] = _enum_name(value, "")
    if request.user:
        attributes["user_id"] = request.user
    _storage(request.storage_options, attributes)
    return attributes


def _video_request(operation: str) -> Callable[[Any, bool], Attributes]:
    def read(request: Any, sensitive: bool) -> Attributes:
        attributes: Attributes = {
            "gen_ai.operation.name": operation,
            "gen_ai.output.type": "video",
            "gen_ai.request.model": request.model,
        }
        if not sensitive:
            return attributes
        attributes["gen_ai.prompt"] = request.prompt
        if request.duration is not None:
            attributes["gen_ai.request.video.duration"] = request.duration
        for field in ("aspect_ratio", "resolution"):
            value = getattr(request, field, None)
            if value is not None:
                attributes[f"gen_ai.request.video.{field}"] = _enum_name(value, "")
        if getattr(request, "generate_audio", None) is not None:
            attributes["gen_ai.request.video.generate_audio"] = request.generate_audio
        _storage(request.storage_options, attributes)
        return attributes

    return read


def _model_request(
    operation: str | None, field: str = "model"
) -> Callable[[Any, bool], Attributes]:
    def read(request: Any, sensitive: bool) -> Attributes:
        attributes: Attributes = {"gen_ai.request.model": getattr(request, field)}
        if operation is not None:
            attributes["gen_ai.operation.name"] = operation
        if sensitive and getattr(request, "user", None):
            attributes["user_id"] = request.user
        return attributes

    return read


_REQUESTS: dict[type, Callable[[Any, bool], Attributes]] = {
    xai_api.GetCompletionsRequest: _chat_request,
    xai_api.GenerateImageRequest: _image_request,
    xai_api.GenerateVideoRequest: _video_request("generate_video"),
    xai_api.ExtendVideoRequest: _video_request("extend_video"),
    xai_api.SampleTextRequest: _model_request("text_completion"),
    xai_api.EmbedRequest: _model_request("embeddings"),
    xai_api.TokenizeTextRequest: _model_request(None),
    xai_api.CompactContextRequest: _model_request(None),
    xai_api.GetModelRequest: _model_request(None, "name"),
}


def request_attributes(request: Any, sensitive: bool) -> Attributes:
    """The attributes a request gives its span (``sensitive``: prompts, settings, user)."""
    read = _REQUESTS.get(type(request))
    return {} if read is None else read(request, sensitive)


# -- responses --------------------------------------------------------------------------------


def _usage(usage: xai_api.SamplingUsage | None, attributes: Attributes) -> None:
    if usage is None:
        return
    attributes.update(
        {
            "gen_ai.usage.input_tokens": usage.prompt_tokens,
            "gen_ai.usage.output_tokens": usage.completion_tokens,
            "gen_ai.usage.total_tokens": usage.total_tokens,
            "gen_ai.usage.reasoning_tokens": usage.reasoning_tokens,
            "gen_ai.usage.cached_prompt_text_tokens": usage.cached_prompt_text_tokens,
            "gen_ai.usage.prompt_text_tokens": usage.prompt_text_tokens,
            "gen_ai.usage.prompt_image_tokens": usage.prompt_image_tokens,
        }
    )
    if usage.cost_in_usd_ticks is not None:
        attributes["gen_ai.usage.cost_in_usd_ticks"] = usage.cost_in_usd_ticks


def chat_attributes(responses: Sequence[Response]) -> Attributes:
    """The official SDK's attributes of ``n`` answers (sensitive, all of them)."""
    first = responses[0]
    attributes: Attributes = {
        "gen_ai.response.id": first.id,
        "gen_ai.response.model": first.model,
        "gen_ai.response.system_fingerprint": first.system_fingerprint,
        "gen_ai.response.finish_reasons": [response.finish_reason for response in responses],
    }
    _usage(first.proto.usage, attributes)
    for index, response in enumerate(responses):
        prefix = f"gen_ai.completion.{index}"
        attributes[f"{prefix}.role"] = response.role.removeprefix("ROLE_").lower()
        attributes[f"{prefix}.content"] = response.content
        if response.reasoning_content:
            attributes[f"{prefix}.reasoning_content"] = response.reasoning_content
        if response.tool_calls:
            attributes[f"{prefix}.tool_calls"] = _tool_calls(response.tool_calls)
    return attributes


def _answers(proto: xai_api.GetChatCompletionResponse, n: int) -> list[Response]:
    if n == 1:
        return [Response(proto, multi_output(0, proto.outputs))]
    return [Response(proto, index) for index in range(n)]


def _chat_response(response: xai_api.GetChatCompletionResponse, n: int) -> Attributes:
    return chat_attributes(_answers(response, n))


def _deferred_chat(response: xai_api.GetDeferredCompletionResponse, n: int) -> Attributes:
    return {} if response.response is None else _chat_response(response.response, n)


def _image_response(response: xai_api.ImageResponse, n: int) -> Attributes:
    attributes: Attributes = {"gen_ai.response.model": response.model}
    _usage(response.usage, attributes)
    for index, image in enumerate(response.images):
        prefix = f"gen_ai.response.{index}.image"
        if image.url:
            attributes[f"{prefix}.url"] = image.url
        if image.file_output is not None and image.file_output.file_id:
            attributes[f"{prefix}.file_id"] = image.file_output.file_id
        if image.storage_error:
            attributes[f"{prefix}.storage_error"] = image.storage_error
    return attributes


def _video_response(response: xai_api.GetDeferredVideoResponse, n: int) -> Attributes:
    done = response.response
    if done is None:
        return {}
    attributes: Attributes = {"gen_ai.response.model": done.model}
    _usage(done.usage, attributes)
    video = done.video
    if video is not None:
        attributes["gen_ai.response.0.video.respect_moderation"] = video.respect_moderation
        attributes["gen_ai.response.0.video.duration"] = video.duration
        if video.url:
            attributes["gen_ai.response.0.video.url"] = video.url
        if video.file_output is not None and video.file_output.file_id:
            attributes["gen_ai.response.0.video.file_id"] = video.file_output.file_id
    return attributes


def _file(response: xai_api.File, n: int) -> Attributes:
    return {"file.id": response.id, "file.name": response.filename}


def _identified(response: Any, n: int) -> Attributes:
    """Embeddings and raw sampling: id, model, fingerprint and usage."""
    attributes: Attributes = {
        "gen_ai.response.id": response.id,
        "gen_ai.response.model": response.model,
        "gen_ai.response.system_fingerprint": response.system_fingerprint,
    }
    _usage(response.usage, attributes)
    return attributes


_RESPONSES: dict[type, Callable[[Any, int], Attributes]] = {
    xai_api.GetChatCompletionResponse: _chat_response,
    xai_api.GetDeferredCompletionResponse: _deferred_chat,
    xai_api.ImageResponse: _image_response,
    xai_api.GetDeferredVideoResponse: _video_response,
    xai_api.File: _file,
    xai_api.EmbedResponse: _identified,
    xai_api.SampleTextResponse: _identified,
}


def response_attributes(response: Any, n: int) -> Attributes:
    """The (sensitive) attributes of a unary response; ``n``: answers the request asked for."""
    read = _RESPONSES.get(type(response))
    return {} if read is None else read(response, n)


class ChunkReader:
    """Folds a chat stream's chunks into the answers, for the span's attributes at its end.

    Uses the chat's own accumulators, so the span says what the caller's response says.
    """

    __slots__ = ("_accumulator", "_n")

    def __init__(self, n: int) -> None:
        self._n = n
        self._accumulator: StreamAccumulator | BatchAccumulator = (
            StreamAccumulator(0) if n == 1 else BatchAccumulator(n)
        )

    def add(self, chunk: xai_api.GetChatCompletionChunk) -> None:
        """Fold in one chunk."""
        self._accumulator.add(chunk)

    def attributes(self) -> Attributes:
        """The attributes of the answers so far."""
        accumulator = self._accumulator
        if isinstance(accumulator, StreamAccumulator):
            return chat_attributes([accumulator.response])
        return chat_attributes(accumulator.responses)


def answers_requested(request: Any) -> int:
    """How many answers a request asks for (``n``; 1 when it has no ``n``)."""
    n = getattr(request, "n", None)
    return n if isinstance(n, int) and n > 1 else 1
