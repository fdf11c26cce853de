"""Upstream documents by URL: fetched with httpx2, cached on disk, revalidated by ETag and Last-Modified.

Microsoft's metadata is tens to hundreds of megabytes and changes a few times a week, so a nightly
job must not download it every time: the cache keeps the body and its validators, and a `304 Not
Modified` costs one request. `offline` uses the cache only. Bodies stream to a temporary file and
are renamed into the cache when complete, bounded by `MAX_UPSTREAM_BYTES`, with a timeout per read
and, past the first timeout, a floor on the rate (`MIN_UPSTREAM_RATE`): a trickling server cannot hold a run.
Only `http` and `https` URLs are fetched; anything else is a local path.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..errors import InputError
from ..limits import MAX_UPSTREAM_BYTES, MIN_UPSTREAM_RATE, NETWORK_TIMEOUT

if TYPE_CHECKING:
    import httpx2

__all__ = ["default_cache", "is_url", "local_copy"]


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qrcontract" / "upstream"


def local_copy(source: str, *, cache: Path, offline: bool = False, timeout: float = NETWORK_TIMEOUT) -> Path:
    """A local file holding `source`: the path itself, or the cached body of the URL (refreshed unless offline)."""
    if not is_url(source):
        path = Path(source)
        if not path.is_file():
            raise InputError(source, "no such file" if not path.exists() else "not a regular file")
        return path
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]
    body, meta = cache / f"{key}.body", cache / f"{key}.json"
    validators = _read_meta(meta)
    if offline:
        if not body.is_file():
            raise InputError(source, f"not in the cache ({cache}); run once without --offline")
        return body
    import httpx2

    headers = {"Accept-Encoding": "gzip"}
    if body.is_file() and validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if body.is_file() and validators.get("last-modified"):
        headers["If-Modified-Since"] = validators["last-modified"]
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{key}.{uuid.uuid4().hex[:8]}.tmp"
    slow = f"arrives slower than {MIN_UPSTREAM_RATE // 1024} KiB/s after {timeout:g} s; refused"
    client = httpx2.Client(timeout=timeout, follow_redirects=True, max_redirects=5, trust_env=False)
    watch = _RateWatch(client, timeout)
    try:
        with client, client.stream("GET", source, headers=headers) as response:
            watch.response = response
            if response.status_code == 304 and body.is_file():
                return body
            if response.status_code != 200:
                raise InputError(source, f"answered {response.status_code}; expected 200")
            size = 0
            with open(temporary, "wb") as stream:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_UPSTREAM_BYTES:
                        raise InputError(source, f"is larger than {MAX_UPSTREAM_BYTES:,} bytes; refused")
                    if watch.expired.is_set():
                        raise InputError(source, slow)
                    stream.write(chunk)
            os.replace(temporary, body)
            meta.write_text(
                json.dumps({k: response.headers[k] for k in ("etag", "last-modified") if k in response.headers}),
                encoding="utf-8",
            )
            return body
    except httpx2.HTTPError as exc:
        if watch.expired.is_set():
            raise InputError(source, slow) from None
        if body.is_file():
            raise InputError(
                source, f"cannot be fetched ({exc.__class__.__name__}); the cached copy is kept, use --offline"
            ) from None
        raise InputError(source, f"cannot be fetched: {exc.__class__.__name__}: {exc}") from None
    finally:
        watch.stop()
        if temporary.exists():
            temporary.unlink()


class _RateWatch:
    """Once `timeout` seconds have passed, the bytes on the wire (headers included in the wait) must
    average `MIN_UPSTREAM_RATE`; below it the client is closed, which wakes a read waiting on the server.
    Checked every second from a thread: a server trickling its headers is cut off too."""

    def __init__(self, client: httpx2.Client, timeout: float) -> None:
        self.client = client
        self.timeout = timeout
        self.response: httpx2.Response | None = None
        self.expired = threading.Event()
        self._done = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(min(1.0, self.timeout / 4)):
            elapsed = time.monotonic() - self._started
            wire = self.response.num_bytes_downloaded if self.response is not None else 0
            if elapsed > self.timeout and wire < MIN_UPSTREAM_RATE * elapsed:
                self.expired.set()
                self.client.close()
                return

    def stop(self) -> None:
        self._done.set()


def _read_meta(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
