"""The sans-I/O core: pure functions with no sockets, no sleeping and no ``await``.

The clients in ``tootkit._async`` and ``tootkit._sync`` do the I/O; everything
that decides *what* to send and *what an answer means* lives here, so it is
tested without a network.
"""
