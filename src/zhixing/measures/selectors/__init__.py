"""Every read of the measures app, restricted to what the actor may see; one module per area.
The funds selectors keep their old address (`measures.selectors.ledger`)."""

from .funds import *  # noqa: F403
