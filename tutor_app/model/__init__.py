"""Model backends, the model catalogue and download, and image preparation."""
