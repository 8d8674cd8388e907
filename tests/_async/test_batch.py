"""``client.batch`` against the fake server: batches, requests, results, pages and errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import grpc
import pytest

from tests.fake_server import FakeXai, Reply, enum_name
from xai_async import (
    AlreadyExistsError,
    AsyncClient,
    FailedPreconditionError,
    NotFoundError,
)
from xai_async.batch import BatchResult, ListBatchResultsResponse
from xai_async.chat import Response, assistant, image, system, user
from xai_async.image import AsyncImageResponse
from xai_async.proto import xai_api
from xai_async.testing import tiny_png

MODEL = "grok-4-fast-non-reasoning"
PNG = tiny_png()


def batches_of(server: FakeXai) -> Any:
    return server.servicer("xai_api.BatchMgmt")


def sent(server: FakeXai, method: str) -> list[Any]:
    return [call.request for call in server.received if call.method == method]


def question(client: AsyncClient, number: int) -> Any:
    """A one-question chat with the id ``q<number>``."""
    chat = client.chat.create(MODEL, batch_request_id=f"q{number}")
    return chat.append(user(f"Question {number}?"))


# -- create, get, list, cancel ---------------------------------------------------------------


async def test_create_get_and_cancel_a_batch(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        made = await client.batch.create("nightly evals")
        assert isinstance(made, xai_api.Batch)
        assert (made.batch_id, made.name) == ("batch-1", "nightly evals")
        assert made.create_time is not None
        assert made.input_file_id is None
        fetched = await client.batch.get(made.batch_id)
        assert (fetched.batch_id, fetched.name) == ("batch-1", "nightly evals")
        assert fetched.state is not None
        assert fetched.state.num_requests == 0
        cancelled = await client.batch.cancel(batch_id=made.batch_id)
        assert cancelled.cancel_time is not None
    (create,) = sent(fake_xai, "CreateBatch")
    assert create.name == "nightly evals"
    assert not create.input_file_id
    assert [r.batch_id for r in sent(fake_xai, "GetBatch")] == ["batch-1"]
    assert [r.batch_id for r in sent(fake_xai, "CancelBatch")] == ["batch-1"]


async def test_a_batch_made_from_a_file_is_loaded_and_sealed(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    lines = [
        {
            "batch_request_id": "a",
            "completion_request": {
                "model": MODEL,
                "messages": [{"role": "ROLE_USER", "content": [{"text": "From the file"}]}],
            },
        },
        {
            "batch_request_id": "b",
            "image_request": {"model": "grok-imagine-image", "prompt": "A kite"},
        },
    ]
    jsonl = "\n".join(json.dumps(line) for line in lines).encode()
    async with AsyncClient(**client_kwargs) as client:
        uploaded = await client.files.upload(jsonl, filename="requests.jsonl")
        made = await client.batch.create("from a file", input_file_id=uploaded.id)
        assert made.input_file_id == uploaded.id
        assert made.state is not None
        assert made.state.num_requests == made.state.num_success == 2
        results = await client.batch.list_batch_results(made.batch_id)
        assert results.results[0].response.content == "Ahoy! You said: From the file"
        assert results.results[1].image_response.url.endswith(".png")
        with pytest.raises(FailedPreconditionError, match="made from a file"):
            await client.batch.add(made.batch_id, [question(client, 1)])
    assert sent(fake_xai, "CreateBatch")[0].input_file_id == uploaded.id


async def test_list_pages_through_the_batches(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        for number in range(5):
            await client.batch.create(f"batch {number}")
        first = await client.batch.list(limit=2)
        assert isinstance(first, xai_api.ListBatchesResponse)
        assert [b.name for b in first.batches] == ["batch 0", "batch 1"]
        assert first.pagination_token
        second = await client.batch.list(2, first.pagination_token)  # positional, as official
        assert [b.name for b in second.batches] == ["batch 2", "batch 3"]
        everything = await client.batch.list()
        assert everything.pagination_token is None
        names = [b.name async for b in client.batch.list_all(page_size=2)]
        assert names == [f"batch {n}" for n in range(5)]
        pager = client.batch.list_all(page_size=3)
        page = await pager.next_page()
        assert page is not None
        assert len(page.batches) == 3
    listed = sent(fake_xai, "ListBatches")
    assert listed[0].limit == 2
    assert not listed[0].HasField("pagination_token")
    assert listed[1].pagination_token == first.pagination_token
    assert listed[2].limit == 0  # unset: the server's default
    assert [r.limit for r in listed[3:6]] == [2, 2, 2]
    assert [r.HasField("pagination_token") for r in listed[3:6]] == [False, True, True]


# -- add -------------------------------------------------------------------------------------


async def test_a_chat_is_added_with_its_whole_history_and_id(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        made = await client.batch.create("chats")
        chat = client.chat.create(
            MODEL,
            messages=[system("Answer in one word.")],
            max_tokens=20,
            temperature=0.3,
            batch_request_id="capital_fr",
        )
        chat.append(user("What is the capital of the UK?"))
        chat.append(assistant("London"))
        chat.append(user("And of France?", image("https://example.com/paris.jpg", detail="low")))
        anonymous = client.chat.create(MODEL).append(user("Hello"))
        await client.batch.add(made.batch_id, [chat, anonymous])
        page = await client.batch.list_batch_results(made.batch_id)
    (request,) = sent(fake_xai, "AddBatchRequests")
    assert request.batch_id == "batch-1"
    first, second = request.batch_requests
    assert first.batch_request_id == "capital_fr"
    completion = first.completion_request
    assert completion.model == MODEL
    assert (completion.max_tokens, round(completion.temperature, 3)) == (20, 0.3)
    assert not completion.HasField("n")
    roles = [enum_name("xai_api.MessageRole", m.role) for m in completion.messages]
    assert roles == ["ROLE_SYSTEM", "ROLE_USER", "ROLE_ASSISTANT", "ROLE_USER"]
    texts = [m.content[0].text for m in completion.messages]
    assert texts == [
        "Answer in one word.",
        "What is the capital of the UK?",
        "London",
        "And of France?",
    ]
    assert completion.messages[3].content[1].image_url.image_url == "https://example.com/paris.jpg"
    assert not second.HasField("batch_request_id")  # the server names it
    ids = [result.batch_request_id for result in page.results]
    assert ids == ["capital_fr", "req-1"]


async def test_image_and_video_requests_come_back_as_their_responses(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        made = await client.batch.create("media")
        requests = [
            client.image.prepare(
                "A red square",
                "grok-imagine-image",
                batch_request_id="inline",
                image_format="base64",
            ),
            client.image.prepare("A kite", "grok-imagine-image", batch_request_id="link"),
            client.video.prepare(
                "A kite flying", "grok-imagine-video", batch_request_id="clip", duration=4
            ),
            client.video.prepare_extension(
                "It lands",
                "grok-imagine-video",
                "https://example.com/kite.mp4",
                batch_request_id="more",
            ),
            question(client, 1),
        ]
        await client.batch.add(made.batch_id, requests)
        page = await client.batch.list_batch_results(made.batch_id)
        assert isinstance(page, ListBatchResultsResponse)
        inline, link, clip, more, chat = page.results
        picture = inline.image_response
        assert isinstance(picture, AsyncImageResponse)
        assert picture.mime_type == "image/png"
        assert await picture.image == PNG  # base64: nothing to download
        assert link.image_response.url == "https://imgen.x.ai.invalid/images/img-1.png"
        assert (clip.video_response.url, clip.video_response.duration) == (
            "https://vidgen.x.ai.invalid/videos/clip.mp4",
            4,
        )
        assert more.video_response.model == "grok-imagine-video"
        answer = chat.response
        assert isinstance(answer, Response)
        assert answer.content == "Ahoy! You said: Question 1?"
        assert answer.usage.completion_tokens > 0
        assert link.response.content == ""  # no chat here: an empty response, as official
        with pytest.raises(ValueError, match="holds a chat completion, not an image response"):
            chat.image_response  # noqa: B018
        status = await client.batch.get(made.batch_id)
    kinds = [r.WhichOneof("request") for r in sent(fake_xai, "AddBatchRequests")[0].batch_requests]
    assert kinds == [
        "image_request",
        "image_request",
        "video_request",
        "video_extension_request",
        "completion_request",
    ]
    assert status.state is not None
    assert (status.state.num_requests, status.state.num_success) == (5, 5)
    assert status.cost_breakdown is not None
    costs = {cost.endpoint: cost.request_count for cost in status.cost_breakdown.endpoint_costs}
    assert costs == {
        "/v1/images/generations": 2,
        "/v1/videos/generations": 1,
        "/v1/videos/extensions": 1,
        "/v1/chat/completions": 1,
    }
    assert status.cost_breakdown.total_cost_usd_ticks > 0


async def test_scripted_replies_and_failures_split_succeeded_from_failed(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    servicer = batches_of(fake_xai)
    servicer.replies["q1"] = Reply("Forty-two.")
    servicer.failures["q2"] = "The model refused."
    servicer.failures["q3"] = (grpc.StatusCode.RESOURCE_EXHAUSTED, "Out of credits.")
    async with AsyncClient(**client_kwargs) as client:
        made = await client.batch.create("mixed")
        await client.batch.add(made.batch_id, [question(client, n) for n in range(4)])
        page = await client.batch.list_batch_results(made.batch_id)
        status = await client.batch.get(made.batch_id)
    assert [r.batch_request_id for r in page.succeeded] == ["q0", "q1"]
    assert [r.batch_request_id for r in page.failed] == ["q2", "q3"]
    assert page.succeeded[1].response.content == "Forty-two."
    refused, broke = page.failed
    assert (refused.has_error, refused.is_success) == (True, False)
    assert (refused.error_code, refused.error_message) == (3, "The model refused.")
    assert (broke.error_code, broke.error_message) == (8, "Out of credits.")
    assert refused.response.content == ""  # as in the official SDK: check has_error first
    with pytest.raises(ValueError, match=r"'q2' failed \(code 3\): The model refused\."):
        refused.image_response  # noqa: B018
    assert status.state is not None
    assert (status.state.num_success, status.state.num_error) == (2, 2)


async def test_requests_wait_for_polls_and_pending_ones_can_be_cancelled(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    batches_of(fake_xai).pending_polls = 2
    async with AsyncClient(**client_kwargs) as client:
        quick = await client.batch.create("quick")
        await client.batch.add(quick.batch_id, [question(client, 1), question(client, 2)])
        progress = []
        while True:
            status = await client.batch.get(quick.batch_id)
            assert status.state is not None
            progress.append((status.state.num_pending, status.state.num_success))
            if status.state.num_pending == 0:
                break
        assert progress == [(2, 0), (0, 2)]

        slow = await client.batch.create("slow")
        await client.batch.add(slow.batch_id, [question(client, 3)])
        waiting = await client.batch.get_batch_request_result(slow.batch_id, "q3")
        assert isinstance(waiting, BatchResult)
        assert (waiting.is_success, waiting.has_error) == (False, False)
        assert waiting.request is not None
        assert waiting.request.completion_request is not None
        cancelled = await client.batch.cancel(slow.batch_id)
        assert cancelled.state is not None
        assert (cancelled.state.num_cancelled, cancelled.state.num_pending) == (1, 0)
        assert (await client.batch.list_batch_results(slow.batch_id)).results == []
        listed = await client.batch.list_batch_requests(slow.batch_id)
        assert [m.state for m in listed.batch_request_metadata] == [
            xai_api.BatchRequestMetadataState.CANCELLED
        ]
        with pytest.raises(FailedPreconditionError, match="cancelled"):
            await client.batch.add(slow.batch_id, [question(client, 4)])


async def test_get_batch_request_result_returns_the_request_and_its_result(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        made = await client.batch.create("one")
        chat = client.chat.create(MODEL, batch_request_id="only").append(user("Ping"))
        await client.batch.add(made.batch_id, [chat])
        result = await client.batch.get_batch_request_result(made.batch_id, "only")
        with pytest.raises(NotFoundError, match="no request 'missing'"):
            await client.batch.get_batch_request_result(made.batch_id, "missing")
    assert result.batch_request_id == "only"
    assert result.is_success
    assert result.response.content == "Ahoy! You said: Ping"
    assert result.request is not None
    assert result.request.completion_request is not None
    assert result.request.completion_request.messages[0].content[0].text == "Ping"
    (request,) = sent(fake_xai, "GetBatchRequestResult")[:1]
    assert (request.batch_id, request.batch_request_id) == ("batch-1", "only")


# -- requests and results, page by page -----------------------------------------------------


async def test_results_and_requests_page_across_pages(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    batches_of(fake_xai).failures["q4"] = "Nope."
    async with AsyncClient(**client_kwargs) as client:
        made = await client.batch.create("paged")
        await client.batch.add(made.batch_id, [question(client, n) for n in range(5)])
        first = await client.batch.list_batch_results(made.batch_id, limit=2)
        assert [r.batch_request_id for r in first.results] == ["q0", "q1"]
        assert first.pagination_token is not None
        second = await client.batch.list_batch_results(
            made.batch_id, 2, pagination_token=first.pagination_token
        )
        assert [r.batch_request_id for r in second.results] == ["q2", "q3"]
        walked = [r async for r in client.batch.list_all_batch_results(made.batch_id, page_size=2)]
        assert [r.batch_request_id for r in walked] == [f"q{n}" for n in range(5)]
        assert [r.has_error for r in walked] == [False] * 4 + [True]
        assert walked[0].response.content == "Ahoy! You said: Question 0?"
        pages = client.batch.list_all_batch_results(made.batch_id, page_size=3)
        page = await pages.next_page()
        assert page is not None
        assert len(page.succeeded) == 3

        metadata = await client.batch.list_batch_requests(made.batch_id, limit=3)
        assert len(metadata.batch_request_metadata) == 3
        assert metadata.pagination_token
        entry = metadata.batch_request_metadata[0]
        assert (entry.batch_request_id, entry.model, entry.endpoint) == (
            "q0",
            MODEL,
            "/v1/chat/completions",
        )
        assert entry.state is xai_api.BatchRequestMetadataState.SUCCEEDED
        failed = await client.batch.list_batch_requests(made.batch_id, status="failed")
        assert [m.batch_request_id for m in failed.batch_request_metadata] == ["q4"]
        every = [
            m.batch_request_id
            async for m in client.batch.list_all_batch_requests(
                made.batch_id, page_size=2, status=["succeeded", "failed"]
            )
        ]
        assert every == [f"q{n}" for n in range(5)]
    results = sent(fake_xai, "ListBatchResults")
    assert [(r.batch_id, r.limit) for r in results[:2]] == [("batch-1", 2)] * 2
    assert results[1].pagination_token == first.pagination_token
    assert [r.HasField("pagination_token") for r in results[2:5]] == [False, True, True]
    listed = sent(fake_xai, "ListBatchRequestMetadata")
    assert listed[0].limit == 3
    assert [enum_name("xai_api.BatchRequestMetadata.State", s) for s in listed[1].status] == [
        "STATE_FAILED"
    ]
    assert [len(r.status) for r in listed[2:]] == [2, 2, 2]


# -- errors ----------------------------------------------------------------------------------


async def test_unknown_batches_are_not_found(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        calls: list[Callable[[], Any]] = [
            lambda: client.batch.get("batch-404"),
            lambda: client.batch.cancel("batch-404"),
            lambda: client.batch.add("batch-404", [question(client, 1)]),
            lambda: client.batch.list_batch_requests("batch-404"),
            lambda: client.batch.list_batch_results("batch-404"),
            lambda: client.batch.get_batch_request_result("batch-404", "q1"),
        ]
        for call in calls:
            with pytest.raises(NotFoundError, match="'batch-404' not found"):
                await call()
    assert len(fake_xai.received) == len(calls)


async def test_an_id_already_in_the_batch_is_refused(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        made = await client.batch.create("twice")
        await client.batch.add(made.batch_id, [question(client, 1)])
        with pytest.raises(AlreadyExistsError, match="'q1'"):
            await client.batch.add(made.batch_id, [question(client, 1)])


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "error", "match"),
    [
        ("create", [""], {}, ValueError, "`batch_name`"),
        ("create", [None], {}, TypeError, "`batch_name`"),
        ("create", ["n"], {"input_file_id": " "}, ValueError, "`input_file_id`"),
        ("create", ["n"], {"timeout": 0}, ValueError, "`timeout`"),
        ("add", ["b", []], {}, ValueError, "`batch_requests` is empty"),
        ("add", ["", ["chat"]], {}, ValueError, "`batch_id`"),
        ("add", ["b", ["empty chat"]], {}, ValueError, "chat with no messages"),
        ("add", ["b", [{"prompt": "x"}]], {}, TypeError, "must be a BatchRequest"),
        ("get", [""], {}, ValueError, "`batch_id`"),
        ("cancel", [3], {}, TypeError, "`batch_id`"),
        ("list", [0], {}, ValueError, "`limit`"),
        ("list", [None, 5], {}, TypeError, "`pagination_token`"),
        ("list_batch_requests", ["b"], {"status": ["done"]}, ValueError, "`status`"),
        ("list_batch_requests", ["b", -1], {}, ValueError, "`limit`"),
        ("list_batch_results", ["b", "10"], {}, TypeError, "`limit`"),
        ("list_batch_results", [""], {}, ValueError, "`batch_id`"),
        ("get_batch_request_result", ["b", ""], {}, ValueError, "`batch_request_id`"),
    ],
)
async def test_bad_arguments_fail_before_anything_is_sent(
    fake_xai: FakeXai,
    client_kwargs: dict[str, Any],
    method: str,
    args: list[Any],
    kwargs: dict[str, Any],
    error: type[Exception],
    match: str,
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        made = {"chat": question(client, 1), "empty chat": client.chat.create(MODEL)}
        args = [
            [made.get(item, item) if isinstance(item, str) else item for item in arg]
            if isinstance(arg, list)
            else arg
            for arg in args
        ]
        with pytest.raises(error, match=match):
            await getattr(client.batch, method)(*args, **kwargs)
    assert not fake_xai.attempts


async def test_bad_list_all_arguments_fail_when_the_pager_is_made(
    fake_xai: FakeXai, client_kwargs: dict[str, Any]
) -> None:
    async with AsyncClient(**client_kwargs) as client:
        with pytest.raises(ValueError, match="`page_size`"):
            client.batch.list_all(page_size=0)
        with pytest.raises(ValueError, match="`timeout`"):
            client.batch.list_all_batch_results("b", timeout=-1)
        with pytest.raises(ValueError, match="`status`"):
            client.batch.list_all_batch_requests("b", status="later")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="`batch_id`"):
            client.batch.list_all_batch_requests(" ")
    assert not fake_xai.attempts
