"""The upload engine: inspection, durable queue, upload/attach pipeline. Never imports Qt."""
