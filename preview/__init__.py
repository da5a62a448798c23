"""Live preview for writers: rebuild on every change, refresh the browser, keep serving."""
