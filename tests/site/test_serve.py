"""`handoff serve` rebuilds when content changes, and shows content errors without dying."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitekit import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body is not None and text in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds} s")


def test_editing_yaml_reloads_the_served_site_and_errors_do_not_kill_the_server(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/offers/dispatch/"
    offer = project / "content/offers/dispatch.yaml"
    try:
        _wait_for(url, "$69 per month per technician")
        offer.write_text(offer.read_text().replace("amount: 69", "amount: 74"))
        _wait_for(url, "$74 per month per technician")

        offer.write_text(offer.read_text().replace("amount: 74", 'amount: "free"'))
        page = _wait_for(f"http://127.0.0.1:{port}/", "Content errors")
        assert (
            "offers.dispatch.price.amount: expected a number &gt;= 0, got &#34;free&#34;" in page
            or "offers.dispatch.price.amount: expected a number &gt;= 0, got &quot;free&quot;" in page
        )
        assert server.poll() is None

        offer.write_text(offer.read_text().replace('amount: "free"', "amount: 79"))
        _wait_for(url, "$79 per month per technician")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        if server.stderr:
            server.stderr.close()
