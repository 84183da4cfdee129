"""The ``newsflow`` developer CLI: ``run`` the whole pipeline locally, ``invoke`` one function."""
