"""Conversations kept on xAI's servers: continue them by id, fetch them again, delete them.

With ``store_messages=True`` the server keeps the conversation and its answer. A new chat with
``previous_response_id=response.id`` carries on from there without resending the history, and
several chats can branch from the same answer. ``client.chat.get_stored_completion(id)`` fetches
a stored answer again; ``delete_stored_completion(id)`` removes it.

Run: ``XAI_API_KEY=... python examples/sync/stored_chat.py``
"""

import grpc

from xai_sync import Client
from xai_sync.chat import system, user

MODEL = "grok-4-1-fast-non-reasoning"


def branch_from_a_stored_answer(client: Client) -> None:
    chat = client.chat.create(model=MODEL, store_messages=True)
    chat.append(system("Answer in at most three sentences."))
    chat.append(user("Describe the Voyager 1 mission."))
    first = chat.sample()
    print(f"[{first.id}] {first.content}")

    # Two independent follow-ups to the same stored answer: only the new question is sent.
    for follow_up in ("When did it leave the heliosphere?", "What is on its golden record?"):
        branch = client.chat.create(model=MODEL, previous_response_id=first.id, store_messages=True)
        branch.append(user(follow_up))
        print(f"  {follow_up} -> {branch.sample().content}")


def fetch_stored_answers(client: Client) -> None:
    chat = client.chat.create(model=MODEL, store_messages=True)
    chat.append(user("Suggest a name for a space probe."))
    answers = chat.sample_batch(2)  # two alternatives, stored under one id
    stored = client.chat.get_stored_completion(answers[0].id)
    for number, answer in enumerate(stored, 1):
        print(f"Stored answer {number}: {answer.content}")


def delete_a_stored_answer(client: Client) -> None:
    chat = client.chat.create(model=MODEL, store_messages=True)
    chat.append(user("Say something we will forget."))
    response = chat.sample()
    deleted = client.chat.delete_stored_completion(response.id)
    print(f"Deleted {deleted}")
    try:
        client.chat.get_stored_completion(deleted)
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        print("It is gone: the server no longer knows that id.")


def main() -> None:
    with Client() as client:
        branch_from_a_stored_answer(client)
        fetch_stored_answers(client)
        delete_a_stored_answer(client)


if __name__ == "__main__":
    main()
