"""`case forget` says what it removes, before it asks, and removes what leakhelp wrote."""

from __future__ import annotations

import io

import pytest


@pytest.fixture
def case_with_outputs(cli, tmp_path):
    case_id = cli("case", "new", "Sam", "--country", "NL").stdout.strip()
    cli("case", "profile", case_id, "--name", "Sam Example", "--email", "sam@example.org")
    cli("sighting", "add", case_id, "https://x.com/a/status/1")
    letters = tmp_path / "letters"
    assert cli("request", "draft", case_id, "--out", letters).code == 0
    report = tmp_path / "report.html"
    assert cli("report", case_id, "-o", report).code == 0
    letter = tmp_path / "letter.txt"
    cli("letter", "--case", case_id, "--basis", "ncii-policy", "--platform", "x", "-o", letter)
    files = [*letters.iterdir(), report, *([letter] if letter.exists() else [])]
    assert len(files) >= 2
    return case_id, files


def test_forget_lists_the_files_before_asking_and_accepts_the_dutch_j(
    cli, case_with_outputs, monkeypatch
):
    case_id, files = case_with_outputs
    monkeypatch.setattr("sys.stdin", io.StringIO("j\n"))
    result = cli("--lang", "nl", "case", "forget", case_id)
    assert result.code == 0, result.stderr
    err = result.stderr
    question = err.index("voorgoed verwijderen?")
    for path in files:
        assert 0 <= err.index(str(path)) < question  # named before the question
        assert not path.exists()
    assert "[j/N]" in err
    assert "bestanden die leakhelp ervoor schreef zijn verwijderd" in " ".join(err.split())
    assert "e-mails die je hebt verstuurd" in " ".join(err.split())
    assert cli("case", "show", case_id).code == 3


def test_forget_keep_files_says_plainly_they_are_still_there(cli, case_with_outputs):
    case_id, files = case_with_outputs
    result = cli("case", "forget", case_id, "--yes", "--keep-files")
    assert result.code == 0
    assert "are still on this device" in " ".join(result.stderr.split())
    for path in files:
        assert path.exists() and str(path) in result.stderr


@pytest.mark.parametrize("answer", ["n\n", "\n", "", "nee\n", "maybe\n"])
def test_anything_but_a_clear_yes_keeps_the_case(cli, case_with_outputs, monkeypatch, answer):
    case_id, files = case_with_outputs
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    result = cli("case", "forget", case_id)
    assert result.code == 1
    assert "Nothing was removed." in result.stderr
    assert all(path.exists() for path in files)
    assert cli("case", "show", case_id).code == 0
