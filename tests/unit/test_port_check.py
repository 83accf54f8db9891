"""`rnnvis serve`'s port check counts a port as free when uvicorn could listen on it: a restart right
after a crash finds the old connections in TIME_WAIT, which do not stop uvicorn (SO_REUSEADDR)."""

from __future__ import annotations

import socket

from runtime.stack import port_is_free


def test_connections_in_time_wait_leave_the_port_free() -> None:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    assert not port_is_free("127.0.0.1", port)  # listening: in use
    client = socket.create_connection(("127.0.0.1", port))
    served, _ = listener.accept()
    served.close()  # the server's side closes first: its end of the connection waits in TIME_WAIT
    listener.close()
    client.recv(1)
    client.close()
    plain = socket.socket()
    try:
        plain.bind(("127.0.0.1", port))
        time_wait = False
    except OSError:
        time_wait = True
    finally:
        plain.close()
    assert time_wait, "the test needs a TIME_WAIT socket on the port"  # a bind without SO_REUSEADDR fails
    assert port_is_free("127.0.0.1", port)
