"""Suite-wide fixtures: offscreen Qt, no network, an isolated user folder."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DO_NOT_TRACK"] = "1"


class NetworkAccessError(AssertionError):
    """A test tried to reach a non-loopback address."""


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)) and not isinstance(address, tuple):
        return True  # AF_UNIX path
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost would need DNS: refuse


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self, address):
    if not _is_local(address):
        raise NetworkAccessError(f"network access attempted to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_local(address):
        raise NetworkAccessError(f"network access attempted to {address!r}")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost") and not _is_local((host,)):
        raise NetworkAccessError(f"name resolution attempted for {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config):
    """Install the guard for the whole session, before any test module imports."""
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo


@pytest.fixture(autouse=True)
def _isolated_user_folder(tmp_path_factory, monkeypatch):
    """Each test writes its default store, reports and logs to its own folder."""
    home = tmp_path_factory.mktemp("creditdesk_home")
    monkeypatch.setenv("CREDITDESK_HOME", str(home))
    return home


# --------------------------------------------------------------------------- model fixtures
# One small bring-your-own-shaped store and bundle per session, shared by the core and
# training tests (the Home Credit-shaped ones live in tests/core/conftest.py).


@pytest.fixture(scope="session")
def table_store(tmp_path_factory):
    return _model_fixtures().make_table_store(tmp_path_factory.mktemp("model_store") / "table.duckdb")


@pytest.fixture(scope="session")
def table_bundle(tmp_path_factory, table_store):
    out = tmp_path_factory.mktemp("model_bundle") / "bundle"
    _model_fixtures().train_small(table_store, out)
    return out


@pytest.fixture
def bundle_copy(tmp_path, table_bundle):
    """A throw-away copy of the session bundle, for tests that damage it."""
    target = tmp_path / "bundle"
    shutil.copytree(table_bundle, target)
    return target


def _model_fixtures():
    from tests import model_fixtures  # imported on use: it pulls in the training stack

    return model_fixtures
