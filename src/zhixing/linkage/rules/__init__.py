"""Pure rules of the linkage app (no Django import): department and property kinds, the outbox's
back-off, and the shape of a partner's answer."""
