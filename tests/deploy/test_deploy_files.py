"""deploy/compose.yaml, deploy/nginx.conf, the Dockerfile and .streamlit/config.toml say the same things.

Docker does not run here; tests/browser/test_replicas_browser.py runs nginx.conf itself, with the replica
addresses replaced. What it cannot see is checked here: that compose gives the replicas the addresses nginx.conf
names, and that every replica has its affinity group and its cookie route.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONF = (REPO / "deploy" / "nginx.conf").read_text()
COMPOSE = (REPO / "deploy" / "compose.yaml").read_text()


def upstreams() -> dict[str, list[str]]:
    """Each upstream block's server lines (address and parameters), in order."""
    return {name: re.findall(r"^\s*server\s+([^;]+);", body, re.M)
            for name, body in re.findall(r"upstream (\w+) \{(.*?)\}", CONF, re.S)}


def replicas() -> list[str]:
    return [line.split()[0] for line in upstreams()["rnnviz"]]


def test_compose_gives_the_replicas_the_addresses_nginx_names():
    port = re.search(r"--server\.port=(\d+)", (REPO / "Dockerfile").read_text()).group(1)
    addresses = re.findall(r"ipv4_address:\s*([\d.]+)", COMPOSE)
    assert len(addresses) == 2 and [f"{a}:{port}" for a in addresses] == replicas()
    subnet = re.search(r"subnet:\s*([\d.]+)\.0/24", COMPOSE).group(1)
    assert all(a.startswith(subnet + ".") for a in addresses)
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in COMPOSE
    assert re.search(r"^\s*build: \.\.\s", COMPOSE, re.M) and (REPO / "Dockerfile").exists()


def test_every_replica_has_its_group_and_its_cookie_route():
    groups = upstreams()
    routes = dict(re.findall(r"^\s*(\d[\d.]*:\d+)\s+(\w+);", CONF, re.M))
    assert sorted(routes) == sorted(replicas())
    for address in replicas():
        own = groups[routes[address]]
        assert own[0].split()[0] == address and "max_fails=" in own[0] and "fail_timeout=" in own[0]
        assert sorted(line.split()[0] for line in own[1:]) == sorted(set(replicas()) - {address})
        assert all(line.endswith(" backup") for line in own[1:])
    assert all("max_fails=" in line and "fail_timeout=" in line for line in groups["rnnviz"])
    assert not re.search(r"^\s*(ip_hash|hash)\b", CONF, re.M), "affinity by the cookie that follows, not a hash"


def test_nginx_takes_the_uploads_streamlit_takes():
    cap_mb = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    # Streamlit reads a body of up to maxUploadSize MiB + 1 MiB (multipart framing) and refuses larger files itself.
    assert re.search(r"client_max_body_size (\d+)m;", CONF).group(1) == str(cap_mb + 1)
