"""Get answers as typed Python objects: Grok fills a pydantic model you define.

``chat.parse(Model)`` asks for JSON following the model's schema and returns the response with
the validated object. Alternatively, ``response_format=Model`` on ``chat.create`` makes every
answer of that chat such JSON, to validate yourself (``Model.model_validate_json``).

Run: ``XAI_API_KEY=... python examples/sync/structured_outputs.py``
"""

from datetime import date

from pydantic import BaseModel

from xai_sync import Client
from xai_sync.chat import image, system, user

INVOICE = """\
Invoice 2024-117, issued 3 March 2024 by Harbour Rigging Ltd to the sailing club.
Mast inspection: 2 hours at 45.00 EUR. New halyard: 3 hours at 45.00 EUR, parts 62.50 EUR.
Amount due: 287.50 EUR.
"""
RECEIPT_PHOTO = "https://upload.wikimedia.org/wikipedia/commons/0/0b/ReceiptSwiss.jpg"


class Line(BaseModel):
    description: str
    amount_in_cents: int


class Invoice(BaseModel):
    number: str
    issued_on: date
    lines: list[Line]
    currency: str
    total_in_cents: int


def print_invoice(invoice: Invoice) -> None:
    print(f"Invoice {invoice.number} of {invoice.issued_on:%d %b %Y}")
    for line in invoice.lines:
        print(f"  {line.description:<30} {line.amount_in_cents / 100:>9.2f} {invoice.currency}")
    print(f"  {'Total':<30} {invoice.total_in_cents / 100:>9.2f} {invoice.currency}")


def with_parse(client: Client) -> None:
    """``chat.parse`` returns the response and the answer as an ``Invoice``."""
    chat = client.chat.create(
        model="grok-4-1-fast-non-reasoning",
        messages=[system("You turn bills into structured data, exactly as written.")],
    )
    chat.append(user("Read this invoice:\n" + INVOICE))
    response, invoice = chat.parse(Invoice)
    print(f"Raw JSON: {response.content}")
    print_invoice(invoice)


def with_response_format(client: Client) -> None:
    """With ``response_format=Invoice``, every answer of the chat is an invoice's JSON."""
    chat = client.chat.create(
        model="grok-4-1-fast-non-reasoning",
        response_format=Invoice,
        messages=[system("You turn bills into structured data, exactly as written.")],
    )
    chat.append(user("Read this receipt.", image(RECEIPT_PHOTO, detail="high")))
    response = chat.sample()
    print_invoice(Invoice.model_validate_json(response.content))


def main() -> None:
    with Client() as client:
        with_parse(client)
        print()
        with_response_format(client)


if __name__ == "__main__":
    main()
