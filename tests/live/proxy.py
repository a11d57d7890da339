"""A TCP proxy on loopback that a test can cut and restore: the database
"goes away" for the app behind it without touching the shared cluster."""

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, *, listen_port, target=("127.0.0.1", 5432)):
        self.listen_port = listen_port
        self.target = target
        self._server = None
        self._sockets = set()
        self._lock = threading.Lock()

    def start(self):
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.listen_port))
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def stop(self):
        """Refuse new connections and cut every open one, as a database that
        stopped would."""
        server, self._server = self._server, None
        if server:
            # shutdown() wakes the thread blocked in accept(); close() alone
            # would leave the port bound until it returns.
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, server):
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
