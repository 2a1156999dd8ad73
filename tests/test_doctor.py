"""``leakhelp doctor`` and ``--version``: the self-check a helper runs on the phone."""

from __future__ import annotations

import importlib.util
import os
import shlex
import socket
import subprocess
from pathlib import Path

import pytest

from leakhelp import pdq
from leakhelp.doctor import SELF_TEST_PDQ, SELF_TEST_QUALITY, network_finding, self_test_pixels


def by_check(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(r["check"]): r for r in rows}


def test_version_names_leakhelp_and_python(cli):
    result = cli("--version")
    assert result.code == 0
    assert result.stdout.startswith("leakhelp 0.1.0 (Python 3.")


def test_all_well_on_a_fresh_home(cli, leakhelp_home: Path):
    result = cli("doctor", "--offline", "--json")
    assert result.code == 0, result.stderr
    rows = by_check(result.json_lines())
    assert {"leakhelp", "python", "numpy", "pillow", "pdq", "home", "network"} <= set(rows)
    assert all(r["status"] in ("ok", "note") for r in rows.values())
    assert rows["pdq"]["status"] == "ok" and rows["pdq"]["backend"] == pdq.BACKEND
    assert rows["home"]["path"] == str(leakhelp_home)
    assert "does not exist yet" in str(rows["home"]["message"])
    assert rows["network"]["status"] == "note"  # skipped, said so
    assert not leakhelp_home.exists()  # the check changes nothing


def test_an_open_home_folder_is_a_problem_with_a_command_that_fixes_it(cli, leakhelp_home: Path):
    (leakhelp_home / "exports").mkdir(parents=True, mode=0o755)
    os.chmod(leakhelp_home, 0o755)
    (leakhelp_home / "exports" / "sam.json").write_text("{}")
    os.chmod(leakhelp_home / "exports" / "sam.json", 0o644)
    result = cli("doctor", "--offline", "--json")
    assert result.code == 1
    home = by_check(result.json_lines())["home"]
    assert home["status"] == "problem" and home["count"] == "3"
    advice = str(home["advice"])
    command = advice.split(": ", 1)[1]
    assert command == shlex.join(["chmod", "-R", "go-rwx", str(leakhelp_home)])
    subprocess.run(shlex.split(command), check=True)  # pasted as printed
    assert cli("doctor", "--offline", "--json").code == 0
    assert (leakhelp_home.stat().st_mode & 0o777) == 0o700
    assert ((leakhelp_home / "exports" / "sam.json").stat().st_mode & 0o777) == 0o600


def test_a_file_where_the_home_should_be_is_a_problem(cli, tmp_path: Path):
    where = tmp_path / "home-file"
    where.write_text("not a folder")
    result = cli("--home", where, "doctor", "--offline", "--json")
    assert result.code == 1
    assert by_check(result.json_lines())["home"]["status"] == "problem"


def test_dutch_for_a_dutch_user(cli, leakhelp_home: Path):
    result = cli("--lang", "nl", "doctor", "--offline")
    assert result.code == 0
    assert "goed" in result.stdout and "gegevensmap" in result.stdout
    assert "Alles in orde." in result.stderr
    assert "opent geen afbeeldingen" in result.stderr


def test_network_check_against_a_real_server_on_this_computer(cli, leakhelp_home: Path):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        result = cli("doctor", "--probe", f"127.0.0.1:{port}", "--json")
        with server.accept()[0]:  # the probe connected (and sent nothing)
            pass
    assert result.code == 0
    network = by_check(result.json_lines())["network"]
    assert network["status"] == "ok" and network["port"] == str(port)


def test_no_network_is_a_note_not_a_failure(cli, leakhelp_home: Path):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    found = network_finding("127.0.0.1", port, timeout=2.0)  # nobody listens there now
    assert found.status == "note" and found.values["reason"] == "refused"
    result = cli("doctor", "--probe", f"127.0.0.1:{port}", "--json")
    assert result.code == 0
    network = by_check(result.json_lines())["network"]
    assert "could not be reached (the connection was refused)" in str(network["message"])
    assert "only check and scanning web addresses need it" in str(network["advice"])


def test_self_test_hash_is_meta_s_and_ours() -> None:
    assert pdq.pdq_hash(self_test_pixels(), backend="numpy") == (SELF_TEST_PDQ, SELF_TEST_QUALITY)
    if importlib.util.find_spec("pdqhash") is None:
        pytest.skip("pdqhash (Meta's C++) not installed here; CI's dev extras have it")
    assert pdq.pdq_hash(self_test_pixels(), backend="cpp") == (SELF_TEST_PDQ, SELF_TEST_QUALITY)
