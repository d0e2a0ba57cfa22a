"""The asynchronous client: the hand-written source of the generated sync twin."""
