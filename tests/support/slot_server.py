"""A loopback OpenAI-compatible server that holds each request a fixed time and serves N at once.

It stands in for vLLM or `llama-server --parallel N` in concurrency tests and the
concurrency benchmark: what matters there is how many requests a client keeps in
flight, not what the model says. Replies follow the request's JSON schema: a
transcription answering every question of the key, or feedback on each question.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# What a correct student wrote for each question of sample_problems/class/key.csv.
CLASS_ANSWERS = {"1": "x = 4", "2": "2x + 2", "3": "12.5 m/s"}
TEXT_REPLY = "Subtract 5 from both sides, then divide by 3.\n\n$$x = 5$$\n\n**Final answer:** $\\boxed{x = 5}$"


class SlotServer:
    """The server's state: slots, hold time, and the most requests seen in flight at once."""

    def __init__(self, slots: int, hold: float, answers: dict[str, str] | None = None) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.hold = hold
        self.answers = answers or CLASS_ANSWERS
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.url = ""

    def reply(self, body: dict) -> str:
        """The text the 'model' answers ``body`` with."""
        schema = (body.get("response_format") or {}).get("schema") or {}
        properties = schema.get("properties") or {}
        if "feedback" in properties:
            ids = properties["feedback"]["items"]["properties"]["id"]["enum"]
            return json.dumps({"feedback": [{"id": q, "text": f"Feedback on {q}."} for q in ids]})
        if "questions" in properties:
            ids = properties["questions"]["items"]["properties"]["id"].get("enum") or list(self.answers)
            questions = [
                {"id": q, "problem": "", "steps": [], "final_answer": self.answers.get(q, ""), "model_answer": ""}
                for q in ids
            ]
            return json.dumps({"readable": True, "questions": questions})
        return TEXT_REPLY

    def _enter(self) -> None:
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


def _handler(state: SlotServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            """Quiet: the tests read the state, not a log."""

        def do_GET(self) -> None:
            if self.path == "/stats":
                # For a server in another process: the figures so far, then a fresh count.
                with state._lock:
                    stats = {"requests": state.requests, "max_in_flight": state.max_in_flight}
                    state.max_in_flight = state.in_flight
                body = json.dumps(stats).encode()
            else:
                body = json.dumps({"object": "list", "data": [{"id": "qwen3-vl", "object": "model"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state._enter()
            try:
                with state.slots:
                    time.sleep(state.hold)
                    self._stream(state.reply(body), body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                state._leave()

        def _stream(self, text: str, body: dict) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            words = text.split(" ")
            for i, word in enumerate(words):
                piece = word if i == len(words) - 1 else word + " "
                self._event({"choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
            self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            if (body.get("stream_options") or {}).get("include_usage"):
                usage = {"prompt_tokens": 100, "completion_tokens": len(words), "total_tokens": 100 + len(words)}
                self._event({"choices": [], "usage": usage})
            self.wfile.write(b"data: [DONE]\n\n")

        def _event(self, event: dict) -> None:
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()

    return Handler


@contextmanager
def slot_server(
    slots: int, hold: float, answers: dict[str, str] | None = None, port: int = 0
) -> Iterator[SlotServer]:
    """Run a SlotServer on a loopback port (0: a free one) for the ``with`` block; ``.url`` ends in /v1."""
    state = SlotServer(slots, hold, answers)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="slot-server")
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main() -> None:
    """Serve until killed: `python -m tests.support.slot_server SLOTS HOLD PORT` (a benchmark's own process)."""
    slots, hold, port = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    with slot_server(slots, hold, port=port):
        threading.Event().wait()


if __name__ == "__main__":
    main()
