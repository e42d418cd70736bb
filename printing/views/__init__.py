"""The printing app's pages: handouts in every format (handouts.py) and the training pack (pack.py)."""
