"""Chat completions through the official ``openai`` client, with a disk cache and retries.

* Cache: each reply is stored under the SHA-256 of (endpoint, model, messages, parameters,
  attempt), one JSON file per reply, written atomically; a rerun with the same arguments reads
  every reply from it and sends no request. ``attempt`` > 0 marks the re-asks the adapter makes
  after a malformed reply, so those are cached (and replayed) too.
* Retries: a 429, a 5xx, a timeout or a refused or dropped connection is retried up to
  ``max_retries`` times with exponential backoff (0.5 s, 1 s, 2 s, ..., at most 30 s; a
  ``Retry-After`` header of at most 30 s is honoured). Then :class:`CallFailed` is raised.
* An endpoint that rejects ``response_format`` (HTTP 400) is asked again without it, and the
  client stops sending it.
* Any other HTTP error (401, 403, 404, ...) is :class:`EndpointError`: the run cannot work.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..output import write_text

__all__ = ["ChatClient", "Reply", "CallFailed", "EndpointError"]

MAX_BACKOFF = 30.0


class CallFailed(Exception):
    """The endpoint did not answer after every retry (429, 5xx, timeouts, connection errors)."""


class EndpointError(Exception):
    """The endpoint refused the request for a reason retrying cannot fix."""


@dataclass
class Reply:
    content: str
    prompt_tokens: int
    completion_tokens: int
    cached: bool


class ChatClient:
    """One endpoint and model; thread-safe."""

    def __init__(self, base_url: str, model: str, api_key: str | None, *, timeout: float, max_retries: int,
                 temperature: float, seed: int | None, max_tokens: int | None, cache: Path | None):
        from openai import OpenAI

        self.base_url, self.model = base_url, model
        self.parameters = {"temperature": temperature, "seed": seed, "max_tokens": max_tokens}
        self.max_retries = max_retries
        self.cache = cache
        # the client's own retries are off: this class retries, and counts, itself
        self._client = OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=0)
        self._lock = threading.Lock()
        self.use_response_format = True
        self.requests = 0
        self.cache_hits = 0

    def key(self, messages: list[dict], response_format: dict | None, attempt: int) -> str:
        """The cache key of one call."""
        request = {"endpoint": self.base_url, "model": self.model, "messages": messages,
                   "parameters": {**self.parameters, "response_format": response_format}, "attempt": attempt}
        return hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()

    def complete(self, messages: list[dict], response_format: dict | None = None, attempt: int = 0) -> Reply:
        """The reply to ``messages`` (from the cache when it holds it)."""
        if not self.use_response_format:
            response_format = None
        key = self.key(messages, response_format, attempt)
        cached = self._read(key)
        if cached is not None:
            with self._lock:
                self.cache_hits += 1
            return Reply(cached["content"], cached["prompt_tokens"], cached["completion_tokens"], True)
        return self._request(messages, response_format, attempt)

    def _request(self, messages: list[dict], response_format: dict | None, attempt: int) -> Reply:
        import openai

        extra: dict[str, Any] = {k: v for k, v in self.parameters.items() if v is not None}
        if response_format is not None:
            extra["response_format"] = response_format
        for retry in range(self.max_retries + 1):
            wait = min(0.5 * 2 ** retry, MAX_BACKOFF)
            try:
                with self._lock:
                    self.requests += 1
                completion = self._client.chat.completions.create(model=self.model, messages=messages, **extra)
            except openai.APITimeoutError as error:  # a subclass of APIConnectionError: caught first
                failure = f"timed out ({error})"
            except openai.APIConnectionError as error:
                failure = f"connection failed ({error})"
            except openai.APIStatusError as error:
                status = error.status_code
                if status == 400 and response_format is not None:
                    self.use_response_format = False  # the endpoint does not take JSON-schema answers
                    return self.complete(messages, None, attempt)
                if status != 429 and status < 500:
                    raise EndpointError(f"{self.base_url} answered HTTP {status}: {_message(error)}") from None
                failure = f"HTTP {status}"
                wait = _retry_after(error, wait)
            else:
                content = completion.choices[0].message.content if completion.choices else None
                usage = completion.usage
                record = {"content": content or "", "prompt_tokens": getattr(usage, "prompt_tokens", 0) or 0,
                          "completion_tokens": getattr(usage, "completion_tokens", 0) or 0}
                self._write(self.key(messages, response_format, attempt), record)
                return Reply(record["content"], record["prompt_tokens"], record["completion_tokens"], False)
            if retry < self.max_retries:
                time.sleep(wait)
        raise CallFailed(f"no answer after {self.max_retries + 1} attempts: {failure}")

    def _read(self, key: str) -> dict | None:
        if self.cache is None:
            return None
        path = self.cache / f"{key}.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and isinstance(record.get("content"), str) else None

    def _write(self, key: str, record: dict) -> None:
        if self.cache is None:
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        write_text(json.dumps(record, ensure_ascii=False) + "\n", self.cache / f"{key}.json")


def _retry_after(error: Any, default: float) -> float:
    try:
        value = float(error.response.headers.get("retry-after", ""))
    except (AttributeError, TypeError, ValueError):
        return default
    return value if 0 <= value <= MAX_BACKOFF else default


def _message(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return str(getattr(error, "message", error))
