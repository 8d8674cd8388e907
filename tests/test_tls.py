"""The default path: TLS with the API key as call credentials, against a TLS fake server.

The client is the official SDK's: it trusts the system's roots and takes no certificate
argument. So the check runs in a child process whose gRPC roots file
(``GRPC_DEFAULT_SSL_ROOTS_FILE_PATH``, read once per process) holds our test certificate.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.fake_server import API_KEY, FakeXai

ROOT = Path(__file__).resolve().parent.parent


def _self_signed_certificate() -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake xAI")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


CLIENT = textwrap.dedent(
    """
    import asyncio, sys
    from xai_async import AsyncClient
    from xai_async.chat import user
    from xai_sync import Client

    host, key = sys.argv[1], sys.argv[2]
    with Client(api_key=key, api_host=host) as client:
        print(client.auth.get_api_key_info().user_id)
        chat = client.chat.create(model="grok-3", messages=[user("over tls")])
        print("".join(chunk.content for _, chunk in chat.stream()))

    async def main():
        async with AsyncClient(api_key=key, api_host=host) as client:
            chat = client.chat.create(model="grok-3", messages=[user("async tls")])
            print((await chat.sample()).content)

    asyncio.run(main())
    """
)


def test_tls_channel_sends_the_key_as_call_credentials(tmp_path: Path) -> None:
    key_pem, certificate_pem = _self_signed_certificate()
    roots = tmp_path / "roots.pem"
    roots.write_bytes(certificate_pem)
    server = FakeXai(tls=(key_pem, certificate_pem)).start()
    try:
        result = subprocess.run(
            [sys.executable, "-c", CLIENT, f"127.0.0.1:{server.tls_port}", API_KEY],
            env={**os.environ, "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": str(roots)},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "user-1",
        "Ahoy! You said: over tls",
        "Ahoy! You said: async tls",
    ]
    assert [r.metadata["authorization"] for r in server.received] == [f"Bearer {API_KEY}"] * 3
