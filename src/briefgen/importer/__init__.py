"""`briefgen import`: cut a raw capture into a draft source (segment), then draft and align it."""
