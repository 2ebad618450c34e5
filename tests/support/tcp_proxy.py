"""A loopback TCP proxy that misbehaves on cue, for the server-fault tests:
each connection it accepts is forwarded to (host, port) until `after` bytes
have gone in the direction `direction` ("up": client to server, "down":
server to client); then it either cuts the connection (mode "cut": both
sockets closed) or stops forwarding without closing anything (mode "stall":
the kernel still acknowledges, nothing arrives; what a hung proxy or a NAT
that dropped its mapping looks like). Only the connection that crossed the
mark misbehaves; later ones (statectl's liveness probe) are forwarded."""
import socket
import threading
import time


class Proxy:
    def __init__(self, host, port, mode, direction, after):
        assert mode in ("cut", "stall") and direction in ("up", "down")
        self.target = (host, port)
        self.mode, self.direction, self.after = mode, direction, after
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.sockets = []
        self.tripped = threading.Event()  # a connection crossed the mark
        self.tripped_at = None  # time.monotonic() when it did
        self.closed = False
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, server]
            state = {"moved": 0, "tripped": False}
            threading.Thread(target=self._pump, args=(client, server, "up", state), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, "down", state), daemon=True).start()

    def _pump(self, src, dst, direction, state):
        try:
            while not state["tripped"]:
                data = src.recv(65536)
                if not data or state["tripped"]:
                    break
                if direction == self.direction and not self.tripped.is_set():
                    state["moved"] += len(data)
                    if state["moved"] >= self.after:
                        state["tripped"] = True
                        self.tripped_at = time.monotonic()
                        self.tripped.set()
                        if self.mode == "cut":
                            for s in (src, dst):
                                s.shutdown(socket.SHUT_RDWR)
                                s.close()
                        return  # stall: read no more, send no more, close nothing
                dst.sendall(data)
            if not state["tripped"]:
                dst.shutdown(socket.SHUT_WR)  # a clean end, passed on
        except OSError:
            pass

    def close(self):
        """Closes the listener and every connection (the server then sees
        its client gone and rolls back what it was doing)."""
        # shutdown first: close() alone, while a pump thread is blocked in
        # recv() on the socket, sends nothing, and the server never learns.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                for end in (lambda: s.shutdown(socket.SHUT_RDWR), s.close):
                    try:
                        end()
                    except OSError:
                        pass
