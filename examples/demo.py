"""`make demo`: leakhelp end to end on the bundled sample photos.

It runs the real command line, as a person would, in a fresh leakhelp home
in a temporary folder (so it never touches your own cases), and prints what
that person would see. The sample photos stand in for "your own photos"; a
small web server on this computer (127.0.0.1) stands in for the sites where
copies were posted, so nothing goes out to the internet.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "examples" / "photos"
OWN = ["astronaut.png", "camera.png", "coffee.png", "chelsea.png", "rocket.jpg"]
EXE = Path(sys.executable).with_name("leakhelp")


#: Bold headings only on a terminal: piped into a file, the demo prints plain text.
BOLD, PLAIN = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")


def step(title: str) -> None:
    print(f"\n{BOLD}── {title}{PLAIN}", flush=True)


def leakhelp(*args: str | Path, env: dict[str, str], capture: bool = False) -> str:
    """Run one leakhelp command as a user would; stop the demo if it breaks."""
    shown = " ".join(shlex.quote(str(a)) for a in args)
    print(f"$ leakhelp {shown}", flush=True)
    proc = subprocess.run(
        [str(EXE), *map(str, args)], env=env, text=True, capture_output=capture, check=False
    )
    if capture:
        sys.stderr.write(proc.stderr)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"demo: `leakhelp {shown}` failed with exit code {proc.returncode}")
    return proc.stdout if capture else ""


# -- copies of the photos, as they turn up online ---------------------------------
def jpeg_bytes(image: Image.Image, quality: int = 80) -> bytes:
    out = BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def screenshot_of(image: Image.Image) -> Image.Image:
    """The photo at 70% inside a phone-app-like frame with a top bar."""
    small = image.convert("RGB").resize((image.width * 7 // 10, image.height * 7 // 10))
    canvas = Image.new("RGB", (small.width + 40, small.height + 160), (245, 245, 245))
    ImageDraw.Draw(canvas).rectangle((0, 0, canvas.width, 90), fill=(30, 30, 30))
    canvas.paste(small, (20, 110))
    return canvas


def make_suspect_folder(folder: Path) -> None:
    folder.mkdir()
    coffee = Image.open(PHOTOS / "coffee.png")
    ImageOps.mirror(coffee).save(folder / "IMG_2211.jpg", quality=85)
    chelsea = Image.open(PHOTOS / "chelsea.png")
    chelsea.resize((chelsea.width // 2, chelsea.height // 2)).save(folder / "download (3).png")
    screenshot_of(Image.open(PHOTOS / "rocket.jpg")).save(folder / "Screenshot_20260412.png")
    shutil.copy(PHOTOS / "brick.png", folder / "wallpaper.png")
    shutil.copy(PHOTOS / "horse.png", folder / "sticker.png")
    (folder / "notes.txt").write_text("not an image")


# -- a stand-in for the web: three pages on this computer --------------------------
class FakeSites(BaseHTTPRequestHandler):
    def __init__(self, *args: object, pages: dict[str, tuple[int, str, bytes]], **kw: object):
        self.pages = pages
        super().__init__(*args, **kw)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        status, ctype, body = self.pages.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


def start_fake_sites() -> tuple[ThreadingHTTPServer, str]:
    coffee = jpeg_bytes(ImageOps.mirror(Image.open(PHOTOS / "coffee.png")))
    pages: dict[str, tuple[int, str, bytes]] = {
        "/i/k3x9qa.jpg": (200, "image/jpeg", coffee),
        "/post/gone-4711": (404, "text/html", b"<h1>Not Found</h1>"),
        "/post/removed-0815": (
            200,
            "text/html",
            b"<html><body><h1>This content isn't available right now</h1>"
            b"<p>When this happens, it's usually because the owner only shared it with a "
            b"small group of people, changed who can see it or it's been deleted.</p>"
            b"</body></html>",
        ),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(FakeSites, pages=pages))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="leakhelp-demo-"))
    env = dict(os.environ, LEAKHELP_HOME=str(work / "home"), LEAKHELP_LANG="en", COLUMNS="100")
    server, base = start_fake_sites()
    try:
        run(work, env, base)
    finally:
        server.shutdown()
    print(f"\nThe demo's files are in {work} (open evidence.html in a browser).")
    print("Remove them with:  rm -r " + shlex.quote(str(work)))


def run(work: Path, env: dict[str, str], base: str) -> None:
    print("leakhelp demo: everything happens on this computer and nothing is uploaded.")
    print("The sample photos in examples/photos/ stand in for your own photos.")

    step("1. Start a case (a nickname is enough)")
    case = leakhelp("case", "new", "Sam (demo)", "--lang", "en", env=env, capture=True).strip()

    step("2. Fingerprint your own photos: they never leave this device")
    leakhelp("hash", *(PHOTOS / name for name in OWN), "--case", case, env=env)

    step("3. A hash-only export for a counsellor: no images, no file names")
    export = work / "sam-fingerprints.json"
    leakhelp("export", "--case", case, "-o", export, env=env)
    text = export.read_text(encoding="utf-8")
    leaked = [name for name in OWN if Path(name).stem in text]
    print(f"export: {len(text)} bytes; photo file names inside it: {leaked or 'none'}")

    step("4. The counsellor scans a folder of downloads with the export only")
    suspects = work / "downloads"
    make_suspect_folder(suspects)
    leakhelp("scan", suspects, "--fingerprints", export, env=env)

    step("5. Which platform is a link on, and where to report it?")
    leakhelp("platforms", "which", "https://www.reddit.com/r/example/comments/abc123/", env=env)

    step("6. Is the picture at this web address yours? Compare it, and keep it if so")
    print("(the 'web' here is a small server on this computer; nothing goes to the internet)")
    leakhelp("scan", f"{base}/i/k3x9qa.jpg", "--case", case, "--record", "--allow-private",
             env=env)  # fmt: skip
    step("6b. Note other places it was posted")
    leakhelp("sighting", "add", case, f"{base}/post/gone-4711", f"{base}/post/removed-0815",
             env=env)  # fmt: skip

    step("7. Details for the letters, typed once")
    leakhelp(
        "case", "profile", case, "--name", "Sam Jansen", "--email", "sam@example.org",
        "--country", "NL", env=env,
    )  # fmt: skip

    step("8. Draft the removal request (one per platform), ready to paste or send")
    letters = work / "letters"
    leakhelp("request", "draft", case, "--basis", "ncii-policy", "--out", letters, env=env)
    first = sorted(letters.iterdir())[0]
    print(f"\n{first.name}:\n" + "\n".join(first.read_text().splitlines()[:18]) + "\n[...]")

    step("9. Sent four days ago, no answer: leakhelp says it is overdue and what to do")
    sent_at = (datetime.now(UTC) - timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    leakhelp("request", "sent", "1", "--channel", "form", "--reference", "DEMO-1",
             "--at", sent_at, "--days", "2", env=env)  # fmt: skip
    leakhelp("overdue", env=env)
    reminder = leakhelp("request", "remind", "1", env=env, capture=True)
    print("\n".join(reminder.splitlines()[:12]) + "\n[...]")

    step("10. Is it still online? All links at once, without looking at anything")
    leakhelp("check", "--case", case, "--allow-private", "--timeout", "5", env=env)

    step("11. The evidence report for the police or a lawyer (no images, no hashes)")
    report = work / "evidence.html"
    leakhelp("report", case, "--format", "html", "-o", report, env=env)

    step("12. The case at a glance")
    leakhelp("case", "show", case, env=env)

    step("13. Where to get help")
    leakhelp("support", "--country", "NL", env=env)


if __name__ == "__main__":
    main()
