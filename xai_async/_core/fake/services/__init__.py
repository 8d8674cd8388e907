"""One module per gRPC service, each defining a ``Servicer`` subclass; all are served.

``FakeXai`` imports every module of this package and serves each ``Servicer`` subclass defined
there (see ``server.servicers``): adding an API area is adding one module here.
"""
