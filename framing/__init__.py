"""framing: sentence-level news framing classifier and outlet comparison."""

__version__ = "0.1.0"

#: The four framing categories of the codebook, in a fixed order used everywhere.
FRAMES: tuple[str, ...] = ("legitimacy", "denial", "escalation", "negotiation")
