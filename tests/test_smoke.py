from __future__ import annotations

from conftest import PHOTOS


def test_version_and_help(cli):
    assert cli("--version").stdout.startswith("leakhelp ")
    result = cli("--help")
    assert result.code == 0
    assert "hash" in result.stdout


def test_unknown_command_is_a_usage_error(cli):
    assert cli("no-such-command").code == 2


def test_case_new_then_hash_into_it(cli):
    case = cli("case", "new", "Sam", "--json").json_lines()[0]
    result = cli("hash", PHOTOS / "coffee.png", "--case", case["id"], "--json")
    assert result.code == 0
    (line,) = result.json_lines()
    assert line["stored"] is True
    again = cli("hash", PHOTOS / "coffee.png", "--case", case["id"], "--json")
    assert again.json_lines()[0]["stored"] is False


def test_lang_after_the_command_sets_the_message_language(cli, tmp_path):
    missing = tmp_path / "nope.jpg"
    result = cli("hash", missing, "--lang", "nl")
    assert result.code == 1
    assert "niet te lezen" in result.stderr


def test_lang_of_case_new_is_the_case_language(cli):
    case = cli("case", "new", "Sam", "--lang", "nl", "--json").json_lines()[0]
    assert case["lang"] == "nl"


def test_public_names_all_resolve():
    import leakhelp

    for name in leakhelp.__all__:
        assert getattr(leakhelp, name) is not None, name


def test_nothing_to_hash_or_scan_is_exit_3(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no images here")
    result = cli("hash", empty, "--json")
    assert (result.code, result.stdout) == (3, "")
    assert "No images were found" in result.stderr
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    assert cli("hash", PHOTOS / "coffee.png", "--case", case).code == 0
    result = cli("scan", empty, "--case", case, "--json")
    assert (result.code, result.stdout) == (3, "")


def test_hash_says_whether_anything_was_kept(cli):
    assert "Nothing was saved" in " ".join(cli("hash", PHOTOS / "coffee.png").stderr.split())
    case = cli("case", "new", "Sam", "--json").json_lines()[0]["id"]
    kept = " ".join(cli("hash", PHOTOS / "coffee.png", "--case", case).stderr.split())
    assert "Only fingerprints were saved" in kept


def test_demo_prints_no_colour_codes_when_not_on_a_terminal(capsys):
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("leakhelp_demo", ROOT / "examples" / "demo.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)  # stdout is captured here: not a terminal
    demo.step("1. Start a case")
    out = capsys.readouterr().out
    assert "1. Start a case" in out and "\x1b" not in out
