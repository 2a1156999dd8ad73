"""A logged-in test client for leakhelp ui (shared by the web tests)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from leakhelp.web import WebSettings, create_app

PORT = 8765
#: Words that would tell someone to make or keep a copy of the images: never
#: said to a minor (tests look for them in pages shown to one).
ADVICE_TO_COPY = (
    "maak een screenshot",
    "maak screenshots",
    "take a screenshot",
    "take screenshots",
    "save the images",
    "sla de beelden op",
    "keep a copy",
    "bewaar een kopie",
    "keep the images",
    "bewaar de beelden",
)
ORIGIN = f"http://127.0.0.1:{PORT}"


class Web:
    """The app with a browser-like client that went through the secret exchange."""

    def __init__(self, home: Path, *, allow_private: bool = False, lang: str = "en") -> None:
        self.settings = WebSettings(home=home, port=PORT, lang=lang, allow_private=allow_private)  # type: ignore[arg-type]
        self.app = create_app(self.settings)
        self.client = self.anonymous()
        answer = self.client.get(f"/?key={self.settings.sessions.secret}", follow_redirects=False)
        assert answer.status_code == 303

    def anonymous(self) -> TestClient:
        return TestClient(self.app, base_url=ORIGIN)

    def csrf(self) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.client.get("/plan").text)
        assert found is not None
        return found.group(1)

    def post(self, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.client.post(
            path, data={"csrf": self.csrf(), **(data or {})}, follow_redirects=False, **kw
        )

    def new_case(self, name: str = "Sam", **fields: str) -> str:
        answer = self.post("/cases/new", {"name": name, **fields})
        assert answer.status_code == 303
        return str(answer.headers["location"]).rsplit("/", 1)[1]

    def wait(self, answer: Any) -> dict[str, Any]:
        """Follow a form that started a job, until the job ends; its JSON state."""
        assert answer.status_code == 303, answer.text
        job = str(answer.headers["location"])
        assert job.startswith("/jobs/")
        for _ in range(6000):
            state: dict[str, Any] = self.client.get(job + ".json").json()
            if state["state"] != "running":
                state["page"] = self.client.get(job).text
                return state
            time.sleep(0.02)
        raise AssertionError("the job did not end")
