"""The smoke tour against an *installed* leakhelp (run by tests/wheel_tour.sh).

Run with the Python of a fresh venv that has only the built wheel installed:
it calls the ``leakhelp`` command found on PATH, as a user would, checks
that this is the installed package (not the source tree), and goes through
case new, hash (Meta's PDQ reference images included: their hashes must be
Meta's), scan, letter, sighting, report, platforms, doctor and ``ui --help``
when that command exists. Exits non-zero with the first failure.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

OWN = ("astronaut.png", "camera.png", "chelsea.png", "coffee.png", "rocket.jpg")


def run(*args: str | Path, expect: tuple[int, ...] = (0,)) -> str:
    exe = shutil.which("leakhelp")
    if exe is None:
        raise SystemExit("tour: no leakhelp command on PATH")
    proc = subprocess.run([exe, *map(str, args)], capture_output=True, text=True, check=False)
    shown = " ".join(str(a) for a in args)
    if proc.returncode not in expect:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"tour: `leakhelp {shown}` exited {proc.returncode}")
    print(f"ok  leakhelp {shown if len(shown) < 100 else shown[:96] + ' ...'}", flush=True)
    return proc.stdout


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"tour: {what}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--photos", type=Path, required=True, help="examples/photos")
    ap.add_argument("--vectors", type=Path, required=True, help="tests/data/pdq")
    args = ap.parse_args()

    import leakhelp  # the installed one: the tour runs outside the source tree

    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    check(Path(leakhelp.__file__).resolve().is_relative_to(site), "leakhelp is not the wheel")
    try:
        import pdqhash  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("tour: pdqhash is installed; this tour is for numpy alone")

    with tempfile.TemporaryDirectory(prefix="leakhelp-tour-") as tmp:
        work = Path(tmp)
        os.environ["LEAKHELP_HOME"] = str(work / "home")
        os.environ["LEAKHELP_LANG"] = "en"

        check(run("--version").startswith("leakhelp "), "--version")
        doctor = {r["check"]: r for r in json_lines(run("doctor", "--offline", "--json"))}
        check(doctor["pdq"]["backend"] == "numpy", "PDQ backend is not numpy")
        check(doctor["pdq"]["status"] == "ok", "PDQ self-test failed")

        case = json_lines(run("case", "new", "Sam", "--lang", "nl", "--json"))[0]
        case_id = str(case["id"])

        own = work / "own"
        own.mkdir()
        for name in OWN:
            shutil.copy(args.photos / name, own / name)
        hashed = json_lines(run("hash", own, "--case", case_id, "--json"))
        check(len(hashed) == len(OWN) and all("pdq" in h for h in hashed), "hash --case")

        # Meta's reference images: the installed wheel must give Meta's hashes.
        with (args.vectors / "expected_hashes.tsv").open(encoding="utf-8") as fh:
            table = {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}
        results = json_lines(run("hash", *(args.vectors / f for f in table), "--json"))
        check(len(results) == len(table), "one result per reference image")
        for relative, result in zip(table, results, strict=True):
            row = table[relative]
            check(result.get("pdq") == row["ref_pdqhash"], f"PDQ of {relative}")
            check(result.get("quality") == int(row["ref_quality"]), f"quality of {relative}")
        print(f"ok  {len(table)} of Meta's reference images give Meta's PDQ hashes", flush=True)

        copies = work / "copies"
        copies.mkdir()
        with Image.open(own / "chelsea.png") as im:
            mirrored = ImageOps.mirror(im.convert("RGB"))
            mirrored.resize((im.width // 2, im.height // 2)).save(copies / "seen.jpg", quality=80)
        Image.effect_noise((300, 200), 60).convert("RGB").save(copies / "other.jpg")
        scanned = {
            Path(str(r["path"])).name: r
            for r in json_lines(run("scan", copies, "--case", case_id, "--json"))
        }
        check(scanned["seen.jpg"]["match"] == "strong", "the mirrored copy is found")
        check(scanned["other.jpg"]["match"] is None, "noise matches nothing")

        url = "https://www.reddit.com/r/example/comments/abc123/post/"
        which = json_lines(run("platforms", "which", url, "--json"))[0]
        check(which["platform"] is not None, "platforms.yaml is in the wheel")
        letter = run(
            "letter", "--basis", "dsa-16", "--url", url, "--lang", "nl",
            "--name", "Sam Jansen", "--email", "sam@example.org",
        )  # fmt: skip
        check(len(letter) > 200, "letter text from the packaged templates")
        run("sighting", "add", case_id, url, "--json")
        report = run("report", case_id, "--format", "md")
        check("reddit" in report.lower(), "report names the sighting's platform")

        commands = {line.split()[0] for line in run("--help").splitlines() if line[:2] == "  "}
        if "ui" in commands:
            run("ui", "--help")
        else:
            print("--  leakhelp ui does not exist in this version: not toured", flush=True)
    print("tour: all steps passed against the installed wheel", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
