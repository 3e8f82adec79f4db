"""The suite itself must refuse network access, and Evidently's telemetry is off."""

import os
import socket

import pytest

from tests.conftest import NetworkAccessError


def test_non_loopback_connection_is_refused():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkAccessError):
            sock.connect(("93.184.216.34", 80))
    finally:
        sock.close()


def test_name_resolution_is_refused():
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 443)


def test_loopback_is_allowed():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        client.connect(server.getsockname())
    finally:
        client.close()
        server.close()


def test_importing_creditdesk_switches_telemetry_off(monkeypatch):
    import importlib

    import creditdesk

    monkeypatch.delenv("DO_NOT_TRACK", raising=False)
    importlib.reload(creditdesk)
    assert os.environ["DO_NOT_TRACK"] == "1"
