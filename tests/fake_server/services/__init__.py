"""One module per gRPC service, each defining a ``Servicer`` subclass; all are served."""
