"""Command-line front ends, one module per area; each exposes ``register(subparsers)``."""
