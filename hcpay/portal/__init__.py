"""The reference portal: FastAPI over SQLAlchemy. Never imports the client side."""
