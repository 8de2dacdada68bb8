"""The Dagster UI as a user sees it: the webserver on loopback, the asset graph in headless Chromium,
and the assets, checks, schedule and sensor through Dagster's GraphQL API."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = REPO / ".tmp" / "test-output"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql",
                                 data=json.dumps({"query": query}).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["data"]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    home = tmp_path_factory.mktemp("dagster_home")
    shutil.copy(REPO / "pipelines" / "dagster_instance.yaml", home / "dagster.yaml")
    port = free_port()
    log = (home / "webserver.log").open("w")
    env = {**os.environ, "DAGSTER_HOME": str(home), "DO_NOT_TRACK": "1"}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "dagster-webserver"), "-h", "127.0.0.1",
                             "-p", str(port), "-m", "pipelines.definitions"],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5)
            break
        except OSError:
            assert proc.poll() is None, (home / "webserver.log").read_text()[-3000:]
            time.sleep(1)
    else:
        proc.kill()
        pytest.fail("webserver did not start: " + (home / "webserver.log").read_text()[-3000:])
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def test_assets_checks_schedule_and_sensor_are_served(webserver):
    data = graphql(webserver, """{
      assetNodes { assetKey { path } description
                   assetChecksOrError { ... on AssetChecks { checks { name } } } }
      repositoriesOrError { ... on RepositoryConnection { nodes { schedules { name } sensors { name } } } }
    }""")
    keys = {"/".join(n["assetKey"]["path"]) for n in data["assetNodes"]}
    assert {"raw_documents", "clean_documents", "tokens", "facts", "marts/facts", "marts/targets_vs_actuals",
            "published_warehouse"} <= keys
    checks = {c["name"] for n in data["assetNodes"] for c in (n["assetChecksOrError"].get("checks") or [])}
    assert "every_file_accounted_for" in checks and any(c.startswith("not_null") for c in checks)
    facts = next(n for n in data["assetNodes"] if n["assetKey"]["path"] == ["marts", "facts"])
    assert facts["description"] and "Raw SQL" not in facts["description"]  # the YAML description, not SQL
    repo = data["repositoriesOrError"]["nodes"][0]
    assert {s["name"] for s in repo["schedules"]} == {"daily_build"}
    assert {s["name"] for s in repo["sensors"]} == {"input_folder_sensor"}


def test_asset_graph_renders_in_headless_chromium(webserver, tmp_path):
    assert CHROMIUM, "chromium is installed by `make test` (Makefile target system-deps)"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "asset-graph.png"
    shot.unlink(missing_ok=True)
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", f"--user-data-dir={tmp_path}",
                    "--window-size=1600,1000", "--virtual-time-budget=20000", f"--screenshot={shot}",
                    f"http://127.0.0.1:{webserver}/asset-groups"], check=True, timeout=180,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert shot.exists() and shot.stat().st_size > 20_000  # a rendered graph, not a blank page



def test_the_ui_opens_without_the_community_modal(webserver):
    """The instance settings (pipelines/dagster_instance.yaml) switch off the "Join the Dagster community"
    dialog; the UI asks this field before it draws the dialog over every page."""
    assert graphql(webserver, "{ shouldShowNux }") == {"shouldShowNux": False}
