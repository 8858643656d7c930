"""The JSON API under /api/ (documented in /openapi.json): everything the pages show."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["api"])
