"""hcpay: pay a health-insurance premium from a terminal."""

__version__ = "0.1.0"
