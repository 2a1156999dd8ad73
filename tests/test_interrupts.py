"""When things go wrong, leakhelp says what happened, what was kept and how to go on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from leakhelp.api import Workspace
from leakhelp.checks import NameNotResolved
from leakhelp.errors import OfflineError


async def _no_names(host: str, port: int) -> list[str]:
    raise NameNotResolved(host)


def test_every_name_failing_means_offline_and_nothing_is_recorded(leakhelp_home):
    with Workspace() as ws:
        case = ws.new_case("Sam")
        ws.add_sightings(case.id, ["https://x.com/a/status/1", "https://reddit.com/r/a/1"])
        with pytest.raises(OfflineError) as caught:
            ws.check(case=case.id, resolver=_no_names)
        assert caught.value.exit_code == 3
        assert "seems to be offline" in str(caught.value)
        assert "lijkt offline" in caught.value.text("nl")
        assert ws.store.checks(case.id) == []
        assert all(s.last_check_state is None for s in ws.sightings(case.id))


def test_one_name_failing_among_reachable_addresses_is_recorded_as_unreachable(
    leakhelp_home, server
):
    async def only_loopback(host: str, port: int) -> list[str]:
        if host == "gone.test":
            raise NameNotResolved(host)
        return ["127.0.0.1"]

    with Workspace() as ws:
        case = ws.new_case("Sam")
        here = server.url("/page/plain", host="here.test")
        gone = f"http://gone.test:{server.port}/x"
        ws.add_sightings(case.id, [here, gone])
        reports = ws.check(case=case.id, resolver=only_loopback, allow_private=True)
        assert sorted(r.result.state for r in reports)[-1] == "unreachable"
        assert len(ws.store.checks(case.id)) == 2


def _ctrl_c_reaches_python() -> None:
    """A run started in the background (``cmd &``, nohup) inherits an ignored SIGINT,
    and Python then never turns Ctrl-C into KeyboardInterrupt: give the child the
    default a person's terminal gives it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _leakhelp(*args: str | Path, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, LEAKHELP_HOME=str(home), LEAKHELP_LANG="en", COLUMNS="200")
    return subprocess.Popen(
        [sys.executable, "-m", "leakhelp", *map(str, args)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_reaches_python,
    )


def _run(*args: str | Path, home: Path) -> str:
    proc = _leakhelp(*args, home=home)
    out, _err = proc.communicate(timeout=120)
    return out


def test_ctrl_c_during_hash_says_how_many_were_saved_and_how_to_go_on(tmp_path, leakhelp_home):
    folder = tmp_path / "photos"
    folder.mkdir()
    for i in range(30):
        noise = Image.effect_noise((640, 640), 40 + i).convert("RGB")
        noise.save(folder / f"{i:03}.jpg", quality=90)
    case_id = _run("case", "new", "Sam", home=leakhelp_home).strip()
    proc = _leakhelp(
        "hash", folder, "--case", case_id, "--workers", "1", "--json", home=leakhelp_home
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert json.loads(first)["stored"] is True
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    saved = 1 + sum(1 for line in rest.splitlines() if json.loads(line).get("stored"))
    assert saved < 30, "the run finished before Ctrl-C: make the images bigger"
    word = "fingerprint was" if saved == 1 else "fingerprints were"
    assert f"Stopped. {saved} {word} saved in case {case_id}" in " ".join(err.split())
    assert "run the same command again" in err
    (doc,) = [json.loads(_run("case", "show", case_id, "--json", home=leakhelp_home))]
    assert doc["fingerprints"] == saved


def test_ctrl_c_during_check_says_nothing_was_recorded(server, leakhelp_home):
    urls = [server.url("/slow"), server.url("/slow?2")]
    proc = _leakhelp("check", *urls, "--allow-private", "--timeout", "30", home=leakhelp_home)
    assert proc.stderr is not None
    assert "Visiting the web addresses" in proc.stderr.readline()
    time.sleep(1.0)  # the requests are under way (the server waits 10 s to answer)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "nothing from this run was recorded" in " ".join(err.split())
