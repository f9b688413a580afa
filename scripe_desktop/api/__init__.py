"""Scripe API client (httpx) and storage client for presigned PUTs. Never imports Qt."""
