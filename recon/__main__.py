"""``python -m recon``: the same as the ``recon`` console script."""

from recon.cli import main

if __name__ == "__main__":
    main()
