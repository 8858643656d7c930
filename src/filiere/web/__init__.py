"""The web workbench: a FastAPI app serving a JSON API (/api/…) and server-rendered pages, offline."""
