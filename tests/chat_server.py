"""A chat-completions server on 127.0.0.1 for the LLM tests: it answers from canned replies.

The server speaks the OpenAI chat-completions protocol (``POST .../chat/completions``). A
``behaviour(request, number)`` function chosen by the test decides each answer: ``number`` counts
the requests with the same (document, layer) so far. Helpers find the document and layer of a
request and build the gold answer for it.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

import benchmark
from benchmark.llm.answers import gold_answer
from benchmark.llm.prompts import LAYERS, load_prompts


@dataclass
class Answer:
    """What the server sends: an HTTP status, a reply text (for 200), a delay before answering."""

    content: str = ""
    status: int = 200
    delay: float = 0.0


@dataclass
class ChatServer:
    behaviour: Callable[[dict, int], Answer]
    requests: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def __post_init__(self):
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with server.lock:
                    server.requests.append(body)
                    key = (document_of(body), layer_of(body))
                    number = server.counts[key] = server.counts.get(key, -1) + 1
                answer = server.behaviour(body, number)
                time.sleep(answer.delay)
                if answer.status != 200:
                    payload = {"error": {"message": f"canned {answer.status}", "type": "test", "code": answer.status}}
                else:
                    payload = {
                        "id": f"chatcmpl-{len(server.requests)}", "object": "chat.completion", "created": 0,
                        "model": body.get("model"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": answer.content}}],
                        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
                    }
                data = json.dumps(payload).encode()
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


_RECORDS = {r["doc_id"]: r for r in benchmark.load_corpus().to_records()}


def document_of(request: dict) -> str | None:
    """The doc_id of the article the request asks about (its last user turn)."""
    last = request["messages"][-1]["content"]
    return next((doc_id for doc_id, r in _RECORDS.items() if last.endswith(r["text"])), None)


def layer_of(request: dict) -> str | None:
    system = request["messages"][0]["content"]
    return next((layer for layer in LAYERS if load_prompts()["layers"][layer]["system"] == system), None)


def gold_reply(request: dict) -> str:
    """The gold answer for the request's document and layer, as a JSON reply."""
    return json.dumps(gold_answer(_RECORDS[document_of(request)], layer_of(request)))


def correct(request: dict, number: int) -> Answer:
    return Answer(gold_reply(request))
