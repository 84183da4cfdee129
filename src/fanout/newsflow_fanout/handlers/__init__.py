"""Lambda entry points named in template.yaml; each fits on a screen."""
